"""The editors' steering of announcements, the same from Slack and the command line:
`announce` an issue again, `hold` its waiting posts, `release` the held ones."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from bot.archive.issues import find_issue, why_no_issue
from bot.outbox import store

WORDS = ("announce", "hold", "release")


def split_only(ref: str) -> tuple[str, str | None]:
    """`13 --only mastodon` -> ("13", "mastodon"); `13` -> ("13", None)."""
    words = ref.split()
    if "--only" in words:
        at = words.index("--only")
        only = words[at + 1].lower() if at + 1 < len(words) else ""
        return " ".join(words[:at] + words[at + 2 :]), only
    return ref, None


def steer(db: Database, word: str, ref: str, destinations: list[str], now: dt.datetime) -> tuple[str, int]:
    """Do `word` to the issue `ref` (a number or a week, then `--only DESTINATION` to announce on
    one). Returns what happened, in a sentence, and how many deliveries it queued or held."""
    ref, only = split_only(ref)
    if only is not None:
        if only not in destinations:
            configured = ", ".join(destinations) or "none"
            return f"{only[:40]} is not a configured destination (configured: {configured}).", 0
        destinations = [only]
    issue = find_issue(db, ref)
    if issue is None:
        return f"I found no issue “{ref[:100]}”: {why_no_issue(db, ref)}.", 0
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
