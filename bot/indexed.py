"""What follows when issues were indexed, from files, the archive or the feed: the tips they
published, and one thank-you message for each, queued in the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlite_utils import Database

from bot.outbox import store
from bot.tips.thanks import mark_published_tips


def issues_indexed(db: Database, issue_ids: Iterable[int], now: dt.datetime) -> list[int]:
    """Mark the tips these issues published, queue their thanks; returns the tip ids."""
    ids = list(dict.fromkeys(issue_ids))
    if not ids:
        return []
    owed = mark_published_tips(db, ids)
    for thanks in owed:
        payload: dict[str, object] = {"to": thanks.user_id, "text": thanks.text}
        if thanks.url:
            payload["link"] = {"url": thanks.url, "text": thanks.title}
        store.enqueue_message(db, thanks.key, payload, now)
    return [thanks.tip_id for thanks in owed]
