"""The in-process scheduler's jobs."""

from __future__ import annotations

import datetime as dt
import time

from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduler import JOB_ID, poll_trigger, start_scheduler


def test_scheduler_runs_at_once_then_on_interval():
    ran = []
    scheduler = start_scheduler(lambda: ran.append(time.monotonic()), minutes=15)
    try:
        deadline = time.monotonic() + 3
        while not ran and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ran, "the poll runs at start"
        job = scheduler.get_job(JOB_ID)
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == dt.timedelta(minutes=15) and job.trigger.jitter == 60
        assert job.coalesce is True and job.max_instances == 1 and job.misfire_grace_time is None
    finally:
        scheduler.shutdown(wait=True)
    assert poll_trigger(1).jitter == 6


def test_the_weekly_note_runs_at_start_then_at_its_moment_in_its_time_zone():
    from apscheduler.triggers.cron import CronTrigger

    from bot.clock import parse_weekly, parse_zone
    from bot.scheduler import WEEKLY_JOB_ID
    from tests.support import wait_until

    ran = []
    weekly = parse_weekly("wed 07:15", parse_zone("America/New_York"))
    scheduler = start_scheduler(None, minutes=15, weekly=(lambda: ran.append(1), weekly))
    try:
        assert wait_until(lambda: ran, timeout=3), "the start check runs at once"
        job = scheduler.get_job(WEEKLY_JOB_ID)
        assert isinstance(job.trigger, CronTrigger) and str(job.trigger.timezone) == "America/New_York"
        after = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
        fire = job.trigger.get_next_fire_time(None, after)
        assert fire == dt.datetime(2026, 12, 9, 12, 15, tzinfo=dt.UTC)  # 07:15 EST on Wednesday
        assert scheduler.get_job(JOB_ID) is None
    finally:
        scheduler.shutdown(wait=True)
    without = start_scheduler(None, minutes=15)
    try:
        assert without.get_jobs() == []
    finally:
        without.shutdown(wait=True)
