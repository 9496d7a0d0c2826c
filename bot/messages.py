"""The words of an announcement: what an issue looks like as a post, and the tweet within 280."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database
from twitter_text import parse_tweet

from bot.search import DEFAULT_ISSUE_URL, issue_url

TWEET_LIMIT = 280
HASHTAGS = "#arm64 #WorksOnArm"


@dataclass
class Post:
    """An issue as it is announced."""

    issue_id: int
    week: str
    number: int | None
    title: str
    date: str
    url: str | None
    stories: list[str]

    @property
    def key(self) -> str:
        return f"{self.week}#{self.issue_id}"


def load_post(db: Database, issue_id: int, issue_url_template: str = DEFAULT_ISSUE_URL) -> Post:
    row = next(iter(db.query("select * from issues where id = ?", [issue_id])))
    outline = json.loads(row["outline"] or "[]")
    if not outline:
        outline = [
            r["heading"]
            for r in db.query("select heading from stories where issue_id = ? order by position", [issue_id])
        ]
    return Post(
        issue_id,
        row["week"],
        row["number"],
        row["title"],
        row["date"],
        issue_url(row, issue_url_template),
        outline,
    )


def weighted_length(text: str) -> int:
    """X's count: URLs weigh 23, CJK and emoji 2 (twitter-text)."""
    return int(parse_tweet(text).weightedLength)


def tweet_text(post: Post) -> str:
    """Title and stories, cut at a word boundary to fit 280; the link always; hashtags if they fit."""
    url = post.url or ""
    head = post.title
    if post.stories:
        head += ": " + "; ".join(post.stories)
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


def announcement_text(post: Post) -> str:
    """The plain-text fallback of the Slack announcement."""
    return f"New issue: {post.title} ({post.date}) {post.url or ''}".strip()
