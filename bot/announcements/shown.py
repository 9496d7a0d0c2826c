"""What the feed has shown, kept once, by the issue's identity (its link, its week, its number),
never by the index row or the file it came from: when the feed first showed an issue, and when it
showed it as news (that publishes the tips sent before it). An archive file moved, renamed, deleted
and added again never makes an issue "new in the feed" a second time, nor news again. And the words
the feed showed, which are the words an announcement uses, whatever the archive says."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from bot.archive.index import link_key

if TYPE_CHECKING:  # the parser loads where feeds are parsed, not with the schema that imports this
    from bot.archive.newsletter import Issue


def identities(row: Mapping[str, Any]) -> set[str]:
    """The names an issue is known by: `link:` its permalink, and for a newsletter issue (no slot)
    `week:` and `number:` within its publication. The same rules as index.find_same_issue."""
    names = set()
    key = row.get("link_key") or link_key(row.get("permalink"))
    if key:
        names.add(f"link:{key}")
    if not row.get("slot"):
        publication = row.get("publication") or ""
        if row.get("week"):
            names.add(f"week:{publication}:{row['week']}")
        if row.get("number") is not None:
            names.add(f"number:{publication}:{row['number']}")
    return names


def issue_identities(issue: Issue) -> set[str]:
    """The identities of an issue as the feed entry describes it."""
    return identities(
        {
            "permalink": issue.permalink,
            "slot": issue.slot,
            "publication": issue.publication,
            "week": issue.week,
            "number": issue.number,
        }
    )


def shown_before(db: Database, names: set[str]) -> bool:
    """Whether the feed showed an issue known by any of these names, in any earlier poll."""
    marks = ", ".join("?" for _ in names)
    return bool(names) and bool(
        list(db.query(f"select 1 from feed_shown where identity in ({marks}) limit 1", list(names)))
    )


def remember_shown(db: Database, names: set[str], issue_id: int, now: str) -> None:
    """The feed shows this issue: every name it is known by, from now on (the first time is kept)."""
    db.conn.executemany(
        "insert or ignore into feed_shown (identity, issue_id, first_shown_at) values (?, ?, ?)",
        [(name, issue_id, now) for name in sorted(names)],
    )


def mark_news(db: Database, issue_id: int) -> None:
    """The feed showed this issue as news (not at its first poll, nor in a site move): from when it
    first showed it, it publishes the tips sent before."""
    db.execute(
        "update feed_shown set news_at = coalesce(news_at, first_shown_at) where issue_id = ?", [issue_id]
    )


def news_at(db: Database, issue_id: int) -> str | None:
    """When the feed showed the issue as news, under any of its names; None when it never did."""
    rows = list(db.query("select * from issues where id = ?", [issue_id]))
    names = sorted(identities(rows[0])) if rows else []
    marks = ", ".join("?" for _ in names)
    found = db.query(f"select min(news_at) as at from feed_shown where identity in ({marks})", names)
    return next(iter(found))["at"] if names else None


def save_feed_words(db: Database, issue_id: int, issue: Issue) -> None:
    """What the feed entry says the issue is: its title, date, number, headings and link. The
    announcement is made of these, never of an archive file's words for the same week."""
    words = {
        "title": issue.title,
        "date": issue.date,
        "number": issue.number,
        "headings": issue.outline or [story.heading for story in issue.stories],
        "link": issue.permalink,
    }
    db.execute(
        "update issues set feed_words = ? where id = ?", [json.dumps(words, ensure_ascii=False), issue_id]
    )
