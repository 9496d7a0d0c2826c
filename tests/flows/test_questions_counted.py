"""The standing questions counted: /metrics has them by kind and state and their follow-up DMs by
state (the outbox's gauge); `status` shows the open ones; the member's App Home lists them, and
*Stop* pressed there deletes one and shows the home again."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

from bot.app import run_poll
from bot.metrics import exposition
from bot.questions.asked import FOLLOW, UNTIL_COVERED, ask
from fakes.feed import rss
from fakes.signing import FORM, JSON, interactive_body, post_signed
from handlers.ui.questions import ACTION_STOP
from tests.corpus import ROOT, slack_payload
from tests.questions_support import button_value, feed_issue
from tests.slack_requests import SECRET, event_envelope
from tests.support import W17, env_of, open_db, running_app, status_json

NOW = dt.datetime.now(dt.UTC)


def test_metrics_and_status_count_the_questions_and_their_follow_ups(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    with open_db(settings.db_path) as db:
        ask(db, "U1", "zephyrix graviton", UNTIL_COVERED, NOW)
        ask(db, "U2", "zephyrix", FOLLOW, NOW)
        ask(db, "U3", "cobol mainframes", FOLLOW, NOW)
    feed.body = rss([feed_issue(tmp_path, "2026-W41", "Zephyrix Graviton numbers"), W17])
    run_poll(settings)
    page = exposition(settings.db_path).decode()
    assert 'worksonarm_standing_questions{kind="until_covered",state="answered"} 1.0' in page
    assert 'worksonarm_standing_questions{kind="follow",state="open"} 2.0' in page
    assert 'worksonarm_deliveries{destination="followup",kind="message",state="sent"} 2.0' in page
    assert status_json(settings)["questions_open"] == 2
    text = subprocess.run(
        [sys.executable, "-m", "bot", "status"],
        cwd=ROOT,
        env=env_of(settings),
        capture_output=True,
        text=True,
    )
    assert "questions      2 open" in text.stdout, text.stdout


def test_the_members_home_lists_their_questions_and_stop_there_deletes_one(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        with open_db(db_path) as db:
            question = ask(db, "U111", "zephyrix quasar", FOLLOW, NOW).question
        home = {"type": "app_home_opened", "user": "U111", "channel": "D1", "tab": "home"}
        post_signed(app.url + "/slack/events", event_envelope(home), SECRET, JSON)
        [published] = app.slack.wait_for("views.publish")
        view = published.body["view"]
        assert "Your questions and follows" in json.dumps(view) and "zephyrix quasar" in json.dumps(view)
        assert button_value(view["blocks"], ACTION_STOP) == str(question.id)
        payload = copy.deepcopy(slack_payload("block_actions_home_tab_button_with_confirm.json"))
        payload["user"]["id"] = "U111"
        payload["view"]["private_metadata"] = ""
        payload["actions"][0] |= {"action_id": ACTION_STOP, "value": str(question.id)}
        post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM)
        republished = app.slack.wait_for("views.publish", 2)
        assert len(republished) == 2 and "zephyrix quasar" not in json.dumps(republished[-1].body["view"])
    with open_db(db_path) as db:
        assert list(db.query("select * from standing_questions")) == []
