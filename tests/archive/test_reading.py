"""Every parse of an archive file or a feed entry costs time in proportion to its size, whatever
it holds (issue 19, items 2 and 3): each pathological input is read at two sizes, the second ten
times the first, in the same test (tests.support.assert_linear)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.announcements.feed import FeedEntry, entry_issue
from bot.archive.newsletter import MAX_ISSUE_BYTES
from bot.archive.reading import parse_file_text
from bot.errors import NotAnIssue
from tests.cost import assert_linear

FRONT = "---\ntitle: Works on Arm News 2019-W02\n---\n\n### A story\n\nWords about arm64.\n\n"

# name -> (what comes first, what repeats, repeats in the smaller input)
MARKDOWN = {
    "unclosed shortcodes": ("", "{{<", 8_000),
    "unclosed comments": ("", "<!--", 6_000),
    "unclosed start tags": ("", "<a ", 8_000),
    "unclosed end tags": ("", "</a x", 5_000),
    "unclosed quoted attributes": ("<p>", "<a b='", 4_000),
    "unclosed CDATA": ("<div>", "<![CDATA[", 2_500),
    "autolinks that are no links": ("", "<http://", 3_000),
    "markdown links in raw HTML": ("<div>", "[a](http://x", 2_000),
    "nested links": ("", '<a href="https://e.com/">t', 900),
    "table rows": ("| a | b |\n|---|---|\n", "| x | y |\n", 1_200),
    "links": ("", "* [link](https://example.com/story)\n", 700),
    "headings with definitions": ("", "### H\n\n[r]: http://e.c\n\n", 1_000),
    "emphasis": ("", "*a _b ", 2_000),
    "brackets": ("", "[", 4_000),
}
FEED = {  # name -> (what repeats in the entry's HTML, repeats in the smaller input)
    "unclosed comments": ("<!--", 3_000),
    "unclosed start tags": ("<a ", 3_000),
    "unclosed end tags": ("</a x", 3_000),
    "unclosed CDATA": ("<![CDATA[", 2_000),
    "nested links": ('<a href="https://e.com/">t', 700),
}


def read_file(text: str) -> object:
    outcome = parse_file_text((text, "2019-W02.md"))
    assert not isinstance(outcome, str) or outcome.startswith("skip:"), outcome  # no parser error
    return outcome


def read_entry(title: str, html: str) -> object:
    entry = FeedEntry(title, "https://example.com/w02/", "w02", dt.date(2019, 1, 11), html)
    try:
        return entry_issue(entry)
    except NotAnIssue as exc:
        assert "too large" not in str(exc)
        return None


@pytest.mark.parametrize("name", MARKDOWN)
def test_an_archive_file_costs_in_proportion_to_its_size(name):
    first, unit, n = MARKDOWN[name]
    assert_linear(read_file, lambda k: FRONT + first + unit * k, n)


@pytest.mark.parametrize("name", FEED)
def test_a_feed_entry_costs_in_proportion_to_its_size(name):
    unit, n = FEED[name]
    assert_linear(
        lambda html: read_entry("Works on Arm News 2019-W02", html), lambda k: "<p>x</p>" + unit * k, n
    )


def test_a_feed_title_costs_in_proportion_to_its_size():
    assert_linear(lambda title: read_entry(title, "<p>Words about arm64.</p>"), lambda k: "{{<" * k, 8_000)


def test_front_matter_aliases_are_not_expanded():
    """Nine levels of n aliases to the level below: n**8 strings once read out (a billion laughs)."""

    def aliases(n: int) -> str:
        levels = ['a0: &a0 ["lol"]']
        levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * n)}]" for i in range(1, 9)]
        return "---\ntitle: Works on Arm News 2019-W02\n" + "\n".join(levels) + "\n---\n\n### S\n\nWords.\n"

    assert_linear(read_file, aliases, 9)
    issue = read_file(aliases(9))
    assert not isinstance(issue, str) and issue.title == "Works on Arm News 2019-W02"


def test_a_file_or_an_entry_over_the_cap_is_refused_unread(tmp_path):
    from bot.archive.reading import read_issue_file
    from bot.errors import Refused

    big = tmp_path / "2019-W02.md"
    big.write_bytes(FRONT.encode() + b"x" * MAX_ISSUE_BYTES)
    with pytest.raises(Refused, match=r"too large: 256 KB, over the cap of 256 KB per issue"):
        read_issue_file(big)
    with pytest.raises(Refused, match="too large"):
        entry_issue(FeedEntry("W02", "https://e.com/w02", "w02", None, "<p>x</p>" * 40_000))
    with pytest.raises(Refused, match="too large"):
        entry_issue(FeedEntry("{{<" * 100_000, "https://e.com/w02", "w02", None, "<p>x</p>"))


def test_sections_under_one_story_are_merged_in_time_linear_in_their_number():
    stories = "".join(f"## Story {i}\n\nWords about arm64.\n\n" for i in range(10))

    def build(n: int) -> str:
        return FRONT + stories + "".join(f"#### [Part {i}](https://e.com/{i})\n\n" for i in range(n))

    assert_linear(read_file, build, 600)
    last = read_file(build(3)).stories[-1]  # type: ignore[union-attr]
    assert last.heading == "Story 9" and "Part 2" in last.body and len(last.links) == 3
