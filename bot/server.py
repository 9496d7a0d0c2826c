"""The HTTP side of `serve`: a tiny WSGI router on waitress (threaded), with a graceful stop.

Slack requests are checked here, before Bolt parses anything: a body that is not signed with our
secret, or a timestamp that is not a recent whole number, gets 401 and one log line.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from waitress.server import create_server

from bot.metrics import ACKS
from bot.slack_body import UnreadableBody, read_slack_body

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not Slack
MAX_SKEW = 300  # seconds between Slack's timestamp and our clock, as Slack's own SDKs allow
# Idle keep-alive sockets cost waitress nothing but a slot: allow many, and reap them sooner than
# its default 30 s. poll() instead of select() lifts the 1024 file descriptor ceiling.
CONNECTION_LIMIT = 1000
IDLE_TIMEOUT = 15


def slack_signature_problem(secret: str, headers: dict[str, str], body: bytes, now: float) -> str | None:
    """Why a request is not Slack's, or None: Slack's v0 HMAC-SHA256 of `v0:timestamp:body`."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not timestamp or not signature:
        return "unsigned"
    if not re.fullmatch(r"[0-9]{1,12}", timestamp):
        return "a timestamp that is not a number"
    if abs(now - int(timestamp)) > MAX_SKEW:
        return "a stale timestamp"
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, signature) else "a bad signature"


def make_wsgi_app(
    slack: WSGIApp | None,
    health: Callable[[], dict[str, Any]],
    *,
    signing_secret: str = "",
    metrics: Callable[[], bytes] | None = None,
) -> WSGIApp:
    """`POST /slack/events` goes to Bolt; `GET /healthz` answers 200 when the database can be
    written; `GET /metrics` is Prometheus text."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            try:
                body = health()
            except Exception as exc:  # the check itself failing is an unhealthy answer, not a 500
                log.warning("health check failed: %s: %s", type(exc).__name__, exc)
                body = {"ok": False, "error": type(exc).__name__}
            return _json(start_response, "200 OK" if body.get("ok") else "503 Service Unavailable", body)
        if path == "/metrics" and metrics is not None and method in ("GET", "HEAD"):
            try:
                data = metrics()
            except Exception as exc:  # the database is away: say so, as /healthz does
                log.warning("metrics failed: %s: %s", type(exc).__name__, exc)
                return _json(start_response, "503 Service Unavailable", {"error": type(exc).__name__})
            start_response(
                "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(data)))]
            )
            return [data]
        if path == "/slack/events" and slack is not None:
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return _slack_request(slack, signing_secret, environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return app


def _slack_request(
    slack: WSGIApp, secret: str, environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        log.warning("refused a Slack request with a body of %s bytes", environ.get("CONTENT_LENGTH"))
        return _json(start_response, "413 Content Too Large", {"error": "too large"})
    body = environ["wsgi.input"].read(length) if length else b""
    headers = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
    if secret:
        problem = slack_signature_problem(secret, headers, body, time.time())
        if problem:
            log.warning("refused a request to /slack/events from %s: %s", environ.get("REMOTE_ADDR"), problem)
            return _json(start_response, "401 Unauthorized", {"error": "invalid request"})
    try:  # read by its fields, its depth bounded, before Bolt parses anything
        kind = read_slack_body(body.decode("utf-8", "replace"), environ.get("CONTENT_TYPE")).metric_kind
    except UnreadableBody as exc:
        log.warning("a signed Slack request from %s could not be read: %s", environ.get("REMOTE_ADDR"), exc)
        return _json(start_response, "400 Bad Request", {"error": "unreadable request"})
    environ["wsgi.input"] = io.BytesIO(body)
    started = time.perf_counter()
    try:
        return list(slack(environ, start_response))
    except Exception as exc:  # a signed body Bolt cannot read: Slack's bug or ours, never a 500 storm
        log.warning("a signed Slack request could not be read: %s: %s", type(exc).__name__, exc)
        return _json(start_response, "400 Bad Request", {"error": "unreadable request"}, replace=True)
    finally:
        ACKS.labels(kind).observe(time.perf_counter() - started)


def request_kind(body: bytes) -> str:
    """command, event, action, view, shortcut or other: what a Slack request is, for the ack histogram."""
    try:
        return read_slack_body(body.decode("utf-8", "replace")).metric_kind
    except UnreadableBody:
        return "other"


def _json(
    start_response: Callable[..., Any], status: str, body: dict[str, Any], *, replace: bool = False
) -> list[bytes]:
    data = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    if replace:
        start_response(status, headers, sys.exc_info())
    else:
        start_response(status, headers)
    return [data]


class HttpServer:
    """waitress in a background thread, stoppable: stop accepting, finish in-flight requests, close."""

    def __init__(self, app: WSGIApp, host: str, port: int, threads: int = 8) -> None:
        self._server: Any = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="worksonarm-bot",
            max_request_body_size=MAX_BODY,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=IDLE_TIMEOUT,
            cleanup_interval=5,
            asyncore_use_poll=True,
        )
        self.port: int = int(self._server.effective_port)
        self.host = host
        self._thread = threading.Thread(target=self._server.run, name="http-server", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 8.0) -> None:
        """Stop taking connections, let running requests finish (up to timeout), then close."""
        server = self._server
        dispatcher = server.task_dispatcher
        done = threading.Event()

        def stop_accepting() -> None:
            server.accepting = False
            server.del_channel()
            server.socket.close()
            done.set()

        server.trigger.pull_trigger(stop_accepting)
        done.wait(2)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (dispatcher.active_count or dispatcher.queue):
            time.sleep(0.02)
        time.sleep(0.05)  # let the loop write the last responses

        def close_all() -> None:
            for channel in list(server._map.values()):
                channel.close()

        server.trigger.pull_trigger(close_all)
        self._thread.join(timeout=2)
        dispatcher.shutdown(cancel_pending=True, timeout=1)
