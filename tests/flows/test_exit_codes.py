"""Every command of `worksonarm-bot --help`, failing as an operator makes it fail: exit 1 for a
runtime failure, 2 for a usage or configuration error, one line on stderr, no traceback, no log
line repeating it and nothing on stdout (DESIGN: exit codes)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus import ROOT
from tests.support import clean_env, free_port

NOT_SQLITE = "not-a-database"
CLOSED = f"http://127.0.0.1:{free_port()}"  # nothing listens there

# command -> the failures to try: (arguments, environment, exit code, words the line must hold)
FAILURES: dict[str, list[tuple[list[str], dict[str, str], int, str]]] = {
    "announce": [
        (["announce", "999"], {}, 1, "no issue “999”"),
        (["announce", "2017-W19", "--only", "x"], {}, 2, "x is not configured"),
    ],
    "hold": [(["hold", "2099-W01"], {}, 1, "no issue “2099-W01”")],
    "release": [(["release", "no-such-issue"], {}, 1, "no issue “no-such-issue”")],
    "backup": [(["backup", "/no/such/folder/copy.db"], {}, 1, "cannot write a backup")],
    "index": [(["index", "/no/such/folder"], {}, 2, "no such file or folder")],
    "manifest": [(["manifest", "--url", "http://bot.example.com"], {}, 2, "https://")],
    "poll": [
        (["poll", "--feed", f"{CLOSED}/feed.xml"], {}, 1, "feed failed: cannot fetch"),
        (["poll"], {}, 2, "WORKSONARM_FEED_URL"),
    ],
    "run": [(["run"], {"SLACK_BOT_TOKEN": "xoxb-half"}, 2, "SLACK_SIGNING_SECRET")],
    "search": [(["search"], {}, 2, "Missing argument")],
    "serve": [(["serve"], {}, 2, "SLACK_BOT_TOKEN")],
    "shell": [(["shell", "--no-such-option"], {}, 2, "--no-such-option")],
    "status": [(["--db", NOT_SQLITE, "status"], {}, 1, "not a database")],
    "sync": [
        (["sync"], {"WORKSONARM_ARCHIVE": f"{CLOSED}/news.git"}, 1, "sync failed: cannot fetch"),
        (["sync"], {}, 2, "WORKSONARM_ARCHIVE"),
    ],
    "tips": [(["tips", "nope"], {}, 2, "No such command")],
    "tips accept": [(["tips", "accept", "999"], {}, 1, "no such tip, or already published: #999")],
    "tips reject": [(["tips", "reject", "999", "1000"], {}, 1, "#999, #1000")],
    "tips list": [(["tips", "list", "--status", "maybe"], {}, 2, "--status")],
    "tips export": [(["--db", NOT_SQLITE, "tips", "export"], {}, 1, "not a database")],
    "outbox": [(["outbox", "nope"], {}, 2, "No such command")],
    "outbox list": [(["--db", NOT_SQLITE, "outbox", "list"], {}, 1, "not a database")],
    "outbox newest-only": [(["--db", NOT_SQLITE, "outbox", "newest-only"], {}, 1, "not a database")],
    "outbox all": [(["--db", NOT_SQLITE, "outbox", "all"], {}, 1, "not a database")],
    "outbox seen": [(["--db", NOT_SQLITE, "outbox", "seen"], {}, 1, "not a database")],
    "outbox post-it": [(["outbox", "post-it", "999"], {}, 1, "nothing to do: no such delivery")],
    "outbox already-out": [(["outbox", "already-out", "0"], {}, 2, "DELIVERY")],
    "outbox retry": [(["outbox", "retry", "999"], {}, 1, "nothing to do: no such delivery")],
    "digest": [
        (["digest"], {}, 2, "the weekly note goes to the editors: set WORKSONARM_EDITORS"),
        (["digest"], {"WORKSONARM_DIGEST": "off"}, 2, "the weekly note is off"),
        (["digest"], {"WORKSONARM_TIMEZONE": "Moon/Base"}, 2, "WORKSONARM_TIMEZONE is not an IANA time zone"),
        (["digest"], {"WORKSONARM_EDITORS": "UED1"}, 2, "set SLACK_BOT_TOKEN"),
    ],
    "questions": [(["--db", NOT_SQLITE, "questions"], {}, 1, "not a database")],
    "questions close": [
        (["questions", "close", "999", "--wont"], {}, 2, "No question has the id 999"),
        (["questions", "close", "999"], {}, 2, "give --issue W"),
        (["questions", "close", "0", "--wont"], {}, 2, "ID"),
    ],
}


def commands_in_help(*group: str) -> list[str]:
    shown = subprocess.run(
        [sys.executable, "-m", "bot", *group, "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    listed = shown.split("Commands:", 1)[1]
    return [" ".join([*group, name]) for name in re.findall(r"^  (\S+)", listed, re.M)]


def test_every_command_in_the_help_has_its_failures_checked():
    commands = commands_in_help() + commands_in_help("tips") + commands_in_help("outbox")
    commands += commands_in_help("questions")
    assert len(commands) >= 25
    assert set(commands) == set(FAILURES), "a new command needs its failure cases here"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the shipped issues indexed, and a file that is not a database."""
    folder = tmp_path_factory.mktemp("exit-codes")
    env = clean_env(WORKSONARM_DB=str(folder / "bot.db"))
    subprocess.run([sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env, check=True, capture_output=True)
    (folder / NOT_SQLITE).write_text("this is not SQLite")
    return folder


@pytest.mark.parametrize(
    ("args", "env", "code", "words"),
    [case for cases in FAILURES.values() for case in cases],
    ids=[" ".join(case[0]) for cases in FAILURES.values() for case in cases],
)
def test_a_failure_is_one_line_on_stderr_and_its_exit_code(workdir, args, env, code, words):
    args = [str(workdir / a) if a == NOT_SQLITE else a for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=workdir,  # no .env here
        env=clean_env(WORKSONARM_DB=str(workdir / "bot.db"), **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("worksonarm-bot: ") and words in lines[0]
    assert done.stdout == "" or args[0] in ("tips",), done.stdout  # triage prints what it did do


def test_a_partial_triage_does_what_it_can_then_fails(workdir):
    """`tips accept 1 999`: tip 1 is accepted (stdout), #999 named on stderr, exit 1."""
    import datetime as dt

    from bot.tips.intake import save_tip
    from tests.support import open_db

    db_path = workdir / "triage.db"
    with open_db(db_path) as db:
        tip = save_tip(
            db, user_id="U1", user_name="ann", text="https://example.com/a", source="dm",
            event_key="e1", now=dt.datetime.now(dt.UTC),
        )  # fmt: skip
    tip_id = tip.id
    run = [sys.executable, "-m", "bot", "--db", str(db_path), "tips", "accept", str(tip_id), "999"]
    done = subprocess.run(run, cwd=workdir, env=clean_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == f"#{tip_id} accepted\n"
    assert done.stderr == "worksonarm-bot: no such tip, or already published: #999\n"


def test_on_a_terminal_a_failed_sync_is_one_readable_line(workdir):
    """No JSON log line for a one-shot command on a terminal: stderr is a real pty here."""
    leader, follower = pty.openpty()
    env = clean_env(WORKSONARM_DB=str(workdir / "bot.db"), WORKSONARM_ARCHIVE=f"{CLOSED}/news.git")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sync"], cwd=workdir, env=env, stdout=subprocess.PIPE,
        stderr=follower, text=True, timeout=60,
    )  # fmt: skip
    os.close(follower)
    shown = _read_all(leader).decode()
    assert done.returncode == 1 and done.stdout == ""
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("worksonarm-bot: sync failed: cannot fetch"), shown
    assert "{" not in shown


def test_debug_shows_the_log_as_well(workdir):
    """--debug adds the log, JSON lines off a terminal, with its fields (the failure streak)."""
    import json

    env = clean_env(WORKSONARM_DB=str(workdir / "debug.db"))
    run = [sys.executable, "-m", "bot", "--debug", "poll", "--feed", f"{CLOSED}/feed.xml"]
    done = subprocess.run(run, cwd=workdir, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    *logged, last = done.stderr.splitlines()
    assert last.startswith("worksonarm-bot: feed failed: cannot fetch")
    entries = [json.loads(line) for line in logged if line.startswith("{")]
    [failed] = [e for e in entries if e["message"].startswith("feed poll failed")]
    assert failed["failure_streak"] == 1


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)
