"""The operator's kit: a backup taken while tips pour in, /metrics that a Prometheus can read and
that keeps what the database knows across restarts, failures that say what to fix, one line per
event, and a quiet start."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bot.db import write_transaction
from bot.outbox import store
from bot.tips.intake import save_tip
from fakes.feed import rss
from fakes.signing import FORM, command_body, post_signed
from tests.corpus import ROOT
from tests.support import (
    W17,
    W18,
    clean_env,
    env_of,
    free_port,
    open_db,
    start_serve,
    wait_healthy,
    wait_until,
)


def test_backup_during_eight_concurrent_tips_holds_every_tip_committed_before_it(tmp_path, db_path):
    with open_db(db_path):
        pass  # created and migrated before the writers start
    committed: list[tuple[float, str]] = []  # (when save_tip returned, event key)
    lock, stop = threading.Lock(), threading.Event()
    failures: list[BaseException] = []

    def tipper(n: int) -> None:
        try:
            with open_db(db_path, busy_timeout=30) as db:
                i = 0
                while not stop.is_set():
                    i += 1
                    key = f"tipper-{n}-{i}"
                    save_tip(
                        db,
                        user_id=f"U{n}-{i}",  # one tip per person: the hourly limit stays out of it
                        text=f"https://example.com/{n}/{i} a fine story about arm64 servers {i}",
                        source="dm",
                        event_key=key,
                        now=dt.datetime.now(dt.UTC),
                    )
                    with lock:
                        committed.append((time.monotonic(), key))
        except BaseException as exc:  # surfaced below, with the thread's own traceback
            failures.append(exc)

    threads = [threading.Thread(target=tipper, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    assert wait_until(lambda: len(committed) >= 20, timeout=30), "the tippers never got going"
    began = time.monotonic()
    copy = tmp_path / "backups" / "copy.db"
    copy.parent.mkdir()
    backup = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db_path), "backup", str(copy)],
        cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    ended = time.monotonic()
    time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert backup.returncode == 0, backup.stderr
    assert "integrity check ok" in backup.stdout
    before = {key for at, key in committed if at < began}
    assert len(before) >= 20
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        in_copy = {row[0] for row in conn.execute("select event_key from tips")}
    assert before <= in_copy, f"missing from the backup: {sorted(before - in_copy)[:5]}"
    during = [key for at, key in committed if began <= at <= ended]
    assert during, "the tippers went on writing while the backup ran"
    assert not (copy.parent / f".{copy.name}.partial").exists()


def scrape(url: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """/metrics parsed as Prometheus parses it: sample name -> labels -> value."""
    response = requests.get(url + "/metrics", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    samples: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get(name, {}).get(tuple(sorted(labels.items())), 0.0)


def test_metrics_move_with_commands_tips_and_polls_and_stored_gauges_survive_a_restart(world):
    settings, feed, slack, _ = world
    feed.body = rss([W18, W17])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**env_of(settings), "WORKSONARM_POLL_MINUTES": "1"}

    def command(text: str) -> requests.Response:
        return post_signed(url + "/slack/events", command_body(text, slack.hook_url("c")), "s", FORM)

    proc = start_serve(env, port, ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_healthy(url, proc)
        assert wait_until(lambda: value(scrape(url), "worksonarm_polls_total", result="ok") >= 1)
        start = scrape(url)
        for text in ("golang", "kubernetes on arm64", "nothingatallxyz"):
            assert command(text).status_code == 200
        tip = command("tip https://example.com/arm64-story a story about arm64 builds for everyone")
        assert "Thanks" in tip.text or "thank" in tip.text.lower(), tip.text
        refused = command("tip hi")
        assert refused.status_code == 200
        after = scrape(url)
        acks = "worksonarm_slack_request_seconds_count"
        assert value(after, acks, kind="command") - value(start, acks, kind="command") == 5
        searches = "worksonarm_search_seconds_count"
        assert value(after, searches, surface="slack") - value(start, searches, surface="slack") == 3
        assert value(after, "worksonarm_tips_total", source="command", outcome="saved") == 1
        assert value(after, "worksonarm_tips_total", source="command", outcome="refused") == 1
        assert value(after, "worksonarm_tips", status="new") == 1
        assert value(after, "worksonarm_index_size", what="issues") == 3
        [feed_ok] = after["worksonarm_feed_last_success_timestamp_seconds"].values()
        assert abs(feed_ok - time.time()) < 120
        # The outbox's gauge is read from the database at each scrape: what the store holds, by kind,
        # destination and state (the first poll announced nothing, so there is nothing yet).
        assert after.get("worksonarm_deliveries", {}) == {}
        now = dt.datetime.now(dt.UTC)
        with open_db(settings.db_path) as db, write_transaction(db):  # states no delivery round changes
            store.add_deliveries(db, 1, ["slack", "x"], "held", now)
            message = store.enqueue_message(db, "notice:test:UEDITOR", {"to": "UEDITOR", "text": "hi"}, now)
            store.set_status(db, int(message or 0), "unknown", now)
        stored = scrape(url)
        assert value(stored, "worksonarm_deliveries", kind="announce", destination="slack", state="held") == 1
        assert value(stored, "worksonarm_deliveries", kind="announce", destination="x", state="held") == 1
        assert (
            value(stored, "worksonarm_deliveries", kind="message", destination="slack", state="unknown") == 1
        )
    finally:
        proc.terminate()
        proc.wait(timeout=15)

    feed.body = b"<rss><channel><item>"  # broken from now on: the streak shows after the restart
    proc = start_serve(env, port, ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_healthy(url, proc)
        assert wait_until(lambda: value(scrape(url), "worksonarm_polls_total", result="failed") >= 1)
        again = scrape(url)
        assert value(again, "worksonarm_tips", status="new") == 1, "stored, not counted in the process"
        assert value(again, "worksonarm_index_size", what="issues") == 3
        assert list(again["worksonarm_feed_last_success_timestamp_seconds"].values()) == [feed_ok]
        assert list(again["worksonarm_feed_failure_streak"].values()) == [1.0]
        assert value(again, "worksonarm_tips_total", source="command", outcome="saved") == 0
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_a_failed_poll_is_one_line_on_stderr_and_no_log_line(tmp_path):
    env = clean_env(WORKSONARM_DB=str(tmp_path / "bot.db"))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "poll", "--feed", f"http://127.0.0.1:{free_port()}/feed.xml"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("worksonarm-bot: feed failed: cannot fetch") and "sent nothing" in line


def test_serve_starts_without_warnings(world):
    settings, *_ = world
    port = free_port()
    proc = start_serve(env_of(settings), port, ROOT, "--debug", stderr=subprocess.PIPE)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert "serving on" in err
    assert "will be unused" not in err
    assert "Warning" not in err, "no library warns at start (pkg_resources, Bolt)"


@pytest.mark.parametrize(
    "payload, kind",
    [
        ("block_actions_button.json", "action"),
        ("view_submission.json", "view"),
        ("message_action_shortcut.json", "shortcut"),
        ("event_message_im.inner_event.json", "event"),
        ("slash_command.form.txt", "command"),
    ],
)
def test_the_ack_histogram_knows_each_kind_of_slack_request(payload, kind):
    from bot.server import request_kind
    from fakes.signing import interactive_body
    from tests.corpus import CORPUS, need_corpus

    text = need_corpus(CORPUS / "slack-payloads" / payload).read_text()
    if payload.endswith(".form.txt") or kind == "event":
        raw = text.strip().encode()  # sent as it is: a form, or JSON
    else:
        raw = interactive_body(json.loads(text)).encode()  # interactivity: payload=<json> in a form
    assert request_kind(raw) == kind


def test_a_restart_of_serve_keeps_the_archives_issue_whole(tmp_path):
    from fakes.slack import FakeSlack
    from tests.corpus import WOA_ARCHIVE, need_corpus

    db = tmp_path / "bot.db"
    indexed = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), "index", str(need_corpus(WOA_ARCHIVE))],
        cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert indexed.returncode == 0, indexed.stderr
    query = "select count(*) from stories join issues on issues.id = stories.issue_id where week = '2017-W19'"
    with open_db(db) as conn:
        [[before]] = conn.execute(query).fetchall()
    # Ten stories: the file's eleven "##" headings less its colophon (the shipped excerpt has two).
    assert before == 10
    slack, port = FakeSlack(), free_port()
    env = clean_env(WORKSONARM_DB=str(db), SLACK_BOT_TOKEN="xoxb-t", SLACK_SIGNING_SECRET="s")
    env["SLACK_API_URL"] = slack.base_url
    proc = start_serve(env, port, ROOT, stderr=subprocess.PIPE)  # indexes the shipped files
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.terminate()
        proc.communicate(timeout=15)
        slack.close()
    with open_db(db) as conn:
        [[after]] = conn.execute(query).fetchall()
    assert after == before, "the shipped 2-story excerpt replaced the archive's issue"
