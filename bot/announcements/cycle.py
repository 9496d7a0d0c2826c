"""One feed cycle: fetch, index the entries, queue announcements, and deliver what is due.

Publishers and the editors' notifier come from the composition root (Slack and X stay out of here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.announcements.feed import FeedEntry, FeedError, Fetched, entry_issue, fetch_feed, parse_feed
from bot.archive.index import rebuild_vocabulary, record_source, save_issue
from bot.archive.issues import IssueSummary, issue_by_id
from bot.archive.links import host_of, normalize_url
from bot.archive.newsletter import Issue
from bot.archive.search import DEFAULT_ISSUE_URL
from bot.db import write_transaction
from bot.errors import NotAnIssue
from bot.outbox import store as outbox
from bot.publishers.contract import (
    Action,
    AlreadyPublished,
    Ambiguous,
    Notifier,
    Publisher,
    PublishFailed,
    RetryLater,
    Silent,
)
from bot.tips.thanks import mark_published_tips

log = logging.getLogger(__name__)
MASS_CHANGE = 3  # more new (or moved) issues than this in one poll is a site move, not news
ALERT_AFTER = 3  # failed polls in a row before the editors hear about it


@dataclass
class PollReport:
    """What one cycle did, for the CLI, the logs and the tests."""

    not_modified: bool = False
    entries: int = 0
    new_issues: list[str] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    baseline: bool = False
    held: bool = False
    error: str | None = None
    warning: str | None = None
    sent: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    published_tips: list[int] = field(default_factory=list)


@dataclass
class Cycle:
    """Everything a poll needs, passed in: seams instead of monkeypatching."""

    feed_url: str
    publishers: dict[str, Publisher]
    notifier: Notifier = dataclasses.field(default_factory=Silent)
    fetch: Callable[..., Fetched] = fetch_feed
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    dry_run: bool = False
    issue_url_template: str = DEFAULT_ISSUE_URL
    should_stop: Callable[[], bool] = lambda: False  # serve is shutting down: claim nothing new


def poll_once(db: Database, cycle: Cycle) -> PollReport:
    """Fetch and apply the feed, then deliver whatever is due. Never raises on feed trouble."""
    report = PollReport()
    state = _state(db, cycle.feed_url)
    try:
        fetched = cycle.fetch(
            cycle.feed_url, etag=state.get("etag"), last_modified=state.get("last_modified")
        )
        if fetched.not_modified:
            report.not_modified = True
        else:
            entries, report.warning = parse_feed(fetched.content, cycle.feed_url, fetched.content_type)
            report.entries = len(entries)
            _apply(db, cycle, entries, report, first_run=not state.get("baseline_at"))
        _record_success(db, cycle, state, fetched, report)
    except FeedError as exc:
        report.error = str(exc)
        _record_failure(db, cycle, state, report.error)
    deliver_due(db, cycle, report)
    return report


def _state(db: Database, url: str) -> dict[str, Any]:
    rows = list(db.query("select * from feed_state where url = ?", [url]))
    return rows[0] if rows else {"url": url, "failure_streak": 0, "alerted": 0}


def _apply(
    db: Database, cycle: Cycle, entries: list[FeedEntry], report: PollReport, *, first_run: bool
) -> None:
    now = cycle.now()
    new_ids: list[int] = []
    moved = 0
    # BEGIN IMMEDIATE: a second process waits here, then sees our issues as known, not new.
    with write_transaction(db):
        by_link = {
            normalize_url(str(row["permalink"])): dict(row)
            for row in db.query("select * from issues where permalink is not null and permalink != ''")
        }
        seen = {
            row["path"]: row["sha256"]
            for row in db.query("select path, sha256 from sources where path like 'feed:%'")
        }
        for entry in entries:
            key, digest = _entry_key(entry)
            if seen.get(key) == digest and normalize_url(entry.link) in by_link:
                report.unchanged += 1  # the same entry as last time: nothing to write
                continue
            try:
                issue = entry_issue(entry)
            except NotAnIssue as exc:
                log.info("feed entry %r skipped: %s", entry.title[:80], exc)
                continue
            existing = _known_issue(db, issue, entry.link, by_link)
            if existing is not None:
                old_link = existing["permalink"]
                if old_link and host_of(old_link) != host_of(entry.link):
                    moved += 1
                issue = dataclasses.replace(
                    issue, publication=existing["publication"], week=existing["week"], slot=existing["slot"]
                )
            issue_id, created = save_issue(db, issue, permalink=entry.link or None)
            record_source(db, key, digest, issue_id, "indexed", "")
            if created:
                new_ids.append(issue_id)
                report.new_issues.append(issue.week)
            else:
                report.updated += 1
            report.published_tips += mark_published_tips(db, [issue_id])
        destinations = [d for d in outbox.DESTINATIONS if d in cycle.publishers]
        if first_run:
            report.baseline = True  # index everything, announce nothing
        elif len(new_ids) + moved > MASS_CHANGE:
            report.held = True
            for issue_id in new_ids:
                outbox.add_deliveries(db, issue_id, destinations, "held", now)
        else:
            for issue_id in new_ids:
                outbox.add_deliveries(db, issue_id, destinations, "pending", now)
    if new_ids or report.updated:
        rebuild_vocabulary(db)
    elif report.warning and not report.unchanged:
        raise FeedError(f"malformed feed with no usable entry ({report.warning})"[:300])
    if report.held:
        _tell_once(
            db,
            cycle,
            f"held:{','.join(map(str, sorted(new_ids)))}:{moved}",
            f"The feed at {cycle.feed_url} brought {len(new_ids)} new issues"
            + (f" and moved {moved} known issues to a new host" if moved else "")
            + " in one poll. That looks like a site move or re-dated entries, so nothing was announced.",
            [
                Action("Announce newest only", "outbox_newest", "held"),
                Action("Announce all", "outbox_all", "held"),
                Action("Mark all seen", "outbox_seen", "held"),
            ]
            if new_ids
            else [],
        )


def _entry_key(entry: FeedEntry) -> tuple[str, str]:
    """Where an entry's content hash is kept (by its link, not its GUID), and the hash."""
    content = "\0".join((entry.title, str(entry.published), entry.html))
    return f"feed:{normalize_url(entry.link) or entry.guid}", hashlib.sha256(content.encode()).hexdigest()


def _known_issue(
    db: Database, issue: Issue, link: str, by_link: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """The issue this entry already is: by its link, then by week (or number), never by GUID."""
    if link and normalize_url(link) in by_link:
        return by_link[normalize_url(link)]
    if issue.slot:
        return None  # a post, not a numbered issue: only its link identifies it
    rows = list(
        db.query(
            "select * from issues where publication = ? and slot = '' "
            "and (week = ? or (number is not null and number = ?))",
            [issue.publication, issue.week, issue.number],
        )
    )
    return dict(rows[0]) if rows else None


def _record_success(
    db: Database, cycle: Cycle, state: dict[str, Any], fetched: Fetched, report: PollReport
) -> None:
    now = outbox.iso(cycle.now())
    result = "304 not modified" if fetched.not_modified else f"200, {report.entries} entries"
    if report.warning:
        result += f" (malformed, kept what it yielded: {report.warning[:120]})"
    row = {
        "url": cycle.feed_url,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
        "last_poll_at": now,
        "last_success_at": now,
        "last_result": result,
        "failure_streak": 0,
        "alerted": 0,
    }
    if report.baseline:
        row["baseline_at"] = now
    with write_transaction(db):
        db.table("feed_state").upsert(row, pk="url")
    if state.get("alerted"):
        cycle.notifier.tell_editors(f"The feed at {cycle.feed_url} works again ({result}).", [])


def _record_failure(db: Database, cycle: Cycle, state: dict[str, Any], error: str) -> None:
    streak = int(state.get("failure_streak") or 0) + 1
    alert = streak >= ALERT_AFTER and not state.get("alerted")
    with write_transaction(db):
        db.table("feed_state").upsert(
            {
                "url": cycle.feed_url,
                "last_poll_at": outbox.iso(cycle.now()),
                "last_result": f"failed: {error}",
                "failure_streak": streak,
                "alerted": 1 if (alert or state.get("alerted")) else 0,
            },
            pk="url",
        )
    log.warning("feed poll failed (%s in a row): %s", streak, error)
    if alert:
        cycle.notifier.tell_editors(
            f"The feed at {cycle.feed_url} has failed {streak} polls in a row: {error}. "
            "I will say so again when it works.",
            [],
        )


def _tell_once(db: Database, cycle: Cycle, key: str, text: str, actions: list[Action]) -> None:
    with write_transaction(db):
        fresh = db.execute(
            "insert or ignore into notices (key, sent_at) values (?, ?)", [key, outbox.iso(cycle.now())]
        ).rowcount
    if fresh:
        cycle.notifier.tell_editors(text, actions)


def deliver_due(db: Database, cycle: Cycle, report: PollReport | None = None) -> PollReport:
    """Recover stale claims, then send every due delivery that this process can claim."""
    report = report or PollReport()
    _recover(db, cycle)
    for delivery in outbox.due(db, cycle.now()):
        if cycle.should_stop():
            break  # what is not claimed stays pending for the next start
        publisher = cycle.publishers.get(delivery.destination)
        if publisher is None or not outbox.claim(db, delivery.id, cycle.now()):
            continue
        post = issue_by_id(db, delivery.issue_id, issue_url_template=cycle.issue_url_template)
        label = f"{post.week} {delivery.destination}"
        rendered = publisher.render(post)
        if cycle.dry_run:
            log.info("dry run, not sent to %s: %s", delivery.destination, rendered)
            outbox.set_status(db, delivery.id, "skipped", cycle.now(), "dry run")
            db.execute("update deliveries set rendered = ? where id = ?", [rendered, delivery.id])
            continue
        try:
            remote_id = publisher.publish(post)
        except AlreadyPublished as exc:
            outbox.mark_sent(db, delivery.id, "already-out", cycle.now(), rendered)
            log.warning("%s: %s", label, exc)
        except RetryLater as exc:
            at = outbox.mark_failed(db, delivery.id, str(exc), cycle.now(), exc.at)
            report.deferred.append(label)
            log.warning("%s deferred until %s: %s", label, outbox.iso(at), exc)
        except Ambiguous as exc:
            _resolve_ambiguous(db, cycle, publisher, post, delivery, str(exc))
            report.deferred.append(label)
        except Exception as exc:  # PublishFailed and anything unexpected: keep it, retry later, say so
            outbox.mark_failed(db, delivery.id, f"{type(exc).__name__}: {exc}", cycle.now())
            report.deferred.append(label)
            log.exception("%s failed", label)
            if isinstance(exc, PublishFailed):
                _tell_once(db, cycle, f"failed:{delivery.id}", f"Announcing {label} failed: {exc}", [])
        else:
            outbox.mark_sent(db, delivery.id, remote_id, cycle.now(), rendered)
            report.sent.append(label)
            log.info("announced %s (%s)", label, remote_id)
    return report


def _recover(db: Database, cycle: Cycle) -> None:
    """Claims left in `sending` by a crash: Slack is checked first; a tweet is put to the editors."""
    for delivery in outbox.stale_claims(db, cycle.now()):
        publisher = cycle.publishers.get(delivery.destination)
        post = issue_by_id(db, delivery.issue_id, issue_url_template=cycle.issue_url_template)
        log.warning(
            "recovering %s %s left in sending by %s", post.week, delivery.destination, delivery.claimed_by
        )
        _resolve_ambiguous(db, cycle, publisher, post, delivery, f"left in sending by {delivery.claimed_by}")


def _resolve_ambiguous(
    db: Database,
    cycle: Cycle,
    publisher: Publisher | None,
    post: IssueSummary,
    delivery: outbox.Delivery,
    why: str,
) -> None:
    claimed = dt.datetime.fromisoformat(delivery.claimed_at) if delivery.claimed_at else cycle.now()
    found = None
    if publisher is not None and delivery.destination == "slack":
        try:
            found = publisher.find_existing(post, since=claimed - dt.timedelta(minutes=5))
        except Exception:
            log.exception("checking the channel for %s failed; will check again", post.week)
            return
        if found:
            outbox.mark_sent(db, delivery.id, found, cycle.now())
            log.warning("%s was posted before the crash (%s): not posting again", post.week, found)
        else:
            outbox.set_status(db, delivery.id, "pending", cycle.now(), why)
        return
    outbox.set_status(db, delivery.id, "unknown", cycle.now(), why)
    _tell_once(
        db,
        cycle,
        f"unknown:{delivery.id}",
        f"I may or may not have announced {post.title} on {delivery.destination} ({why}). Is it out?",
        [
            Action("Post it", "outbox_post_it", str(delivery.id)),
            Action("It's already out", "outbox_already_out", str(delivery.id)),
        ],
    )
