"""Every event and interaction is answered once: Slack retries (X-Slack-Retry-Num), sends the same
event to several workers at once, and a modal can be submitted twice."""

from __future__ import annotations

import copy
import json
import threading
import time

import pytest

from fakes.signing import FORM, JSON, interactive_body, post_signed
from tests.corpus import slack_payload
from tests.slack_requests import SECRET, dm, event_envelope
from tests.support import running_app, tips_json


@pytest.fixture
def app(db_path):
    with running_app(db_path) as running:
        yield running


def deliver(app, body: str, retry: int | None = None) -> None:
    assert post_signed(app.url + "/slack/events", body, SECRET, JSON, retry=retry).status_code == 200


def replies_to(app, channel: str) -> list:
    return [c for c in app.slack.calls_to("chat.postMessage") if c.body.get("channel") == channel]


@pytest.mark.parametrize("text", ["golang", "help", "tip https://example.com/once"])
def test_a_retried_dm_is_answered_once(app, text):
    body = event_envelope(dm(text))
    deliver(app, body)
    app.slack.wait_for("chat.postMessage")
    for retry in (1, 2, 3):
        deliver(app, body, retry=retry)
    time.sleep(0.5)  # the retries had their chance to answer
    assert len(replies_to(app, "D111")) == 1


def test_simultaneous_deliveries_of_one_dm_get_one_reply(app):
    body = event_envelope(dm("kubernetes"))
    threads = [threading.Thread(target=deliver, args=(app, body, n or None)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.slack.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(replies_to(app, "D111")) == 1


def test_a_modal_submitted_twice_sends_one_dm_and_saves_one_tip(app, db_path):
    submission = copy.deepcopy(slack_payload("view_submission.json"))
    submission["view"].update(
        {
            "callback_id": "suggest_tip_modal",
            "private_metadata": json.dumps({"channel": "", "ts": ""}),
            "state": {
                "values": {
                    "tip_text": {"value": {"type": "plain_text_input", "value": "https://example.com/x"}}
                }
            },
        }
    )
    user = submission["user"]["id"]
    body = interactive_body(submission)
    for _ in range(2):
        assert post_signed(app.url + "/slack/events", body, SECRET, FORM).status_code == 200
    app.slack.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(replies_to(app, user)) == 1
    assert len(tips_json(db_path)) == 1


def test_forty_simultaneous_tips_from_one_user_keep_the_hourly_limit(app, db_path):
    from bot.tips.intake import TIPS_PER_HOUR

    events = [
        event_envelope(dm(f"tip number {n} https://example.com/rush/{n}", ts=f"{time.time():.6f}{n:02d}"))
        for n in range(40)
    ]
    threads = [threading.Thread(target=deliver, args=(app, body)) for body in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.slack.wait_for("chat.postMessage", count=40, timeout=30)
    assert len(tips_json(db_path)) == TIPS_PER_HOUR
    refusals = [c for c in replies_to(app, "D111") if "in the last hour" in json.dumps(c.body)]
    assert len(refusals) == 40 - TIPS_PER_HOUR
