"""`make run` and the local console as an operator meets them: half a Slack setup is refused before
anything runs, and the console keeps its own database, so its tips and messages never reach the
editors' queue or Slack."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes.slack import FakeSlack
from tests.corpus import ROOT
from tests.support import clean_env

CONSOLE_INPUT = (
    "https://example.com/arm64-news a tip by DM\n"
    "/worksonarm tip https://example.org/graviton great read\n"
    "/worksonarm golang\n"
    "quit\n"
)


@pytest.fixture
def slack():
    fake = FakeSlack()
    yield fake
    fake.close()


def bot(*args: str, env: dict[str, str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=clean_env(**env), input=stdin,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


HALF_SETUPS = [
    ({"SLACK_BOT_TOKEN": "xoxb-only-the-bot-token"}, ["SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"]),
    ({"SLACK_SIGNING_SECRET": "only-a-signing-secret"}, ["SLACK_BOT_TOKEN"]),
    ({"SLACK_APP_TOKEN": "xapp-an-app-token-alone"}, ["SLACK_BOT_TOKEN"]),
    ({"SLACK_APP_TOKEN": "xapp-app-token", "SLACK_SIGNING_SECRET": "and-a-secret"}, ["SLACK_BOT_TOKEN"]),
    ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "oauth-secret"}, ["SLACK_CLIENT_ID"]),
]


@pytest.mark.parametrize("command", ["run", "serve"])
@pytest.mark.parametrize(("given", "named"), HALF_SETUPS, ids=[" ".join(g) for g, _ in HALF_SETUPS])
def test_half_a_slack_setup_exits_2_naming_what_is_missing(tmp_path, slack, command, given, named):
    env = {"WORKSONARM_DB": str(tmp_path / "bot.db"), "SLACK_API_URL": slack.base_url, **given}
    done = bot(command, env=env, cwd=tmp_path, stdin=CONSOLE_INPUT)
    assert done.returncode == 2, done.stdout + done.stderr
    [line] = done.stderr.splitlines()
    assert all(name in line for name in named), line
    assert done.stdout == "", "no console started, nothing indexed"
    assert slack.calls == [], "nothing was sent to Slack"
    assert not (tmp_path / "bot.db").exists()
    for secret in given.values():
        assert secret not in line or secret == "1.2"


def test_make_run_with_only_a_bot_token_exits_2_before_anything_runs(tmp_path, slack):
    """The very command of the report: `make run` with SLACK_BOT_TOKEN alone."""
    env = clean_env(
        WORKSONARM_DB=str(tmp_path / "bot.db"), SLACK_BOT_TOKEN="xoxb-alone", SLACK_API_URL=slack.base_url
    )
    env.pop("MAKEFLAGS", None)
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.installed", "run"], cwd=ROOT, env=env,
        input=CONSOLE_INPUT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "worksonarm-bot: configuration error: Slack is half set up" in done.stderr
    assert "SLACK_SIGNING_SECRET" in done.stderr and "SLACK_APP_TOKEN" in done.stderr
    assert slack.calls == [] and not (tmp_path / "bot.db").exists()


def test_the_console_keeps_its_own_database(tmp_path, slack):
    """Console tips (U0CONSOLE) never reach the editors' queue, nor its messages the outbox that
    `serve` sends once Slack is configured."""
    production = tmp_path / "worksonarm.db"
    env = {"WORKSONARM_DB": str(production)}
    assert bot("index", env=env, cwd=tmp_path).returncode == 0
    done = bot("run", env=env, cwd=tmp_path, stdin=CONSOLE_INPUT)
    assert done.returncode == 0, done.stderr
    assert "Golang 1.9 plan for ARM64 support" in done.stdout
    assert "worksonarm-console.db" in done.stderr

    console_tips = json.loads(bot("--db", str(tmp_path / "worksonarm-console.db"), "tips", "list", "--json",
                                  env={}, cwd=tmp_path).stdout)  # fmt: skip
    assert {tip["user_id"] for tip in console_tips} == {"U0CONSOLE"} and len(console_tips) == 2
    assert json.loads(bot("tips", "list", "--json", env=env, cwd=tmp_path).stdout) == []
    status = json.loads(bot("status", "--json", env=env, cwd=tmp_path).stdout)
    assert status["messages"] == {} and status["tips_new"] == 0

    # Slack configured afterwards: the production outbox has nothing of the console's to send.
    slack_env = {**env, "SLACK_BOT_TOKEN": "xoxb-later", "SLACK_API_URL": slack.base_url}
    assert bot("index", env=slack_env, cwd=tmp_path).returncode == 0
    assert slack.calls_to("chat.postMessage") == []


def test_shell_with_slack_configured_still_sends_nothing_to_slack(tmp_path, slack):
    env = {
        "WORKSONARM_DB": str(tmp_path / "bot.db"),
        "SLACK_BOT_TOKEN": "xoxb-configured",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": slack.base_url,
        "WORKSONARM_EDITORS": "UEDITOR",
    }
    done = bot("shell", env=env, cwd=tmp_path, stdin=CONSOLE_INPUT)
    assert done.returncode == 0, done.stderr
    assert "Thanks" in done.stdout or "tip" in done.stdout.lower()
    assert slack.calls == []
    assert json.loads(bot("tips", "list", "--json", env=env, cwd=tmp_path).stdout) == []


def test_the_console_database_can_be_named_but_never_the_bots(tmp_path):
    console = tmp_path / "elsewhere" / "try.db"
    console.parent.mkdir()
    env = {"WORKSONARM_DB": str(tmp_path / "bot.db"), "WORKSONARM_CONSOLE_DB": str(console)}
    done = bot("shell", env=env, cwd=tmp_path, stdin=CONSOLE_INPUT)
    assert done.returncode == 0 and console.is_file() and not (tmp_path / "bot.db").exists()
    same = bot("shell", env={**env, "WORKSONARM_CONSOLE_DB": str(tmp_path / "bot.db")}, cwd=tmp_path)
    assert same.returncode == 2 and "must not be the bot's own database" in same.stderr


def test_the_readme_says_where_the_console_keeps_its_rows():
    readme = (ROOT / "README.md").read_text()
    assert "worksonarm-console.db" in readme


def test_the_console_has_line_editing_and_a_history(tmp_path):
    """At a terminal: the up arrow brings the last line back, and the history outlives the session."""
    leader, follower = pty.openpty()
    env = clean_env(WORKSONARM_DB=str(tmp_path / "bot.db"), HOME=str(tmp_path), TERM="xterm")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "shell"], cwd=tmp_path, env=env,
        stdin=follower, stdout=follower, stderr=follower, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    try:
        screen = _until(leader, "> ")
        os.write(leader, b"/worksonarm golang\r")
        screen += _until(leader, "> ", after="Golang 1.9")
        os.write(leader, b"\x1b[A\r")  # up arrow, Enter: the same search again
        screen += _until(leader, "> ", after="Golang 1.9")
        os.write(leader, b"quit\r")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert screen.count("Golang 1.9 plan for ARM64 support") >= 2, screen[-2000:]
    history = (tmp_path / ".worksonarm-bot_history").read_text()
    assert "/worksonarm golang" in history


def _until(fd: int, prompt: str, after: str = "", timeout: float = 30) -> str:
    """Read the terminal until `after` has shown and then the prompt is back."""
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            seen += os.read(fd, 65536).decode(errors="replace")
            if after in seen and seen.rstrip().endswith(prompt.strip()):
                return seen
    raise AssertionError(f"the console never showed {after or prompt!r}: {seen[-500:]!r}")
