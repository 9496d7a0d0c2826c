"""The in-process jobs: APScheduler 3, fixed ids, never two runs of one job at once.

`poll_feed` polls the newsletter feed; `deliver_outbox` sends what is due in the outbox every
minute (retries, replies whose first try failed, recovery after a crash), feed or no feed;
`weekly_note` sends the editors' weekly note at its time, and once at start (a note whose time
passed while the bot was down goes out then, for the current week only)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import WEEKDAYS, Weekly, utc_now

log = logging.getLogger(__name__)
JOB_ID = "poll_feed"
DELIVER_JOB_ID = "deliver_outbox"
WEEKLY_JOB_ID = "weekly_note"


def poll_trigger(minutes: int) -> IntervalTrigger:
    """Every N minutes, with up to a minute of jitter so many bots do not hit the feed at once."""
    return IntervalTrigger(minutes=minutes, jitter=min(60, minutes * 6))


def weekly_trigger(weekly: Weekly) -> CronTrigger:
    """The weekly moment (`mon 09:00`) in its time zone, summer time and all."""
    at = weekly.at
    day = WEEKDAYS[weekly.weekday - 1]
    return CronTrigger(day_of_week=day, hour=at.hour, minute=at.minute, timezone=weekly.zone)


def start_scheduler(
    job: Callable[[], object] | None,
    minutes: int,
    deliver: Callable[[], object] | None = None,
    weekly: tuple[Callable[[], object], Weekly] | None = None,
) -> BackgroundScheduler:
    """Run `job` now, then every `minutes`; `deliver` every minute; `weekly` now (it sends only
    when this week's time has passed) and then at its moment every week. Late runs still run (no
    grace limit), coalesced to one."""
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
    if weekly is not None:
        note, when = weekly
        scheduler.add_job(
            note,
            weekly_trigger(when),
            id=WEEKLY_JOB_ID,
            name="the editors' weekly note",
            replace_existing=True,
            next_run_time=now,
        )
    scheduler.start()
    return scheduler


def _log_problem(event: JobExecutionEvent) -> None:
    if event.exception is not None:
        log.error("%s crashed: %r", event.job_id, event.exception, exc_info=event.exception)
    else:
        log.warning("%s was missed", event.job_id)
