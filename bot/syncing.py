"""The archive sync as the bot runs it (`sync`, and `serve` at start and before each poll): the
round itself, its state for `status` and /metrics, and the editors' alert after 3 failures."""

from __future__ import annotations

import logging
from typing import Any

from bot import metrics
from bot.app import after_index, courier_for
from bot.archive.sync import Synced, SyncError, is_git_url, sync_archive
from bot.config import Settings
from bot.db import open_db
from bot.outbox.worker import Courier, deliver_due

log = logging.getLogger("worksonarm")


SYNC_ALERT_AFTER = 3  # failed syncs in a row before the editors hear about it


def run_sync(settings: Settings, courier: Courier | None = None) -> Synced | None:
    """One round of WORKSONARM_ARCHIVE: sync, publish the tips the new issues hold, record the
    result for status and /metrics; after 3 failures in a row, the editors are told once.
    None when no archive is configured. Raises SyncError after recording it."""
    if not settings.archive:
        return None
    courier = courier or courier_for(settings)
    with open_db(settings.db_path) as db:
        state = _archive_state(db, settings.archive)
        _forget_other_sources(db, state["source"])
        try:
            synced = sync_archive(db, settings.archive, settings.db_path, settings.issue_url_template)
        except Exception as exc:  # a bug too: recorded, counted for the streak, the index kept
            failed = str(exc) if isinstance(exc, SyncError) else f"{type(exc).__name__}: {exc}"[:300]
            failed = failed.replace(settings.archive, state["source"])  # no credentials shown
            _record_sync(db, courier, state, failed=failed)
            metrics.SYNCS.labels("failed").inc()
            if isinstance(exc, SyncError):
                raise
            log.exception("archive sync failed")
            raise SyncError(f"the archive sync failed: {failed}") from exc
        after_index(db, synced.report.changed)
        result = f"{len(synced.report.indexed)} indexed, {synced.report.unchanged} unchanged"
        _record_sync(db, courier, state, head=synced.head, result=result)
        metrics.SYNCS.labels("ok" if synced.report.changed or synced.pruned else "unchanged").inc()
        deliver_due(db, courier)  # the thank-you DMs of tips these issues published
    return synced


def forget_unconfigured_archives(settings: Settings) -> None:
    """At start: the sync state of archives no longer configured goes (see _forget_other_sources)."""
    if settings.archive:
        return  # the first sync forgets the others
    with open_db(settings.db_path) as db:
        _forget_other_sources(db, None)


def _forget_other_sources(db: Any, source: str | None) -> None:
    """Only the configured archive is synced, so only its state is shown: a source that failed
    once (a typo, a moved repository) would otherwise stay in `status`, and failing on /metrics,
    forever."""
    from bot.db import write_transaction

    with write_transaction(db):
        db.execute("delete from archive_state where source is not ?", [source])


def _archive_state(db: Any, source: str) -> dict[str, Any]:
    from bot.logs import redact_url

    shown = redact_url(source) if is_git_url(source) else source
    rows = list(db.query("select * from archive_state where source = ?", [shown]))
    return rows[0] if rows else {"source": shown, "failure_streak": 0, "alerted": 0}


def _record_sync(
    db: Any, courier: Courier, state: dict[str, Any], *, failed: str = "", head: str = "", result: str = ""
) -> None:
    from bot.clock import iso
    from bot.db import write_transaction
    from bot.outbox.worker import tell_editors_once

    now = iso(courier.now())
    streak = int(state.get("failure_streak") or 0) + 1 if failed else 0
    alert = bool(failed) and streak >= SYNC_ALERT_AFTER and not state.get("alerted")
    row: dict[str, Any] = {"source": state["source"], "last_sync_at": now, "failure_streak": streak}
    row["last_result"] = f"failed: {failed}" if failed else result
    row["alerted"] = 1 if failed and (alert or state.get("alerted")) else 0
    if not failed:
        row |= {"last_success_at": now, "head": head}
    with write_transaction(db):
        db.table("archive_state").upsert(row, pk="source")
    if failed:
        extra = {"archive": state["source"], "failure_streak": streak}
        log.warning("archive sync failed (%s in a row): %s", streak, failed, extra=extra)
    if alert:
        text = f"Syncing the archive {state['source']} has failed {streak} times in a row: {failed}"
        tell_editors_once(db, courier, f"archive-failing:{now}", text + " The last good index stays.", [])
    elif not failed and state.get("alerted"):
        tell_editors_once(
            db, courier, f"archive-ok:{now}", f"Syncing the archive {state['source']} works again.", []
        )
