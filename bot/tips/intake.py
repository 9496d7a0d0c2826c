"""Tips for the next issue: intake with archive-aware checks, editor triage, and the user's view."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.links import BARE_URL, clean_bare_url, is_web_url, normalize_url
from bot.archive.search import DEFAULT_ISSUE_URL, issue_url
from bot.db import write_transaction
from bot.errors import WorksOnArmError

MAX_TIP_CHARS = 4000
TIPS_PER_HOUR = 20
STATUSES = ("new", "accepted", "rejected", "published")
SLACK_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>", re.I)


class TipRejected(WorksOnArmError):
    """A tip that cannot be taken (empty, too long, too many this hour); the message says why."""


@dataclass
class Coverage:
    """A past issue that already had one of the tip's links."""

    url: str
    week: str
    number: int | None
    heading: str
    issue_url: str | None
    issue_id: int = 0


@dataclass
class EarlierTip:
    """An earlier tip with one of the same links."""

    url: str
    tip_id: int
    user_id: str
    created_at: str


@dataclass
class SavedTip:
    """A stored tip and what the archive and earlier tips say about its links."""

    id: int
    urls: list[str]
    covered: list[Coverage] = field(default_factory=list)
    suggested: list[EarlierTip] = field(default_factory=list)
    already_saved: bool = False  # the same Slack event came again (a retry)


def extract_urls(text: str) -> list[str]:
    """The web links in a tip: Slack's `<url|label>` markup and bare URLs, in order, once each."""
    found = [m.group(1) for m in SLACK_LINK.finditer(text)]
    rest = SLACK_LINK.sub(" ", text)
    found += [clean_bare_url(m.group(0)) for m in BARE_URL.finditer(rest)]
    urls, seen = [], set()
    for url in found:
        key = normalize_url(url)
        if is_web_url(url) and key not in seen:
            seen.add(key)
            urls.append(url)
    return urls


def readable(text: str) -> str:
    """Slack markup made plain: `<url|label>` becomes the URL, `<!channel>` becomes "@channel"."""
    text = SLACK_LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"<!(\w+)(?:\|[^>]*)?>", r"@\1", text)
    text = re.sub(r"<[@#]([A-Z0-9]+)(?:\|([^>]*))?>", lambda m: "@" + (m.group(2) or m.group(1)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def check_tip(db: Database, user_id: str, text: str, now: dt.datetime) -> None:
    """Raise TipRejected for an empty or oversized tip, or a user over the hourly limit."""
    if not text.strip():
        raise TipRejected("That tip is empty. Send a link, with a line on why it matters.")
    if len(text) > MAX_TIP_CHARS:
        raise TipRejected(
            f"That tip is {len(text):,} characters; the limit is {MAX_TIP_CHARS:,}. "
            "Send the link and a short note instead."
        )
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
    issue_url_template: str = DEFAULT_ISSUE_URL,
) -> SavedTip:
    """Check and store a tip, marked with what the archive and earlier tips already have.

    The row is committed when this returns, so a reply can never announce a tip that is lost."""
    already = _saved_already(db, event_key, issue_url_template)
    if already is not None:
        return already
    check_tip(db, user_id, text, now)
    try:
        return _insert_tip(
            db,
            {
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
            },
            issue_url_template,
        )
    except sqlite3.IntegrityError:
        # The same Slack event, saved a moment ago by another worker: that tip is this tip.
        already = _saved_already(db, event_key, issue_url_template)
        if already is None:
            raise
        return already


def _saved_already(db: Database, event_key: str, issue_url_template: str) -> SavedTip | None:
    rows = list(db.query("select id from tips where event_key = ?", [event_key]))
    if not rows:
        return None
    tip = assess_tip(db, int(rows[0]["id"]), issue_url_template)
    tip.already_saved = True
    return tip


def _insert_tip(db: Database, row: dict[str, Any], issue_url_template: str) -> SavedTip:
    urls = extract_urls(row["text"] + " " + row["note"])
    with write_transaction(db):
        earlier = _earlier_tips(db, urls)
        row["duplicate_of"] = earlier[0].tip_id if earlier else None
        tip_id = int(db.table("tips").insert(row).last_pk or 0)
        db.table("tip_urls").insert_all(
            {"tip_id": tip_id, "position": n, "url": url, "normalized": normalize_url(url)}
            for n, url in enumerate(urls)
        )
        covered = _coverage(db, urls, issue_url_template)
        db.table("tips").update(tip_id, {"covered_issues": json.dumps(sorted({c.issue_id for c in covered}))})
    return SavedTip(tip_id, urls, covered, earlier)


def assess_tip(db: Database, tip_id: int, issue_url_template: str = DEFAULT_ISSUE_URL) -> SavedTip:
    """A stored tip with its coverage and earlier tips, as at intake."""
    urls = [
        r["url"] for r in db.query("select url from tip_urls where tip_id = ? order by position", [tip_id])
    ]
    earlier = [e for e in _earlier_tips(db, urls) if e.tip_id < tip_id]
    return SavedTip(tip_id, urls, _coverage(db, urls, issue_url_template), earlier)


def _earlier_tips(db: Database, urls: list[str]) -> list[EarlierTip]:
    found: list[EarlierTip] = []
    for url in urls:
        for row in db.query(
            "select t.id, t.user_id, t.created_at from tip_urls u join tips t on t.id = u.tip_id "
            "where u.normalized = ? order by t.id limit 1",
            [normalize_url(url)],
        ):
            found.append(EarlierTip(url, int(row["id"]), row["user_id"], row["created_at"]))
    return sorted(found, key=lambda e: e.tip_id)


def _coverage(db: Database, urls: list[str], template: str) -> list[Coverage]:
    covered: list[Coverage] = []
    for url in urls:
        for row in db.query(
            "select i.id, i.week, i.number, i.permalink, i.publication, s.heading from links l "
            "join stories s on s.id = l.story_id join issues i on i.id = l.issue_id "
            "where l.normalized = ? order by i.publication != 'worksonarm', i.date limit 1",
            [normalize_url(url)],
        ):
            covered.append(
                Coverage(url, row["week"], row["number"], row["heading"], issue_url(row, template))
            )
    return covered


def suggest_section(db: Database, text: str) -> str:
    """The recurring archive section whose stories best match the tip's words, or ''."""
    words = [w for w in re.findall(r"[^\W\d_]{4,}", readable(SLACK_LINK.sub(" ", text)).lower())][:12]
    if not words:
        return ""
    match = " OR ".join(f'"{w}"' for w in words)
    rows = db.query(
        "select s.section from stories_fts join stories s on s.id = stories_fts.rowid "
        "where stories_fts match ? and s.section != '' order by rank limit 10",
        [match],
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["section"]] = counts.get(row["section"], 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else ""


def recurring_sections(db: Database, minimum: int = 3, limit: int = 100) -> list[str]:
    """Section names the archive uses again and again, for the section picker."""
    rows = db.query(
        "select name, count(*) as n from ("
        "  select s.section as name from stories s join issues i on i.id = s.issue_id "
        "  where i.publication = 'worksonarm' and s.section != '' "
        "  union all select s.heading from stories s join issues i on i.id = s.issue_id "
        "  where i.publication = 'worksonarm') "
        "group by lower(name) having n >= ? order by n desc, name limit ?",
        [minimum, limit],
    )
    return [row["name"] for row in rows if len(row["name"]) <= 75]


def list_tips(
    db: Database, *, status: str | None = None, user_id: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Tips, newest first, with their links, for editors or for one user."""
    where, params = "1 = 1", []
    if status:
        where += " and status = ?"
        params.append(status)
    if user_id:
        where += " and user_id = ?"
        params.append(user_id)
    tips = list(db.query(f"select * from tips where {where} order by id desc limit {int(limit)}", params))
    for tip in tips:
        tip["covered_issues"] = json.loads(tip.get("covered_issues") or "[]")
        tip["urls"] = [
            r["url"]
            for r in db.query("select url from tip_urls where tip_id = ? order by position", [tip["id"]])
        ]
    return tips


def set_status(db: Database, tip_id: int, status: str) -> bool:
    """Accept or reject a tip (or put it back to new). False when there is no such tip."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    with write_transaction(db):
        cursor = db.execute(
            "update tips set status = ? where id = ? and status != 'published'", [status, tip_id]
        )
    return bool(cursor.rowcount)


def claim_reply(db: Database, event_key: str) -> bool:
    """Only one reply per tip, even when Slack delivers the same event twice at once."""
    with write_transaction(db):
        cursor = db.execute(
            "update tips set replied_at = 'replying' where event_key = ? and replied_at is null", [event_key]
        )
    return cursor.rowcount == 1


def mark_replied(db: Database, tip_id: int, now: dt.datetime) -> None:
    with write_transaction(db):
        db.execute("update tips set replied_at = ? where id = ?", [now.isoformat(timespec="seconds"), tip_id])
