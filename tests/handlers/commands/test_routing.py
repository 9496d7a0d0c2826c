"""Which part of `/worksonarm` answers, through the signed request Slack sends: `help` and `?` are
the usage only alone or before a subcommand's name, `issue` is the issue lookup only before an
issue (a number, a week in any spelling, or a week that does not exist); any other words after
them are a search of the whole text."""

from __future__ import annotations

import pytest

from tests.slack_requests import slash
from tests.support import all_text

USAGE = "How to search Works on Arm News"


def answer(app, text: str, user: str = "U111") -> tuple[str, str]:
    reply = slash(app, text, user=user).json()
    return reply["text"], all_text(reply["blocks"])


@pytest.mark.parametrize("text", ["", "help", "?", "HELP", "help tip", "help issue", "? follow", "help tips"])
def test_help_alone_or_before_a_subcommand_is_the_usage(slack_app, text):
    assert answer(slack_app, text)[0] == USAGE


@pytest.mark.parametrize(
    "text",
    ["help how do i search", "help 🙏", "help :wave:", "help the latest", "help latest issue", "? pls"],
)
def test_help_with_words_on_using_the_bot_or_only_chat_is_the_usage(slack_app, text):
    """The review of round 16: searched, they listed stories that merely have "search" or "latest"."""
    assert answer(slack_app, text)[0] == USAGE


@pytest.mark.parametrize("text", ["issue latest", "issue last", "issue newest", "issue the latest one"])
def test_issue_latest_is_the_latest_issue(slack_app, text):
    """The review of round 16: "issue latest" listed 127 stories that have "issue"."""
    said, shown = answer(slack_app, text)
    assert "Issue 3" in said and "Golang 1.9 plan for ARM64 support" in shown, said


@pytest.mark.parametrize("text", ["help go", "? microsoft", "issue with go", "issue with microsoft"])
def test_a_name_the_stop_words_list_has_is_a_search(slack_app, text):
    """The review of round 16: "issue with go" said how to ask for an issue, "help go" showed the
    usage; Go and Microsoft are topics of the archive."""
    said = answer(slack_app, text)[0]
    assert said != USAGE and "shows one issue" not in said and text in said, said


@pytest.mark.parametrize("text", ["issue pls", "issue thanks", "issue 🙏"])
def test_issue_with_only_chat_says_how_to_ask_for_one(slack_app, text):
    assert "shows one issue: give its number or week" in answer(slack_app, text)[0]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("help me find golang", "Golang 1.9 plan for ARM64 support"),
        ("? golang", "Golang 1.9 plan for ARM64 support"),
        ("help with docker on arm64", "Docker"),
    ],
)
def test_help_with_other_words_is_a_search_of_the_whole_text(slack_app, text, found):
    """They showed the usage: the question was never searched."""
    said, shown = answer(slack_app, text)
    assert said.startswith("Stories 1–") and said.endswith(f"for “{text}”"), said
    assert found in shown


@pytest.mark.parametrize(
    "text", ["issue tracker", "issue tracking", "issue tracking in github", "issue arm64"]
)
def test_issue_before_words_that_are_no_issue_is_a_search(slack_app, text):
    """They answered "I found no issue “tracker”"."""
    said, shown = answer(slack_app, text)
    assert f"for “{text}”" in said and "I found no issue" not in shown, said


@pytest.mark.parametrize(
    "text",
    ["issue 3", "issue #3", "issue issue 3", "issue 3!", "issue 2017-W19", "issue 2017w19", "issue W19 2017"],
)
def test_issue_before_an_issue_is_that_issue(slack_app, text):
    said, shown = answer(slack_app, text)
    assert "Issue 3" in said and "Golang 1.9 plan for ARM64 support" in shown, said


def test_issue_before_no_issue_says_why_and_alone_says_how(slack_app):
    assert "shows one issue: give its number or week" in answer(slack_app, "issue")[0]
    assert "give its number, like 3, or its week" in answer(slack_app, "issue #")[0]
    assert "I found no issue “99”" in answer(slack_app, "issue 99")[0]
    assert "no such week, 2017 has no week 60" in answer(slack_app, "issue 2017-W60")[0]
    assert "no issue of that week is indexed" in answer(slack_app, "issue week 20, 2018")[0]


def test_the_editors_words_with_an_issue_are_still_the_editors_alone(slack_app):
    for text in ("announce 3", "hold 2017-W19", "release #3"):
        assert "only the newsletter's editors" in answer(slack_app, text)[0], text
    assert "only the newsletter's editors" not in answer(slack_app, "release notes for golang")[1]
    assert answer(slack_app, "help release", user="UEDITOR")[0] == USAGE
