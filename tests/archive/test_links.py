"""The one link identity: every way browsers and apps write a link is the same page, and what
changes the page never folds."""

from __future__ import annotations

import pytest

from bot.archive.links import clean_bare_url, normalize_url

SAME = [
    ("HTTPS://GoLang.ORG/", "http://www.golang.org"),
    ("https://www.openmediavault.org/", "http://openmediavault.org"),
    ("https://github.com/golang/go/issues/19082?fbclid=abc", "https://github.com/golang/go/issues/19082"),
    ("https://GitHub.com/GoLang/Go/issues/19082/", "https://github.com/golang/go/issues/19082"),
    ("http://syncloud.org/?ref=hn", "https://syncloud.org"),
    ("https://example.com/a/?utm_source=x&b=1&UTM_medium=y#frag", "http://example.com/a?b=1"),
    ("http://Example.com:80/Path/", "https://example.com/Path"),
    ("https://x.org/a?x=1&amp;y=2", "https://x.org/a?y=2&x=1"),
    ("https://youtu.be/dQw4w9WgXcQ?t=10", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&si=abc", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://x.com/worksonarm/status/1", "https://mobile.twitter.com/worksonarm/status/1"),
    ("https://arxiv.org/pdf/1802.00001.pdf", "http://arxiv.org/abs/1802.00001"),
    ("http://example.com/docs/index.html", "https://example.com/docs/"),
    ("https://example.com/post#comments", "https://example.com/post"),
]
DIFFERENT = [
    ("https://www.youtube.com/watch?v=aaa", "https://www.youtube.com/watch?v=bbb"),
    ("https://github.com/golang/go/issues/19082", "https://github.com/golang/go/issues/19083"),
    ("https://news.ycombinator.com/item?id=1", "https://news.ycombinator.com/item?id=2"),
    ("https://example.com/?p=123", "https://example.com/?p=124"),
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com/Path", "https://example.com/path"),  # paths are case sensitive
    ("https://app.example.com/#/one", "https://app.example.com/#/two"),  # a fragment that is a route
    ("https://example.com:8080/", "https://example.com/"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_ways_of_writing_one_page_are_one_link(a, b):
    assert normalize_url(a) == normalize_url(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_what_changes_the_page_never_folds(a, b):
    assert normalize_url(a) != normalize_url(b)


def test_odd_strings_have_an_identity_and_never_raise():
    odd_ones = (
        "",
        "not a url",
        "http://[::1",
        "https://exa mple.com/",
        "javascript:alert(1)",
        "💥",
        "http://h:8000\\/x",
    )
    for odd in odd_ones:
        assert isinstance(normalize_url(odd), str)


def test_bare_url_loses_sentence_punctuation_but_keeps_balanced_parentheses():
    assert clean_bare_url("https://example.com/a.") == "https://example.com/a"
    assert clean_bare_url("https://en.wikipedia.org/wiki/Arm_(company))") == (
        "https://en.wikipedia.org/wiki/Arm_(company)"
    )
