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
