"""Weeks as people type them, and weeks no calendar has: one reading of week ids from untrusted
text, for search filters, `issue` and the feed. Through the CLI as a process and signed requests
to the real HTTP server, on the 99-issue archive."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.archive import identity
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus
from tests.slack_requests import dm, send_event, slash
from tests.support import all_text, archive_database, clean_env, running_app

NO_WEEK = ["before:2018-W53", "after:0000-W01", "issue:2019-W99", "golang after:2018-w53", "before:2021-W00"]


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    return archive_database(tmp_path_factory.mktemp("weeks") / "bot.db")


@pytest.fixture
def app(archive_db):
    with running_app(archive_db, sources=[need_corpus(WOA_ARCHIVE)]) as running:
        yield running


def search(path, *args: str) -> subprocess.CompletedProcess[str]:
    run = [sys.executable, "-m", "bot", "--db", str(path), "search", *args]
    return subprocess.run(run, cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("text", NO_WEEK)
def test_the_cli_answers_a_week_no_calendar_has_with_exit_0(archive_db, text):
    as_json = search(archive_db, *text.split(), "--json")
    assert as_json.returncode == 0, as_json.stderr
    found = json.loads(as_json.stdout)
    assert found == [] or "golang" in text  # the filter is dropped, the words still searched
    plain = search(archive_db, *text.split())
    assert plain.returncode == 0 and "no such week" in plain.stdout and "Traceback" not in plain.stderr


def test_a_command_a_dm_and_a_mention_say_no_such_week(app):
    for text in NO_WEEK:
        reply = all_text(slash(app, text).json()["blocks"])
        assert "no such week" in reply and "Sorry" not in reply, (text, reply)
    assert "2018 has no week 53" in all_text(slash(app, "before:2018-W53").json()["blocks"])
    send_event(app, dm("before:2018-W53"))
    mention = {
        "type": "app_mention",
        "user": "U111",
        "text": "<@UBOT123> after:0000-W01",
        "ts": "1700000001.000100",
        "channel": "C111",
        "event_ts": "1700000001.000100",
    }
    send_event(app, mention)
    replies = app.slack.wait_for("chat.postMessage", count=2, timeout=10)
    assert len(replies) == 2
    for reply in replies:
        text = all_text(reply.body)
        assert "no such week" in text and "Sorry" not in text, text


@pytest.mark.parametrize(
    "spelling", ["2018-W20", "2018w20", "2018W20", "2018-w20", "2018 W20", "W20 2018", "week 20, 2018"]
)
def test_issue_takes_a_week_in_any_common_spelling(app, spelling):
    reply = all_text(slash(app, f"issue {spelling}").json()["blocks"])
    assert "2018-05-18 · 2018-W20" in reply, reply
    if " " not in spelling:  # a filter is one word
        assert search_hits(app, f"issue:{spelling}") == {"2018-W20"}


def search_hits(app, text: str) -> set[str]:
    from bot.archive.search import search_stories
    from tests.support import open_db

    with open_db(app.settings.db_path) as db:
        return {hit.issue for hit in search_stories(db, text, limit=50).hits}


def test_issue_by_a_number_no_issue_carries_says_which_numbers_there_are(app):
    reply = all_text(slash(app, "issue 50").json()["blocks"])
    assert "I found no issue “50”" in reply
    assert "only 24 issues carry a number (1–21, 61–63)" in reply
    assert "Issue 21 (2017-W38)" in reply and "Issue 61 (2018-W27)" in reply  # the nearest, by week
    assert "Issue 61" in all_text(slash(app, "issue 61").json()["blocks"])
    impossible = all_text(slash(app, "issue 2018-W53").json()["blocks"])
    assert "no such week, 2018 has no week 53" in impossible
    before = all_text(slash(app, "issue 2016-W01").json()["blocks"])
    assert "the issues run from 2017-W17 to 2019-W31" in before


def test_one_reading_of_weeks():
    assert identity.parse_week("Week 7 of 2019") == "2019-W07"
    assert identity.parse_week("2020-W53") == "2020-W53"  # 2020 has 53 weeks
    for text in ("golang", "13", "2018", "2018-05", "2018-05-18"):
        assert identity.parse_week(text) is None, text
    for text in ("2018-W53", "0000-W01", "2019-W0", "2019-W54"):
        with pytest.raises(identity.NoSuchWeek):
            identity.parse_week(text)
    assert identity.week_from_text("Works on Arm News 2018-W53") is None  # a title's week must exist
