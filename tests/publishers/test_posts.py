"""The words of an announcement (bot/publishers/posts.py): title and stories cut at a word to fit
each network's count, the link always, our hashtags when they fit, and feed text that mentions
and tags nobody. Pure functions: the networks' own adapters have their tests beside this one."""

from __future__ import annotations

from bot.archive.issues import IssueSummary
from bot.publishers.posts import (
    HASHTAGS,
    bluesky_text,
    defang,
    fit,
    graphemes,
    hashtags,
    mastodon_length,
    mastodon_text,
    url_span,
)

URL = "https://www.worksonarm.com/newsletter/2019/2019-W31/"


def issue(title: str, headings: list[str], url: str | None = URL) -> IssueSummary:
    return IssueSummary(1, "2019-W31", 63, title, "2019-08-02", url, headings, [])


def test_a_short_issue_is_title_stories_link_and_tags_whole_as_mastodon_counts():
    post = issue("Works on Arm News 63", ["Graviton2", "Kubernetes on Pi"])
    assert mastodon_text(post) == f"Works on Arm News 63: Graviton2; Kubernetes on Pi {URL} {HASHTAGS}"
    # Mastodon counts graphemes, and a link as its reserved weight
    assert mastodon_length(f"é🇩🇪e\u0301 {URL}") == 4 + 23 and graphemes("🇩🇪e\u0301") == 2
    assert mastodon_length(f"x {URL} {URL}", url_weight=10) == 2 + 1 + 20


def test_a_long_issue_is_cut_at_a_word_keeping_the_link_then_dropping_the_tags():
    post = issue("Works on Arm News 63", [f"story number {i}" for i in range(40)])
    text = fit(post, len, 160)
    assert len(text) <= 160 and text.endswith(f"… {URL} {HASHTAGS}")
    cut = text.split("…")[0]
    assert cut.split()[-1].rstrip(";").isdigit() and not cut.endswith(";")  # a whole word, no dangling ";"
    no_room_for_tags = fit(post, len, len(URL) + 20)
    assert no_room_for_tags == f"Works on Arm News… {URL}"  # the words before the tags
    assert fit(post, len, len(URL)) == URL  # the link is never cut
    linkless = fit(issue("Works on Arm News", [], url=None), len, 10)  # cut between characters
    assert len(linkless) <= 10 and linkless.startswith("Works on") and linkless.endswith("…")


def test_more_room_never_means_fewer_words_of_the_title():
    post = issue("Works on Arm News 63", [f"story number {i}" for i in range(40)])
    for extra in range(20, 40):
        assert fit(post, len, len(URL) + extra).startswith("Works on"), extra


def test_feed_text_mentions_and_tags_nobody_but_c_sharp_and_addresses_stay():
    assert defang("@everyone look #crypto ＃scam ＠admin") == "everyone look crypto scam admin"
    assert defang("C# and F# by me@example.com") == "C# and F# by me@example.com"
    post = issue("Issue 2 @admin@mastodon.social #crypto", ["C# on arm64"])
    assert hashtags(mastodon_text(post))  # only our own tags are live
    assert "@admin" not in mastodon_text(post) and "#crypto" not in mastodon_text(post)


def test_link_and_hashtag_spans_count_utf8_bytes_as_bluesky_facets_do():
    text = bluesky_text(issue("Works on Arm News: café 日本語 🎉", ["Ünïcode"]))
    data = text.encode()
    start, end = url_span(text, URL) or (0, 0)
    assert data[start:end] == URL.encode()
    assert [(tag, data[s:e].decode()) for tag, s, e in hashtags(text)] == [
        ("arm64", "#arm64"),
        ("WorksOnArm", "#WorksOnArm"),
    ]
    assert url_span(text, "") is None and hashtags("#arm64x #WorksOnArm_") == []  # a longer tag is not ours
