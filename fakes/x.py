"""A fake X API v2 on 127.0.0.1: POST /2/tweets answers as X does (201, 403 duplicate, 429, 5xx)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fakes.http import Spoiled, spoil
from tests.corpus import CORPUS


class FakeX:
    def __init__(self) -> None:
        self.tweets: list[dict[str, Any]] = []  # accepted tweets
        self.requests: list[dict[str, Any]] = []  # every POST, with its headers
        self.script: list[Any] = []  # answers (status, body, headers) before any tweet, or HANGUP
        self._next_id = 1460323737035677698
        self.slow = 0.0  # seconds to wait after taking a tweet, before answering
        self.spoiled: list[Spoiled] = []  # the tweet is made, then this answer (HANGUP, a raw body)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                if self.path != "/2/tweets":
                    return fake._send(self, 404, {"title": "Not Found"}, {})
                if not self.headers.get("Authorization", "").startswith("OAuth "):
                    return fake._send(self, 401, {"title": "Unauthorized", "status": 401}, {})
                if fake.script:
                    scripted = fake.script.pop(0)
                    return spoil(self, scripted) if isinstance(scripted, str) else fake._send(self, *scripted)
                if any(t["text"] == body.get("text") for t in fake.tweets):
                    duplicate = json.loads((CORPUS / "x-api" / "create_tweet_403_duplicate.json").read_text())
                    return fake._send(self, 403, duplicate, {})
                fake._next_id += 1
                tweet = {
                    "id": str(fake._next_id),
                    "text": body.get("text", ""),
                    "edit_history_tweet_ids": [str(fake._next_id)],
                }
                fake.tweets.append(tweet)
                time.sleep(fake.slow)
                if fake.spoiled:
                    return spoil(self, fake.spoiled.pop(0))
                fake._send(self, 201, {"data": tweet}, {"x-rate-limit-remaining": "199"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any], headers: dict[str, str]
    ) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def rate_limited_until(self, seconds: float) -> tuple[int, dict[str, Any], dict[str, str]]:
        reset = str(int(time.time() + seconds))
        return (
            429,
            {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429},
            {
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": reset,
            },
        )

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
