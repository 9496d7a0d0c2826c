"""What follows when issues were indexed, from files, the archive or the feed: their new stories
embedded for the semantic search, the tips they published, and one thank-you message for each,
queued in the outbox. And what follows when an issue leaves the index (bot/archive/index.py,
remove_issue): each job lets go of it with its own function."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from bot.announcements import shown
from bot.archive.semantic import embed_missing
from bot.clock import Clock, utc_now
from bot.outbox import store
from bot.tips import thanks


def after_index(db: Database, issue_ids: Iterable[int], now: Clock = utc_now) -> list[int]:
    """Embed the issues' new stories (only those), mark the tips they published, queue the thanks;
    returns the tip ids."""
    ids = list(dict.fromkeys(issue_ids))
    if not ids:
        return []
    embed_missing(db)
    owed = thanks.mark_published_tips(db, ids, news_at=lambda issue_id: shown.news_at(db, issue_id))
    for thank_you in owed:
        payload: dict[str, object] = {"to": thank_you.user_id, "text": thank_you.text}
        if thank_you.url:
            payload["link"] = {"url": thank_you.url, "text": thank_you.title}
        store.enqueue_message(db, thank_you.key, payload, now())
    return [thank_you.tip_id for thank_you in owed]


def forget_issue(db: Database, issue_id: int) -> None:
    """An issue leaves the index: its deliveries and the tips it published stay, without it. What the
    feed showed stays too, by the issue's identity (bot/announcements/shown.py): an issue that comes
    back is never new in the feed again."""
    store.forget_issue(db, issue_id)
    thanks.forget_issue(db, issue_id)
