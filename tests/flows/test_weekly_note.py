"""The editors' weekly note through `serve` and the command line against fake Slack on 127.0.0.1:
one DM per editor for the current week, with two processes at once and across a restart; the
operator's `digest`; bad WORKSONARM_DIGEST / WORKSONARM_TIMEZONE values refused with exit 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

import requests

from fakes.slack import FakeSlack
from tests.corpus import ROOT
from tests.slack_requests import slash
from tests.support import clean_env, free_port, running_app, start_serve, wait_healthy, wait_until

EDITORS = ("UEDITOR", "UEDTWO")


def this_week() -> str:
    year, week, _ = dt.datetime.now(dt.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def env_for(slack: FakeSlack, db_path, **extra: str) -> dict[str, str]:
    return clean_env(
        WORKSONARM_DB=str(db_path),
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=slack.base_url,
        WORKSONARM_EDITORS=",".join(EDITORS),
        # Monday 00:00 has always passed this week: the note is due at start.
        **{"WORKSONARM_DIGEST": "mon 00:00", **extra},
    )


def notes(slack: FakeSlack) -> list[dict]:
    """The weekly notes Slack got: messages whose outbox key (in their metadata) is a digest's."""
    found = []
    for call in slack.calls_to("chat.postMessage"):
        metadata = call.body.get("metadata") or {}
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
        if str((metadata.get("event_payload") or {}).get("key", "")).startswith("digest:"):
            found.append(call.body | {"key": metadata["event_payload"]["key"]})
    return found


def bot(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    run = [sys.executable, "-m", "bot", *args]
    return subprocess.Popen(run, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_sends_one_note_per_editor_with_two_processes_and_after_a_restart(tmp_path):
    slack, db_path = FakeSlack(), tmp_path / "bot.db"
    env = env_for(slack, db_path)
    ports = [free_port(), free_port()]
    procs = [start_serve(env, port, tmp_path, stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port, proc in zip(ports, procs, strict=True):
            wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=60)
        assert wait_until(lambda: len(notes(slack)) >= 2, timeout=30), "each editor gets the note"
        time.sleep(2)  # the other process's start check has run too
        sent = notes(slack)
        assert sorted(n["key"] for n in sent) == [f"digest:{e}:{this_week()}" for e in sorted(EDITORS)]
        assert sorted(n["channel"] for n in sent) == sorted(EDITORS)
        blocks = json.dumps(sent[0]["blocks"])
        for title in ("New tips", "Asked and not found", "Waiting for your decision", "Searches"):
            assert f"*{title}*" in blocks
        scraped = requests.get(f"http://127.0.0.1:{ports[0]}/metrics", timeout=5).text
        assert 'worksonarm_slack_searches_total{outcome="nothing"} 0.0' in scraped
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=15)
    restarted = start_serve(env, ports[0], tmp_path, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(f"http://127.0.0.1:{ports[0]}", restarted, timeout=60)
        time.sleep(2)
        assert len(notes(slack)) == 2, "a restart in the same week sends no second note"
    finally:
        restarted.terminate()
        restarted.wait(timeout=15)
    status = status_json_of(env)
    assert status["weekly_note"]["week"] == this_week() and status["weekly_note"]["last_sent_at"]
    slack.close()


def status_json_of(env: dict[str, str]) -> dict:
    run = subprocess.run(
        [sys.executable, "-m", "bot", "status", "--json"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return dict(json.loads(run.stdout))


def test_serve_with_the_note_off_sends_none(tmp_path):
    slack, db_path, port = FakeSlack(), tmp_path / "bot.db", free_port()
    proc = start_serve(
        env_for(slack, db_path, WORKSONARM_DIGEST="off"), port, tmp_path, stderr=subprocess.PIPE
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=60)
        time.sleep(3)  # past the start check and the first outbox round
        assert notes(slack) == []
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    slack.close()
    off = env_for(slack, db_path, WORKSONARM_DIGEST="off")
    text = subprocess.run(
        [sys.executable, "-m", "bot", "status"], cwd=ROOT, env=off, capture_output=True, text=True
    ).stdout
    assert "weekly note    off; never sent" in text


def test_the_operators_digest_command_sends_once_even_twice_at_once(tmp_path):
    slack, db_path = FakeSlack(), tmp_path / "bot.db"
    with running_app(db_path) as app:  # members search through Slack first: found, and not found
        for text in ("golang", "qzxv nothing here", "Nothing here QZXV?"):
            assert slash(app, text).status_code == 200
    env = env_for(slack, db_path, WORKSONARM_DIGEST="sun 23:59", WORKSONARM_TIMEZONE="Europe/Berlin")
    preview = bot(env, "digest", "--dry-run")
    out, err = preview.communicate(timeout=60)
    assert preview.returncode == 0, err
    assert "dry run, not sent" in out and "Searches" in out and notes(slack) == []
    runs = [bot(env, "digest") for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    sent = notes(slack)
    assert sorted(n["channel"] for n in sent) == sorted(EDITORS), "one per editor, not one per process"
    shown = json.dumps(sent[0]["blocks"], ensure_ascii=False)
    assert "asked 2 times" in shown and "qzxv" in shown.lower(), "the two phrasings are one question"
    assert "3 searches in the last seven days; 67% found nothing" in shown
    said = "".join(out for out, _ in outputs)
    for editor in EDITORS:
        assert said.count(f"to {editor}: sent (this run)") == 1
    again = bot(env, "digest")
    out, _ = again.communicate(timeout=60)
    assert again.returncode == 0 and out.count("sent (before)") == 2 and len(notes(slack)) == 2
    slack.close()


def test_bad_schedules_and_time_zones_exit_2_with_what_is_wrong(tmp_path):
    slack = FakeSlack()
    cases = {
        ("WORKSONARM_DIGEST", "monday at nine"): "WORKSONARM_DIGEST takes a weekday and a time",
        ("WORKSONARM_DIGEST", "fri 25:00"): "WORKSONARM_DIGEST has no such time of day",
        ("WORKSONARM_TIMEZONE", "Mars/Olympus"): "WORKSONARM_TIMEZONE is not an IANA time zone",
        ("WORKSONARM_TIMEZONE", "europe/berlin"): "did you mean Europe/Berlin?",
    }
    for (variable, value), said in cases.items():
        env = env_for(slack, tmp_path / "bot.db", **{variable: value})
        for command in (["serve", "--port", str(free_port())], ["digest"]):
            run = subprocess.run(
                [sys.executable, "-m", "bot", *command], cwd=ROOT, env=env, capture_output=True, text=True,
                timeout=60,
            )  # fmt: skip
            assert run.returncode == 2, (command, value, run.stderr)
            assert said in run.stderr and "Traceback" not in run.stderr
    off = subprocess.run(
        [sys.executable, "-m", "bot", "digest"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=env_for(slack, tmp_path / "bot.db", WORKSONARM_DIGEST="OFF"),
    )  # fmt: skip
    assert off.returncode == 2 and "the weekly note is off" in off.stderr
    assert notes(slack) == []
    slack.close()
