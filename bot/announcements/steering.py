"""The editors' steering of announcements, the same from Slack and the command line:
`announce` an issue again, `hold` its waiting posts, `release` the held ones."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from bot.archive.issues import find_issue
from bot.outbox import store

WORDS = ("announce", "hold", "release")


def steer(db: Database, word: str, ref: str, destinations: list[str], now: dt.datetime) -> tuple[str, int]:
    """Do `word` to the issue `ref` (a number or a week). Returns what happened, in a sentence,
    and how many deliveries it queued or held."""
    issue = find_issue(db, ref)
    if issue is None:
        return f"I found no issue “{ref[:100]}”.", 0
    if word == "announce":
        count = store.resend(db, issue.id, destinations, now)
        return f"Announcing {issue.title} again on {', '.join(destinations) or 'no destination'}.", count
    if word == "hold":
        count = store.hold(db, issue.id, now)
        return f"Held {count} waiting announcements of {issue.title}.", count
    if word == "release":
        count = store.release(db, now, issue_id=issue.id)
        return f"Released {count} held announcements of {issue.title}.", count
    raise ValueError(f"unknown word {word!r}")
