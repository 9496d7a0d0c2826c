"""The archive sync as the bot runs it (`sync`, and `serve` at start and before each poll): the
round itself, its state for `status` and /metrics, the editors' alert after 3 failures, and a
mass removal held until an editor confirms it (`sync --allow-removals`, or the button)."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot import metrics
from bot.archive.sync import Synced, SyncError, is_git_url, sync_archive
from bot.config import Settings
from bot.db import open_db, write_transaction
from bot.indexed import after_index, forget_issue
from bot.logs import redact_url
from bot.outbox.editors import Action, EditorChoice
from bot.outbox.streaks import Round, record_round, state_of
from bot.outbox.worker import Courier, deliver_due, tell_editors_once
from bot.schema import migrations

log = logging.getLogger("worksonarm")


SHOWN_REFUSED = 20  # refused files kept for `status`; the log has every one


def run_sync(settings: Settings, courier: Courier, *, allow_removals: bool = False) -> Synced | None:
    """One round of WORKSONARM_ARCHIVE: sync, publish the tips the new issues hold, record the
    result for status and /metrics; after 3 failures in a row, the editors are told once. A mass
    removal stays held (the index keeps the issues, the editors are asked) unless
    `allow_removals` or an editor confirmed it. None when no archive is configured. Raises
    SyncError after recording it."""
    if not settings.archive:
        return None
    round_ = _round(settings.archive)
    with open_db(settings.db_path, migrations=migrations) as db:
        state = state_of(db, round_)
        _forget_other_sources(db, round_.name)
        try:
            synced = sync_archive(
                db, settings.archive, settings.db_path, settings.issue_url_template, forget=forget_issue,
                allow_removals=allow_removals, confirmed=state.get("confirmed_removals") or "",
            )  # fmt: skip
        except Exception as exc:  # a bug too: recorded, counted for the streak, the index kept
            failed = str(exc) if isinstance(exc, SyncError) else f"{type(exc).__name__}: {exc}"[:300]
            failed = failed.replace(settings.archive, round_.name)  # no credentials shown
            record_round(db, courier, round_, state, failed=failed)
            metrics.SYNCS.labels("failed").inc()
            if isinstance(exc, SyncError):
                raise
            log.exception("archive sync failed")
            raise SyncError(f"the archive sync failed: {failed}") from exc
        after_index(db, synced.report.changed)
        record_round(db, courier, round_, state, result=sync_result(synced), kept=_state_of(synced))
        _tell_about_held(db, courier, synced)
        metrics.SYNCS.labels("ok" if synced.report.changed or synced.pruned else "unchanged").inc()
        deliver_due(db, courier)  # the thank-you DMs of tips these issues published
    return synced


def sync_result(synced: Synced) -> str:
    """One line: what the sync indexed, removed, refused and holds."""
    report = synced.report
    result = f"{len(report.indexed)} indexed, {report.unchanged} unchanged, {synced.pruned} removed"
    if report.refused:
        result += f", {len(report.refused)} files refused"
    if synced.held:
        result += (
            f"; held: the archive no longer has {len(synced.held)} issues, kept until an editor "
            "confirms (`sync --allow-removals`)"
        )
    return result


def _state_of(synced: Synced) -> dict[str, Any]:
    """The columns of `archive_state` a successful sync sets; each refused file logged."""
    for path, reason in synced.report.refused:
        log.warning("archive file refused: %s: %s", path, reason, extra={"archive": synced.source})
    if synced.held:
        log.warning("archive sync holds %s removals: %s", len(synced.held), ", ".join(synced.held[:20]))
    return {
        "head": synced.head,
        "removed": synced.pruned,
        "held_removals": json.dumps(synced.held) if synced.held else None,
        "held_key": synced.held_key or None,
        "confirmed_removals": None,  # used, or about removals this sync no longer finds
        "refused": json.dumps(synced.report.refused[:SHOWN_REFUSED]) if synced.report.refused else None,
    }


def _tell_about_held(db: Any, courier: Courier, synced: Synced) -> None:
    if not synced.held:
        return
    weeks = ", ".join(synced.held[:10]) + (", …" if len(synced.held) > 10 else "")
    text = (
        f"Syncing the archive {synced.source} would remove {len(synced.held)} issues from the index "
        f"({weeks}): a force-push that emptied the repository, or a move of the whole tree? They stay "
        "searchable until an editor confirms the removal here or with `worksonarm-bot sync --allow-removals`."
    )
    action = Action("Remove them from the index", EditorChoice.ARCHIVE_REMOVALS, synced.held_key)
    tell_editors_once(db, courier, f"archive-removals:{synced.held_key}", text, [action])


def remove_held(settings: Settings, courier: Courier, key: str) -> str:
    """An editor confirms the removals named `key` (the button): a sync runs now and applies them,
    if the archive still lacks exactly those issues. One sentence on what happened."""
    with open_db(settings.db_path, migrations=migrations) as db, write_transaction(db):
        db.execute("update archive_state set confirmed_removals = ? where held_key = ?", [key, key])
        if not db.execute("select changes()").fetchone()[0]:
            return "Already settled: those removals no longer wait."
    try:
        synced = run_sync(settings, courier)
    except SyncError as exc:
        return f"The sync failed ({exc}); your confirmation stays for the next one."
    if synced is None or synced.held:
        return "The archive changed since: nothing was removed, and the new removals wait for you."
    return f"Removed {synced.pruned} issues the archive no longer has from the index."


def forget_unconfigured_archives(settings: Settings) -> None:
    """At start: the sync state of archives no longer configured goes (see _forget_other_sources)."""
    if settings.archive:
        return  # the first sync forgets the others
    with open_db(settings.db_path, migrations=migrations) as db:
        _forget_other_sources(db, None)


def _forget_other_sources(db: Any, source: str | None) -> None:
    """Only the configured archive is synced, so only its state is shown: a source that failed
    once (a typo, a moved repository) would otherwise stay in `status`, and failing on /metrics,
    forever."""
    with write_transaction(db):
        db.execute("delete from archive_state where source is not ?", [source])


def _round(source: str) -> Round:
    """The archive's syncs as a round whose failures are counted, kept under the source as shown."""
    shown = redact_url(source) if is_git_url(source) else source
    return Round(
        table="archive_state",
        key="source",
        name=shown,
        tried_at="last_sync_at",
        what="archive sync",
        notice="archive",
        failing=lambda streak, error: (
            f"Syncing the archive {shown} has failed {streak} times in a row: {error} "
            "The last good index stays."
        ),
        working=lambda result: f"Syncing the archive {shown} works again.",
        log=log,
    )
