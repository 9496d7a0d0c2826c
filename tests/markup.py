"""Checks of the Slack text the bot sends: its markup whole, wherever it was clipped."""

from __future__ import annotations

import re


def assert_whole_markup(text: str) -> None:
    """Slack text with its markup whole: every `<` opens a span that closes, and every `&` outside
    a link's URL is a whole escape (`&amp;`, `&lt;`, `&gt;`)."""
    assert re.fullmatch(r"(?:[^<>]|<[^<>]*>)*", text), text
    words = re.sub(r"<[^|>]*\|?", "<", text)  # a URL carries its query's `&` as it is
    assert all(re.match(r"&(?:amp|lt|gt);", words[m.start() :]) for m in re.finditer("&", words)), text


def section_texts(blocks: list[dict]) -> list[str]:
    """The mrkdwn of every section and context in Block Kit JSON."""
    texts = [b["text"]["text"] for b in blocks if b.get("type") == "section" and b.get("text")]
    return texts + [e["text"] for b in blocks if b.get("type") == "context" for e in b["elements"]]
