"""Operating the bot: logs without secrets, JSON lines off a terminal, and a clean SIGTERM."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import time

from bot.app import run_poll
from bot.logs import configure_logging
from fakes.feed import issue_item, rss
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus
from tests.support import (
    ANNOUNCE_STATUS,
    CHANNEL,
    announcements,
    env_of,
    free_port,
    open_db,
    start_serve,
    wait_healthy,
)

SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-1111-2222-very-secret-bot-token",
    "SLACK_SIGNING_SECRET": "signing-secret-0123456789abcdef",
    "TWITTER_API_KEY": "tw-api-key-SECRET-1",
    "TWITTER_API_SECRET": "tw-api-secret-SECRET-2",
    "TWITTER_ACCESS_TOKEN": "tw-access-token-SECRET-3",
    "TWITTER_ACCESS_TOKEN_SECRET": "tw-access-secret-SECRET-4",
}


def archive_items():
    """Issues that are not among the shipped ones (serve indexes those at start)."""
    return [issue_item(need_corpus(WOA_ARCHIVE) / "2019" / f"2019-W0{n}.md") for n in (2, 1)]


def secret_env(settings, **extra):
    env = env_of(settings)
    env.update(SECRETS)
    env.update(extra)
    return env


def serve(settings, port, env):
    return start_serve(env, port, ROOT, "--debug", stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_no_secret_in_the_logs_of_serve_poll_and_announce(world):
    settings, feed, slack, x = world
    newer, older = archive_items()
    feed.body = rss([older])
    env = secret_env(settings, WORKSONARM_POLL_MINUTES="1")
    first = subprocess.run(
        [sys.executable, "-m", "bot", "--debug", "poll"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    feed.body = rss([newer, older])
    port = free_port()
    proc = serve(settings, port, env)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        deadline = time.monotonic() + 15
        while (not announcements(slack) or not x.tweets) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert announcements(slack) and x.tweets, "the serve process announced the new issue"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    logs = first.stderr + err
    assert "announced 2019-W02" in logs
    for name, value in SECRETS.items():
        assert value not in logs, f"{name} leaked into the logs"
    # Off a terminal the log is JSON lines, one object per line.
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(json.loads(line)["message"] is not None for line in lines)


def test_redaction_of_configured_secrets_and_token_shapes(capsys):
    configure_logging(["hunter2-secret"], json_lines=False)
    logging.getLogger("worksonarm.test").warning("token %s and %s", "hunter2-secret", "xoxb-123456-abcdef")
    err = capsys.readouterr().err
    assert "hunter2-secret" not in err and "xoxb-123456-abcdef" not in err and err.count("***") == 2
    logging.getLogger().handlers.clear()


def test_sigterm_with_a_delivery_in_flight(world):
    settings, feed, slack, x = world
    newer, older = archive_items()
    feed.body = rss([older])
    run_poll(settings)
    feed.body = rss([newer, older])
    slack.slow["chat.postMessage"] = 30  # the announcement hangs on the wire
    port = free_port()
    env = env_of(settings)
    for key in [k for k in env if k.startswith("TWITTER_")]:
        env.pop(key)  # Slack only: the in-flight post is the one to watch
    proc = start_serve(env, port, ROOT, stderr=subprocess.PIPE)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
        deadline = time.monotonic() + 15
        while not announcements(slack) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert announcements(slack), "the delivery is in flight"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0  # within the grace period, with a post on the wire
    finally:
        if proc.poll() is None:
            proc.kill()
    slack.slow.clear()
    restart = subprocess.run(
        [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert restart.returncode == 0, restart.stderr
    assert len(announcements(slack)) == 1, "sent once: never lost, never doubled"
    with open_db(settings.db_path) as db:
        assert [r["status"] for r in db.query(ANNOUNCE_STATUS)] == ["sent"]
    assert CHANNEL in {c.body.get("channel") for c in slack.calls_to("conversations.history")}
