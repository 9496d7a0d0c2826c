"""The manifest and the registered listeners agree: everything the manifest subscribes is handled."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import yaml
from slack_bolt.request import BoltRequest

from bot.app import build_app
from bot.config import Settings
from bot.manifest import build_manifest
from bot.outbox.editors import EditorChoice
from fakes.signing import command_body, interactive_body, signature
from fakes.slack import FakeSlack
from handlers.ui.blocks import ACTION_EXACT, ACTION_MORE, ACTION_PRIVATE, ACTION_SHARE
from handlers.ui.editors_home import ACTION_HOME_PAGE
from handlers.ui.questions import (
    ACTION_COVERED,
    ACTION_STOP,
    ACTION_SUGGEST,
    ACTION_UNTIL_COVERED,
    ACTION_WONT,
)
from handlers.ui.tips import ACTION_ACCEPT, ACTION_REJECT
from tests.corpus import ROOT

SECRET = "manifest-secret"


@pytest.fixture
def app(tmp_path):
    slack = FakeSlack()
    settings = Settings(
        db_path=str(tmp_path / "m.db"),
        slack_bot_token="xoxb-x",
        slack_signing_secret=SECRET,
        slack_api_url=slack.base_url,
    )
    yield build_app(settings), slack
    slack.close()


def dispatch(app, body: str, content_type: str) -> int:
    ts = str(int(time.time()))
    headers = {
        "x-slack-request-timestamp": [ts],
        "x-slack-signature": [signature(SECRET, ts, body)],
        "content-type": [content_type],
    }
    return app.dispatch(BoltRequest(body=body, headers=headers)).status


def event(event_type: str) -> str:
    inner = {
        "type": event_type,
        "user": "U111",
        "channel": "D111",
        "channel_type": "im",
        "text": "hi",
        "tab": "home",
    }
    if event_type == "message.im":
        inner["type"] = "message"
    return json.dumps(
        {"type": "event_callback", "team_id": "T111", "event": inner, "event_id": "Ev1", "api_app_id": "A1"}
    )


def test_every_manifest_surface_has_a_listener(app):
    bolt, slack = app
    manifest = yaml.safe_load(build_manifest("https://bot.example.com"))
    for command in manifest["features"]["slash_commands"]:
        body = command_body("help", slack.hook_url()).replace(
            "%2Fworksonarm", command["command"].replace("/", "%2F")
        )
        assert dispatch(bolt, body, "application/x-www-form-urlencoded") == 200, command
    for event_type in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert dispatch(bolt, event(event_type), "application/json") == 200, event_type
    for shortcut in manifest["features"].get("shortcuts", []):
        payload = {
            "type": shortcut["type"] + "_action" if shortcut["type"] == "message" else "shortcut",
            "callback_id": shortcut["callback_id"],
            "trigger_id": "t",
            "user": {"id": "U1"},
            "team": {"id": "T111"},
            "channel": {"id": "C1"},
            "message": {"text": "x", "ts": "1.1"},
            "response_url": slack.hook_url(),
        }
        assert dispatch(bolt, interactive_body(payload), "application/x-www-form-urlencoded") == 200, shortcut


def test_every_button_the_blocks_use_has_a_listener(app):
    bolt, slack = app
    buttons = [
        ACTION_SHARE,
        ACTION_MORE,
        ACTION_EXACT,
        ACTION_PRIVATE,
        ACTION_HOME_PAGE,
        ACTION_ACCEPT,
        ACTION_REJECT,
        ACTION_UNTIL_COVERED,
        ACTION_SUGGEST,
        ACTION_STOP,
        ACTION_COVERED,
        ACTION_WONT,
    ]
    for action_id in [*buttons, *EditorChoice]:
        payload = {
            "type": "block_actions",
            "user": {"id": "U1"},
            "team": {"id": "T111"},
            "actions": [{"action_id": action_id, "block_id": "b", "value": "{}", "type": "button"}],
            "response_url": slack.hook_url(),
            "container": {"type": "message"},
        }
        assert dispatch(bolt, interactive_body(payload), "application/x-www-form-urlencoded") == 200, (
            action_id
        )


def test_an_unsubscribed_event_is_not_handled(app):
    """The check above can fail: Bolt answers 404 for what no listener takes."""
    bolt, _ = app
    assert dispatch(bolt, event("reaction_added"), "application/json") == 404


def test_scopes_are_least_privilege_and_explained():
    text = build_manifest()
    manifest = yaml.safe_load(text)
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert "chat:write.public" not in scopes and "users:read" not in scopes
    # A private announce channel needs groups:history for the check after a crash (see the README).
    assert {"channels:history", "groups:history"} <= set(scopes)
    for scope in scopes:
        line = next(line for line in text.splitlines() if line.strip().startswith(f"- {scope} "))
        assert "#" in line, f"scope {scope} has no comment saying why"
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["interactivity"]


def test_manifest_cli():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "manifest", "--url", "https://bot.example.com"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    manifest = yaml.safe_load(result.stdout)
    assert (
        manifest["settings"]["event_subscriptions"]["request_url"] == "https://bot.example.com/slack/events"
    )
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "manifest", "--url", "http://x"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2
