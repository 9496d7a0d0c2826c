"""Editors and the outbox through Slack: status, announce, hold, release, and the DM buttons."""

from __future__ import annotations

import copy
import datetime as dt
import time
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger

from bot.app import run_poll
from bot.db import open_db
from bot.outbox import store as outbox
from bot.scheduler import JOB_ID, poll_trigger, start_scheduler
from bot.tips.intake import save_tip
from tests.corpus import slack_payload
from tests.fakes.feed import rss
from tests.fakes.signing import FORM, command_body, interactive_body, post_signed
from tests.slackapp import SECRET, running_app
from tests.support import ANNOUNCE_STATUS
from tests.test_feed import CHANNEL, W17, W18
from tests.test_slack_http import all_text


def editors_app(settings, **extra):
    """The Slack app on the world's database and fake X, with UEDITOR as the editor."""
    return running_app(
        Path(settings.db_path),
        editors=("UEDITOR",),
        twitter_api_key="k",
        twitter_api_secret="s",
        twitter_access_token="t",
        twitter_access_token_secret="ts",
        twitter_api_url=settings.twitter_api_url,
        **extra,
    )


def command(app, text, user="UEDITOR"):
    body = command_body(text, app.slack.hook_url("cmd"), user=user)
    return all_text(post_signed(app.url + "/slack/events", body, SECRET, FORM).json()["blocks"])


def press(app, action_id, value, user="UEDITOR"):
    payload = copy.deepcopy(slack_payload("block_actions_button.json"))
    payload["user"]["id"] = user
    payload["response_url"] = app.slack.hook_url("btn")
    payload["actions"][0].update({"action_id": action_id, "value": value})
    return post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM)


def test_editor_commands(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)  # W18 announced on both
    with editors_app(settings, announce_channel=CHANNEL, feed_url=settings.feed_url) as app:
        assert "only the newsletter's editors" in command(app, "status", user="U111")
        status = command(app, "status")
        assert "Deliveries:" in status and "2 sent" in status and feed.url in status
        assert "Held 0" in command(app, "hold 2017-W18")
        assert "again on slack, x" in command(app, "announce 2017-W18")
        deadline = time.monotonic() + 5
        while len(app.slack.posts_to(CHANNEL)) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(app.slack.posts_to(CHANNEL)) == 1  # re-sent, into this app's fake Slack
        assert "I found no issue" in command(app, "announce 1999-W01")


def add_issue(db):
    db.table("issues").insert(
        {"publication": "worksonarm", "week": "2019-W01", "slot": "", "title": "A", "date": "2019-01-04"}
    )


def test_hold_and_release(db):
    now = dt.datetime.now(dt.UTC)
    add_issue(db)
    outbox.add_deliveries(db, 1, ["slack", "x"], "pending", now)
    assert outbox.hold(db, 1, now) == 2
    assert outbox.due(db, now) == []
    assert outbox.release(db, now, issue_id=1) == 2
    assert len(outbox.due(db, now)) == 2


def test_claims_are_exclusive(db):
    now = dt.datetime.now(dt.UTC)
    add_issue(db)
    outbox.add_deliveries(db, 1, ["slack"], "pending", now)
    assert outbox.add_deliveries(db, 1, ["slack"], "pending", now) == 0  # never a second row
    [delivery] = outbox.due(db, now)
    assert outbox.claim(db, delivery.id, now, owner="a:1")
    assert not outbox.claim(db, delivery.id, now, owner="b:2")


def test_unknown_tweet_buttons(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    with open_db(settings.db_path) as db:
        outbox.add_deliveries(db, 1, ["x"], "unknown", dt.datetime.now(dt.UTC))
        delivery_id = next(iter(db.query("select id from deliveries")))["id"]
    with editors_app(settings) as app:
        press(app, "outbox_post_it", str(delivery_id), user="U111")  # not an editor
        app.slack.wait_for("hook:btn")
        with open_db(settings.db_path) as db:
            assert next(iter(db.query(ANNOUNCE_STATUS)))["status"] == "unknown"
        press(app, "outbox_post_it", str(delivery_id))
        deadline = time.monotonic() + 5
        while not x.tweets and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(x.tweets) == 1


def test_feed_issue_publishes_tips_and_thanks_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    with open_db(settings.db_path) as db:
        save_tip(
            db,
            user_id="UTIPPER",
            text="Hikey 960 http://www.96boards.org/product/hikey960/",
            source="dm",
            event_key="k",
            now=dt.datetime.now(dt.UTC),
        )
    feed.body = rss([W18, W17])
    assert run_poll(settings).published_tips
    run_poll(settings)
    thanks = [c for c in slack.calls_to("chat.postMessage") if c.body.get("channel") == "UTIPPER"]
    assert len(thanks) == 1 and "worksonarm.example/news/2017-W18" in thanks[0].body["text"]


def test_scheduler_runs_at_once_then_on_interval():
    ran = []
    scheduler = start_scheduler(lambda: ran.append(time.monotonic()), minutes=15)
    try:
        deadline = time.monotonic() + 3
        while not ran and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ran, "the poll runs at start"
        job = scheduler.get_job(JOB_ID)
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == dt.timedelta(minutes=15) and job.trigger.jitter == 60
        assert job.coalesce is True and job.max_instances == 1 and job.misfire_grace_time is None
    finally:
        scheduler.shutdown(wait=True)
    assert poll_trigger(1).jitter == 6
