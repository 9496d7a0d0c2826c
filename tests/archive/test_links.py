"""The one link identity: every way browsers and apps write a link is the same page, and what
changes the page never folds."""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from bot.archive.links import bare_urls, clean_bare_url, is_tracking, normalize_url
from tests.corpus import CORPUS, need_corpus

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
    # what is known to track, and only that
    ("https://example.com/a?utm_source=x&utm_content=y&utm_id=3", "https://example.com/a"),
    ("https://example.com/a?gclid=1&dclid=2&msclkid=3&yclid=4&twclid=5", "https://example.com/a"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&_ga=5&_gl=6", "https://example.com/a"),
    ("https://example.com/a?igshid=1&ttclid=2&li_fat_id=3&gbraid=4&wbraid=5", "https://example.com/a"),
    ("https://example.com/a?pk_campaign=x&mtm_source=y&hsa_acc=1&gad_source=1", "https://example.com/a"),
    ("https://blog.example.com/post?ref=producthunt", "https://blog.example.com/post"),
    (
        "https://github.com/blog/2496-commit-together?ref=producthunt",
        "https://github.com/blog/2496-commit-together",
    ),
    ("https://twitter.com/a/status/1?ref_src=twsrc%5Etfw&ref_url=x", "https://twitter.com/a/status/1"),
    ("https://twitter.com/a/status/1?s=20&t=EbewtOdNjCjwT3k2zMRekw", "https://x.com/a/status/1"),
    ("https://open.spotify.com/episode/1?si=abc", "https://open.spotify.com/episode/1"),
    ("https://www.youtube.com/playlist?list=PL1&si=abc", "https://youtube.com/playlist?list=PL1"),
    ("https://medium.com/@a/post-1?source=friends_link", "https://medium.com/@a/post-1"),
    (
        "https://www.eventbrite.com/e/rust-meetup-1?aff=ebdssbdestsearch",
        "https://eventbrite.com/e/rust-meetup-1",
    ),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://xn--r8jz45g.jp/", "https://例え.jp"),
    ("https://example.com//a//b", "https://example.com/a/b"),
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
    # courlan dropped these too: each one chooses the page
    ("https://www.google.com/calendar/event?eid=AAA", "https://www.google.com/calendar/event?eid=BBB"),
    (
        "http://ludumdare.com/compo/ludum-dare-31/?action=preview&uid=19918",
        "http://ludumdare.com/compo/ludum-dare-31/?action=preview&uid=19919",
    ),
    ("https://shop.example.com/search?keyword=arm64", "https://shop.example.com/search?keyword=riscv"),
    (
        "https://hub.docker.com/search?source=verified&q=go",
        "https://hub.docker.com/search?source=community&q=go",
    ),
    ("https://example.com/view?session=42", "https://example.com/view?session=43"),
    ("https://example.com/photos?gallery=1", "https://example.com/photos?gallery=2"),
    ("https://example.com/terms?glossary=arm", "https://example.com/terms?glossary=x86"),
    ("https://example.com/talk?campaign=2018", "https://example.com/talk?campaign=2019"),
    # `ref` that names a git ref, not a referrer
    ("https://gitlab.com/a/b/-/raw/x.yml?ref=main", "https://gitlab.com/a/b/-/raw/x.yml?ref=dev"),
    ("https://api.github.com/repos/a/b/contents/x?ref=main", "https://api.github.com/repos/a/b/contents/x"),
    ("https://example.com/tree?ref=4f2a9c1", "https://example.com/tree?ref=5e3b0d2"),
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


# The parameters the real archives' links lose, all of them: a new name here is a decision to make.
DROPPED_IN_THE_ARCHIVES = {
    "__twitter_impression", "_hsmi", "_mc", "aff", "keep_tld", "ck_subscriber_id", "fbclid", "feature",
    "gh_src",
    "guccounter", "guce_referrer", "guce_referrer_sig", "hss_channel", "itm_campaign", "itm_medium",
    "itm_source", "lipi", "mc_cid", "ref", "ref_src", "ref_url", "referer", "referral",
    "referringsource", "s", "si", "smid", "source", "src", "t", "trackingid", "trk", "utm_adgroup",
    "utm_brand", "utm_campaign", "utm_content", "utm_id", "utm_keyword", "utm_medium", "utm_name",
    "utm_referrer", "utm_social-type", "utm_source", "utm_term",
}  # fmt: skip
TRACKING_TAIL = [
    ("utm_source", "newsletter"), ("utm_medium", "email"), ("utm_campaign", "2018-W18"),
    ("fbclid", "IwAR0abc"), ("gclid", "Cj0KCQ"), ("dclid", "d1"), ("msclkid", "m1"),
    ("mc_cid", "c1"), ("mc_eid", "e1"), ("igshid", "i1"), ("_hsenc", "p2ANqtz"), ("_hsmi", "7"),
    ("yclid", "y1"), ("twclid", "t1"), ("_ga", "2.1.3"), ("_gl", "1*abc"),
]  # fmt: skip


ARCHIVES = ("worksonarm-news", "devopsish", "this-week-in-rust", "hypriot-blog")


@functools.cache
def archive_urls(archives: tuple[str, ...] = ARCHIVES) -> list[str]:
    """Every distinct web link of these newsletter archives in the corpus, as written."""
    urls: set[str] = set()
    for name in archives:
        for path in need_corpus(CORPUS / name).rglob("*.md"):
            urls.update(url.strip() for url in bare_urls(path.read_text(errors="replace")))
    return sorted(urls)


def parameters(url: str) -> tuple[str, list[tuple[str, str]]] | None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        parts.port  # noqa: B018 (a link that cannot be parsed is its own text)
    except ValueError:
        return None
    return host, parse_qsl(parts.query, keep_blank_values=True)


def test_the_archives_lose_only_the_tracking_parameters_listed():
    dropped = set()
    for url in archive_urls():
        found = parameters(url)
        if found:
            host, pairs = found
            dropped |= {k.lower() for k, v in pairs if is_tracking(k, v, host, urlsplit(url).path)}
    assert dropped == DROPPED_IN_THE_ARCHIVES


def test_tracking_tails_fold_on_every_archive_link():
    urls = archive_urls(("worksonarm-news", "devopsish"))
    assert len(urls) > 15_000
    for url in urls:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (a link that cannot be parsed is its own text)
        except ValueError:
            continue
        query = "&".join(q for q in (parts.query, urlencode(TRACKING_TAIL)) if q)
        tracked = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
        assert normalize_url(tracked) == normalize_url(url), url


def test_archive_links_that_differ_by_a_meaningful_parameter_keep_distinct_keys():
    changed = 0
    for url in archive_urls():
        found = parameters(url)
        if not found or "youtube.com" in found[0] or "youtu.be" in found[0]:
            continue  # a YouTube watch link is its video (`v`), whatever else it carries
        host, pairs = found
        parts = urlsplit(url)
        for n, (k, v) in enumerate(pairs):
            if is_tracking(k, v, host, parts.path):
                continue
            other = [*pairs[:n], (k, v + "x"), *pairs[n + 1 :]]
            variant = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(other), ""))
            assert normalize_url(variant) != normalize_url(url), (url, k)
            changed += 1
    assert changed > 1000


def test_every_calendar_event_and_game_entry_of_the_archives_is_its_own_link():
    chosen = [
        url
        for url in archive_urls()
        if any(k.lower() in ("eid", "uid") for k, _ in (parameters(url) or ("", []))[1])
    ]
    assert len(chosen) >= 3  # Google Calendar events, a Ludum Dare entry, an ISC session
    keys = {normalize_url(url) for url in chosen}
    pages = {(urlsplit(u).hostname, urlsplit(u).path.rstrip("/"), urlsplit(u).query) for u in chosen}
    assert len(keys) == len(pages)
    for url in chosen:  # and a neighbouring event or entry is another link
        bumped = url.replace("eid=", "eid=X").replace("uid=", "uid=9")
        assert normalize_url(bumped) != normalize_url(url)
