"""A round that must keep working, the feed's polls and the archive's syncs alike: its last result
kept in its state row for `status` and /metrics, its failures counted in a row, and the editors
told once when the streak reaches ALERT_AFTER, and once more when it works again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.clock import iso
from bot.db import write_transaction
from bot.outbox.worker import Courier, tell_editors_once

ALERT_AFTER = 3  # failed rounds in a row before the editors hear about it


@dataclass(frozen=True)
class Round:
    """A kind of round, and the one it is: where its state is kept and what the editors are told."""

    table: str  # its state table: feed_state, archive_state
    key: str  # that table's key column
    name: str  # this round's key, as shown (credentials redacted)
    tried_at: str  # the column of the last try
    what: str  # in the log: "feed poll", "archive sync"
    notice: str  # the editors' notices are keyed `<notice>-failing:<scope><time>` and `<notice>-ok:…`
    failing: Callable[[int, str], str]  # the alert, from the streak and the error
    working: Callable[[str], str]  # the all-clear, from the result
    log: logging.Logger
    scope: str = ""  # which one of its kind, in the notices' keys (they travel in Slack's metadata)


def state_of(db: Database, round_: Round) -> dict[str, Any]:
    """The round's state row as the last round left it (a first round: no failures)."""
    rows = list(db.query(f"select * from {round_.table} where {round_.key} = ?", [round_.name]))
    return rows[0] if rows else {round_.key: round_.name, "failure_streak": 0, "alerted": 0}


def record_round(
    db: Database,
    courier: Courier,
    round_: Round,
    state: dict[str, Any],
    *,
    failed: str = "",
    result: str = "",
    kept: dict[str, Any] | None = None,
) -> None:
    """Record one round: `failed` says why it failed, else `result` what it did and `kept` the other
    columns a success sets. The editors hear of the third failure in a row, and of the recovery."""
    now = iso(courier.now())
    streak = int(state.get("failure_streak") or 0) + 1 if failed else 0
    alert = bool(failed) and streak >= ALERT_AFTER and not state.get("alerted")
    row: dict[str, Any] = {round_.key: round_.name, round_.tried_at: now, "failure_streak": streak}
    row["last_result"] = f"failed: {failed}" if failed else result
    row["alerted"] = 1 if failed and (alert or state.get("alerted")) else 0
    if not failed:
        row |= {"last_success_at": now, **(kept or {})}
    with write_transaction(db):
        db.table(round_.table).upsert(row, pk=round_.key)
    if failed:
        extra = {round_.notice: round_.name, "failure_streak": streak}
        round_.log.warning("%s failed (%s in a row): %s", round_.what, streak, failed, extra=extra)
    if alert:
        tell_editors_once(
            db, courier, f"{round_.notice}-failing:{round_.scope}{now}", round_.failing(streak, failed), []
        )
    elif not failed and state.get("alerted"):
        tell_editors_once(db, courier, f"{round_.notice}-ok:{round_.scope}{now}", round_.working(result), [])
