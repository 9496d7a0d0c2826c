"""Follow-ups: when an issue is new in the feed, every open standing question is asked of that
issue's stories with the search and the "is this an answer" decision of `/worksonarm`; each member
gets one DM for the issue listing all their matches, through the outbox, held and released with the
issue's announcements. An editor's "Covered in issue…" sends the same DM for the issue they name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.archive.hits import Hit
from bot.archive.issues import IssueSummary, announced_issue
from bot.archive.search import search_stories
from bot.clock import iso
from bot.db import write_transaction
from bot.outbox import store
from bot.questions.asked import FOLLOWUP, UNTIL_COVERED, followup_text

STORIES_PER_QUESTION = 3


@dataclass(frozen=True)
class Waiting:
    """An open standing question, as matching reads it."""

    id: int
    member: str
    text: str
    kind: str


def followups_for_new_issue(db: Database, issue_id: int, status: str, now: dt.datetime) -> int:
    """Match every open standing question against the new issue; queue one DM per member with
    matches (`status`: the announcement's, pending or held). A question asked "until covered"
    closes. In the caller's transaction (the one that found the issue new). Returns DMs queued."""
    issue = announced_issue(db, issue_id)
    if issue is None:
        return 0
    reopen_untold(db)
    searched: dict[str, list[Hit]] = {}  # the same words asked by many: searched once
    by_member: dict[str, list[tuple[Waiting, list[Hit]]]] = {}
    for question in open_questions(db):
        if question.text not in searched:
            searched[question.text] = stories_in(db, question.text, issue_id)
        if searched[question.text]:
            by_member.setdefault(question.member, []).append((question, searched[question.text]))
    queued = 0
    with write_transaction(db):
        for member, matched in by_member.items():
            payload = followup_payload(member, issue, matched)
            key = f"followup:{member}:{issue_id}"
            queued += (
                store.enqueue_message(db, key, payload, now, FOLLOWUP, issue_id=issue_id, status=status)
                is not None
            )
            close_answered(db, [q for q, _ in matched if q.kind == UNTIL_COVERED], issue_id, now)
    return queued


def reopen_untold(db: Database) -> int:
    """Questions closed as answered whose follow-up never went out (held by a mass change, then
    marked seen or left out by "newest only"; a member Slack would not let us DM) are open again:
    the next issue that covers them tells the member."""
    return int(
        db.execute(
            "update standing_questions set state = 'open', closed_at = null, answered_issue = null "
            "where state = 'answered' and exists (select 1 from deliveries d where d.status = 'skipped' and "
            "d.key = 'followup:' || standing_questions.user_id || ':' || standing_questions.answered_issue)"
        ).rowcount
    )


def open_questions(db: Database, key: str | None = None, kind: str | None = None) -> list[Waiting]:
    """The open standing questions, oldest first: all, or those of one topic key and kind."""
    sql, params = "select * from standing_questions where state = 'open'", []
    if key is not None:
        sql += " and key = ?"
        params.append(key)
    if kind is not None:
        sql += " and kind = ?"
        params.append(kind)
    rows = db.query(sql + " order by id", params)
    return [Waiting(int(r["id"]), r["user_id"], r["text"], r["kind"]) for r in rows]


def stories_in(db: Database, text: str, issue_id: int) -> list[Hit]:
    """The issue's stories that answer `text`, as `/worksonarm` would decide: none when it does not."""
    return search_stories(db, text, limit=STORIES_PER_QUESTION, within_issue=issue_id).hits


def close_answered(db: Database, questions: list[Waiting], issue_id: int, now: dt.datetime) -> None:
    for question in questions:
        db.execute(
            "update standing_questions set state = 'answered', closed_at = ?, answered_issue = ? "
            "where id = ? and state = 'open'",
            [iso(now), issue_id, question.id],
        )


def followup_payload(
    member: str, issue: IssueSummary, matched: list[tuple[Waiting, list[Hit]]]
) -> dict[str, Any]:
    """The DM, as the core says it (the Slack edge renders it): each question and its stories."""
    matches = [
        {
            "question_id": question.id,
            "question": question.text[:300],
            "stories": [
                {"title": hit.section, "snippet": hit.snippet[:300], "links": hit.links[:3]} for hit in hits
            ],
        }
        for question, hits in matched
    ]
    return {
        "to": member,
        "text": followup_text(matches),
        "followup": "covered",
        "issue": {
            "title": issue.title,
            "week": issue.week,
            "number": issue.number,
            "date": issue.date,
            "url": issue.url,
        },
        "matches": matches,
    }
