"""The composition root: settings, database, services and the Bolt app, wired together.

This is the one module of `bot/` that imports Slack: everything else gets what it needs passed in.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.announcements.cycle import Cycle, PollReport, deliver_due, poll_once
from bot.archive.index import SHIPPED_ISSUES, find_issue_files, index_files
from bot.config import Settings
from bot.db import open_db
from bot.errors import ConfigError, WorksOnArmError
from bot.publishers.contract import Publisher
from bot.publishers.slack import SlackEditorNotifier, SlackPublisher
from bot.publishers.x import XPublisher
from bot.scheduler import start_scheduler
from bot.server import HttpServer, make_wsgi_app
from bot.services import Services
from bot.status import index_status
from bot.tips.thanks import SendDM, send_thanks
from handlers import register_handlers
from handlers.console import ConsoleSlack

log = logging.getLogger("worksonarm")
# Measured with `make bench` on 2 cores: 4 threads keep the p99 of /worksonarm under 50 ms at
# 8 concurrent commands; more threads only queue on the GIL. Slow work runs in lazy listeners.
HTTP_THREADS = 4


def missing_slack_settings(settings: Settings) -> list[str]:
    """The variables `serve` still needs, by mode (Socket Mode when SLACK_APP_TOKEN is set)."""
    needed = {"SLACK_BOT_TOKEN": settings.slack_bot_token}
    if not settings.slack_app_token:
        needed["SLACK_SIGNING_SECRET"] = settings.slack_signing_secret
    return [name for name, value in needed.items() if not value]


def build_app(settings: Settings, services: Services | None = None, client: WebClient | None = None) -> App:
    """The Bolt app: Web API client at SLACK_API_URL with 429 retries, listeners from handlers/."""
    if os.environ.get("SLACK_CLIENT_ID") and os.environ.get("SLACK_CLIENT_SECRET"):
        # Bolt would silently switch to multi-workspace OAuth and ignore our token.
        raise ConfigError("unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: this bot runs in one workspace")
    if client is None:
        client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    try:
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret or "socket-mode-does-not-sign",
            # Replies are computed locally in milliseconds, so they go in the ack itself;
            # anything that calls Slack is registered as a lazy listener.
            process_before_response=True,
            logger=logging.getLogger("worksonarm.slack"),
        )
    except (BoltError, SlackApiError) as exc:
        raise WorksOnArmError(f"Slack rejected the bot token at {settings.slack_api_url}: {exc}") from exc
    except OSError as exc:  # URLError, timeouts: Slack (or the proxy in SLACK_API_URL) is unreachable
        reason = getattr(exc, "reason", exc)
        raise WorksOnArmError(f"cannot reach Slack at {settings.slack_api_url}: {reason}") from exc
    register_handlers(app, services or services_for(settings))
    logging.getLogger("worksonarm.slack").addFilter(_not_the_token_notice)
    return app


def slack_dm_sender(settings: Settings) -> SendDM:
    """Direct messages through the Web API (chat.postMessage to a user ID opens the app's DM)."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))

    def send(user_id: str, text: str) -> None:
        client.chat_postMessage(channel=user_id, text=text)

    return send


def build_cycle(
    settings: Settings, feed_url: str | None = None, should_stop: Callable[[], bool] = lambda: False
) -> Cycle:
    """The outbox's publishers and the editors' notifier, from what is configured."""
    publishers: dict[str, Publisher] = {}
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    if settings.slack_bot_token and settings.announce_channel:
        publishers["slack"] = SlackPublisher(client, settings.announce_channel)
    x_keys = (
        settings.twitter_api_key,
        settings.twitter_api_secret,
        settings.twitter_access_token,
        settings.twitter_access_token_secret,
    )
    if all(x_keys):
        publishers["x"] = XPublisher(*x_keys, api_url=settings.twitter_api_url)
    cycle = Cycle(
        feed_url=feed_url or settings.feed_url,
        publishers=publishers,
        dry_run=settings.dry_run,
        issue_url_template=settings.issue_url_template,
        should_stop=should_stop,
    )
    if settings.slack_bot_token:
        cycle.notifier = SlackEditorNotifier(client, settings.editors)
    return cycle


def services_for(settings: Settings) -> Services:
    """The listeners' view of the core, with the outbox wired to the configured destinations."""
    destinations = tuple(build_cycle(settings).publishers)

    def deliver() -> None:
        with open_db(settings.db_path) as db:
            deliver_due(db, build_cycle(settings))

    return Services(settings, destinations=destinations, deliver_due=deliver)


def run_poll(
    settings: Settings, feed_url: str | None = None, should_stop: Callable[[], bool] = lambda: False
) -> PollReport:
    """One feed cycle, then the thank-you DMs for tips it published."""
    cycle = build_cycle(settings, feed_url, should_stop)
    with open_db(settings.db_path) as db:
        report = poll_once(db, cycle)
        if settings.slack_bot_token:
            send_thanks(db, slack_dm_sender(settings), issue_url_template=settings.issue_url_template)
    return report


class _Poller:
    """The scheduled poll, with a way to see whether a run is in flight at shutdown."""

    def __init__(self, settings: Settings, stopping: threading.Event) -> None:
        self.settings = settings
        self.stopping = stopping
        self.idle = threading.Event()
        self.idle.set()

    def __call__(self) -> None:
        if self.stopping.is_set():
            return
        self.idle.clear()
        try:
            report = run_poll(self.settings, should_stop=self.stopping.is_set)
            if report.error:
                log.warning("poll: %s", report.error)
            elif report.new_issues or report.sent or report.deferred:
                log.info(
                    "poll: new %s, sent %s, deferred %s", report.new_issues, report.sent, report.deferred
                )
        finally:
            self.idle.set()


def _not_the_token_notice(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN itself and warns that our client wins; it is meant to.
    return "`token` will be unused" not in record.getMessage()


def health(settings: Settings, mode: str) -> dict[str, Any]:
    """The /healthz body: ok when the database answers."""
    with open_db(settings.db_path) as db:
        status = index_status(db)
    return {"ok": True, "mode": mode, "issues": status["issues"], "stories": status["stories"]}


def serve(settings: Settings, host: str, port: int, *, poll: bool = True) -> None:
    """Run the bot until SIGTERM or SIGINT: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set."""
    missing = missing_slack_settings(settings)
    if missing:
        raise ConfigError("serve needs " + ", ".join(missing) + " (see .env.sample), or use `shell`")
    with open_db(settings.db_path) as db:
        # The shipped issues are always searchable; unchanged files cost one hash each.
        report = index_files(db, find_issue_files([SHIPPED_ISSUES])) if SHIPPED_ISSUES.is_dir() else None
    if report and report.indexed:
        log.info("indexed %s shipped issues", len(report.indexed))
    services = services_for(settings)
    app = build_app(settings, services)
    socket_mode = bool(settings.slack_app_token)
    mode = "socket" if socket_mode else "http"
    slack_wsgi = None if socket_mode else SlackRequestHandler(app)
    server = HttpServer(
        make_wsgi_app(slack_wsgi, lambda: health(settings, mode)), host, port, threads=HTTP_THREADS
    )
    # A request is a few milliseconds of CPU under the GIL: shorter switches keep the tail short.
    sys.setswitchinterval(0.001)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    socket_handler = None
    poller = _Poller(settings, stop)
    scheduler = None
    server.start()
    log.info("serving on http://%s:%s (%s mode)", host, server.port, mode)
    try:
        if socket_mode:
            socket_handler = SocketModeHandler(app, app_token=settings.slack_app_token)
            socket_handler.connect()  # type: ignore[no-untyped-call]
            log.info("connected to Slack over Socket Mode")
        if poll and settings.feed_url:
            scheduler = start_scheduler(poller, settings.poll_minutes)
            log.info("polling %s every %s minutes", settings.feed_url, settings.poll_minutes)
        stop.wait()
    finally:
        _shut_down(server, socket_handler, scheduler, poller)


def _shut_down(server: HttpServer, socket_handler: Any, scheduler: Any, poller: _Poller) -> None:
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
    if not poller.idle.wait(max(0.0, deadline - time.monotonic())):
        # A post is still on the wire. Its claim stays `sending`; the next start checks the
        # channel (or asks the editors about a tweet) before any re-post, so nothing is doubled.
        log.warning("a delivery is still in flight; it will be recovered at the next start")
        logging.shutdown()
        os._exit(0)
    if closing is not None:
        closing.join(max(0.0, deadline - time.monotonic()))
    log.info("stopped")


def console(settings: Settings) -> ConsoleSlack:
    """The listeners wired to the local console instead of Slack."""
    with open_db(settings.db_path):
        pass
    return ConsoleSlack(Services(settings))
