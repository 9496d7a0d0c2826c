"""Searches asked in Slack are counted by outcome through the real HTTP server with signed requests:
a slash command, a DM and a mention each count once (Slack's retry of an event does not), a page
of more results counts nothing, and only numbers are kept; /metrics reads them from the database."""

from __future__ import annotations

import json
import time

from prometheus_client.parser import text_string_to_metric_families

from bot.archive.counted import searches_by_outcome
from bot.metrics import exposition
from fakes.signing import JSON, post_signed
from fakes.slack import BOT_USER
from handlers.ui.blocks import ACTION_MORE
from tests.slack_requests import SECRET, dm, event_envelope, press, send_event, slash
from tests.support import open_db, running_app, wait_until

NOTHING = "zqxjvbnothing wkpfzz"


def counted(db_path) -> dict[str, int]:
    with open_db(db_path) as db:
        return searches_by_outcome(db)


def metric(db_path, outcome: str) -> float:
    for family in text_string_to_metric_families(exposition(db_path).decode()):
        for sample in family.samples:
            if sample.name == "worksonarm_slack_searches_total" and sample.labels == {"outcome": outcome}:
                return sample.value
    raise AssertionError(f"no worksonarm_slack_searches_total{{outcome={outcome}}}")


def test_each_search_asked_counts_once_by_outcome_and_keeps_no_words(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        assert metric(db_path, "found") == 0 and metric(db_path, "nothing") == 0
        assert slash(app, "golang").status_code == 200
        assert slash(app, NOTHING).status_code == 200
        assert counted(db_path) == {"found": 1, "nothing": 1}

        more = {"q": "arm64", "o": 5}
        assert press(app, ACTION_MORE, json.dumps(more)).status_code == 200
        app.slack.wait_for("hook:act")
        assert counted(db_path) == {"found": 1, "nothing": 1}, "a page of results is not a search"

        mention = {
            "type": "app_mention", "user": "U111", "text": f"<@{BOT_USER}> kubernetes",
            "ts": "1700000001.000100", "channel": "C111", "event_ts": "1700000001.000100",
        }  # fmt: skip
        body = event_envelope(mention)
        assert post_signed(app.url + "/slack/events", body, SECRET, JSON).status_code == 200
        assert send_event(app, dm(NOTHING)).status_code == 200
        assert wait_until(lambda: counted(db_path) == {"found": 2, "nothing": 2}, timeout=10)
        app.slack.wait_for("chat.postMessage", count=2, timeout=10)
        # Slack sends the mention again (its retry): answered and counted already, neither again.
        again = post_signed(app.url + "/slack/events", body, SECRET, JSON, retry=1)
        assert again.status_code == 200
        time.sleep(1.0)
        assert counted(db_path) == {"found": 2, "nothing": 2}
        assert metric(db_path, "found") == 2 and metric(db_path, "nothing") == 2

    with open_db(db_path) as db:
        kept = json.dumps(list(db.query("select * from search_counts")))
    assert "zqxjvb" not in kept and "kubernetes" not in kept and "golang" not in kept


def test_slacks_retry_of_a_dm_that_found_nothing_keeps_the_search_once(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        body = event_envelope(dm(NOTHING))
        assert post_signed(app.url + "/slack/events", body, SECRET, JSON).status_code == 200
        app.slack.wait_for("chat.postMessage", timeout=10)
        assert post_signed(app.url + "/slack/events", body, SECRET, JSON, retry=1).status_code == 200
        time.sleep(1.0)
    with open_db(db_path) as db:
        kept = [row["text"] for row in db.query("select text from unanswered_searches")]
    assert kept == [NOTHING]
