"""The words of an announcement: what an issue looks like as a post, and the tweet within 280."""

from __future__ import annotations

import re
import warnings

with warnings.catch_warnings():
    # twitter-text reads its emoji table with pkg_resources, which warns at every start.
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    from twitter_text import parse_tweet

from bot.archive.issues import IssueSummary

TWEET_LIMIT = 280
HASHTAGS = "#arm64 #WorksOnArm"
# An @ or # that starts a word is a live mention or hashtag on X and Mastodon; in feed text it
# would ping strangers or tag the post, so it goes. "C#" and "me@example.com" keep theirs.
_SIGIL = re.compile(r"(?<!\w)[@＠#＃](?=\w)")


def defang(text: str) -> str:
    """Feed-derived text that creates no mention and no hashtag: only our own tags are live."""
    return _SIGIL.sub("", text)


def weighted_length(text: str) -> int:
    """X's count: URLs weigh 23, CJK and emoji 2 (twitter-text)."""
    return int(parse_tweet(text).weightedLength)


def tweet_text(post: IssueSummary) -> str:
    """Title and stories, cut at a word boundary to fit 280; the link always; hashtags if they fit."""
    url = post.url or ""
    head = defang(post.title)
    if post.headings:
        head += ": " + "; ".join(defang(h) for h in post.headings)
    for tags in (HASHTAGS, ""):
        tail = " ".join(part for part in (url, tags) if part)
        candidate = f"{head} {tail}".strip()
        if weighted_length(candidate) <= TWEET_LIMIT:
            return candidate
        words = head.split()
        while words:
            words.pop()
            cut = " ".join(words).rstrip(",;:-–") + "…"
            candidate = f"{cut} {tail}".strip()
            if weighted_length(candidate) <= TWEET_LIMIT and (tags or len(words) > 3):
                return candidate
    return url[:TWEET_LIMIT] if url else head[: TWEET_LIMIT - 1] + "…"
