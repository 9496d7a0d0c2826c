"""The words of an announcement: what an issue looks like as a post on X (280, weighted), Mastodon
(the instance's limit, links weigh 23) and Bluesky (300 graphemes), and where its link and tags are."""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

from bot.archive.issues import IssueSummary

TWEET_LIMIT = 280
BLUESKY_LIMIT = 300
BLUESKY_MAX_BYTES = 3000
_GRAPHEME = regex.compile(r"\X")
_URL = re.compile(r"https?://\S+")
HASHTAGS = "#arm64 #WorksOnArm"
# An @ or # that starts a word is a live mention or hashtag on X and Mastodon; in feed text it
# would ping strangers or tag the post, so it goes. "C#" and "me@example.com" keep theirs.
_SIGIL = re.compile(r"(?<!\w)[@＠#＃](?=\w)")


def defang(text: str) -> str:
    """Feed-derived text that creates no mention and no hashtag: only our own tags are live."""
    return _SIGIL.sub("", text)


def weighted_length(text: str) -> int:
    """X's count: URLs weigh 23, CJK and emoji 2 (bot/publishers/tweet_length.py)."""
    # Imported here: only a process that posts to X (or previews it) compiles X's URL pattern.
    from bot.publishers.tweet_length import weighted_length as x_weighted_length

    return x_weighted_length(text)


def graphemes(text: str) -> int:
    """What a reader counts as characters: 🇩🇪 and é written as e + accent are one each."""
    return len(_GRAPHEME.findall(text))


def mastodon_length(text: str, url_weight: int = 23) -> int:
    """Mastodon's count: graphemes, with every link weighing `characters_reserved_per_url`."""
    return graphemes(_URL.sub("", text)) + url_weight * len(_URL.findall(text))


def fit(post: IssueSummary, length: Callable[[str], int], limit: int) -> str:
    """Title and stories, cut at a word boundary to fit `limit` as `length` counts; the link
    always; our hashtags if they fit. Feed text is defanged: it mentions and tags nobody."""
    url = post.url or ""
    head = defang(post.title)
    if post.headings:
        head += ": " + "; ".join(defang(h) for h in post.headings)
    for tags in (HASHTAGS, ""):
        tail = " ".join(part for part in (url, tags) if part)
        candidate = f"{head} {tail}".strip()
        if length(candidate) <= limit:
            return candidate
        words = head.split()
        while words:
            words.pop()
            cut = " ".join(words).rstrip(",;:-–") + "…"
            candidate = f"{cut} {tail}".strip()
            # a title cut to three words or fewer says little: drop the tags before that
            if length(candidate) <= limit and len(words) > 3:
                return candidate
    if url and length(url) <= limit:
        return url
    return _cut_graphemes(head, limit, length)


def _cut_graphemes(text: str, limit: int, length: Callable[[str], int]) -> str:
    """The longest start of `text` (whole graphemes) that fits with an ellipsis."""
    pieces = _GRAPHEME.findall(text)
    while pieces and length("".join(pieces) + "…") > limit:
        pieces.pop()
    return "".join(pieces) + "…" if pieces else ""


def tweet_text(post: IssueSummary) -> str:
    return fit(post, weighted_length, TWEET_LIMIT)


def mastodon_text(post: IssueSummary, limit: int = 500, url_weight: int = 23) -> str:
    return fit(post, lambda text: mastodon_length(text, url_weight), limit)


def bluesky_text(post: IssueSummary) -> str:
    """At most 300 graphemes and 3,000 bytes (Bluesky's two limits)."""

    def length(text: str) -> int:
        return graphemes(text) if len(text.encode()) <= BLUESKY_MAX_BYTES else BLUESKY_LIMIT + 1

    return fit(post, length, BLUESKY_LIMIT)


def hashtags(text: str) -> list[tuple[str, int, int]]:
    """Our own hashtags in a post: (tag without '#', UTF-8 byte start, byte end)."""
    return _byte_spans(text, [f"#{tag}" for tag in HASHTAGS.replace("#", "").split()])


def url_span(text: str, url: str) -> tuple[int, int] | None:
    """Where the link is in the post, in UTF-8 bytes (Bluesky's facets count bytes)."""
    spans = _byte_spans(text, [url]) if url else []
    return (spans[-1][1], spans[-1][2]) if spans else None


def _byte_spans(text: str, needles: list[str]) -> list[tuple[str, int, int]]:
    found = []
    for needle in needles:
        at = text.rfind(needle)
        after = text[at + len(needle) : at + len(needle) + 1]
        if at >= 0 and not (after.isalnum() or after == "_"):
            start = len(text[:at].encode())
            found.append((needle.lstrip("#"), start, start + len(needle.encode())))
    return found
