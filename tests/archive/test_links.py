import pytest

from bot.archive.links import clean_bare_url, normalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://GoLang.ORG/", "https://golang.org"),
        ("https://golang.org", "https://golang.org"),
        ("https://example.com/a/?utm_source=x&b=1&UTM_medium=y#frag", "https://example.com/a?b=1"),
        ("http://Example.com:80/Path/", "http://example.com/Path"),
        ("https://github.com/golang/go/issues/19082", "https://github.com/golang/go/issues/19082"),
        ("https://x.org/a?x=1&amp;y=2", "https://x.org/a?x=1&y=2"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_bare_url_loses_sentence_punctuation_but_keeps_balanced_parentheses():
    assert clean_bare_url("https://example.com/a.") == "https://example.com/a"
    assert clean_bare_url("https://en.wikipedia.org/wiki/Arm_(company))") == (
        "https://en.wikipedia.org/wiki/Arm_(company)"
    )
