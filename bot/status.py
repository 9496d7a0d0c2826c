"""What is in the index, for `status` and the health check."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.logs import redact_url
from bot.outbox import store


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
        for row in db.query("select * from archive_state order by source")
    ]
    by_destination = store.counts_by_destination(db)
    destinations = {
        d: {"configured": d in configured, **by_destination.get(d, {})} for d in store.DESTINATIONS
    }
    deliveries = store.counts(db, "announce")
    messages = store.counts(db, "message")
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
    }


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
