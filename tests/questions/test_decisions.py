"""The editors' decisions: covered in an issue (one DM per waiting member, their questions
closed), won't cover (one polite note each, once), and the errors of an unknown id or issue."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.archive.files import find_issue_files, index_files
from bot.questions.asked import FOLLOW, UNTIL_COVERED, QuestionRefused, ask, record_unanswered
from bot.questions.decisions import UnknownTopic, covered, wont_cover
from bot.questions.gaps import top_unanswered
from tests.corpus import SHIPPED

NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
SINCE = "2026-01-01T00:00:00+00:00"


def _keys(db) -> list[str]:
    return sorted(r["key"] for r in db.query("select key from deliveries"))


def test_covered_tells_each_waiting_member_once_and_closes_the_gap(db):
    index_files(db, find_issue_files([SHIPPED]))
    for member in ("U1", "U2"):
        ask(db, member, "golang arm64 plans", UNTIL_COVERED, NOW)
    ask(db, "U3", "arm64 golang plans", FOLLOW, NOW)  # a follow is no gap and stays open
    record_unanswered(db, "plans for golang on arm64", NOW, keep_days=90, log=True)
    [gap] = top_unanswered(db, since=SINCE)
    assert (gap.asked, gap.waiting) == (3, 2)
    with pytest.raises(QuestionRefused, match="2099-W01"):
        covered(db, gap.id, "2099-W01", NOW)
    said = covered(db, gap.id, "2017-W19", NOW + dt.timedelta(seconds=1))
    assert "The 2 members waiting for it get a DM naming it" in said
    issue = next(iter(db.query("select id from issues where week = '2017-W19'")))["id"]
    assert _keys(db) == [f"covered:{gap.id}:{issue}:U1", f"covered:{gap.id}:{issue}:U2"]
    assert "Nobody was waiting" in covered(db, gap.id, "2017-W19", NOW + dt.timedelta(seconds=2))
    assert len(_keys(db)) == 2 and top_unanswered(db, since=SINCE) == []
    states = sorted(r["state"] for r in db.query("select state from standing_questions"))
    assert states == ["answered", "answered", "open"]


def test_wont_cover_notes_each_waiting_member_once(db):
    ask(db, "U1", "cobol on arm", UNTIL_COVERED, NOW)
    [gap] = top_unanswered(db, since=SINCE)
    assert "The 1 member waiting for it gets a polite note" in wont_cover(db, gap.id, NOW)
    assert wont_cover(db, gap.id, NOW) == "Noted: it will not be covered. Nobody was waiting for it."
    assert _keys(db) == [f"wont:{gap.id}:U1"]


def test_an_unknown_id_is_named(db):
    with pytest.raises(UnknownTopic, match="No question has the id 42"):
        wont_cover(db, 42, NOW)
