"""The editors' decisions about a thing readers asked (a topic, bot/questions/keys.py), the same
from a button and from `worksonarm-bot questions close`: covered in an issue (each waiting member
gets the follow-up DM for that issue, once), or won't cover (each is told politely, once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from bot.archive.issues import find_issue, why_no_issue
from bot.clock import iso
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.outbox import store
from bot.questions.asked import FOLLOWUP, UNTIL_COVERED, QuestionRefused
from bot.questions.followups import Waiting, close_answered, followup_payload, open_questions, stories_in

WONT_NOTE = (
    "Thank you for asking about “{question}”. The editors looked at it and it is not something Works on "
    "Arm News plans to cover, so I have closed your question. You can still follow it with "
    "`/worksonarm follow {question}`, and every new issue will be checked for it."
)


class UnknownTopic(WorksOnArmError):
    """No question has that id."""


def topic_key(db: Database, topic: int) -> str:
    rows = list(db.query("select key from question_topics where id = ?", [topic]))
    if not rows:
        raise UnknownTopic(f"No question has the id {topic}: `questions` lists them with their ids.")
    return str(rows[0]["key"])


def covered(db: Database, topic: int, issue_ref: str, now: dt.datetime) -> str:
    """The topic is covered by the issue `issue_ref` (a number or week): each member waiting for it
    gets one DM naming the issue's stories that answer them (the issue itself when none does), and
    their questions close. Raises UnknownTopic, or QuestionRefused for an issue there is not."""
    key = topic_key(db, topic)
    issue = find_issue(db, issue_ref)
    if issue is None:
        raise QuestionRefused(f"I found no issue “{issue_ref[:100]}”: {why_no_issue(db, issue_ref)}.")
    waiting = open_questions(db, key, UNTIL_COVERED)
    with write_transaction(db):
        for question in waiting:
            hits = stories_in(db, question.text, issue.id)
            payload = followup_payload(question.member, issue, [(question, hits)])
            store.enqueue_message(
                db, f"covered:{topic}:{issue.id}:{question.member}", payload, now, FOLLOWUP, issue_id=issue.id
            )
        close_answered(db, waiting, issue.id, now)
        _decide(db, topic, "covered", now, issue.id)
    return f"Noted: {issue.title} covers it. " + _told(waiting, "a DM naming it")


def wont_cover(db: Database, topic: int, now: dt.datetime) -> str:
    """The editors will not cover the topic: its waiting questions close and each member is told
    politely, once. Raises UnknownTopic."""
    key = topic_key(db, topic)
    waiting = open_questions(db, key, UNTIL_COVERED)
    with write_transaction(db):
        for question in waiting:
            text = question.text[:300]
            payload: dict[str, Any] = {
                "to": question.member,
                "text": WONT_NOTE.format(question=text),
                "matches": [{"question_id": question.id, "question": text, "stories": []}],
            }
            store.enqueue_message(db, f"wont:{topic}:{question.member}", payload, now, FOLLOWUP)
            db.execute(
                "update standing_questions set state = 'wont', closed_at = ? where id = ? and state = 'open'",
                [iso(now), question.id],
            )
        _decide(db, topic, "wont", now, None)
    return "Noted: it will not be covered. " + _told(waiting, "a polite note")


def _decide(db: Database, topic: int, decision: str, now: dt.datetime, issue_id: int | None) -> None:
    db.execute(
        "update question_topics set decision = ?, decided_at = ?, issue_id = ? where id = ?",
        [decision, iso(now), issue_id, topic],
    )


def _told(waiting: list[Waiting], what: str) -> str:
    count = len({q.member for q in waiting})
    if count == 0:
        return "Nobody was waiting for it."
    return (
        f"The {count} member{'s' if count > 1 else ''} waiting for it get{'' if count > 1 else 's'} {what}."
    )
