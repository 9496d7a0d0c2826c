"""What the JSON API fakes share: a threaded server on 127.0.0.1, requests recorded, answers
scripted per route (faults first, then the real behaviour), and slowness on demand."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict

Answer = tuple[int, Any, dict[str, str]]  # status, JSON body, headers
# What a network can do to the answer of a request it took: hang up without answering, or answer
# (status, raw body, content type) that says nothing readable (HTML, `{}`, broken JSON).
HANGUP = "hangup"
Spoiled = str | tuple[int, bytes, str]
HTML = (200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
EMPTY = (200, b"{}", "application/json")
BROKEN = (200, b'{"id": "1', "application/json")


def spoil(handler: BaseHTTPRequestHandler, outcome: Spoiled) -> None:
    """Answer the request `outcome`'s way: hang up (the request was read, nothing comes back) or
    a body nobody can read."""
    if outcome == HANGUP:
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_RDWR)
        return
    status, data, kind = outcome
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class Request:
    def __init__(self, method: str, path: str, query: dict[str, str], body: Any, headers: Any):
        self.method, self.path, self.query, self.body, self.headers = method, path, query, body, headers

    @property
    def bearer(self) -> str:
        auth = self.headers.get("Authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""


class JsonFake:
    """Subclasses give `route(request) -> Answer`; `script[route]` answers come first, in order."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.script: dict[str, list[Any]] = {}  # Answers, or HANGUP
        self.slow: dict[str, float] = {}  # route -> seconds to wait after doing the work, before answering
        self.spoiled: dict[str, list[Spoiled]] = {}  # route -> the work is done, then this answer
        self.lock = threading.RLock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body: Any = json.loads(raw or b"{}")
                elif "x-www-form-urlencoded" in kind:
                    body = {k: v[-1] for k, v in parse_qs(raw.decode(errors="replace")).items()}
                else:
                    body = raw
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                request = Request(method, parts.path, query, body, CaseInsensitiveDict(self.headers.items()))
                with fake.lock:
                    fake.requests.append(request)
                    name = fake.route_name(request)
                    scripted = fake.script.get(name)
                    answer = scripted.pop(0) if scripted else fake.route(request)
                    spoiled = fake.spoiled.get(name)
                    if spoiled and not isinstance(answer, str):
                        answer = spoiled.pop(0)
                time.sleep(fake.slow.get(name, 0.0))
                if isinstance(answer, str) or isinstance(answer[1], bytes):  # HANGUP, or a raw body
                    spoil(self, answer)
                else:
                    fake.send(self, *answer)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def route_name(self, request: Request) -> str:
        return f"{request.method} {request.path.rstrip('/')}"

    def route(self, request: Request) -> Answer:
        raise NotImplementedError

    def calls(self, name: str) -> list[Request]:
        return [r for r in self.requests if self.route_name(r) == name]

    def when(self, name: str) -> Callable[..., None]:
        """`fake.when("POST /api/v1/statuses")(answer, answer)`: scripted answers for one route."""

        def add(*answers: Answer | str) -> None:
            self.script.setdefault(name, []).extend(answers)

        return add

    def spoil(self, name: str) -> Callable[..., None]:
        """`fake.spoil("POST /api/v1/statuses")(HANGUP, HTML)`: the route does its work (the post is
        made), then answers these ways instead, in order. Scripting `HANGUP` with `when` hangs up
        before any work."""

        def add(*outcomes: Spoiled) -> None:
            self.spoiled.setdefault(name, []).extend(outcomes)

        return add

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
