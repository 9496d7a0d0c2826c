"""One feed cycle: fetch, index the entries, queue announcements of what is new in the feed, and
the follow-ups of the standing questions it answers (bot/questions/followups.py).

Delivering is the outbox's job (bot/outbox/worker.py); the destinations stay out of here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.announcements import shown
from bot.announcements.feed import FeedEntry, FeedError, Fetched, entry_issue, fetch_feed, parse_feed
from bot.archive.index import link_key, record_source, save_issue
from bot.archive.links import host_of, normalize_url
from bot.archive.newsletter import Issue
from bot.clock import iso
from bot.db import write_transaction
from bot.errors import NotAnIssue, Refused
from bot.logs import redact_url
from bot.outbox import store
from bot.outbox.editors import Action, EditorChoice
from bot.outbox.streaks import Round, record_round, state_of
from bot.outbox.worker import Courier, Sent, deliver_due, tell_editors_once
from bot.questions.followups import followups_for_new_issue

log = logging.getLogger(__name__)
MASS_CHANGE = 3  # more new (or moved) issues than this in one poll is a site move, not news


@dataclass
class PollReport(Sent):
    """What one cycle did, for the CLI, the logs and the tests."""

    not_modified: bool = False
    entries: int = 0
    new_issues: list[str] = field(default_factory=list)  # weeks new in the feed
    changed_ids: list[int] = field(default_factory=list)  # issues created or updated
    updated: int = 0
    unchanged: int = 0
    baseline: bool = False
    held: bool = False
    error: str | None = None
    warning: str | None = None
    refused: list[str] = field(default_factory=list)  # entries not read, each with the reason
    published_tips: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry title, why), entries left out


@dataclass
class Cycle:
    """Everything a poll needs, passed in: seams instead of monkeypatching."""

    feed_url: str
    courier: Courier = dataclasses.field(default_factory=Courier)
    fetch: Callable[..., Fetched] = fetch_feed
    # Runs between indexing and delivering (the composition root publishes tips here).
    after_index: Callable[[Database, list[int]], list[int]] = lambda db, ids: []


def poll_once(db: Database, cycle: Cycle) -> PollReport:
    """Fetch and apply the feed, then deliver whatever is due. Never raises on feed trouble: any
    failure, a bug or running out of memory included, is recorded for `status` and the alert."""
    report = PollReport()
    state = state_of(db, _round(cycle.feed_url))
    shown = redact_url(cycle.feed_url)
    try:
        fetched = cycle.fetch(
            cycle.feed_url, etag=state.get("etag"), last_modified=state.get("last_modified")
        )
        if fetched.not_modified:
            report.not_modified = True
        else:
            entries, report.warning = parse_feed(fetched.content, cycle.feed_url, fetched.content_type)
            del fetched.content  # a large feed is not kept while the entries are indexed
            report.entries = len(entries)
            _apply(db, cycle, entries, report, first_run=not state.get("baseline_at"))
        _record_success(db, cycle, state, fetched, report)
    except FeedError as exc:
        report.error = str(exc)
        record_round(db, cycle.courier, _round(cycle.feed_url), state, failed=report.error)
    except Exception as exc:
        report.error = f"{type(exc).__name__} while reading the feed at {shown}"
        log.exception("poll of %s failed", shown)
        record_round(db, cycle.courier, _round(cycle.feed_url), state, failed=report.error)
    if report.changed_ids:
        report.published_tips = cycle.after_index(db, report.changed_ids)
    deliver_due(db, cycle.courier, report)
    return report


def _apply(
    db: Database, cycle: Cycle, entries: list[FeedEntry], report: PollReport, *, first_run: bool
) -> None:
    now = cycle.courier.now()
    new_ids: list[int] = []
    moved = 0
    parsed = _parse_changed(db, entries)
    # BEGIN IMMEDIATE: a second process waits here, then sees our issues as seen, not new.
    with write_transaction(db):
        known = {r["link_key"] for r in db.query("select link_key from issues where link_key is not null")}
        seen = _seen(db)
        for n, entry in enumerate(entries):
            key, digest = _entry_key(entry)
            if seen.get(key) == digest and link_key(entry.link) in known:
                report.unchanged += 1  # the same entry as last time: nothing to write
                continue
            try:
                with write_transaction(db):  # a savepoint: an entry that fails leaves nothing behind
                    outcome = _apply_entry(db, cycle, _issue_of(entry, parsed.get(n)), key, digest)
            except Refused as exc:  # too large to parse: the others go on
                report.refused.append(f"{entry.title[:80]!r}: {exc}")
                log.warning("feed entry %r refused: %s", entry.title[:80], exc)
                continue
            except NotAnIssue as exc:  # IssueConflict too
                log.info("feed entry %r skipped: %s", entry.title[:80], exc)
                report.skipped.append((entry.title[:80], str(exc)[:200]))
                continue
            except Exception as exc:  # one bad entry must not cost the others their poll
                log.warning("feed entry %r skipped: %s: %s", entry.title[:80], type(exc).__name__, exc)
                report.skipped.append((entry.title[:80], f"{type(exc).__name__}: {str(exc)[:200]}"))
                continue
            if outcome.changed:
                report.changed_ids.append(outcome.issue_id)
            if outcome.new:
                new_ids.append(outcome.issue_id)
                report.new_issues.append(outcome.week)
            else:
                moved += outcome.moved
                report.updated += 1
        destinations = list(cycle.courier.publishers)  # in the order of bot/publishers/destinations.py
        if first_run:
            report.baseline = True  # index everything, announce nothing
        elif len(new_ids) + moved > MASS_CHANGE:
            report.held = True
            for issue_id in new_ids:
                store.add_deliveries(db, issue_id, destinations, "held", now)
                followups_for_new_issue(db, issue_id, "held", now)  # released with the announcements
        else:
            for issue_id in new_ids:
                store.add_deliveries(db, issue_id, destinations, "pending", now)
                followups_for_new_issue(db, issue_id, "pending", now)
                shown.mark_news(db, issue_id)  # not a first poll nor a site move: news
    if report.warning and not report.changed_ids and not report.unchanged and not new_ids:
        raise FeedError(f"malformed feed with no usable entry ({report.warning})"[:300])
    if report.held:
        _tell_about_mass_change(db, cycle, new_ids, moved)


@dataclass
class _Outcome:
    """What one feed entry did to the index."""

    issue_id: int
    week: str
    new: bool  # the feed never showed this issue before, under any of its names
    moved: bool  # an issue the feed showed before, now at another host
    changed: bool  # its stories were written (not kept by a greater source)


def _apply_entry(db: Database, cycle: Cycle, issue: Issue, key: str, digest: str) -> _Outcome:
    """Index one entry's issue and tell whether it is new in the feed."""
    saved = save_issue(db, issue, source="feed", permalink=issue.permalink, now=cycle.courier.now)
    record_source(db, key, digest, saved.id, "indexed", "", now=cycle.courier.now)
    shown.save_feed_words(db, saved.id, issue)
    previous = saved.previous
    row = next(iter(db.query("select * from issues where id = ?", [saved.id])))
    names = shown.issue_identities(issue) | shown.identities(row) | shown.identities(previous or {})
    # New means new in the feed, whatever the index already knew from files; and what the feed
    # showed belongs to the issue's names, not to the index row a moved archive file may remake.
    before = shown.shown_before(db, names)
    shown.remember_shown(db, names, saved.id, iso(cycle.courier.now()))
    old_link = (previous or {}).get("permalink") if before else None
    return _Outcome(
        issue_id=saved.id,
        week=str(row["week"]),
        new=not before,
        moved=bool(old_link and issue.permalink and host_of(old_link) != host_of(issue.permalink)),
        changed=not saved.kept,
    )


def _seen(db: Database) -> dict[str, str]:
    return {
        row["path"]: row["sha256"]
        for row in db.query("select path, sha256 from sources where path like 'feed:%'")
    }


def _parse_changed(db: Database, entries: list[FeedEntry]) -> dict[int, Issue | Exception]:
    """The entries changed since the last poll, parsed before the write lock is taken: parsing is
    the slow part, and tips, replies and /healthz must not wait for it."""
    seen = _seen(db)
    parsed: dict[int, Issue | Exception] = {}
    for n, entry in enumerate(entries):
        key, digest = _entry_key(entry)
        if seen.get(key) != digest:
            try:
                parsed[n] = entry_issue(entry)
            except Exception as exc:  # raised again for this entry alone, inside the loop
                parsed[n] = exc
    return parsed


def _issue_of(entry: FeedEntry, parsed: Issue | Exception | None) -> Issue:
    """The entry's issue as parsed before the lock (or now, if it was not), or what it raised."""
    if isinstance(parsed, Exception):
        raise parsed
    return parsed or entry_issue(entry)


def _tell_about_mass_change(db: Database, cycle: Cycle, new_ids: list[int], moved: int) -> None:
    tell_editors_once(
        db,
        cycle.courier,
        f"held:{','.join(map(str, sorted(new_ids)))}:{moved}",
        f"The feed at {redact_url(cycle.feed_url)} brought {len(new_ids)} new issues"
        + (f" and moved {moved} known issues to a new host" if moved else "")
        + " in one poll. That looks like a site move or re-dated entries, so nothing was announced.",
        [
            Action("Announce newest only", EditorChoice.NEWEST, "held"),
            Action("Announce all", EditorChoice.ALL, "held"),
            Action("Mark all seen", EditorChoice.SEEN, "held"),
        ]
        if new_ids
        else [],
    )


def _entry_key(entry: FeedEntry) -> tuple[str, str]:
    """Where an entry's content hash is kept (by its link, not its GUID), and the hash."""
    content = "\0".join((entry.title, str(entry.published), entry.html))
    return f"feed:{normalize_url(entry.link) or entry.guid}", hashlib.sha256(content.encode()).hexdigest()


def _round(url: str) -> Round:
    """The feed's polls as a round whose failures are counted, kept under the feed's redacted URL:
    credentials stay in the environment, never in the database (nor in the notices' keys)."""
    shown = redact_url(url)
    return Round(
        table="feed_state",
        key="url",
        name=shown,
        tried_at="last_poll_at",
        what="feed poll",
        notice="feed",
        scope=f"{hashlib.sha256(url.encode()).hexdigest()[:12]}:",
        failing=lambda streak, error: (
            f"The feed at {shown} has failed {streak} polls in a row: {error}. "
            "I will say so again when it works."
        ),
        working=lambda result: f"The feed at {shown} works again ({result}).",
        log=log,
    )


def _record_success(
    db: Database, cycle: Cycle, state: dict[str, Any], fetched: Fetched, report: PollReport
) -> None:
    result = "304 not modified" if fetched.not_modified else f"200, {report.entries} entries"
    if report.warning:
        result += f" (malformed, kept what it yielded: {report.warning[:120]})"
    if report.refused:
        result += f"; {len(report.refused)} entries refused: {'; '.join(report.refused)[:300]}"
    kept = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    if report.baseline:
        kept["baseline_at"] = iso(cycle.courier.now())
    record_round(db, cycle.courier, _round(cycle.feed_url), state, result=result, kept=kept)
