"""A member asks what the archive lacks, presses "Tell me when it's covered", and gets exactly one
DM when an issue new in the feed covers it: through the real HTTP server and the fake Slack, after
a kill -9 mid-DM, with two polls at once; a follow gets one DM per matching issue."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from bot.app import run_poll
from bot.questions.asked import FOLLOW, UNTIL_COVERED, ask
from fakes.feed import rss
from handlers.ui.questions import ACTION_UNTIL_COVERED
from tests.corpus import ROOT
from tests.questions_support import button_value, dms_to, feed_issue, text_of
from tests.slack_requests import press, slash
from tests.support import W17, W18, W19, editors_app, env_of, open_db, poll_process, wait_until

ASKED = "zephyrix graviton benchmarks"
STORY = "Zephyrix publishes Graviton benchmarks"


def _ask(settings, member: str, text: str, kind: str = UNTIL_COVERED) -> None:
    with open_db(settings.db_path) as db:
        ask(db, member, text, kind, dt.datetime.now(dt.UTC))


def _states(settings) -> list[str]:
    with open_db(settings.db_path) as db:
        return [r["state"] for r in db.query("select state from standing_questions order by id")]


def test_tell_me_when_its_covered_then_one_dm_names_the_story(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    assert run_poll(settings).baseline
    with editors_app(settings) as app:
        reply = slash(app, ASKED, user="UASKER").json()
        assert "No stories found" in text_of(reply)
        value = button_value(reply["blocks"], ACTION_UNTIL_COVERED)
        assert press(app, ACTION_UNTIL_COVERED, value, user="UASKER", hook="asked").status_code == 200
        [answer] = app.slack.wait_for("hook:asked")
        assert answer.body["replace_original"] is True  # in place of the results
        assert f"I'll DM you when an issue covers *{ASKED}*" in text_of(answer.body)
    other = feed_issue(tmp_path, "2026-W40", "Kubernetes on arm64 clusters")
    covering = feed_issue(tmp_path, "2026-W41", STORY, "Another story")
    feed.body = rss([other, W18, W17])
    run_poll(settings)
    assert dms_to(slack, "UASKER") == []  # an issue that does not cover it
    feed.body = rss([covering, other, W18, W17])
    report = run_poll(settings)
    assert report.new_issues == ["2026-W41"]
    [dm] = dms_to(slack, "UASKER")
    assert STORY in text_of(dm) and "https://example.com/2026-W41/0/" in text_of(dm)
    assert "2026-W41" in text_of(dm) and ASKED in text_of(dm)
    assert _states(settings) == ["answered"]  # asked "until covered": closed
    run_poll(settings)
    assert len(dms_to(slack, "UASKER")) == 1


def test_kill_9_during_the_dm_then_a_restart_sends_one(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    run_poll(settings)
    _ask(settings, "UASKER", ASKED)
    feed.body = rss([feed_issue(tmp_path, "2026-W41", STORY), W18, W17])
    slack.slow["chat.postMessage"] = 60
    proc = poll_process(settings)
    try:
        assert wait_until(lambda: dms_to(slack, "UASKER"), timeout=60), "the follow-up never left"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        slack.slow.clear()
    with open_db(settings.db_path) as db:
        states = [r["status"] for r in db.query("select status from deliveries where key like 'followup:%'")]
    assert states == ["sending"]
    again = subprocess.run(
        [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env_of(settings), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert len(dms_to(slack, "UASKER")) == 1
    assert slack.calls_to("conversations.open"), "the DM's history was checked before any re-send"


def test_two_polls_at_once_send_one_dm(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    run_poll(settings)
    _ask(settings, "UASKER", ASKED)
    _ask(settings, "UOTHER", "graviton benchmarks zephyrix", FOLLOW)
    feed.body = rss([feed_issue(tmp_path, "2026-W41", STORY), W18, W17])
    procs = [poll_process(settings) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert len(dms_to(slack, "UASKER")) == 1 and len(dms_to(slack, "UOTHER")) == 1


def test_a_follow_gets_a_dm_per_matching_issue_listing_all_its_matches(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    run_poll(settings)
    with editors_app(settings) as app:
        reply = slash(app, "follow Zephyrix", user="UFAN").json()
        assert "Following *Zephyrix*" in text_of(reply)
        slash(app, "follow graviton benchmarks", user="UFAN")
    first = feed_issue(tmp_path, "2026-W41", STORY)
    second = feed_issue(tmp_path, "2026-W42", "RISC-V boards roundup")
    third = feed_issue(tmp_path, "2026-W43", "Zephyrix ships a new SDK")
    entries = [W18, W17]
    for issue in (first, second, third):
        entries.insert(0, issue)
        feed.body = rss(entries)
        run_poll(settings)
    dms = dms_to(slack, "UFAN")
    assert len(dms) == 2  # W41 and W43; none for W42
    assert (
        STORY in text_of(dms[0])
        and "graviton benchmarks" in text_of(dms[0])
        and "Zephyrix" in text_of(dms[0])
    )
    assert "Zephyrix ships a new SDK" in text_of(dms[1])
    assert _states(settings) == ["open", "open"]  # a follow stays


def test_an_index_of_the_whole_archive_after_a_question_sends_no_dm(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    _ask(settings, "UASKER", "golang arm64 support")  # the shipped 2017-W19 covers it
    _ask(settings, "UFAN", "hikey", FOLLOW)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env_of(settings), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    feed.body = rss([W17])  # nothing new in the feed
    run_poll(settings)
    assert dms_to(slack, "UASKER") == [] and dms_to(slack, "UFAN") == []
    assert _states(settings) == ["open", "open"]


def test_an_issue_held_by_the_mass_change_rule_sends_its_follow_ups_only_when_released(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    _ask(settings, "UASKER", ASKED)
    moved = [feed_issue(tmp_path, f"2026-W4{n}", f"Story {n} of a site move") for n in range(4)]
    covering = feed_issue(tmp_path, "2026-W45", STORY)
    feed.body = rss([covering, *moved, W19, W18, W17])
    report = run_poll(settings)
    assert report.held
    assert dms_to(slack, "UASKER") == []
    with open_db(settings.db_path) as db:
        [held] = list(db.query("select status from deliveries where key like 'followup:%'"))
    assert held["status"] == "held"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "outbox", "all"],
        cwd=ROOT,
        env=env_of(settings),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [dm] = dms_to(slack, "UASKER")
    assert STORY in text_of(dm)


def test_a_follow_up_marked_seen_with_its_held_issue_leaves_the_question_open_for_the_next(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    _ask(settings, "UASKER", ASKED)
    moved = [feed_issue(tmp_path, f"2026-W4{n}", f"Story {n} of a site move") for n in range(4)]
    entries = [feed_issue(tmp_path, "2026-W45", STORY), *moved, W17]
    feed.body = rss(entries)
    assert run_poll(settings).held
    seen = [sys.executable, "-m", "bot", "outbox", "seen"]  # "Mark all seen": nothing goes out
    assert subprocess.run(seen, cwd=ROOT, env=env_of(settings), capture_output=True).returncode == 0
    feed.body = rss([feed_issue(tmp_path, "2026-W46", "More Zephyrix Graviton benchmarks"), *entries])
    run_poll(settings)
    [dm] = dms_to(slack, "UASKER")
    assert "More Zephyrix Graviton benchmarks" in text_of(dm)
    assert _states(settings) == ["answered"]
