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

from bot.archive.links import bare_urls, normalize_url, without_urls
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.tips.coverage import Assessment, Coverage, EarlierTip, assess_links
from bot.tips.triage import suggest_section

MAX_TIP_CHARS = 4000
TIPS_PER_HOUR = 20


class TipRejected(WorksOnArmError):
    """A tip that cannot be taken (empty, too long, too many this hour); the message says why."""


@dataclass
class SavedTip:
    """A stored tip and what the archive and earlier tips said about its links at intake.
    `repeated`: the sender had sent all of it before; `id` is that earlier tip, kept once."""

    id: int
    urls: list[str]
    covered: list[Coverage] = field(default_factory=list)
    suggested: list[EarlierTip] = field(default_factory=list)
    user_id: str = ""
    repeated: bool = False
    first_sent: str = ""  # when the sender first sent it (a repeat)


def extract_urls(text: str) -> list[str]:
    """The web links in a tip's plain text, in order, once each (by link identity)."""
    urls, seen = [], set()
    for url in bare_urls(text):
        key = normalize_url(url)
        if key not in seen:
            seen.add(key)
            urls.append(url)
    return urls


MIN_WORDS = 4  # a tip with no link needs this many words to say what it is about
_WORD = re.compile(r"[^\W\d_]{2,}")
NEEDS = (
    "A tip needs a link, or a few words on what it is about, for example "
    "`tip https://example.com/news a new arm64 build farm`. Nothing was saved."
)


FROM_A_QUESTION = "question"  # the source of a tip from "Suggest it to the editors": no link needed


def check_tip(text: str, note: str = "", source: str = "") -> None:
    """Raise TipRejected for a tip not worth an editor's time (empty, emoji only, one word and no
    link) or an oversized one. The message says what a tip needs. A question a search could not
    answer, suggested to the editors, is a tip without a link: the question is the point."""
    if not text.strip():
        raise TipRejected("That tip is empty. " + NEEDS)
    if len(text) > MAX_TIP_CHARS:
        raise TipRejected(
            f"That tip is {len(text):,} characters; the limit is {MAX_TIP_CHARS:,}. "
            "Send the link and a short note instead."
        )
    if source == FROM_A_QUESTION:
        return
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
    check_tip(text, note, source)
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
            kept = _sent_before(db, user_id, urls, text, note)
            if kept is not None:
                return _keep_once(db, kept, urls, f"{text} {note}".strip(), now)
            return _insert(db, row, urls, now)
    except sqlite3.IntegrityError:
        # The same Slack event, saved a moment ago by another worker: that tip is this tip.
        already = saved_tip(db, event_key)
        if already is None:
            raise
        return already


def _insert(db: Database, row: dict[str, Any], urls: list[str], now: dt.datetime) -> SavedTip:
    """A new tip, with only the links its sender had not sent before (those are kept once)."""
    user_id = row["user_id"]
    _check_rate(db, user_id, now)
    tip_id = int(db.table("tips").insert(row).last_pk or 0)
    assessment = assess_links(db, urls, before_tip=tip_id, user_id=user_id)
    own = {normalize_url(e.url) for e in assessment.suggested if e.user_id == user_id}
    new_urls = [url for url in urls if normalize_url(url) not in own]
    others = [e for e in assessment.suggested if e.user_id != user_id]  # what it duplicates
    db.table("tip_urls").insert_all(
        {"tip_id": tip_id, "position": n, "url": url, "normalized": normalize_url(url)}
        for n, url in enumerate(new_urls)
    )
    db.table("tips").update(
        tip_id,
        {
            "duplicate_of": others[0].tip_id if others else None,
            "covered_issues": json.dumps(sorted({c.issue_id for c in assessment.covered})),
            "assessment": json.dumps(assessment.to_json(), ensure_ascii=False),
        },
    )
    return SavedTip(tip_id, new_urls, assessment.covered, assessment.suggested, user_id)


def _sent_before(db: Database, user_id: str, urls: list[str], text: str, note: str) -> dict[str, Any] | None:
    """The sender's earlier tip this one repeats: every link of it was in their earlier tips (the
    first of those is kept), or, without a link, the same words. None when anything in it is new."""
    if urls:
        keys = {normalize_url(url) for url in urls}
        marks = ", ".join("?" for _ in keys)
        sent = list(
            db.query(
                "select u.normalized, min(t.id) as id from tips t join tip_urls u on u.tip_id = t.id "
                f"where t.user_id = ? and u.normalized in ({marks}) group by u.normalized",
                [user_id, *keys],
            )
        )
        if len(sent) < len(keys):
            return None
        rows = db.query("select * from tips where id = ?", [min(r["id"] for r in sent)])
    else:
        rows = db.query(
            "select * from tips t where t.user_id = ? and not exists "
            "(select 1 from tip_urls u where u.tip_id = t.id) and lower(trim(t.text)) = lower(trim(?)) "
            "and lower(trim(coalesce(t.note, ''))) = lower(trim(?)) order by t.id limit 1",
            [user_id, text, note],
        )
    return next(iter(rows), None)


def _keep_once(db: Database, kept: dict[str, Any], urls: list[str], said: str, now: dt.datetime) -> SavedTip:
    """A tip sent again by the same person: still one tip, with any new words added to its note.
    Nothing else is stored, so Slack's retry of the same event finds the same answer here again."""
    known = " ".join(_words(f"{kept['text']} {kept['note'] or ''}"))
    added = " ".join(_words(said))
    note = kept["note"] or ""
    if added and added not in known and len(note) + len(said) < MAX_TIP_CHARS:
        stamp = now.isoformat(timespec="seconds")[:10]
        db.table("tips").update(kept["id"], {"note": f"{note}\n{stamp}, again: {said}".strip()})
    return _repeat(kept, urls, Assessment(assess_links(db, urls).covered, []))


def _repeat(kept: dict[str, Any], urls: list[str], assessment: Assessment) -> SavedTip:
    return SavedTip(
        int(kept["id"]),
        urls,
        assessment.covered,
        assessment.suggested,
        kept["user_id"],
        True,
        kept["created_at"],
    )


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(without_urls(text))]


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


def attach_permalink(db: Database, event_key: str, permalink: str) -> None:
    """Give the tip an event made its message's permalink, found after the tip was saved."""
    with write_transaction(db):
        db.execute(
            "update tips set permalink = ? where event_key = ? and coalesce(permalink, '') = ''",
            [permalink, event_key],
        )


def saved_tip(db: Database, event_key: str) -> SavedTip | None:
    """The tip a Slack event made, as it was assessed at intake, or None (none, or a repeat)."""
    rows = list(db.query("select id, user_id, assessment from tips where event_key = ?", [event_key]))
    if not rows:
        return None
    tip_id = int(rows[0]["id"])
    urls = [
        r["url"] for r in db.query("select url from tip_urls where tip_id = ? order by position", [tip_id])
    ]
    assessment = Assessment.from_json(json.loads(rows[0]["assessment"] or "{}"))
    return SavedTip(tip_id, urls, assessment.covered, assessment.suggested, rows[0]["user_id"])
