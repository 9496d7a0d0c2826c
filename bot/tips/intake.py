"""Tips for the next issue: checked, stored once per Slack event, and assessed against the archive.

Tip text arrives as plain text (the Slack edge decodes its markup before calling here).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.links import clean_bare_url, is_web_url, normalize_url
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.tips.coverage import Assessment, Coverage, EarlierTip, assess_links
from bot.tips.triage import suggest_section

MAX_TIP_CHARS = 4000
TIPS_PER_HOUR = 20
# Any http(s) URL in plain text, in parentheses too ("label (https://…)"); the tail is trimmed after.
_URL = re.compile(r"https?://[^\s<>\"'\[\]|`]+", re.I)


class TipRejected(WorksOnArmError):
    """A tip that cannot be taken (empty, too long, too many this hour); the message says why."""


@dataclass
class SavedTip:
    """A stored tip and what the archive and earlier tips said about its links at intake."""

    id: int
    urls: list[str]
    covered: list[Coverage] = field(default_factory=list)
    suggested: list[EarlierTip] = field(default_factory=list)


def extract_urls(text: str) -> list[str]:
    """The web links in a tip's plain text, in order, once each (by link identity)."""
    urls, seen = [], set()
    for m in _URL.finditer(text):
        url = clean_bare_url(m.group(0))
        key = normalize_url(url)
        if is_web_url(url) and key not in seen:
            seen.add(key)
            urls.append(url)
    return urls


MIN_WORDS = 4  # a tip with no link needs this many words to say what it is about
_WORD = re.compile(r"[^\W\d_]{2,}")
NEEDS = (
    "A tip needs a link, or a few words on what it is about, for example "
    "`tip https://example.com/news a new arm64 build farm`. Nothing was saved."
)


def check_tip(text: str, note: str = "") -> None:
    """Raise TipRejected for a tip not worth an editor's time (empty, emoji only, one word and no
    link) or an oversized one. The message says what a tip needs."""
    if not text.strip():
        raise TipRejected("That tip is empty. " + NEEDS)
    if len(text) > MAX_TIP_CHARS:
        raise TipRejected(
            f"That tip is {len(text):,} characters; the limit is {MAX_TIP_CHARS:,}. "
            "Send the link and a short note instead."
        )
    if not extract_urls(f"{text} {note}") and len(_WORD.findall(f"{text} {note}")) < MIN_WORDS:
        raise TipRejected(NEEDS)


def save_tip(
    db: Database,
    *,
    user_id: str,
    text: str,
    source: str,
    event_key: str,
    now: dt.datetime,
    user_name: str = "",
    channel: str = "",
    ts: str = "",
    permalink: str = "",
    note: str = "",
    section: str = "",
) -> SavedTip:
    """Check and store a tip, with what the archive and earlier tips already have of its links.

    The same event twice is one tip. The hourly limit is checked in the same write transaction as
    the insert, so simultaneous tips cannot slip past it. Committed when this returns."""
    already = saved_tip(db, event_key)
    if already is not None:
        return already
    check_tip(text, note)
    urls = extract_urls(text + " " + note)
    row: dict[str, Any] = {
        "user_id": user_id,
        "user_name": user_name,
        "text": text,
        "note": note,
        "source": source,
        "channel": channel,
        "ts": ts,
        "permalink": permalink,
        "created_at": now.isoformat(timespec="seconds"),
        "status": "new",
        "section": section or suggest_section(db, text),
        "event_key": event_key,
    }
    try:
        with write_transaction(db):
            _check_rate(db, user_id, now)
            tip_id = int(db.table("tips").insert(row).last_pk or 0)
            assessment = assess_links(db, urls, before_tip=tip_id)
            db.table("tip_urls").insert_all(
                {"tip_id": tip_id, "position": n, "url": url, "normalized": normalize_url(url)}
                for n, url in enumerate(urls)
            )
            db.table("tips").update(
                tip_id,
                {
                    "duplicate_of": assessment.suggested[0].tip_id if assessment.suggested else None,
                    "covered_issues": json.dumps(sorted({c.issue_id for c in assessment.covered})),
                    "assessment": json.dumps(assessment.to_json(), ensure_ascii=False),
                },
            )
    except sqlite3.IntegrityError:
        # The same Slack event, saved a moment ago by another worker: that tip is this tip.
        already = saved_tip(db, event_key)
        if already is None:
            raise
        return already
    return SavedTip(tip_id, urls, assessment.covered, assessment.suggested)


def _check_rate(db: Database, user_id: str, now: dt.datetime) -> None:
    since = (now - dt.timedelta(hours=1)).isoformat(timespec="seconds")
    recent = next(
        iter(
            db.query("select count(*) as n from tips where user_id = ? and created_at > ?", [user_id, since])
        )
    )["n"]
    if recent >= TIPS_PER_HOUR:
        raise TipRejected(
            f"You have sent {TIPS_PER_HOUR} tips in the last hour, the most I take. Thank you! "
            "Please send the next ones a little later."
        )


def saved_tip(db: Database, event_key: str) -> SavedTip | None:
    """The tip a Slack event made, as it was assessed at intake, or None."""
    rows = list(db.query("select id, assessment from tips where event_key = ?", [event_key]))
    if not rows:
        return None
    tip_id = int(rows[0]["id"])
    urls = [
        r["url"] for r in db.query("select url from tip_urls where tip_id = ? order by position", [tip_id])
    ]
    assessment = Assessment.from_json(json.loads(rows[0]["assessment"] or "{}"))
    return SavedTip(tip_id, urls, assessment.covered, assessment.suggested)
