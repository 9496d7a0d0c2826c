"""Mastodon and Bluesky in the exactly-once outbox: re-polls, restarts, two processes at once,
429 / 503 / 401 faults, kill -9 mid-post and the Hypriot feed history post once per destination."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time

import pytest

from bot.app import courier_for, run_poll
from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import W17, W18, W19, announcements, editor_dms, env_of, open_db, poll_process

CREATE = {"mastodon": "POST /api/v1/statuses", "bluesky": "com.atproto.repo.createRecord"}


def posts(network: str, instance, pds) -> list:
    return instance.statuses if network == "mastodon" else pds.posts


def counts(slack, x, instance, pds) -> list[int]:
    return [len(announcements(slack)), len(x.tweets), len(instance.statuses), len(pds.posts)]


def poll_again(settings) -> subprocess.CompletedProcess[str]:
    run = [sys.executable, "-m", "bot", "poll"]
    return subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, timeout=60)


def test_re_polls_restarts_and_two_processes_post_once_everywhere(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)
    assert counts(slack, x, instance, pds) == [1, 1, 1, 1]
    run_poll(settings)  # 304
    feed.body += b"\n"
    run_poll(settings)  # the same items, new bytes
    restarted = poll_again(settings)
    assert restarted.returncode == 0, restarted.stderr
    assert counts(slack, x, instance, pds) == [1, 1, 1, 1]

    feed.body = rss([W19, W18, W17])
    procs = [poll_process(settings) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert counts(slack, x, instance, pds) == [2, 2, 2, 2]
    assert len({r["text"] for r in pds.posts}) == 2


def fault(network: str, kind: str, instance, pds) -> None:
    fake = instance if network == "mastodon" else pds
    route = CREATE[network]
    if kind == "429":
        fake.when(route)(fake.rate_limited_for(2))
    elif kind == "503":
        fake.when(route)(*[(503, {"error": "Service Unavailable"}, {})] * 2)
    else:  # a revoked token (Mastodon) or app password (Bluesky)
        fake.revoked = True


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
@pytest.mark.parametrize("kind", ["429", "503", "401"])
def test_faults_post_once_or_tell_the_editors_once_and_hold_up_no_one(everywhere, network, kind):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    fault(network, kind, instance, pds)
    feed.body = rss([W18, W17])
    started = time.monotonic()
    report = run_poll(settings)
    assert time.monotonic() - started < 10, "a fault never blocks the poll"
    others = [d for d in ("slack", "x", "mastodon", "bluesky") if d != network]
    assert {f"2017-W18 {d}" for d in others} <= set(report.sent), "the others post on time"
    if kind == "503":
        assert f"2017-W18 {network}" in report.sent and len(posts(network, instance, pds)) == 1
    elif kind == "429":
        assert report.deferred == [f"2017-W18 {network}"] and posts(network, instance, pds) == []
        assert run_poll(settings).sent == []  # the reset has not come
        with open_db(settings.db_path) as db:
            [row] = db.query("select next_try_at from deliveries where destination = ?", [network])
        # Mastodon.py shifts the reset by the server's Date header, which has whole seconds
        wait = dt.datetime.fromisoformat(row["next_try_at"]).timestamp() - time.time()
        assert 0.5 < wait < 4, "deferred until the reset header, not a fixed backoff"
        time.sleep(wait + 0.2)
        assert run_poll(settings).sent == [f"2017-W18 {network}"]
        assert len(posts(network, instance, pds)) == 1
    else:
        assert report.deferred == [f"2017-W18 {network}"] and posts(network, instance, pds) == []
        with open_db(settings.db_path) as db:
            db.execute("update deliveries set next_try_at = null where status = 'failed'")
        run_poll(settings)  # tried again: still refused, and the editors are not told twice
        [dm] = editor_dms(slack)
        assert f"2017-W18 {network} failed" in dm.body["text"] and "refused" in dm.body["text"]
    assert counts(slack, x, instance, pds).count(1) == 4 or kind == "401"


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_kill_9_while_posting_then_restart_posts_once(everywhere, network):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    fake = instance if network == "mastodon" else pds
    fake.slow[CREATE[network]] = 30
    feed.body = rss([W18, W17])
    proc = poll_process(settings)
    deadline = time.monotonic() + 30
    while not posts(network, instance, pds) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert posts(network, instance, pds), f"the post never reached {network}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=5)
    fake.slow.clear()
    with open_db(settings.db_path) as db:
        [row] = db.query("select status from deliveries where destination = ?", [network])
        assert row["status"] == "sending"
    looked = len(fake.requests)
    restarted = poll_again(settings)
    assert restarted.returncode == 0, restarted.stderr
    assert len(posts(network, instance, pds)) == 1
    checks = [fake.route_name(r) for r in fake.requests[looked:]]
    lookup = "GET /api/v1/accounts/:id/statuses" if network == "mastodon" else "com.atproto.repo.getRecord"
    assert lookup in checks, "the network was asked before any re-post"
    with open_db(settings.db_path) as db:
        [row] = db.query("select status, remote_id from deliveries where destination = ?", [network])
    assert row["status"] == "sent" and row["remote_id"]


def test_a_bluesky_session_is_made_once_and_refreshed_not_remade(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    pds.access_lifetime = 600  # inside atproto's 15 minutes of early refresh: every call refreshes
    courier = courier_for(settings)  # as serve keeps one for all its polls
    feed.body = rss([W17])
    run_poll(settings, courier=courier)
    for week in (W18, W19):
        feed.body = rss([week, W18, W17])
        run_poll(settings, courier=courier)
    assert len(pds.posts) == 2
    assert pds.sessions == 1 and pds.refreshes >= 1
    assert run_poll(settings, courier=courier).sent == [] and pds.sessions == 1


def test_no_token_password_or_session_in_the_logs(everywhere):
    from fakes import bluesky, mastodon

    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run = [sys.executable, "-m", "bot", "--debug", "poll"]
    done = subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(instance.statuses) == 1 and len(pds.posts) == 1
    logged = done.stdout + done.stderr
    for secret in (mastodon.TOKEN, bluesky.PASSWORD, "eyJ"):
        assert secret not in logged
