"""The composition root: settings, database, services and the Bolt app, wired together.

This is the one module of `bot/` that imports Slack: everything else gets what it needs passed in.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.db import open_db
from bot.errors import ConfigError, WorksOnArmError
from bot.server import HttpServer, make_wsgi_app
from bot.services import Services
from bot.status import index_status
from bot.thanks import SendDM
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
    register_handlers(app, services or Services(settings))
    return app


def slack_dm_sender(settings: Settings) -> SendDM:
    """Direct messages through the Web API (chat.postMessage to a user ID opens the app's DM)."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))

    def send(user_id: str, text: str) -> None:
        client.chat_postMessage(channel=user_id, text=text)

    return send


def health(settings: Settings, mode: str) -> dict[str, Any]:
    """The /healthz body: ok when the database answers."""
    with open_db(settings.db_path) as db:
        status = index_status(db)
    return {"ok": True, "mode": mode, "issues": status["issues"], "stories": status["stories"]}


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the bot until SIGTERM or SIGINT: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set."""
    missing = missing_slack_settings(settings)
    if missing:
        raise ConfigError("serve needs " + ", ".join(missing) + " (see .env.sample), or use `shell`")
    with open_db(settings.db_path):
        pass  # create and migrate the database before the first request
    services = Services(settings)
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
    server.start()
    log.info("serving on http://%s:%s (%s mode)", host, server.port, mode)
    try:
        if socket_mode:
            socket_handler = SocketModeHandler(app, app_token=settings.slack_app_token)
            socket_handler.connect()  # type: ignore[no-untyped-call]
            log.info("connected to Slack over Socket Mode")
        stop.wait()
        log.info("stopping: finishing in-flight requests")
    finally:
        if socket_handler is not None:
            socket_handler.close()  # type: ignore[no-untyped-call]
        server.stop()
    log.info("stopped")


def console(settings: Settings) -> ConsoleSlack:
    """The listeners wired to the local console instead of Slack."""
    with open_db(settings.db_path):
        pass
    return ConsoleSlack(Services(settings))
