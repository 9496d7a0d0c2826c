"""The weekly note's schedule and its once: one DM per editor per ISO week, with the clock passed
in (a week goes by without a sleep), across runs and connections, never a backlog."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.clock import parse_weekly, parse_zone
from bot.digest.weekly import send_weekly_notes
from bot.outbox.worker import Courier
from tests.support import open_db

EDITORS = ("UED1", "UED2")
UTC_MONDAY_9 = parse_weekly("mon 09:00", parse_zone("UTC"))
# Monday 2026-12-07 is the first day of ISO week 2026-W50.
MONDAY = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


class Recorder:
    """A messenger that keeps what it was asked to send (thread-safe: two "processes" share it)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def send(self, payload: dict[str, Any], key: str) -> str:
        with self.lock:
            self.sent.append((key, payload))
            return f"ts{len(self.sent)}"

    def find_sent(self, payload: dict[str, Any], key: str, since: dt.datetime) -> str | None:
        return None

    def keys(self) -> list[str]:
        return sorted(key for key, _ in self.sent)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def courier(recorder: Recorder, clock: Clock, editors: tuple[str, ...] = EDITORS) -> Courier:
    return Courier(messenger=recorder, editors=editors, now=clock)


def run(db_path: Path, recorder: Recorder, clock: Clock, weekly: Any = UTC_MONDAY_9, **kw: Any) -> Any:
    """One run, on its own connection, as a (re)started process would."""
    with open_db(db_path) as db:
        return send_weekly_notes(db, courier(recorder, clock), weekly, **kw)


def test_one_note_per_editor_this_week_and_one_again_the_next(db_path):
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(hours=9, minutes=1))
    done = run(db_path, recorder, clock)
    assert done.week == "2026-W50" and sorted(done.queued) == list(EDITORS)
    assert recorder.keys() == ["digest:UED1:2026-W50", "digest:UED2:2026-W50"]
    assert {payload["to"] for _, payload in recorder.sent} == set(EDITORS)
    for later in (dt.timedelta(minutes=5), dt.timedelta(days=3), dt.timedelta(days=6, hours=14)):
        clock.now = MONDAY + dt.timedelta(hours=9) + later  # a restart later in the same week
        again = run(db_path, recorder, clock)
        assert again.queued == [] and sorted(again.before) == list(EDITORS)
    assert len(recorder.sent) == 2
    clock.now = MONDAY + dt.timedelta(days=7, hours=9)  # next Monday, 09:00 sharp
    assert sorted(run(db_path, recorder, clock).queued) == list(EDITORS)
    assert sorted(key for key, _ in recorder.sent[2:]) == ["digest:UED1:2026-W51", "digest:UED2:2026-W51"]


def test_nothing_before_this_weeks_time(db_path):
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(hours=8, minutes=59))
    assert run(db_path, recorder, clock).not_yet
    friday = parse_weekly("fri 17:30", parse_zone("UTC"))
    clock.now = MONDAY + dt.timedelta(days=4, hours=17, minutes=29)
    assert run(db_path, recorder, clock, friday).not_yet
    assert recorder.sent == []
    clock.now += dt.timedelta(minutes=1)
    assert sorted(run(db_path, recorder, clock, friday).queued) == list(EDITORS)


def test_no_backlog_after_weeks_of_downtime(db_path):
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(hours=10))
    run(db_path, recorder, clock)
    clock.now = MONDAY + dt.timedelta(weeks=5, days=2, hours=15)  # down for five weeks; up on a Wednesday
    done = run(db_path, recorder, clock)
    assert done.week == "2027-W02"  # 2026 has 53 ISO weeks
    assert recorder.keys() == [
        "digest:UED1:2026-W50", "digest:UED1:2027-W02", "digest:UED2:2026-W50", "digest:UED2:2027-W02",
    ]  # fmt: skip
    with open_db(db_path) as db:
        keys = [r["key"] for r in db.query("select key from deliveries where key like 'digest:%'")]
    assert sorted(keys) == recorder.keys(), "the weeks missed were never queued"


def test_off_sends_nothing(db_path):
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(days=2))
    assert run(db_path, recorder, clock, None).week == ""
    assert recorder.sent == []


def test_two_processes_at_once_send_one_each(db_path):
    open_db(db_path).__enter__().close()  # migrated once, as serve does before its jobs
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(hours=9, seconds=1))
    start = threading.Barrier(4)
    results: list[Any] = []

    def process() -> None:
        start.wait()
        results.append(run(db_path, recorder, clock))

    threads = [threading.Thread(target=process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert recorder.keys() == ["digest:UED1:2026-W50", "digest:UED2:2026-W50"]
    assert sorted(e for r in results for e in r.queued) == list(EDITORS)


def test_the_week_and_the_time_are_the_time_zones():
    berlin = parse_weekly("Monday 9:00", parse_zone("Europe/Berlin"))
    # Sunday 23:30 UTC is already Monday 00:30 in Berlin: a new ISO week there.
    sunday_night = MONDAY - dt.timedelta(minutes=30)
    assert berlin.week_of(sunday_night) == "2026-W50" and UTC_MONDAY_9.week_of(sunday_night) == "2026-W49"
    assert berlin.this_week(MONDAY) == dt.datetime(2026, 12, 7, 8, tzinfo=dt.UTC)  # winter: UTC+1
    summer = dt.datetime(2026, 7, 8, tzinfo=dt.UTC)
    assert berlin.this_week(summer) == dt.datetime(2026, 7, 6, 7, tzinfo=dt.UTC)  # summer: UTC+2
    # A wall time that a change to summer time skips is the next real one, not an error.
    skipped = parse_weekly("sun 02:30", parse_zone("Europe/Berlin"))
    assert skipped.this_week(dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC)).hour == 3


def test_berlin_monday_nine_is_due_at_eight_utc(db_path):
    recorder, clock = Recorder(), Clock(MONDAY + dt.timedelta(hours=8, minutes=1))
    berlin = parse_weekly("mon 09:00", parse_zone("Europe/Berlin"))
    assert sorted(run(db_path, recorder, clock, berlin).queued) == list(EDITORS)
    assert run(db_path, Recorder(), clock).not_yet, "in UTC it is not nine yet"


@pytest.mark.parametrize(
    "text", ["", "monday", "09:00", "mon 9", "mon 24:00", "mon 09:60", "funday 09:00", "mon 09:00 utc"]
)
def test_bad_weekly_times_are_refused(text):
    with pytest.raises(ValueError, match=r"mon 09:00|no such time"):
        parse_weekly(text, parse_zone("UTC"))
