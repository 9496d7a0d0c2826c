"""`GET /metrics`, Prometheus text: what this process counted (requests, searches, tips, polls,
syncs) and, read from the database at scrape time, what must survive a restart (the feed, the
archive, the outbox by destination and state, the index, the tips, the standing questions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.archive.counted import searches_by_outcome
from bot.db import open_db

REGISTRY = CollectorRegistry(auto_describe=True)
_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
ACKS = Histogram(
    "worksonarm_slack_request_seconds",
    "Time from a Slack request to its HTTP answer (the ack), by kind",
    ["kind"],
    buckets=_FAST,
    registry=REGISTRY,
)
SEARCHES = Histogram(
    "worksonarm_search_seconds", "Searches and how long they took, by where they came from", ["surface"],
    buckets=_FAST, registry=REGISTRY,
)  # fmt: skip
TIPS = Counter(
    "worksonarm_tips_total", "Tips taken, by source and outcome", ["source", "outcome"], registry=REGISTRY
)
POLLS = Counter("worksonarm_polls_total", "Feed polls, by result", ["result"], registry=REGISTRY)
SYNCS = Counter("worksonarm_archive_syncs_total", "Archive syncs, by result", ["result"], registry=REGISTRY)


class DatabaseCollector(Collector):
    """Gauges read from the database when Prometheus scrapes: a restart resets none of them."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = db_path

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        with open_db(self.db_path, busy_timeout=1.0) as db:
            yield from _feed(db)
            yield from _archive(db)
            yield from _outbox(db)
            yield from _index(db)
            yield _searches(db)
            yield from _questions(db)


def _gauge(name: str, doc: str, labels: list[str], rows: list[tuple[list[str], float]]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for values, value in rows:
        family.add_metric(values, value)
    return family


def _seconds(iso: str | None) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp() if iso else 0.0


def _feed(db: Any) -> Iterator[GaugeMetricFamily]:
    from bot.logs import redact_url

    rows = list(db.query("select url, last_success_at, failure_streak from feed_state"))
    yield _gauge(
        "worksonarm_feed_last_success_timestamp_seconds", "When the feed was last read", ["feed"],
        [([redact_url(r["url"])], _seconds(r["last_success_at"])) for r in rows],
    )  # fmt: skip
    yield _gauge(
        "worksonarm_feed_failure_streak", "Failed polls in a row", ["feed"],
        [([redact_url(r["url"])], float(r["failure_streak"] or 0)) for r in rows],
    )  # fmt: skip


def _archive(db: Any) -> Iterator[GaugeMetricFamily]:
    rows = list(db.query("select source, last_success_at, failure_streak from archive_state"))
    yield _gauge(
        "worksonarm_archive_last_success_timestamp_seconds", "When the archive last synced", ["source"],
        [([r["source"]], _seconds(r["last_success_at"])) for r in rows],
    )  # fmt: skip
    yield _gauge(
        "worksonarm_archive_failure_streak", "Failed archive syncs in a row", ["source"],
        [([r["source"]], float(r["failure_streak"] or 0)) for r in rows],
    )  # fmt: skip


def _outbox(db: Any) -> Iterator[GaugeMetricFamily]:
    rows = db.query("select kind, destination, status, count(*) as n from deliveries group by 1, 2, 3")
    labels = ["kind", "destination", "state"]
    values = [([r["kind"], r["destination"], r["status"]], float(r["n"])) for r in rows]
    yield _gauge("worksonarm_deliveries", "Outbox deliveries, by kind, destination and state", labels, values)


def _index(db: Any) -> Iterator[GaugeMetricFamily]:
    counts = next(
        iter(
            db.query(
                "select (select count(*) from issues) as issues, (select count(*) from stories) as stories, "
                "(select count(*) from links) as links"
            )
        )
    )
    yield _gauge(
        "worksonarm_index_size",
        "What the index holds",
        ["what"],
        [([k], float(v)) for k, v in counts.items()],
    )
    tips = db.query("select status, count(*) as n from tips group by status")
    yield _gauge(
        "worksonarm_tips", "Tips by status", ["status"], [([r["status"]], float(r["n"])) for r in tips]
    )


def _searches(db: Any) -> CounterMetricFamily:
    # Counted in the database (bot/archive/counted.py), so every process and restart adds up.
    family = CounterMetricFamily(
        "worksonarm_slack_searches",
        "Searches asked in Slack, by outcome: found or nothing",
        labels=["outcome"],
    )
    for outcome, n in searches_by_outcome(db).items():
        family.add_metric([outcome], float(n))
    return family


def _questions(db: Any) -> Iterator[GaugeMetricFamily]:
    # The follow-up DMs are the outbox's: worksonarm_deliveries{kind="message",destination="followup"}.
    rows = db.query("select kind, state, count(*) as n from standing_questions group by 1, 2")
    yield _gauge(
        "worksonarm_standing_questions", "Members' standing questions, by kind and state", ["kind", "state"],
        [([r["kind"], r["state"]], float(r["n"])) for r in rows],
    )  # fmt: skip


def exposition(db_path: str | Path) -> bytes:
    """The whole /metrics page: this process's counters, then the database's gauges."""
    stored = CollectorRegistry(auto_describe=False)
    stored.register(DatabaseCollector(db_path))
    return generate_latest(REGISTRY) + generate_latest(stored)
