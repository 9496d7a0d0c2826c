"""Editors and the outbox through Slack: status, announce, hold, release, and the DM buttons."""

from __future__ import annotations

import datetime as dt
import time

from bot.app import run_poll
from bot.outbox import store as outbox
from bot.tips.intake import save_tip
from fakes.feed import rss
from tests.slack_requests import press, slash
from tests.support import ANNOUNCE_STATUS, CHANNEL, W17, W18, all_text, editors_app, open_db


def command(app, text, user="UEDITOR"):
    return all_text(slash(app, text, user=user).json()["blocks"])


def press_as(app, action_id, value, user="UEDITOR"):
    return press(app, action_id, value, user=user, hook="btn")


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
        assert "*slack* (on): 1 sent" in status and "*x* (on): 1 sent" in status
        assert "*mastodon* (off: not configured): nothing yet" in status
        assert "*bluesky* (off: not configured): nothing yet" in status
        assert "Held 0" in command(app, "hold 2017-W18")
        assert "already out on slack, x" in command(app, "announce 2017-W18")  # nothing queued
        assert "again on slack, x" in command(app, "announce 2017-W18 again")
        deadline = time.monotonic() + 5
        while len(app.slack.posts_to(CHANNEL)) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(app.slack.posts_to(CHANNEL)) == 1  # re-sent, into this app's fake Slack
        assert "I found no issue" in command(app, "announce 1999-W01")


def test_unknown_tweet_buttons(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    with open_db(settings.db_path) as db:
        outbox.add_deliveries(db, 1, ["x"], "unknown", dt.datetime.now(dt.UTC))
        delivery_id = next(iter(db.query("select id from deliveries")))["id"]
    with editors_app(settings) as app:
        press_as(app, "outbox_post_it", str(delivery_id), user="U111")  # not an editor
        app.slack.wait_for("hook:btn")
        with open_db(settings.db_path) as db:
            assert next(iter(db.query(ANNOUNCE_STATUS)))["status"] == "unknown"
        press_as(app, "outbox_post_it", str(delivery_id))
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
