"""A fake Slack Web API on 127.0.0.1 that records every call, plus response_url endpoints.

Point the bot at `base_url` (SLACK_API_URL) and put `hook_url(name)` in payloads' response_url.
Scripted answers: `fake.script("chat.postMessage", (429, {...}, {"Retry-After": "1"}), (200, {...}))`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from fakes.http import Spoiled, spoil

BOT_USER = "UBOT123"
BOT_ID = "BBOT123"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "hook:<name>" for a response_url
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._scripts: dict[str, list[Any]] = {}  # answers (status, body, headers), or HANGUP
        self._lock = threading.Condition()
        self.ws_url = ""  # apps.connections.open answers with this (Socket Mode tests)
        self.slow: dict[str, float] = {}  # method -> seconds to wait *after* taking the request
        self.channel_messages: dict[str, list[dict[str, Any]]] = {}
        self.spoiled: dict[str, list[Spoiled]] = {}  # method -> the work is done, then this answer
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                    for key in ("blocks", "view", "attachments"):
                        if isinstance(body.get(key), str):
                            body[key] = json.loads(body[key])
                path = self.path.split("?")[0]
                method = (
                    "hook:" + path[len("/hooks/") :]
                    if path.startswith("/hooks/")
                    else path.rsplit("/", 1)[-1]
                )
                answered = fake._answer(method, body)
                with fake._lock:
                    fake.calls.append(Call(method, body, dict(self.headers)))
                    fake._lock.notify_all()
                    spoiled = fake.spoiled.get(method)
                    outcome = spoiled.pop(0) if spoiled and not isinstance(answered, str) else answered
                if method in fake.slow:
                    time.sleep(fake.slow[method])  # the message is already "posted" by now
                if not isinstance(outcome, tuple) or isinstance(outcome[1], bytes):
                    return spoil(self, outcome)  # HANGUP, or a body nobody can read
                status, answer, headers = outcome
                is_hook = method.startswith("hook:")
                data = b"ok" if is_hook else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if is_hook else "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        """Messages that made it into a channel (even if the answer to the poster was slow)."""
        with self._lock:
            return list(self.channel_messages.get(channel, []))

    def hook_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    def script(self, method: str, *answers: Any) -> None:
        """Answers for `method` before its real behaviour; `HANGUP` hangs up before any work."""
        self._scripts.setdefault(method, []).extend(answers)

    def spoil(self, method: str, *outcomes: Spoiled) -> None:
        """`method` does its work (the message is posted), then answers these ways, in order."""
        with self._lock:
            self.spoiled.setdefault(method, []).extend(outcomes)

    def _answer(self, method: str, body: dict[str, Any]) -> Any:
        queue = self._scripts.get(method)
        if queue:
            return queue.pop(0)
        if method == "auth.test":
            return (
                200,
                {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": "T111", "user": "worksonarm"},
                {},
            )
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            message = {"type": "message", "ts": ts, "bot_id": BOT_ID, "text": body.get("text", "")}
            if body.get("thread_ts"):
                message["thread_ts"] = str(body["thread_ts"])
            for key in ("blocks", "metadata"):
                if body.get(key):
                    value = body[key]
                    message[key] = json.loads(value) if isinstance(value, str) else value
            channel = str(body.get("channel"))
            if channel.startswith(("U", "W")):  # a message to a user lands in the app's DM with them
                channel = "D" + channel
            with self._lock:
                self.channel_messages.setdefault(channel, []).append(message)
            return 200, {"ok": True, "channel": channel, "ts": ts}, {}
        if method in ("conversations.history", "conversations.replies"):
            with self._lock:
                messages = list(reversed(self.channel_messages.get(str(body.get("channel")), [])))
            oldest = float(body.get("oldest") or 0)
            if method == "conversations.replies":  # the thread: its parent and replies, oldest first
                parent = str(body.get("ts"))
                thread = [m for m in messages if parent in (m["ts"], m.get("thread_ts"))]
                return (
                    200,
                    {"ok": True, "messages": [m for m in reversed(thread) if float(m["ts"]) > oldest]},
                    {},
                )
            # as Slack's history: a thread's replies are not in it, only their parent
            top = [m for m in messages if m.get("thread_ts") in (None, m["ts"])]
            return 200, {"ok": True, "messages": [m for m in top if float(m["ts"]) > oldest]}, {}
        if method == "apps.connections.open":
            return 200, {"ok": True, "url": self.ws_url}, {}
        if method == "chat.getPermalink":
            ts = str(body.get("message_ts")).replace(".", "")
            link = f"https://example.slack.com/archives/{body.get('channel')}/p{ts}"
            return 200, {"ok": True, "channel": body.get("channel"), "permalink": link}, {}
        if method == "conversations.open":
            return 200, {"ok": True, "channel": {"id": "D" + str(body.get("users", "X"))}}, {}
        return 200, {"ok": True}, {}

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 3.0) -> list[Call]:
        """Wait until `count` calls to `method` arrived (listeners finish on other threads)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len([c for c in self.calls if c.method == method]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return [c for c in self.calls if c.method == method]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
