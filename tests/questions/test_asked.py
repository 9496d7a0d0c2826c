"""Standing questions kept, refused, listed, ended and deleted; searches that found nothing kept
without who asked, or not at all with the log off."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.outbox import store
from bot.questions.asked import (
    FOLLOW,
    FOLLOWUP,
    MAX_OPEN,
    UNTIL_COVERED,
    QuestionRefused,
    ask,
    questions_of,
    record_unanswered,
    stop,
    unfollow,
)

NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)


def test_the_same_words_asked_again_are_the_same_question_and_a_follow_wins(db):
    first = ask(db, "U1", "graviton3  benchmarks", UNTIL_COVERED, NOW)
    again = ask(db, "U1", "Benchmarks, Graviton3!", FOLLOW, NOW)
    assert first.new and not again.new and again.question.id == first.question.id
    assert [(q.text, q.kind) for q in questions_of(db, "U1")] == [("graviton3 benchmarks", FOLLOW)]
    assert ask(db, "U2", "graviton3 benchmarks", FOLLOW, NOW).new  # another member's own question


@pytest.mark.parametrize(
    ("text", "words"),
    [("", "Tell me what to follow"), (" \n ", "Tell me"), ("x" * 501, "501"), ("hi there!", "no topic")],
)
def test_empty_and_long_questions_are_refused(db, text, words):
    with pytest.raises(QuestionRefused, match=words):
        ask(db, "U1", text, FOLLOW, NOW)
    assert questions_of(db, "U1") == []


def test_at_most_twenty_open_per_member(db):
    for n in range(MAX_OPEN):
        ask(db, "U1", f"topic{n}", FOLLOW, NOW)
    with pytest.raises(QuestionRefused, match="20 open"):
        ask(db, "U1", "one more", FOLLOW, NOW)
    assert unfollow(db, "U1", "TOPIC7") is not None
    assert ask(db, "U1", "one more", FOLLOW, NOW).new


def test_unfollow_matches_by_key_and_only_the_members_own(db):
    ask(db, "U1", "risc-v vs arm", FOLLOW, NOW)
    assert unfollow(db, "U2", "risc-v vs arm") is None
    assert unfollow(db, "U1", "arm vs RISC-V") is not None
    assert unfollow(db, "U1", "arm vs RISC-V") is None


def test_stop_takes_the_question_out_of_unsent_follow_ups(db):
    kept = ask(db, "U1", "zephyrix", FOLLOW, NOW).question
    other = ask(db, "U1", "quasar", FOLLOW, NOW).question
    matches = [{"question_id": q.id, "question": q.text, "stories": []} for q in (kept, other)]
    payload = {"to": "U1", "text": "x", "followup": "covered", "matches": matches}
    store.enqueue_message(db, "followup:U1:1", payload, NOW, FOLLOWUP)
    store.enqueue_message(db, "wont:9:U1", {"to": "U1", "text": "no", "matches": matches[1:]}, NOW, FOLLOWUP)
    assert stop(db, "U2", other.id) is None  # not theirs
    assert stop(db, "U1", other.id) is not None
    [left] = [json.loads(r["payload"]) for r in db.query("select payload from deliveries")]
    assert [m["question"] for m in left["matches"]] == ["zephyrix"] and "quasar" not in json.dumps(left)
    assert [q.text for q in questions_of(db, "U1")] == ["zephyrix"]


def test_pressing_tell_me_turns_the_search_into_the_question(db):
    assert record_unanswered(db, "graviton3 benchmarks", NOW, keep_days=90, log=True)
    record_unanswered(db, "graviton3 benchmark?", NOW, keep_days=90, log=True)
    ask(db, "U1", "graviton3 benchmark?", UNTIL_COVERED, NOW)
    assert [r["text"] for r in db.query("select text from unanswered_searches")] == ["graviton3 benchmarks"]


def test_with_the_log_off_nothing_is_kept_and_old_searches_go(db):
    record_unanswered(db, "old one", NOW - dt.timedelta(days=91), keep_days=90, log=True)
    assert not record_unanswered(db, "graviton3", NOW, keep_days=90, log=False)
    assert list(db.query("select * from unanswered_searches")) == []
    assert list(db.query("select * from question_topics")) == []
