"""Sending the weekly note: once its time this week has come, each editor gets one DM for the ISO
week, as an outbox message keyed `digest:<editor>:<week>`. The key makes it once across restarts
and processes; only the current week is ever keyed, so a bot down for weeks sends no backlog."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.clock import Weekly
from bot.digest.note import WeeklyNote, gather_note
from bot.outbox import store
from bot.outbox.worker import Courier, send_once

log = logging.getLogger(__name__)


@dataclass
class WeeklyRound:
    """What one run did: the week, and the editors whose note it queued or found queued before."""

    week: str = ""
    queued: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    not_yet: bool = False  # this week's time has not come


def send_weekly_notes(
    db: Database, courier: Courier, weekly: Weekly | None, *, at_once: bool = False
) -> WeeklyRound:
    """This week's note to every editor who has not had it, once its time has come (at once with
    `at_once`: the operator's `digest` command). Sent through the outbox right away."""
    if weekly is None:
        return WeeklyRound()
    now = courier.now()
    done = WeeklyRound(week=weekly.week_of(now))
    if not at_once and now < weekly.this_week(now):
        done.not_yet = True
        return done
    if not courier.editors:
        log.warning("the weekly note has no one to go to: WORKSONARM_EDITORS is not set")
        return done
    todo = [e for e in courier.editors if store.by_key(db, store.digest_key(e, done.week)) is None]
    done.before = [e for e in courier.editors if e not in todo]
    if not todo:
        return done
    note = gather_note(db, done.week, now)
    for editor in todo:
        if send_once(db, courier, store.digest_key(editor, done.week), note_payload(editor, note)):
            done.queued.append(editor)
        else:  # another process queued it between our look and our insert: it is theirs to send
            done.before.append(editor)
    if done.queued:
        log.info("weekly note %s queued for %s", done.week, ", ".join(done.queued))
    return done


def note_payload(editor: str, note: WeeklyNote) -> dict[str, object]:
    """The outbox message: the editor, the summary as the notification's text, the note itself."""
    return {"to": editor, "text": note.summary, "note": note.to_json()}
