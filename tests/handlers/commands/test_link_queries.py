"""`/worksonarm <link>` through the signed request Slack sends: the stories with the link, however
Slack writes it (pasted as `<url>`, an address typed without its scheme that Slack linked as
`<http://…|…>`, entities in its query) and however the link is spelt."""

from __future__ import annotations

from tests.slack_requests import slash
from tests.support import all_text

GO_ISSUE = "https://github.com/golang/go/issues/19082"


def test_a_pasted_link_answers_with_the_story_that_has_it(slack_app):
    for text in (
        GO_ISSUE,  # the command's text is sent unescaped (the manifest's should_escape: false)
        f"<{GO_ISSUE}>",
        "<http://github.com/golang/go/issues/19082|github.com/golang/go/issues/19082>",
        "<http://www.github.com/golang/go/issues/19082/?utm_source=slack&amp;utm_medium=chat"
        "|www.github.com/golang/go/issues/19082/?utm_source=slack&amp;utm_medium=chat>",
        f"is <{GO_ISSUE}?utm_source=twitter> covered?",
    ):
        reply = slash(slack_app, text).json()
        assert reply["text"].startswith("Stories 1–1 of 1 for"), (text, reply["text"])
        shown = all_text(reply["blocks"])
        assert "Golang 1.9 plan for ARM64 support" in shown and "does not cover" not in shown, text


def test_a_link_no_story_has_is_searched_as_words_as_before(slack_app):
    reply = slash(slack_app, "<https://github.com/golang/go/issues/99999>").json()
    assert "No stories found" in reply["text"]
    assert "The archive does not cover that" in all_text(reply["blocks"])
