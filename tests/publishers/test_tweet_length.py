"""X's weighted length, counted by X's rules, agrees with what twitter-text-parser counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.archive.issues import IssueSummary
from bot.publishers.posts import TWEET_LIMIT, tweet_text
from bot.publishers.tweet_length import url_spans, weighted_length

TABLE = Path(__file__).with_name("tweet_lengths.json")


def recorded_cases() -> list[dict]:
    return list(json.loads(TABLE.read_text())["cases"])


def test_every_recorded_case_weighs_what_twitter_text_counted():
    cases = recorded_cases()
    assert len(cases) > 5000
    wrong = [(c["text"], c["weighted_length"], weighted_length(c["text"])) for c in cases]
    wrong = [case for case in wrong if case[1] != case[2]]
    assert not wrong, f"{len(wrong)} of {len(cases)} differ, for example {wrong[:5]}"


def test_the_table_covers_what_x_weighs_differently():
    """Not just ASCII: the table holds CJK, emoji sequences, URLs with and without a scheme."""
    texts = [c["text"] for c in recorded_cases()]
    assert any("\u200d" in t for t in texts) and any("\U0001f1e9\U0001f1ea" in t for t in texts)
    assert any("\U0001f3fd" in t for t in texts) and any("日本語" in t for t in texts)
    assert any(t.startswith("example.com") for t in texts) and any("https://" in t for t in texts)
    assert any("\u0301" in t for t in texts) and any("\r\n" in t for t in texts)


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("\U0001f9d1\U0001f3fb\u200d\U0001f91d\u200d\U0001f9d1\U0001f3ff", 2),  # Unicode 12.1
        ("\U0001f9d1\u200d\U0001f384", 2),  # mx claus, 13.0
        ("\u2764\ufe0f\u200d\U0001f525", 2),  # heart on fire, 13.1
        ("\U0001f3f3\ufe0f\u200d\u26a7\ufe0f", 2),  # transgender flag, 13.0
        ("\U0001fae0", 2),  # melting face, 14.0
    ],
)
def test_emoji_newer_than_the_library_weigh_two_as_x_counts_them(text, weight):
    """The library's table stopped at Unicode 12 and counted newer sequences piece by piece."""
    assert weighted_length(text) == weight


def test_urls_weigh_23_whatever_their_length():
    long_url = "https://github.com/WorksOnArm/worksonarm-news/blob/master/content/2019/2019-W05.md"
    assert weighted_length(long_url) == 23 == weighted_length("golang.org")
    assert weighted_length(f"read {long_url}.") == 5 + 23 + 1
    assert url_spans("ASP.NET Core and node.js") == [(0, 7)]  # .NET is a domain, .js is not


def test_a_cjk_title_is_cut_to_fit_280():
    title = "新しい Arm サーバー の 記事 " * 30
    post = IssueSummary(
        id=1, week="2019-W05", number=95, title=title, date="2019-02-01",
        url="https://example.com/2019/2019-W05", stories=["日本語"] * 5, outline=[],
    )  # fmt: skip
    text = tweet_text(post)
    assert weighted_length(text) <= TWEET_LIMIT < weighted_length(text + "日本")
    assert text.endswith("https://example.com/2019/2019-W05 #arm64 #WorksOnArm")
