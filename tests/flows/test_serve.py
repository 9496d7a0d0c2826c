"""`worksonarm-bot serve` as an operator runs it: a real process, env configuration, signals."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from fakes.signing import FORM, command_body, post_signed
from fakes.slack import FakeSlack
from tests.corpus import ROOT
from tests.support import clean_env, free_port, start_serve, wait_healthy

SECRET = "s"


@pytest.fixture
def served(tmp_path):
    slack = FakeSlack()
    db = tmp_path / "bot.db"
    subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), "index"], check=True, cwd=ROOT, capture_output=True
    )
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.base_url,
        WORKSONARM_DB=str(db),
    )
    proc = start_serve(env, port, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, slack, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=5)
        slack.close()


def test_signed_golang_command_over_http(served):
    url, slack, _ = served
    response = post_signed(url + "/slack/events", command_body("golang", slack.hook_url("r")), SECRET, FORM)
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    for expected in (
        "Languages and compilers",
        "Golang 1.9 plan for ARM64 support",
        "https://golang.org/",
        "https://github.com/golang/go/issues/19082",
        "2017-W17",
        "2017-W19",
    ):
        assert expected in text
    assert slack.calls_to("auth.test"), "the bot checked its token against the fake Slack"


def test_signature_checks_and_health(served):
    url, slack, _ = served
    body = command_body("golang", slack.hook_url("r"))
    assert post_signed(url + "/slack/events", body, SECRET, FORM, bad_signature=True).status_code == 401
    old = int(time.time()) - 6 * 60
    assert post_signed(url + "/slack/events", body, SECRET, FORM, timestamp=old).status_code == 401
    assert requests.get(url + "/healthz", timeout=5).json()["ok"] is True


def test_sigterm_exits_cleanly(served):
    _, _, proc = served
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0, proc.stderr.read()  # an orchestrator's grace period: exit 0 within it
    assert "stopped" in proc.stderr.read()


def test_missing_credentials_exit_2_naming_each(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=clean_env(), capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_SIGNING_SECRET" in result.stderr
    socket_mode = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=clean_env(SLACK_APP_TOKEN="xapp-1-x"),
        capture_output=True,
        text=True,
    )
    assert socket_mode.returncode == 2
    assert "SLACK_BOT_TOKEN" in socket_mode.stderr and "SLACK_SIGNING_SECRET" not in socket_mode.stderr


def test_bad_token_is_one_clear_line(tmp_path):
    slack = FakeSlack()
    slack.script("auth.test", (200, {"ok": False, "error": "invalid_auth"}, {}))
    env = clean_env(SLACK_BOT_TOKEN="xoxb-bad", SLACK_SIGNING_SECRET="s", SLACK_API_URL=slack.base_url)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot",
                "--db",
                str(tmp_path / "x.db"),
                "serve",
                "--port",
                str(free_port()),
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        slack.close()
    assert result.returncode == 1
    assert "invalid_auth" in result.stderr and "Traceback" not in result.stderr
    assert "xoxb-bad" not in result.stderr


def test_make_run_reaches_the_shell_without_credentials(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "x.db"), "run"],
        cwd=tmp_path,
        env=clean_env(),
        input="/worksonarm golang\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "starting the local shell" in result.stderr
    assert "Golang 1.9 plan for ARM64 support" in result.stdout


def test_unreachable_slack_is_one_clear_line(tmp_path):
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-x",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "x.db"), "serve", "--port", str(free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot reach Slack at http://127.0.0.1:" in result.stderr and "Traceback" not in result.stderr


def test_idle_connections_never_stop_the_bot_answering(served):
    """150 idle sockets (waitress's default allowed 100), then 10 signed commands, each answered
    within 3 s, as Slack needs: the client gives up after 3 s."""
    url, slack, _ = served
    port = int(url.rsplit(":", 1)[1])
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(150)]
    try:
        for n in range(10):
            body = command_body("golang", slack.hook_url(f"idle{n}"))
            response = post_signed(url + "/slack/events", body, SECRET, FORM, timeout=3)
            assert response.status_code == 200 and "Golang 1.9" in response.text
    finally:
        for conn in idle:
            conn.close()


def test_unsigned_garbage_gets_401_and_one_log_line_never_a_traceback(served):
    url, slack, proc = served
    junk = [
        ({"Content-Type": "application/json"}, b"{bad"),
        (
            {
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": "abc",
                "X-Slack-Signature": "v0=1",
            },
            b"{}",
        ),
        (
            {
                "Content-Type": "application/json",
                "X-Slack-Request-Timestamp": "1e20",
                "X-Slack-Signature": "v0=1",
            },
            b"{}",
        ),
        ({"X-Slack-Request-Timestamp": "99999999999999999999", "X-Slack-Signature": "v0=1"}, b"x"),
        (
            {"X-Slack-Request-Timestamp": "１２３".encode(), "X-Slack-Signature": "v0=1"},
            b"x",
        ),  # fullwidth digits
    ]
    for _ in range(20):
        for headers, body in junk:
            response = requests.post(url + "/slack/events", data=body, headers=headers, timeout=5)
            assert response.status_code == 401, (headers, response.status_code)
    # Signed, but not a body Bolt can read: 400, still one line.
    assert post_signed(url + "/slack/events", "{bad", SECRET, "application/json").status_code == 400
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    assert "Traceback" not in err
    refused = [
        line for line in err.splitlines() if "refused a request" in line or "could not be read" in line
    ]
    assert len(refused) == 20 * len(junk) + 1
