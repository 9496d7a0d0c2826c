"""Greetings and thanks typed their own way (bot/archive/stopwords.py) are chat, never a word the
archive lacks: "heyo, docker on a thunderx2?" answered "No story mentions “heyo”"."""

from __future__ import annotations

import pytest

from bot.archive.stopwords import is_greeting_variant


@pytest.mark.parametrize(
    "typed",
    ["heyo", "heyyyo", "helo", "hellooo", "hallo", "mornin", "thnx", "thanx", "hiyaa", "howdi", "hey"],
)
def test_a_greeting_typed_its_own_way_is_a_greeting(typed):
    assert is_greeting_variant(typed)


@pytest.mark.parametrize(
    "typed", ["hex", "tux", "thy", "help", "helm", "chef", "zig", "nvme", "emacs", "he", "h"]
)
def test_a_word_a_letter_from_a_short_greeting_is_no_greeting(typed):
    # "hey" and "thx" have too many neighbours of three letters: only a letter more is a greeting
    assert not is_greeting_variant(typed)
