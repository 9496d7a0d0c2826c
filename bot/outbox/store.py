"""The outbox: every side effect that must happen once is a delivery, claimed atomically, sent once.

A delivery's `key` says what happens once: `announce:<issue>:<destination>`, `thanks:<tip>`,
`notice:<what>:<editor>`, `reply:<event>`, `followup:<member>:<issue>` (bot/questions/),
`digest:<editor>:<ISO week>` (the editors' weekly note). States:
pending → sending → sent | failed (retried later) | held | skipped | unknown (an editor decides).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.clock import iso
from bot.db import write_transaction

LEASE = dt.timedelta(minutes=10)  # a claim older than this is stale even if we cannot see its owner
BACKOFF_CAP = dt.timedelta(hours=1)


def _run_owner() -> str:
    """This process run: host, PID and a random id. A container restarted in place keeps its host
    name and runs the bot as PID 1 again, so host and PID alone would take a dead run's claim for ours."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


OWNER = _run_owner()


@dataclass
class Delivery:
    id: int
    key: str
    kind: str  # announce or message
    destination: str
    status: str
    attempts: int
    issue_id: int | None = None
    payload: dict[str, Any] | None = None
    claimed_by: str | None = None
    claimed_at: str | None = None
    updated_at: str | None = None


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=int(row["id"]),
        key=str(row["key"]),
        kind=row.get("kind") or "announce",
        destination=row["destination"],
        status=row["status"],
        attempts=int(row["attempts"] or 0),
        issue_id=row.get("issue_id"),
        payload=json.loads(row["payload"]) if row.get("payload") else None,
        claimed_by=row.get("claimed_by"),
        claimed_at=row.get("claimed_at"),
        updated_at=row.get("updated_at"),
    )


def announce_key(issue_id: int, destination: str) -> str:
    return f"announce:{issue_id}:{destination}"


DIGEST = "digest:"


def digest_key(editor: str, week: str) -> str:
    """The editors' weekly note: one per editor per ISO week (`2026-W49`), ever."""
    return f"{DIGEST}{editor}:{week}"


def add_deliveries(
    db: Database, issue_id: int, destinations: list[str], status: str, now: dt.datetime
) -> int:
    """One announcement per destination; an existing one is never duplicated (UNIQUE key)."""
    added = 0
    for destination in destinations:
        cursor = db.execute(
            "insert or ignore into deliveries (key, kind, issue_id, destination, status, attempts, "
            "created_at, updated_at) values (?, 'announce', ?, ?, ?, 0, ?, ?)",
            [announce_key(issue_id, destination), issue_id, destination, status, iso(now), iso(now)],
        )
        added += cursor.rowcount
    return added


def enqueue_message(
    db: Database,
    key: str,
    payload: dict[str, Any],
    now: dt.datetime,
    destination: str = "slack",
    *,
    issue_id: int | None = None,
    status: str = "pending",
) -> int | None:
    """A message that must be sent once. Returns its id, or None when the key was queued before
    (a retried event, a second worker): then someone else sends it, and nobody sends it twice.
    A message about an issue (`issue_id`) is held and released with the issue's announcements."""
    with write_transaction(db):
        cursor = db.execute(
            "insert or ignore into deliveries (key, kind, issue_id, destination, status, attempts, payload, "
            "created_at, updated_at) values (?, 'message', ?, ?, ?, 0, ?, ?, ?)",
            [key, issue_id, destination, status, json.dumps(payload, ensure_ascii=False), iso(now), iso(now)],
        )
        return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


def get(db: Database, delivery_id: int) -> Delivery | None:
    """The delivery of that id, or None (an id from a button may be of no delivery)."""
    rows = list(db.query("select * from deliveries where id = ?", [delivery_id]))
    return _delivery(rows[0]) if rows else None


def by_key(db: Database, key: str) -> Delivery | None:
    """The delivery queued under `key`, or None when nothing was."""
    rows = list(db.query("select * from deliveries where key = ?", [key]))
    return _delivery(rows[0]) if rows else None


def last_sent(db: Database, key_prefix: str) -> Delivery | None:
    """The delivery whose key starts with `key_prefix` that went out last, or None."""
    rows = list(
        db.query(
            "select * from deliveries where substr(key, 1, ?) = ? and status = 'sent' "
            "order by updated_at desc, id desc limit 1",
            [len(key_prefix), key_prefix],
        )
    )
    return _delivery(rows[0]) if rows else None


def due(db: Database, now: dt.datetime) -> list[Delivery]:
    """Deliveries ready to try now: messages first (people wait for them), then the oldest issue's
    announcements, then the messages about an issue (a follow-up DM names an issue its channel
    has been told of first)."""
    rows = db.query(
        "select d.* from deliveries d left join issues i on i.id = d.issue_id "
        "where d.status in ('pending', 'failed') and (d.next_try_at is null or d.next_try_at <= ?) "
        "order by case when d.kind = 'announce' then 1 when d.issue_id is null then 0 else 2 end, "
        "i.date, d.id",
        [iso(now)],
    )
    return [_delivery(r) for r in rows]


def claim(db: Database, delivery_id: int, now: dt.datetime, owner: str = OWNER) -> bool:
    """Take a delivery for sending. One UPDATE, so two processes can never both win it."""
    with write_transaction(db):
        cursor = db.execute(
            "update deliveries set status = 'sending', claimed_by = ?, claimed_at = ?, "
            "attempts = attempts + 1, updated_at = ? "
            "where id = ? and status in ('pending', 'failed') and (next_try_at is null or next_try_at <= ?)",
            [owner, iso(now), iso(now), delivery_id, iso(now)],
        )
    return cursor.rowcount == 1


def mark_sent(db: Database, delivery_id: int, remote_id: str, now: dt.datetime, rendered: str = "") -> None:
    # A sent message keeps its key (a retried event still finds it) but not its body.
    with write_transaction(db):
        db.execute(
            "update deliveries set status = 'sent', remote_id = ?, error = null, rendered = ?, "
            "next_try_at = null, updated_at = ?, payload = case when kind = 'message' then null "
            "else payload end where id = ?",
            [remote_id, rendered, iso(now), delivery_id],
        )


def mark_failed(
    db: Database, delivery_id: int, error: str, now: dt.datetime, retry_at: dt.datetime | None = None
) -> dt.datetime:
    """Back to the queue with a time to try again: the server's, or an exponential backoff."""
    attempts = int(
        next(iter(db.query("select attempts from deliveries where id = ?", [delivery_id])))["attempts"]
    )
    if retry_at is None:
        retry_at = now + min(dt.timedelta(minutes=2 ** max(0, attempts - 1)), BACKOFF_CAP)
    with write_transaction(db):
        db.execute(
            "update deliveries set status = 'failed', error = ?, next_try_at = ?, claimed_by = null, "
            "updated_at = ? where id = ?",
            [error[:500], iso(retry_at), iso(now), delivery_id],
        )
    return retry_at


def set_status(
    db: Database, delivery_id: int, status: str, now: dt.datetime, note: str = "", rendered: str | None = None
) -> None:
    with write_transaction(db):
        db.execute(
            "update deliveries set status = ?, error = coalesce(nullif(?, ''), error), next_try_at = null, "
            "rendered = coalesce(?, rendered), updated_at = ? where id = ?",
            [status, note, rendered, iso(now), delivery_id],
        )


def stale_claims(db: Database, now: dt.datetime, owner: str = OWNER) -> list[Delivery]:
    """Deliveries left in `sending` by an earlier run or a dead process (or past their lease)."""
    stale = []
    for row in db.query("select * from deliveries where status = 'sending'"):
        delivery = _delivery(row)
        if delivery.claimed_by == owner:
            continue  # this run's own, in flight
        old = not delivery.claimed_at or dt.datetime.fromisoformat(delivery.claimed_at) < now - LEASE
        if old or not _owner_alive(delivery.claimed_by):
            stale.append(delivery)
    return stale


def _owner_alive(owner: str | None) -> bool:
    """Whether the run that made a claim may still be running (the lease decides when we cannot tell)."""
    host, pid, *_ = [*(owner or "").split(":"), "", ""]
    if host != socket.gethostname() or not pid.isdecimal():
        return True  # another machine: only the lease can tell
    if int(pid) == os.getpid():
        return False  # our PID, but another run's claim: an earlier run of this PID died
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def counts(db: Database, kind: str = "announce") -> dict[str, int]:
    """Deliveries of one kind by status."""
    return {
        row["status"]: int(row["n"])
        for row in db.query(
            "select status, count(*) as n from deliveries where kind = ? group by status", [kind]
        )
    }


def counts_by_destination(db: Database) -> dict[str, dict[str, int]]:
    """Announcements by destination, then status."""
    counted: dict[str, dict[str, int]] = {}
    for row in db.query(
        "select destination, status, count(*) as n from deliveries where kind = 'announce' group by 1, 2"
    ):
        counted.setdefault(row["destination"], {})[row["status"]] = int(row["n"])
    return counted


def needing_decision(db: Database, limit: int = 10) -> list[dict[str, Any]]:
    """Announcements an editor should look at: held (a mass change), failed (retried, or refused),
    unknown (perhaps out, perhaps not). Newest issue first."""
    return list(
        db.query(
            "select d.id, d.status, d.destination, d.error, d.next_try_at, i.week, i.title "
            "from deliveries d join issues i on i.id = d.issue_id "
            "where d.kind = 'announce' and d.status in ('held', 'failed', 'unknown') "
            "order by i.date desc, d.id limit ?",
            [limit],
        )
    )


def forget_issue(db: Database, issue_id: int) -> None:
    """An issue leaves the index: its deliveries stay (what was sent, held or skipped), without it."""
    db.execute("update deliveries set issue_id = null where issue_id = ?", [issue_id])


def deliveries_of(db: Database, issue_id: int) -> list[Delivery]:
    """An issue's deliveries, oldest first."""
    return [
        _delivery(r) for r in db.query("select * from deliveries where issue_id = ? order by id", [issue_id])
    ]
