"""The readers' gaps: grouped by what was asked, counted in the window, decided topics left out."""

from __future__ import annotations

from bot.questions.gaps import gap_of, top_unanswered
from bot.questions.keys import question_key, topic_of


def _search(db, text: str, at: str) -> None:
    key = question_key(text)
    topic_of(db, key)
    db.execute("insert into unanswered_searches (text, key, asked_at) values (?, ?, ?)", [text, key, at])


def _question(db, user: str, text: str, at: str, kind: str = "until_covered") -> None:
    key = question_key(text)
    topic_of(db, key)
    db.execute(
        "insert into standing_questions (user_id, text, key, kind, created_at) values (?, ?, ?, ?, ?)",
        [user, text, key, kind, at],
    )


def test_one_question_asked_three_ways_is_one_gap_with_its_counts(db):
    _search(db, "Graviton3 benchmarks?", "2026-11-30T10:00:00+00:00")
    _search(db, "benchmark for graviton3", "2026-12-01T10:00:00+00:00")
    _question(db, "U1", "what are the GRAVITON3 benchmarks", "2026-12-02T10:00:00+00:00")
    _question(db, "U2", "risc-v boards", "2026-12-02T11:00:00+00:00")
    _question(db, "U3", "cobol on arm", "2026-12-02T11:00:00+00:00", kind="follow")  # no gap: a follow
    gaps = top_unanswered(db, since="2026-11-29T00:00:00+00:00")
    assert [(g.asked, g.waiting) for g in gaps] == [(3, 1), (1, 1)]
    top = gaps[0]
    assert top.first_asked == "2026-11-30T10:00:00+00:00"
    assert top.last_asked == "2026-12-02T10:00:00+00:00"
    assert len(top.phrasings) == 3 and top.text in top.phrasings
    assert gaps[1].text == "risc-v boards"


def test_the_window_counts_only_what_was_asked_in_it(db):
    _search(db, "ampere altra pricing", "2026-10-01T10:00:00+00:00")
    _question(db, "U1", "Ampere Altra pricing", "2026-10-02T10:00:00+00:00")
    _search(db, "thunderx3", "2026-12-03T10:00:00+00:00")
    since = "2026-12-01T00:00:00+00:00"
    assert [g.text for g in top_unanswered(db, since=since)] == ["thunderx3"]
    waiting = top_unanswered(db, since=since, include_waiting=True, limit=0)
    assert [(g.text, g.asked, g.waiting) for g in waiting] == [
        ("thunderx3", 1, 0),
        ("Ampere Altra pricing", 0, 1),
    ]
    assert top_unanswered(db, since=since, limit=1)[0].text == "thunderx3"


def test_a_decided_topic_counts_only_what_was_asked_after(db):
    _search(db, "sve2 intrinsics", "2026-12-01T10:00:00+00:00")
    topic = topic_of(db, question_key("SVE2 intrinsics"))
    db.execute(
        "update question_topics set decision = 'wont', decided_at = ? where id = ?",
        ["2026-12-02T00:00:00+00:00", topic],
    )
    assert top_unanswered(db, since="2026-11-01T00:00:00+00:00") == []
    assert gap_of(db, topic) is None
    _search(db, "intrinsics sve2", "2026-12-03T00:00:00+00:00")
    assert [g.asked for g in top_unanswered(db, since="2026-11-01T00:00:00+00:00")] == [1]
