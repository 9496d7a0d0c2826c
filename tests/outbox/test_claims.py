"""A claim names one process run: whatever its host name and PID, a crashed run's claim is
recovered by the next run (a container restarted in place keeps both, and the bot is PID 1)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess

import pytest

from bot.outbox import store
from fakes.feed import rss
from tests.support import (
    ANNOUNCE_STATUS,
    W17,
    W18,
    announcements,
    editor_dms,
    open_db,
    poll_process,
    wait_until,
)

NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


@pytest.fixture
def claimed(db):
    db.table("issues").insert(
        {"publication": "worksonarm", "week": "2019-W01", "slot": "", "title": "A", "date": "2019-01-04"}
    )
    store.add_deliveries(db, 1, ["slack"], "pending", NOW)
    return db


def claim_as(db, owner: str, at: dt.datetime = NOW) -> None:
    [delivery] = store.due(db, at)
    assert store.claim(db, delivery.id, at, owner=owner)


def test_an_earlier_run_with_our_host_and_pid_is_recovered(claimed):
    earlier_run = f"{socket.gethostname()}:{os.getpid()}:0badc0de"
    claim_as(claimed, earlier_run)
    assert [d.claimed_by for d in store.stale_claims(claimed, NOW)] == [earlier_run]


def test_an_old_style_claim_with_our_host_and_pid_is_recovered(claimed):
    claim_as(claimed, f"{socket.gethostname()}:{os.getpid()}")
    assert len(store.stale_claims(claimed, NOW)) == 1


def test_this_runs_own_claim_is_in_flight_not_stale(claimed):
    claim_as(claimed, store.OWNER)
    assert store.stale_claims(claimed, NOW + store.LEASE * 10) == []


def test_a_live_process_keeps_its_claim_until_the_lease_ends(claimed):
    with subprocess.Popen(["sleep", "30"]) as other:
        try:
            claim_as(claimed, f"{socket.gethostname()}:{other.pid}:feedbeef")
            assert store.stale_claims(claimed, NOW) == []
            assert len(store.stale_claims(claimed, NOW + store.LEASE + dt.timedelta(seconds=1))) == 1
        finally:
            other.kill()


def test_a_dead_process_on_this_host_loses_its_claim_at_once(claimed):
    dead = subprocess.Popen(["true"])
    dead.wait()
    claim_as(claimed, f"{socket.gethostname()}:{dead.pid}:feedbeef")
    assert len(store.stale_claims(claimed, NOW)) == 1


def test_another_hosts_claim_waits_for_its_lease(claimed):
    claim_as(claimed, "elsewhere:1:feedbeef")
    assert store.stale_claims(claimed, NOW + store.LEASE - dt.timedelta(seconds=1)) == []
    assert len(store.stale_claims(claimed, NOW + store.LEASE + dt.timedelta(seconds=1))) == 1


def _unshare() -> tuple[str, ...]:
    """The prefix that runs a command as PID 1 of a new PID namespace, or a skip with the reason."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    prefix = ("unshare", "--pid", "--fork", "--mount-proc")
    probe = subprocess.run([*prefix, "sh", "-c", "echo $$"], capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != "1":
        pytest.skip(f"cannot make a PID namespace here (needs root): {probe.stderr.strip()[:200]}")
    return prefix


def _crash_mid_delivery(settings, slack, x, prefix, *, destination: str) -> None:
    """A poll as PID 1, killed with -9 while its post is on the wire."""
    env = {} if destination == "slack" else {"WORKSONARM_ANNOUNCE_CHANNEL": ""}
    if destination == "slack":
        slack.slow["chat.postMessage"] = 60
    else:
        x.slow = 60
    proc = poll_process(settings, prefix=prefix, **env)
    try:
        on_the_wire = (lambda: announcements(slack)) if destination == "slack" else (lambda: x.requests)
        assert wait_until(on_the_wire), "the delivery never left"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
    slack.slow.clear()
    x.slow = 0
    with open_db(settings.db_path) as db:
        rows = list(db.query(ANNOUNCE_STATUS + " and destination = ?", [destination]))
    assert [r["status"] for r in rows] == ["sending"]


def _run_again(settings, prefix, **env) -> None:
    again = poll_process(settings, prefix=prefix, **env)
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err


def test_slack_delivery_crashed_as_pid_1_is_recovered_by_the_next_pid_1(world):
    settings, feed, slack, x = world
    prefix = _unshare()
    feed.body = rss([W17])
    _run_again(settings, prefix)  # the baseline, as PID 1 too
    feed.body = rss([W18, W17])
    _crash_mid_delivery(settings, slack, x, prefix, destination="slack")
    _run_again(settings, prefix)
    _run_again(settings, prefix)
    assert len(announcements(slack)) == 1, "the post the crash left is found, not repeated"
    assert slack.calls_to("conversations.history"), "the channel was checked before any re-post"
    with open_db(settings.db_path) as db:
        assert {r["status"] for r in db.query(ANNOUNCE_STATUS)} == {"sent"}


def test_tweet_crashed_as_pid_1_goes_to_the_editors(world):
    settings, feed, slack, x = world
    prefix = _unshare()
    no_channel = {"WORKSONARM_ANNOUNCE_CHANNEL": ""}
    feed.body = rss([W17])
    _run_again(settings, prefix, **no_channel)
    feed.body = rss([W18, W17])
    _crash_mid_delivery(settings, slack, x, prefix, destination="x")
    _run_again(settings, prefix, **no_channel)
    with open_db(settings.db_path) as db:
        assert [r["status"] for r in db.query(ANNOUNCE_STATUS)] == ["unknown"]
    [dm] = editor_dms(slack)
    assert "Is it out?" in dm.body["text"]
    assert len(x.tweets) <= 1, "never a second tweet"
