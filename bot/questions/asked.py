"""What members ask: a standing question ("tell me when it's covered", or a follow), listed,
ended by its words or deleted by *Stop*; and the searches that found nothing, kept without who
asked for the editors' list, for WORKSONARM_QUESTION_DAYS, or not at all with the log off."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.archive.stopwords import is_small_talk
from bot.clock import iso
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.questions.keys import MAX_TEXT, question_key, topic_of

MAX_OPEN = 20  # open standing questions per member
MAX_QUESTION = 500  # characters of a standing question: a topic, not an essay
UNTIL_COVERED = "until_covered"
FOLLOW = "follow"
FOLLOWUP = "followup"  # the outbox destination of every DM about a standing question


class QuestionRefused(WorksOnArmError):
    """A question that cannot be kept (empty, too long, one too many); the message says why."""


@dataclass(frozen=True)
class StandingQuestion:
    id: int
    text: str
    kind: str  # until_covered or follow
    state: str  # open, answered, wont
    created_at: str
    closed_at: str | None = None

    @property
    def open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class Asked:
    question: StandingQuestion
    new: bool  # False: the member had asked it before, and that question stands


def ask(db: Database, member: str, text: str, kind: str, now: dt.datetime) -> Asked:
    """Keep a standing question for `member`. The same words asked again are the same question
    (a follow of what waits "until covered" becomes a follow). Raises QuestionRefused."""
    text = " ".join(text.split())
    if not text:
        raise QuestionRefused(
            "Tell me what to follow, for example `/worksonarm follow graviton3 benchmarks`."
        )
    if is_small_talk(w.strip('?!.,;:…"()').casefold() for w in text.split()):  # "hi there!": no topic
        raise QuestionRefused(
            "There is no topic in that to follow: a few words on one, like "
            "`/worksonarm follow graviton3 benchmarks`."
        )
    if len(text) > MAX_QUESTION:
        raise QuestionRefused(
            f"That is {len(text):,} characters; the limit is {MAX_QUESTION:,}. A few words on the topic "
            "are enough, like `/worksonarm follow graviton3 benchmarks`."
        )
    key = question_key(text)
    with write_transaction(db):
        kept = _open_by_key(db, member, key)
        if kept is not None:
            if kind == FOLLOW and kept.kind != FOLLOW:
                db.execute("update standing_questions set kind = ? where id = ?", [FOLLOW, kept.id])
                kept = StandingQuestion(kept.id, kept.text, FOLLOW, kept.state, kept.created_at)
            return Asked(kept, new=False)
        if open_count(db, member) >= MAX_OPEN:
            raise QuestionRefused(
                f"You already have {MAX_OPEN} open questions and follows, the most I keep. "
                "End one first: `/worksonarm following` lists them with *Stop* buttons."
            )
        topic_of(db, key)
        cursor = db.execute(
            "insert into standing_questions (user_id, text, key, kind, state, created_at) "
            "values (?, ?, ?, ?, 'open', ?)",
            [member, text, key, kind, iso(now)],
        )
        if kind == UNTIL_COVERED:
            # The search that found nothing a moment ago is this question now: counted once.
            db.execute(
                "delete from unanswered_searches where id = (select max(id) from unanswered_searches "
                "where key = ?)",
                [key],
            )
    question = StandingQuestion(int(cursor.lastrowid or 0), text, kind, "open", iso(now))
    return Asked(question, new=True)


def open_count(db: Database, member: str) -> int:
    rows = db.query(
        "select count(*) as n from standing_questions where user_id = ? and state = 'open'", [member]
    )
    return int(next(iter(rows))["n"])


def questions_of(db: Database, member: str) -> list[StandingQuestion]:
    """Everything kept about the member's questions: open ones first, newest first."""
    rows = db.query(
        "select * from standing_questions where user_id = ? order by state != 'open', id desc", [member]
    )
    return [_question(r) for r in rows]


def unfollow(db: Database, member: str, text: str) -> StandingQuestion | None:
    """End the member's open question asked in these words (any order, case, plural); deleted
    whole, as *Stop* does. None when no open question of theirs has them."""
    kept = _open_by_key(db, member, question_key(text))
    if kept is not None:
        stop(db, member, kept.id)
    return kept


def stop(db: Database, member: str, question_id: int) -> StandingQuestion | None:
    """Delete one of the member's questions and every trace of it: the row, and its words in
    follow-ups not yet sent (a sent message keeps no body in the outbox). None when not theirs."""
    if not db.conn.in_transaction:
        db.execute("PRAGMA secure_delete = ON")  # deleted means overwritten, not left in a free page
    with write_transaction(db):
        rows = list(
            db.query("select * from standing_questions where id = ? and user_id = ?", [question_id, member])
        )
        if not rows:
            return None
        db.execute("delete from standing_questions where id = ?", [question_id])
        _forget_in_followups(db, member, question_id)
        forget_topic_if_unasked(db, rows[0]["key"])
    if not db.conn.in_transaction:
        # The log's older copies of those pages go too, unless a reader still holds them.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return _question(rows[0])


def forget_topic_if_unasked(db: Database, key: str) -> None:
    """A topic no question and no search asks any more keeps no words behind."""
    db.execute(
        "delete from question_topics where key = ? and not exists (select 1 from standing_questions "
        "where key = ?) and not exists (select 1 from unanswered_searches where key = ?)",
        [key, key, key],
    )


def _forget_in_followups(db: Database, member: str, question_id: int) -> None:
    """Unsent DMs to the member lose the deleted question's part; one left with nothing goes."""
    rows = db.query(
        "select id, payload from deliveries where destination = ? and payload is not null "
        "and status in ('pending', 'held', 'failed', 'unknown') and key like ?",
        [FOLLOWUP, f"%:{member}%"],
    )
    for row in list(rows):
        payload: dict[str, Any] = json.loads(row["payload"])
        matches = payload.get("matches") or []
        if str(payload.get("to")) != member or not any(m.get("question_id") == question_id for m in matches):
            continue
        kept = [m for m in matches if m.get("question_id") != question_id]
        if not kept:
            db.execute("delete from deliveries where id = ?", [row["id"]])
            continue
        payload["matches"] = kept
        payload["text"] = followup_text(kept)
        db.execute(
            "update deliveries set payload = ? where id = ?",
            [json.dumps(payload, ensure_ascii=False), row["id"]],
        )


def followup_text(matches: list[dict[str, Any]]) -> str:
    """A follow-up DM's plain text (its notification, and the fallback of its blocks)."""
    asked = ", ".join(f"“{m['question']}”" for m in matches[:3])
    return f"A new story covers what you asked about: {asked}"[:3000]


def record_unanswered(db: Database, text: str, now: dt.datetime, *, keep_days: int, log: bool) -> bool:
    """Keep a search that found nothing (what was asked, when; never who), and let older ones go.
    With the log off, nothing is kept. True when it was kept."""
    text = " ".join(text.split())[:MAX_TEXT]
    key = question_key(text)
    with write_transaction(db):
        prune_unanswered(db, now, keep_days)
        if not log or not key:
            return False
        topic_of(db, key)
        db.execute(
            "insert into unanswered_searches (text, key, asked_at) values (?, ?, ?)", [text, key, iso(now)]
        )
    return True


def prune_unanswered(db: Database, now: dt.datetime, keep_days: int) -> int:
    """Searches older than `keep_days`, questions closed that long ago, and the topics nobody asks
    any more: deleted."""
    before = iso(now - dt.timedelta(days=keep_days))
    with write_transaction(db):
        gone = db.execute("delete from unanswered_searches where asked_at < ?", [before]).rowcount
        gone += db.execute(
            "delete from standing_questions where state != 'open' and closed_at < ?", [before]
        ).rowcount
        db.execute(  # the words of a topic nobody asks any more, once its decision is that old
            "delete from question_topics where coalesce(decided_at, '') < ? and not exists (select 1 "
            "from standing_questions s where s.key = question_topics.key) and not exists (select 1 "
            "from unanswered_searches u where u.key = question_topics.key)",
            [before],
        )
    return int(gone)


def _open_by_key(db: Database, member: str, key: str) -> StandingQuestion | None:
    rows = db.query(
        "select * from standing_questions where user_id = ? and key = ? and state = 'open' "
        "order by id limit 1",
        [member, key],
    )
    return next((_question(r) for r in rows), None)


def _question(row: dict[str, Any]) -> StandingQuestion:
    return StandingQuestion(
        int(row["id"]), row["text"], row["kind"], row["state"], row["created_at"], row.get("closed_at")
    )
