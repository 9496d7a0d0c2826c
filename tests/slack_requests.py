"""What Slack sends the app, signed as Slack signs it, to the real HTTP server: an event in its
envelope, a direct message, a slash command, a button press and a modal's submission (the last two
from real payloads in ../shared/corpus/slack-payloads)."""

from __future__ import annotations

import copy
import json
import random
import string
import time
from typing import TYPE_CHECKING

import requests

from fakes.signing import FORM, JSON, command_body, interactive_body, post_signed
from fakes.slack import BOT_USER
from tests.corpus import slack_payload

if TYPE_CHECKING:
    from tests.support import Running

SECRET = "test-signing-secret"


def event_envelope(event):
    return json.dumps(
        {
            "token": "xxx",
            "team_id": "T111",
            "api_app_id": "A111",
            "event": event,
            "type": "event_callback",
            "event_id": "Ev" + "".join(random.choices(string.ascii_uppercase, k=8)),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T111", "user_id": BOT_USER, "is_bot": True}],
        }
    )


def dm(text, **extra):
    event = {
        "type": "message",
        "channel": "D111",
        "user": "U111",
        "text": text,
        "ts": f"{time.time():.6f}",
        "channel_type": "im",
    }
    event.update(extra)
    return event


def send_event(app, event):
    return post_signed(app.url + "/slack/events", event_envelope(event), SECRET, JSON)


def slash(app: Running, text: str, *, user: str = "U111", **kw: object) -> requests.Response:
    """`/worksonarm <text>`, signed and form-encoded as Slack sends it; the reply is the response."""
    body = command_body(text, app.slack.hook_url("cmd"), user=user)
    return post_signed(app.url + "/slack/events", body, SECRET, FORM, **kw)  # type: ignore[arg-type]


def tip_submission(text: str, *, channel: str = "", ts: str = "") -> dict:
    """The shortcut's modal submitted with a tip (a real view_submission payload), for the message
    at `channel` and `ts`."""
    submission = copy.deepcopy(slack_payload("view_submission.json"))
    submission["view"].update(
        {
            "callback_id": "suggest_tip_modal",
            "private_metadata": json.dumps({"channel": channel, "ts": ts}),
            "state": {"values": {"tip_text": {"value": {"type": "plain_text_input", "value": text}}}},
        }
    )
    return dict(submission)


def press(
    app: Running, action_id: str, value: str, *, user: str = "U111", hook: str = "act"
) -> requests.Response:
    """A button press (a real block_actions payload) whose response_url is the fake's `hook`."""
    payload = copy.deepcopy(slack_payload("block_actions_button.json"))
    payload["user"]["id"] = user
    payload["response_url"] = app.slack.hook_url(hook)
    payload["actions"][0].update({"action_id": action_id, "block_id": "b1", "value": value})
    return post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM)
