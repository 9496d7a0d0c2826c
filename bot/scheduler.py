"""The in-process jobs: APScheduler 3, fixed ids, never two runs of one job at once.

`poll_feed` polls the newsletter feed; `deliver_outbox` sends what is due in the outbox every
minute (retries, replies whose first try failed, recovery after a crash), feed or no feed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import utc_now

log = logging.getLogger(__name__)
JOB_ID = "poll_feed"
DELIVER_JOB_ID = "deliver_outbox"


def poll_trigger(minutes: int) -> IntervalTrigger:
    """Every N minutes, with up to a minute of jitter so many bots do not hit the feed at once."""
    return IntervalTrigger(minutes=minutes, jitter=min(60, minutes * 6))


def start_scheduler(
    job: Callable[[], object] | None, minutes: int, deliver: Callable[[], object] | None = None
) -> BackgroundScheduler:
    """Run `job` now, then every `minutes`; `deliver` every minute. Late runs still run (no grace
    limit), coalesced to one."""
    scheduler = BackgroundScheduler(
        timezone=dt.UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    scheduler.add_listener(_log_problem, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    now = utc_now()
    if job is not None:
        scheduler.add_job(
            job,
            poll_trigger(minutes),
            id=JOB_ID,
            name="poll the newsletter feed",
            replace_existing=True,
            next_run_time=now,
        )
    if deliver is not None:
        scheduler.add_job(
            deliver,
            IntervalTrigger(minutes=1),
            id=DELIVER_JOB_ID,
            name="deliver the outbox",
            replace_existing=True,
            next_run_time=now if job is None else now + dt.timedelta(minutes=1),
        )
    scheduler.start()
    return scheduler


def _log_problem(event: JobExecutionEvent) -> None:
    if event.exception is not None:
        log.error("%s crashed: %r", event.job_id, event.exception, exc_info=event.exception)
    else:
        log.warning("%s was missed", event.job_id)
