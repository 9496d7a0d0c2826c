"""Requests signed and encoded exactly as Slack sends them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import requests


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def post_signed(
    url: str,
    body: str,
    secret: str,
    content_type: str,
    *,
    timestamp: int | None = None,
    bad_signature: bool = False,
    session: requests.Session | None = None,
    timeout: float = 10,
    retry: int | None = None,
) -> requests.Response:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = signature("wrong-secret" if bad_signature else secret, ts, body)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}
    if retry is not None:  # Slack's retry of an event it thinks we did not take
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return (session or requests).post(url, data=body.encode(), headers=headers, timeout=timeout)


def command_body(text: str, response_url: str, user: str = "U111", channel: str = "C111") -> str:
    """A slash command, form-encoded like Slack's real payload (see corpus slash_command.form.txt)."""
    return urlencode(
        {
            "token": "xxx",
            "team_id": "T111",
            "team_domain": "test-workspace",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "someone",
            "command": "/worksonarm",
            "text": text,
            "api_app_id": "A111",
            "response_url": response_url,
            "trigger_id": f"{time.time():.6f}.{next(_TRIGGERS)}.xxx",  # unique, as Slack's are
        }
    )


def interactive_body(payload: dict[str, Any]) -> str:
    """Interactivity arrives as a form with one field, payload=<json>."""
    return urlencode({"payload": json.dumps(payload)})


_TRIGGERS = itertools.count()
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
