"""The weekly note's words: the last seven days' tips (and how many were covered or suggested
already), the top unanswered questions, the deliveries waiting for an editor, the searches."""

from __future__ import annotations

import datetime as dt

from bot.archive.counted import count_search
from bot.archive.files import find_issue_files, index_files
from bot.db import write_transaction
from bot.digest.note import WeeklyNote, gather_note
from bot.outbox import store
from bot.questions.gaps import Gap
from bot.tips.intake import save_tip
from tests.corpus import SHIPPED

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def tip(db, text: str, at: dt.datetime, n: int) -> None:
    save_tip(db, user_id=f"U{n}", text=text, source="dm", event_key=f"e{n}", now=at)


def section(note: WeeklyNote, title: str) -> list[str]:
    [found] = [s for s in note.sections if s.title == title]
    return list(found.lines)


def test_the_note_counts_the_weeks_tips_searches_and_waiting_deliveries(db):
    index_files(db, find_issue_files([SHIPPED]))
    covered = next(iter(db.query("select url from links where url like 'https://%' limit 1")))["url"]
    tip(db, f"look {covered}", NOW - dt.timedelta(days=1), 1)  # covered in an issue already
    tip(db, "new https://example.com/arm-news-one", NOW - dt.timedelta(days=2), 2)
    tip(db, "same https://example.com/arm-news-one", NOW - dt.timedelta(days=3), 3)  # suggested already
    tip(db, "old https://example.com/arm-news-two", NOW - dt.timedelta(days=8), 4)  # last week's
    for day, found in ((1, True), (2, True), (3, False), (6, True), (9, False)):
        count_search(db, found=found, now=NOW - dt.timedelta(days=day))
    issue = next(iter(db.query("select id, week from issues order by date desc limit 1")))
    with write_transaction(db):
        store.add_deliveries(db, issue["id"], ["slack", "x"], "held", NOW)
    asked: list[str] = []

    def unanswered(db, *, since: str, limit: int) -> list[Gap]:
        asked.append(since)
        gap = Gap(7, "graviton", "graviton3 <!channel> benchmarks", 3, 2, "2026-12-01", "2026-12-05T10:00:00")
        return [gap][:limit]

    note = gather_note(db, "2026-W50", NOW, unanswered)
    assert asked == ["2026-11-30T09:00:00+00:00"], "the questions of the seven days before"
    [tips] = section(note, "New tips")
    assert tips.startswith("3 new tips") and "1 already covered" in tips and "1 already suggested" in tips
    [question] = section(note, "Asked and not found")
    assert "graviton3 <!channel> benchmarks" in question and "3 times" in question and "2 waiting" in question
    waiting = section(note, "Waiting for your decision")
    assert len(waiting) == 2 and all(issue["week"] in line and "held" in line for line in waiting)
    [searches] = section(note, "Searches")
    assert searches.startswith("4 searches") and "25% found nothing" in searches
    assert note.summary.startswith("Your weekly note for 2026-W50: 3 new tips, 1 unanswered question")
    assert WeeklyNote.from_json(note.to_json()) == note
    assert "graviton3" in note.plain_text() and "Searches" in note.plain_text()


def test_a_quiet_week_says_so(db):
    note = gather_note(db, "2026-W50", NOW)  # the real top_unanswered, on empty tables
    assert section(note, "New tips") == ["No new tips in the last seven days."]
    assert section(note, "Asked and not found") == ["Nothing asked went unanswered."]
    assert section(note, "Waiting for your decision") == ["Nothing waits for you."]
    assert section(note, "Searches") == ["No searches in the last seven days."]
