"""The HTTP side of `serve`: a tiny WSGI router on waitress (threaded), with a graceful stop."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from waitress.server import create_server

log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not Slack


def make_wsgi_app(slack: WSGIApp | None, health: Callable[[], dict[str, Any]]) -> WSGIApp:
    """`POST /slack/events` goes to Bolt; `GET /healthz` answers 200 when the database does."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            try:
                body = health()
            except Exception as exc:  # the check itself failing is an unhealthy answer, not a 500
                log.exception("health check failed")
                body = {"ok": False, "error": type(exc).__name__}
            return _json(start_response, "200 OK" if body.get("ok") else "503 Service Unavailable", body)
        if path == "/slack/events" and slack is not None:
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return app


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
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
            channel_timeout=30,
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
