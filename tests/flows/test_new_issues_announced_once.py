"""The feed watcher and the outbox against a local feed server, fake Slack and fake X."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from bot.app import run_poll
from bot.archive.search import search_stories
from bot.publishers.posts import weighted_length
from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import (
    ANNOUNCE_STATUS,
    W17,
    W18,
    W19,
    announcements,
    editor_dms,
    env_of,
    open_db,
    poll_process,
    status_json,
)


def test_baseline_then_exactly_one_announcement(world):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    first = run_poll(settings)
    assert first.baseline and first.new_issues == ["2017-W18", "2017-W17"]
    assert announcements(slack) == [] and x.tweets == []
    with open_db(settings.db_path) as db:
        hits = search_stories(db, "golang").hits
        assert {h.issue for h in hits} >= {"2017-W17"}
        assert search_stories(db, "hikey").hits[0].url == "https://worksonarm.example/news/2017-W18/"

    feed.body = rss([W19, W18, W17])
    second = run_poll(settings)
    assert second.new_issues == ["2017-W19"] and sorted(second.sent) == ["2017-W19 slack", "2017-W19 x"]
    [post] = announcements(slack)
    assert "https://worksonarm.example/news/2017-W19/" in json.dumps(post)
    assert "Golang 1.9 plan for ARM64 support" in json.dumps(post["blocks"])
    [tweet] = x.tweets
    assert weighted_length(tweet["text"]) <= 280
    assert "https://worksonarm.example/news/2017-W19/" in tweet["text"]
    assert x.requests[0]["headers"]["Authorization"].startswith("OAuth ")

    third = run_poll(settings)  # the feed server answers 304 now
    assert third.not_modified
    feed.body = feed.body + b"\n"  # same items, new bytes: a full parse, still nothing new
    again = run_poll(settings)
    assert again.new_issues == [] and again.unchanged == 3 and again.updated == 0  # nothing rewritten
    restarted = subprocess.run(
        [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env_of(settings), capture_output=True, text=True
    )
    assert restarted.returncode == 0, restarted.stderr
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1
    data = status_json(settings)
    assert data["deliveries"]["sent"] == 2
    assert data["feeds"][0]["first_poll"] and data["feeds"][0]["etag"]


def test_two_processes_post_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    run_poll(settings)
    feed.body = rss([W19, W18, W17])
    procs = [poll_process(settings) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1


def test_slack_429_then_ok_posts_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    slack.script("chat.postMessage", (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    feed.body = rss([W18, W17])
    report = run_poll(settings)
    assert "2017-W18 slack" in report.sent
    assert len(announcements(slack)) == 1


def test_x_503_twice_then_201_posts_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    x.script += [(503, {"title": "Service Unavailable"}, {})] * 2
    feed.body = rss([W18, W17])
    report = run_poll(settings)
    assert "2017-W18 x" in report.sent and len(x.tweets) == 1
    assert len(x.requests) == 3


def test_x_429_is_deferred_to_a_later_poll(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    x.script.append(x.rate_limited_until(2))
    feed.body = rss([W18, W17])
    report = run_poll(settings)
    assert report.deferred == ["2017-W18 x"] and x.tweets == []
    assert len(x.requests) == 1, "a 429 is not retried inside the poll: it waits for the reset"
    assert run_poll(settings).sent == []  # not yet: the reset time has not come
    time.sleep(2.2)
    assert run_poll(settings).sent == ["2017-W18 x"]
    assert len(x.tweets) == 1 and len(announcements(slack)) == 1


def test_dry_run_records_and_sends_nothing(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    from dataclasses import replace

    run_poll(replace(settings, dry_run=True))
    assert announcements(slack) == [] and x.tweets == []
    with open_db(settings.db_path) as db:
        rows = list(db.query("select destination, status, rendered from deliveries"))
    assert {r["status"] for r in rows} == {"skipped"}
    assert all("2017-W18" in r["rendered"] or "Issue 2" in r["rendered"] for r in rows)


def test_kill_9_during_slack_delivery_then_restart_posts_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    slack.slow["chat.postMessage"] = 30
    proc = poll_process(settings)
    deadline = time.monotonic() + 20
    while not announcements(slack) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert announcements(slack), "the delivery never reached Slack"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=5)
    slack.slow.clear()
    with open_db(settings.db_path) as db:
        assert {
            r["status"]
            for r in db.query(
                "select status from deliveries where destination = 'slack' and kind = 'announce'"
            )
        } == {"sending"}
    restarted = subprocess.run(
        [sys.executable, "-m", "bot", "poll"],
        cwd=ROOT,
        env=env_of(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert restarted.returncode == 0, restarted.stderr
    assert len(announcements(slack)) == 1
    assert slack.calls_to("conversations.history"), "the channel was checked before any re-post"
    with open_db(settings.db_path) as db:
        assert {r["status"] for r in db.query(ANNOUNCE_STATUS)} == {"sent"}


def test_tweet_in_doubt_goes_to_the_editors(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    from bot.outbox import store as outbox

    with open_db(settings.db_path) as db:
        issue_id = next(iter(db.query("select id from issues")))["id"]
        outbox.add_deliveries(db, issue_id, ["x"], "pending", outbox.dt.datetime.now(outbox.dt.UTC))
        db.execute(
            "update deliveries set status = 'sending', claimed_by = 'otherhost:1', "
            "claimed_at = '2020-01-01T00:00:00+00:00'"
        )
    run_poll(settings)
    [dm] = editor_dms(slack)
    assert [e["action_id"] for b in dm.body["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "outbox_post_it",
        "outbox_already_out",
    ]
    with open_db(settings.db_path) as db:
        assert next(iter(db.query(ANNOUNCE_STATUS)))["status"] == "unknown"
    assert x.tweets == []


def test_concurrent_polls_on_a_fresh_database_never_fail_with_locked(world):
    """Four processes at once: migrations and every write wait their turn instead of failing."""
    settings, feed, slack, x = world
    feed.body = rss([W19, W18, W17])
    procs = [poll_process(settings) for _ in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    with open_db(settings.db_path) as db:
        assert db.table("issues").count == 3
        assert db.table("deliveries").count == 0  # a first poll announces nothing, however many ran it
