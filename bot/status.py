"""What is in the index, for `status` and the health check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from bot.logs import redact_url
from bot.outbox import store
from bot.outbox.store import needing_decision as needing_decision  # the editors' home reads it here
from bot.publishers.destinations import NAMES


def index_status(db: Database, configured: tuple[str, ...] = ()) -> dict[str, Any]:
    """Counts of issues, stories and links, per publication, and the latest issue; the feed, the
    archive, and the outbox (every destination, `configured` or not, by state)."""
    counts = next(
        iter(
            db.query(
                "select (select count(*) from issues) as issues, "
                "(select count(*) from stories) as stories, "
                "(select count(*) from links) as links, "
                "(select count(distinct normalized) from links) as distinct_links, "
                "(select count(*) from sources where status = 'indexed' and path not like 'feed:%') "
                "as files_indexed, "
                "(select count(*) from sources where status = 'skipped' and path not like 'feed:%') "
                "as files_skipped, "
                "(select max(indexed_at) from sources) as last_indexed, "
                "(select count(*) from tips where status = 'new') as tips_new, "
                "(select count(*) from standing_questions where state = 'open') as questions_open, "
                # A thank-you DM whose sender died mid-send and Slack could not confirm: never doubled.
                "(select count(*) from deliveries where key like 'thanks:%' and status = 'unknown') "
                "as thanks_in_doubt"
            )
        )
    )
    publications = {
        row["publication"]: row["n"]
        for row in db.query("select publication, count(*) as n from issues group by publication")
    }
    latest = list(
        db.query(
            "select week, title, date from issues where publication = 'worksonarm' order by date desc limit 1"
        )
    )
    feeds = [
        {k: row[k] for k in ("last_poll_at", "last_success_at", "last_result", "etag", "failure_streak")}
        | {"url": redact_url(row["url"])}
        | {
            "first_poll": f"{row['baseline_at']}: indexed everything, announced nothing"
            if row["baseline_at"]
            else None
        }
        for row in db.query("select * from feed_state order by url")
    ]
    archives = [
        {
            k: row[k]
            for k in ("source", "head", "last_sync_at", "last_success_at", "last_result", "failure_streak")
        }
        | {
            "removed": row["removed"] or 0,
            # The issues a sync would remove and holds until an editor confirms, newest first.
            "held_removals": json.loads(row["held_removals"] or "[]"),
            "held_key": row["held_key"],
            "refused": [{"path": p, "reason": r} for p, r in json.loads(row["refused"] or "[]")],
        }
        for row in db.query("select * from archive_state order by source")
    ]
    by_destination = store.counts_by_destination(db)
    destinations = {d: {"configured": d in configured, **by_destination.get(d, {})} for d in NAMES}
    deliveries = store.counts(db, "announce")
    messages = store.counts(db, "message")
    note = store.last_sent(db, store.DIGEST)
    return {
        **counts,
        "feeds": feeds,
        "archive": archives,
        "deliveries": {
            s: deliveries.get(s, 0) for s in ("pending", "sending", "held", "failed", "unknown", "sent")
        },
        "destinations": destinations,
        "messages": {
            s: messages.get(s, 0) for s in ("pending", "failed", "unknown", "sent") if messages.get(s)
        },
        "publications": publications,
        "latest_issue": f"{latest[0]['week']} {latest[0]['title']}" if latest else None,
        # The editors' weekly note that went out last: when, and for which ISO week.
        "weekly_note": {"last_sent_at": note.updated_at, "week": note.key.rsplit(":", 1)[-1]}
        if note
        else None,
    }


def status_lines(status: dict[str, Any], settings: Any) -> Iterator[str]:
    """`status` for a person at a terminal: one fact a line, labels aligned, no Python values."""
    yield _row("database", status["db"])
    yield _row(
        "index",
        f"{status['issues']:,} issues, {status['stories']:,} stories, {status['links']:,} links "
        f"({status['distinct_links']:,} distinct)",
    )
    yield _row(
        "",
        f"{status['files_indexed']:,} files indexed, {status['files_skipped']:,} skipped; "
        f"last indexed {_when(status['last_indexed'])}",
    )
    if len(status["publications"]) > 1:
        yield _row("", ", ".join(f"{name} {n:,}" for name, n in sorted(status["publications"].items())))
    yield _row("latest issue", status["latest_issue"] or "none")
    yield _row("tips", f"{status['tips_new']:,} new")
    yield _row("questions", f"{status['questions_open']:,} open (`questions` lists what readers asked)")
    for feed in status["feeds"]:
        yield _row("feed", f"{feed['url']} (ETag {feed['etag'] or 'none'})")
        yield from _rounds(feed, "poll")
        if feed["first_poll"]:
            yield _row("", f"first poll {feed['first_poll']}")
    if not status["feeds"]:
        yield _row("feed", "never polled" if settings.feed_url else "none (WORKSONARM_FEED_URL is not set)")
    for archive in status["archive"]:
        yield _row("archive", archive["source"] + (f" at {archive['head'][:12]}" if archive["head"] else ""))
        yield from _rounds(archive, "sync")
        if archive["held_removals"]:
            weeks = archive["held_removals"]
            shown = ", ".join(weeks[:10]) + (", …" if len(weeks) > 10 else "")
            yield _row(
                "", f"holds {len(weeks)} removals until an editor confirms (--allow-removals): {shown}"
            )
        for refused in archive["refused"]:
            yield _row("", f"refused {refused['path']}: {refused['reason']}")
    if not status["archive"]:
        yield _row("archive", "never synced" if settings.archive else "none (WORKSONARM_ARCHIVE is not set)")
    yield _row("announcements", _counts(status["deliveries"]))
    for name, counts in status["destinations"].items():
        states = _counts({state: n for state, n in counts.items() if state != "configured"})
        yield _row(f"  {name}", f"{'on' if counts['configured'] else 'off (not configured)'}: {states}")
    yield _row("messages", _counts(status["messages"]))
    note = status["weekly_note"]
    schedule = "off" if settings.digest.strip().lower() == "off" else f"{settings.digest} {settings.timezone}"
    sent = f"last sent {_when(note['last_sent_at'])} ({note['week']})" if note else "never sent"
    yield _row("weekly note", f"{schedule}; {sent}")
    if status["thanks_in_doubt"]:
        yield _row("", f"{status['thanks_in_doubt']} thank-you DMs may or may not have gone out")


def _rounds(row: dict[str, Any], verb: str) -> Iterator[str]:
    """A feed's polls or an archive's syncs: the last one, the last good one, the failures."""
    yield _row("", f"last {verb} {_when(row[f'last_{verb}_at'])}: {row['last_result'] or 'no result'}")
    yield _row("", f"last success {_when(row['last_success_at'])}, {row['failure_streak']} failures in a row")


def _row(label: str, value: str) -> str:
    return f"{label:<15}{value}"


def _counts(by_state: dict[str, int]) -> str:
    shown = [f"{n:,} {state}" for state, n in by_state.items() if n]
    return ", ".join(shown) or "none"


def _when(iso: str | None) -> str:
    """An ISO time as `2026-12-06 14:03 UTC`, or `never`."""
    if not iso:
        return "never"
    return iso[:16].replace("T", " ") + (" UTC" if iso.endswith(("+00:00", "Z")) else "")
