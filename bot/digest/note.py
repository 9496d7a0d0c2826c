"""The weekly note's words: gathered from the tips, the questions, the outbox and the search
counters of the last seven days, as plain text in titled sections. The Slack edge renders them
(handlers/ui/digest.py); the command line prints them as they are."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from bot.archive.counted import searches_between
from bot.clock import iso
from bot.outbox.store import needing_decision
from bot.questions.gaps import Gap, top_unanswered

SPAN = dt.timedelta(days=7)
TOP_QUESTIONS = 5
SHOWN_DELIVERIES = 5
Unanswered = Callable[..., list[Gap]]  # top_unanswered's signature: (db, *, since, limit)


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class WeeklyNote:
    """One week's note: the ISO week it is for, a one-line summary, and its sections."""

    week: str
    summary: str
    sections: tuple[Section, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "summary": self.summary,
            "sections": [{"title": s.title, "lines": list(s.lines)} for s in self.sections],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WeeklyNote:
        sections = tuple(Section(str(s["title"]), tuple(map(str, s["lines"]))) for s in data["sections"])
        return cls(str(data["week"]), str(data["summary"]), sections)

    def plain_text(self) -> str:
        """The note for a terminal: the summary, then each section's title and lines."""
        parts = [self.summary]
        for section in self.sections:
            parts.append("\n" + section.title + "\n" + "\n".join(f"  {line}" for line in section.lines))
        return "\n".join(parts)


def gather_note(
    db: Database, week: str, now: dt.datetime, unanswered: Unanswered = top_unanswered
) -> WeeklyNote:
    """The note for `week`, about the seven days before `now`."""
    since = now - SPAN
    tips = _tips(db, since, now)
    gaps = unanswered(db, since=iso(since), limit=TOP_QUESTIONS)
    waiting = needing_decision(db, limit=100)
    # Searches are counted per UTC day: the seven days that end today.
    searches = searches_between(db, now - dt.timedelta(days=6), now)
    summary = (
        f"Your weekly note for {week}: {_count(tips['new'], 'new tip')}, "
        f"{_count(len(gaps), 'unanswered question')}, {_count(len(waiting), 'delivery', 'deliveries')} "
        f"waiting for a decision, {_count(searches.total, 'search', 'searches')}."
    )
    sections = (
        Section("New tips", (_tips_line(tips),)),
        Section(
            "Asked and not found",
            tuple(_gap_line(g) for g in gaps) or ("Nothing asked went unanswered.",),
        ),
        Section("Waiting for your decision", _waiting_lines(waiting)),
        Section("Searches", (_searches_line(searches.total, searches.nothing_share),)),
    )
    return WeeklyNote(week, summary, sections)


def _tips(db: Database, since: dt.datetime, now: dt.datetime) -> dict[str, int]:
    """New tips in the span: how many, how many already covered in an issue, already suggested."""
    counted = {"new": 0, "covered": 0, "suggested": 0}
    rows = db.query(
        "select assessment from tips where created_at >= ? and created_at <= ?", [iso(since), iso(now)]
    )
    for row in rows:
        assessment = json.loads(row["assessment"] or "{}")
        counted["new"] += 1
        if assessment.get("covered"):
            counted["covered"] += 1
        elif assessment.get("suggested"):
            counted["suggested"] += 1
    return counted


def _tips_line(tips: dict[str, int]) -> str:
    if not tips["new"]:
        return "No new tips in the last seven days."
    return (
        f"{_count(tips['new'], 'new tip')} in the last seven days: {tips['covered']} already covered in "
        f"an issue, {tips['suggested']} already suggested by someone else."
    )


def _gap_line(gap: Gap) -> str:
    waiting = f", {gap.waiting} waiting to hear when it is covered" if gap.waiting else ""
    return f"“{gap.text}”: asked {_count(gap.asked, 'time')}{waiting} (last {gap.last_asked[:10]})"


def _waiting_lines(waiting: list[dict[str, Any]]) -> tuple[str, ...]:
    if not waiting:
        return ("Nothing waits for you.",)
    states = {"held": "held", "failed": "failing", "unknown": "perhaps out, perhaps not"}
    lines = [
        f"{row['week']} {row['title']} on {row['destination']}: {states.get(row['status'], row['status'])}"
        for row in waiting[:SHOWN_DELIVERIES]
    ]
    if len(waiting) > SHOWN_DELIVERIES:
        lines.append(f"and {len(waiting) - SHOWN_DELIVERIES} more: see `/worksonarm status`")
    return tuple(lines)


def _searches_line(total: int, nothing_share: float) -> str:
    if not total:
        return "No searches in the last seven days."
    return f"{_count(total, 'search', 'searches')} in the last seven days; {nothing_share:.0%} found nothing."


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"
