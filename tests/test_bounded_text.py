"""Every regex over text the bot does not control (a Slack message, a tip, a title, a story) costs
time in proportion to the text (issue 19): each pattern that backtracked without bound is read at
two sizes, the second ten times the first, in the same test. Those of a module with its own tests
(an issue's number, the concepts) sit there: tests/archive/test_identity.py, test_synonyms.py."""

from __future__ import annotations

import pytest

from bot.tips.triage import suggest_section
from handlers.events.mentions import mention_text
from handlers.ui.mrkdwn import as_query, decode
from tests.cost import assert_linear


@pytest.mark.parametrize("unit", ["<http:x|", "<!here|", "<@U1|", "<https://e.com/a|b<"])
def test_decoding_a_slack_message_costs_in_proportion_to_its_length(unit):
    assert_linear(decode, lambda n: unit * n, 1_200)
    assert (
        decode("<https://e.com/a|the post> <!here> <@U1|ann> &lt;x&gt;")
        == "the post (https://e.com/a) @here @ann <x>"
    )


def test_taking_the_bots_mention_out_costs_in_proportion_to_the_message():
    assert_linear(lambda text: mention_text({"text": text}, "UBOT"), lambda n: "<@UBOT|" * n, 3_000)
    assert mention_text({"text": "hey <@UBOT|worksonarm> golang"}, "UBOT") == "hey golang"


def test_a_tips_words_are_found_in_time_linear_in_a_long_word(db):
    assert_linear(lambda text: suggest_section(db, text), lambda n: "a" * n, 5_000)


@pytest.mark.parametrize("unit", [" ", " \t", ":a", " :wave:", ":+1::skin-tone-2:", "<@U1|", "a-"])
def test_reading_a_slack_message_as_a_search_costs_in_proportion_to_its_length(unit):
    # a run of spaces before an emoji's shortcode once cost its square: 40,000 spaces, 24 s
    assert_linear(as_query, lambda n: unit * n + "x:y", 1_000)
