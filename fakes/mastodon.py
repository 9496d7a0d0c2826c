"""A fake Mastodon instance on 127.0.0.1: /api/v2/instance, verify_credentials, the account's
statuses (newest first, paged with Link headers), and POST /api/v1/statuses with Idempotency-Key
semantics (the same key within the hour answers the status it made). Faults by script."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from typing import Any

import regex

from fakes.http import Answer, JsonFake, Request

TOKEN = "mastodon-test-token"
ACCOUNT_ID = "109999"
_URL = re.compile(r"https?://\S+")


def served(status: dict[str, Any]) -> dict[str, Any]:
    """A status as the API answers it: without the plain `text` the tests read."""
    return {k: v for k, v in status.items() if k != "text"}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FakeMastodon(JsonFake):
    def __init__(self, max_characters: int = 500) -> None:
        self.max_characters = max_characters
        self.statuses: list[dict[str, Any]] = []  # newest last
        self.keys: dict[str, str] = {}  # Idempotency-Key -> status id
        self.revoked = False  # the token was revoked: every authenticated call is a 401
        self._next_id = 111_000_000_000_000_000
        super().__init__()

    def route_name(self, request: Request) -> str:
        name = super().route_name(request)
        return re.sub(r"/accounts/\d+/statuses", "/accounts/:id/statuses", name)

    def route(self, request: Request) -> Answer:
        name = self.route_name(request)
        if name == "GET /api/v2/instance":
            return 200, self.instance(), {}
        if self.revoked or request.bearer != TOKEN:
            return 401, {"error": "The access token is invalid"}, {}
        if name == "GET /api/v1/accounts/verify_credentials":
            return 200, self.account(), self.limits()
        if name == "GET /api/v1/accounts/:id/statuses":
            return self.timeline(request)
        if name == "POST /api/v1/statuses":
            return self.post_status(request)
        return 404, {"error": "Record not found"}, {}

    def post_status(self, request: Request) -> Answer:
        key = request.headers.get("Idempotency-Key", "")
        if key and key in self.keys:
            return 200, served(self.by_id(self.keys[key])), self.limits()
        text = str(request.body.get("status", ""))
        # Mastodon's own count: graphemes, every URL as 23 characters.
        length = len(regex.findall(r"\X", _URL.sub("x" * 23, text)))
        if length > self.max_characters:
            return (
                422,
                {"error": f"Validation failed: Text character limit of {self.max_characters} exceeded"},
                {},
            )
        self._next_id += 1
        status = self.status(str(self._next_id), text, request.body)
        self.statuses.append(status)
        if key:
            self.keys[key] = status["id"]
        return 200, served(status), self.limits()

    def timeline(self, request: Request) -> Answer:
        limit = min(int(request.query.get("limit", 20)), 40)
        newest_first = list(reversed(self.statuses))
        if "max_id" in request.query:
            newest_first = [s for s in newest_first if int(s["id"]) < int(request.query["max_id"])]
        page = newest_first[:limit]
        headers = self.limits()
        if len(newest_first) > limit:
            path = request.path
            headers["Link"] = f'<{self.url}{path}?limit={limit}&max_id={page[-1]["id"]}>; rel="next"'
        return 200, [served(s) for s in page], headers

    def by_id(self, status_id: str) -> dict[str, Any]:
        return next(s for s in self.statuses if s["id"] == status_id)

    def limits(self) -> dict[str, str]:
        reset = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).isoformat(timespec="milliseconds")
        return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": reset}

    def rate_limited_for(self, seconds: float) -> Answer:
        reset = dt.datetime.fromtimestamp(time.time() + seconds, dt.UTC).isoformat(timespec="milliseconds")
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
        return 429, {"error": "Too many requests"}, headers

    def instance(self) -> dict[str, Any]:
        return {
            "domain": "mastodon.example",
            "title": "Mastodon",
            "version": "4.3.2",
            "source_url": "https://github.com/mastodon/mastodon",
            "description": "A fake instance",
            "usage": {"users": {"active_month": 1}},
            "thumbnail": {"url": f"{self.url}/thumb.png"},
            "languages": ["en"],
            "configuration": {
                "urls": {"streaming": "wss://mastodon.example"},
                "accounts": {"max_featured_tags": 10},
                "statuses": {
                    "max_characters": self.max_characters,
                    "max_media_attachments": 4,
                    "characters_reserved_per_url": 23,
                },
                "media_attachments": {"supported_mime_types": ["image/png"]},
                "polls": {"max_options": 4},
                "translation": {"enabled": False},
            },
            "registrations": {"enabled": False, "approval_required": False, "message": None},
            "contact": {"email": "admin@mastodon.example", "account": None},
            "rules": [],
        }

    def account(self) -> dict[str, Any]:
        return {
            "id": ACCOUNT_ID,
            "username": "worksonarm",
            "acct": "worksonarm",
            "display_name": "Works on Arm",
            "locked": False,
            "bot": True,
            "created_at": "2019-01-01T00:00:00.000Z",
            "note": "",
            "url": "https://mastodon.example/@worksonarm",
            "avatar": "https://mastodon.example/avatar.png",
            "header": "https://mastodon.example/header.png",
            "followers_count": 0,
            "following_count": 0,
            "statuses_count": len(self.statuses),
            "emojis": [],
            "fields": [],
        }

    def status(self, status_id: str, text: str, form: dict[str, Any]) -> dict[str, Any]:
        # Mastodon renders plain text as HTML: escaped, links as anchors, in a paragraph.
        content = _URL.sub(
            lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html.escape(text, quote=False)
        )
        return {
            "id": status_id,
            "created_at": now_iso(),
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": form.get("visibility") or "public",
            "language": form.get("language"),
            "uri": f"https://mastodon.example/users/worksonarm/statuses/{status_id}",
            "url": f"https://mastodon.example/@worksonarm/{status_id}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "content": f"<p>{content}</p>",
            "reblog": None,
            "account": self.account(),
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
            "text": text,  # kept for the tests, never served (see `served`)
        }
