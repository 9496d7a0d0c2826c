"""`serve`: the Slack app over HTTP (or Socket Mode), the scheduler, and a stop within 10 s."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from typing import Any

from bot import load_deferred
from bot.app import (
    build_app,
    courier_for,
    deliver_outbox,
    health,
    index_shipped,
    require_slack,
    run_poll,
    run_weekly_notes,
    services_for,
    slack_transport,
)
from bot.archive.semantic import warm_up
from bot.archive.sync import SyncError
from bot.clock import utc_now
from bot.config import Settings
from bot.db import open_db
from bot.metrics import exposition
from bot.outbox.worker import Courier
from bot.questions.asked import prune_unanswered
from bot.scheduler import start_scheduler
from bot.schema import migrations
from bot.server import HttpServer, make_wsgi_app
from bot.syncing import forget_unconfigured_archives, run_sync

log = logging.getLogger("worksonarm")


class _Job:
    """A scheduled job, with a way to see whether a run is in flight at shutdown."""

    def __init__(self, name: str, run: Any, stopping: threading.Event) -> None:
        self.name = name
        self.run = run
        self.stopping = stopping
        self.idle = threading.Event()
        self.idle.set()

    def __call__(self) -> None:
        if self.stopping.is_set():
            return
        self.idle.clear()
        try:
            self.run()
        except Exception:  # the scheduler logs it too, but with less context
            log.exception("%s failed", self.name)
        finally:
            self.idle.set()


def _poll(settings: Settings, courier: Courier) -> None:
    """The scheduled round: the archive synced first (so the feed's issues meet the whole archive),
    then the feed polled. What readers asked is pruned first (WORKSONARM_QUESTION_DAYS)."""
    _prune_questions(settings)
    if settings.archive:
        try:
            synced = run_sync(settings, courier)
            if synced and synced.report.changed:
                log.info("archive: %s issues indexed", len(synced.report.indexed))
        except SyncError:
            pass  # recorded, logged and alerted by run_sync; the last good index stays
    if not settings.feed_url:
        return
    report = run_poll(settings, courier=courier)
    if report.error:
        log.warning("poll: %s", report.error)
    elif report.new_issues or report.sent or report.deferred:
        log.info("poll: new %s, sent %s, deferred %s", report.new_issues, report.sent, report.deferred)


def _prune_questions(settings: Settings) -> None:
    try:
        with open_db(settings.db_path, migrations=migrations) as db:
            prune_unanswered(db, utc_now(), settings.question_days)
    except Exception:
        log.warning(
            "pruning old searches and closed questions failed; the next round tries again", exc_info=True
        )


def serve(settings: Settings, host: str, port: int, *, poll: bool = True) -> None:
    """Run the bot until SIGTERM or SIGINT: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set."""
    load_deferred()  # before any thread: see bot/__init__.py
    require_slack(settings)
    shipped = index_shipped(settings)
    forget_unconfigured_archives(settings)
    if shipped:
        log.info("indexed %s shipped issues", len(shipped))
    stop = threading.Event()
    courier = courier_for(settings, should_stop=stop.is_set)
    services = services_for(settings, courier)
    app = build_app(settings, services)
    slack_wsgi, socket_handler = slack_transport(app, settings)
    mode = "socket" if socket_handler is not None else "http"
    server = HttpServer(
        make_wsgi_app(
            slack_wsgi,
            lambda: health(settings, mode),
            signing_secret=settings.slack_signing_secret,
            metrics=lambda: exposition(settings.db_path),
        ),
        host,
        port,
        # A command is a few milliseconds of CPU under the GIL: on 2 cores, 2 threads gave the
        # shortest tail at 8 concurrent commands (`make bench` compares 2 and 4). Slow work runs
        # in lazy listeners, off these threads.
        threads=settings.http_threads,
    )
    # A request is a few milliseconds of CPU under the GIL: shorter switches keep the tail short.
    sys.setswitchinterval(0.001)
    # A handler runs between two bytecodes of the main thread, which may then hold `stop`'s own
    # lock (inside stop.wait()): setting the Event there can deadlock, and serve then never stops
    # (seen under load). The handler only notes the signal; the main thread sets `stop`.
    signalled: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, _frame: signalled.append(signum))
    poller = _Job("poll", lambda: _poll(settings, courier), stop)
    deliverer = _Job("deliver", lambda: deliver_outbox(settings, courier), stop)
    weekly_note = settings.weekly_note  # None: WORKSONARM_DIGEST=off
    noter = _Job("weekly note", lambda: run_weekly_notes(settings, courier), stop)
    scheduler = None
    # The semantic model and the stories' vectors load once per process: now, beside the first
    # requests, rather than inside the first search.
    warming = threading.Thread(target=warm_up, args=(settings.db_path,), name="warm-up", daemon=True)
    warming.start()
    server.start()
    log.info("serving on http://%s:%s (%s mode)", host, server.port, mode)
    try:
        if socket_handler is not None:
            socket_handler.connect()
            log.info("connected to Slack over Socket Mode")
        polling = poll and bool(settings.feed_url or settings.archive)
        scheduler = start_scheduler(
            poller if polling else None,
            settings.poll_minutes,
            deliver=deliverer,
            weekly=(noter, weekly_note) if weekly_note is not None else None,
        )
        if polling:
            log.info("syncing the archive and polling the feed every %s minutes", settings.poll_minutes)
        while not signalled:
            time.sleep(0.1)  # a signal interrupts the sleep, runs its handler; then this looks
        stop.set()
    finally:
        _shut_down(server, socket_handler, scheduler, [poller, deliverer, noter], warming)


def _shut_down(
    server: HttpServer, socket_handler: Any, scheduler: Any, jobs: list[_Job], warming: threading.Thread
) -> None:
    """Stop taking requests, let a delivery in flight finish, stop the scheduler; all within 10 s."""
    deadline = time.monotonic() + 7  # well inside the 10 s an orchestrator grants
    log.info("stopping: no new requests; finishing what is in flight")
    closing = None
    if socket_handler is not None:
        closing = threading.Thread(target=socket_handler.close, daemon=True)
        closing.start()
    server.stop(timeout=4)
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    for job in jobs:
        if not job.idle.wait(max(0.0, deadline - time.monotonic())):
            # A post is still on the wire. Its claim stays `sending`; the next run checks the
            # channel (or asks the editors about a tweet) before any re-post, so nothing is doubled.
            log.warning("a delivery is still in flight; it will be recovered at the next start")
            logging.shutdown()
            os._exit(0)
    if closing is not None:
        closing.join(max(0.0, deadline - time.monotonic()))
    # The interpreter must not finalize under a warm-up still inside the model's native code (a
    # SIGTERM right after start aborted the process, exit -6): wait for it, or leave at once.
    warming.join(max(0.0, deadline - time.monotonic()))
    if warming.is_alive():
        log.info("stopped (the semantic channel was still warming up)")
        logging.shutdown()
        os._exit(0)
    log.info("stopped")
