"""Block Kit for search and issues (handlers/ui/blocks.py): never over Slack's 50 blocks or 3,000
characters a section, and every piece of archive or user text escaped, in blocks and fallback alike."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import DividerBlock

from bot.archive.hits import Hit
from bot.archive.issues import IssueSummary
from bot.archive.query import parse_query
from bot.archive.search import SearchResult
from handlers.ui.blocks import (
    MAX_BLOCKS,
    SECTION_LIMIT,
    as_dicts,
    issue_blocks,
    notice_blocks,
    search_blocks,
    shared_blocks,
    validated,
)

HOSTILE = "<!channel> & <@U123> <https://evil.example|click>"


def hit(i: int, *, section: str = "Graviton2 benchmarks", snippet: str = "fast *Graviton2*") -> Hit:
    links = [{"text": f"link {n}", "url": f"https://example.com/{i}/{n}"} for n in range(5)]
    return Hit(
        "2019-W31", 63, "Works on Arm News 63", "2019-08-02", "https://example.com/63",
        section, snippet, links, 1.0 / (i + 1), story_id=i,
    )  # fmt: skip


def section_texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def shown(node: object) -> str:
    """Every mrkdwn text a reader sees in the blocks (a button's value is never shown)."""
    if isinstance(node, list):
        return "\n".join(shown(item) for item in node)
    if isinstance(node, dict):
        own = node["text"] if node.get("type") == "mrkdwn" else ""
        return "\n".join([own, *(shown(v) for k, v in node.items() if k != "value")])
    return ""


def test_a_page_of_many_long_hits_stays_within_slacks_limits():
    hits = [hit(i, section="x" * 5_000, snippet="word " * 2_000) for i in range(30)]
    result = SearchResult(parse_query("graviton"), hits, total=100)
    _, blocks = search_blocks(result, "graviton")
    dicts = as_dicts(blocks)  # raises on any block over its own limit
    assert len(dicts) <= MAX_BLOCKS
    assert all(len(text) <= SECTION_LIMIT for text in section_texts(dicts))
    assert all(text.count("https://example.com/") <= 3 for text in section_texts(dicts))  # three links


def test_more_blocks_than_slack_takes_is_refused_before_sending():
    assert len(validated([DividerBlock()] * MAX_BLOCKS)) == MAX_BLOCKS
    with pytest.raises(ValueError, match="51 blocks is over Slack's limit of 50"):
        validated([DividerBlock()] * (MAX_BLOCKS + 1))


def test_an_issue_of_hundreds_of_long_stories_is_split_into_sections_that_fit():
    headings = [f"story {i} " + "z" * 300 for i in range(400)]
    issue = IssueSummary(1, "2019-W31", 63, "Works on Arm News 63", "2019-08-02", None, headings, [])
    _, blocks = issue_blocks(issue)
    texts = section_texts(as_dicts(blocks))
    assert len(blocks) <= MAX_BLOCKS - 1 and all(len(text) <= SECTION_LIMIT for text in texts)
    bullets = [line for text in texts[1:] for line in text.split("\n")]
    assert bullets[0].startswith("• story 0 ") and all(len(line) <= 202 for line in bullets)
    numbers = [int(line.split()[2]) for line in bullets]
    assert numbers == list(range(len(numbers)))  # in order, none lost before the cut


def test_archive_and_user_text_is_escaped_in_blocks_and_fallback_text():
    result = SearchResult(parse_query("q"), [hit(0, section=HOSTILE, snippet=HOSTILE)], total=1)
    fallback, blocks = search_blocks(result, HOSTILE)
    shared_text, shared = shared_blocks(hit(0, section=HOSTILE), HOSTILE, "U999")
    everything = shown(as_dicts(blocks) + as_dicts(shared)) + fallback + shared_text
    assert (
        "<!channel>" not in everything and "<@U123>" not in everything and "<https://evil" not in everything
    )
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in everything
    assert "<@U999>" in shown(as_dicts(shared))  # the one who shared it is a real mention


def test_a_notice_keeps_its_link_whole_when_its_words_are_clipped():
    url = "https://example.com/" + "p" * 200
    text, blocks = notice_blocks({"text": "w & " * 1_500, "link": {"url": url, "text": "the tip"}})
    (body,) = section_texts(blocks)
    assert len(body) <= SECTION_LIMIT and body.endswith(f"<{url}|the tip>") and "…" in body
    assert len(text) <= SECTION_LIMIT and "&amp;" in text and "& " not in text
    _, unsafe_blocks = notice_blocks({"text": "x", "link": {"url": "javascript:alert(1)", "text": "t"}})
    assert "<javascript:" not in json.dumps(unsafe_blocks)  # only http(s) becomes a link


def test_the_summary_counts_the_stories_shown_and_says_when_the_total_is_a_floor():
    """A thread reply shows three stories: it said "Stories 1–5 of 42". A word with more stories
    than are read for it said "of 300" where 2,266 match."""
    result = SearchResult(parse_query("graviton"), [hit(i) for i in range(5)], total=42)
    assert "Stories 1–3 of 42" in search_blocks(result, "graviton", compact=True)[0]
    assert "Stories 1–5 of 42" in search_blocks(result, "graviton")[0]
    result.total, result.total_is_floor = 300, True
    assert "Stories 1–5 of 300 or more" in search_blocks(result, "graviton")[0]


def test_the_notification_keeps_what_was_typed_and_a_channel_stays_a_channel():
    """The fallback text dropped every "*" to unbold the summary: `select * from` lost its star.
    `<#C123|general>` was echoed as "@general"."""
    from handlers.ui.mrkdwn import decode

    result = SearchResult(parse_query("select * from stories"), [hit(1)], total=1)
    assert "select * from stories" in search_blocks(result, "select * from stories")[0]
    result.searched_for = "sqlite"
    fallback, _ = search_blocks(result, "sqlte")
    assert fallback.startswith("Showing results for sqlite (stories 1–1 of 1)")
    assert decode("<#C123|general> golang <@U1|ann>") == "#general golang @ann"
