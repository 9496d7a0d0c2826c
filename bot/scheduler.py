"""The in-process feed poller: APScheduler 3, one job, fixed id, never two runs at once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)
JOB_ID = "poll_feed"


def poll_trigger(minutes: int) -> IntervalTrigger:
    """Every N minutes, with up to a minute of jitter so many bots do not hit the feed at once."""
    return IntervalTrigger(minutes=minutes, jitter=min(60, minutes * 6))


def start_scheduler(job: Callable[[], object], minutes: int) -> BackgroundScheduler:
    """Run `job` now, then every `minutes`. Late runs still run (no grace limit), coalesced to one."""
    scheduler = BackgroundScheduler(
        timezone=dt.UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    scheduler.add_listener(_log_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    scheduler.add_job(
        job,
        poll_trigger(minutes),
        id=JOB_ID,
        name="poll the newsletter feed",
        replace_existing=True,
        next_run_time=dt.datetime.now(dt.UTC),
    )
    scheduler.start()
    return scheduler


def _log_problem(event: JobExecutionEvent) -> None:
    if event.exception is not None:
        log.error("feed poll crashed: %r", event.exception, exc_info=event.exception)
    else:
        log.warning("feed poll %s was missed", event.job_id)
