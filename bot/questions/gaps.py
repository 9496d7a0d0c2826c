"""What readers asked and the archive did not answer, grouped by what they asked: the open
"until covered" questions and the searches that found nothing, per topic (bot/questions/keys.py).
The editors' list and the weekly note read it; a topic an editor decided on (covered, won't cover)
counts only what was asked after the decision."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlite_utils import Database

MAX_PHRASINGS = 5


@dataclass(frozen=True)
class Gap:
    """One thing asked: a representative phrasing, how many asked it in the window (searches that
    found nothing plus open questions), how many members wait for it, and when (ISO UTC)."""

    id: int  # the topic: what `questions close ID` and the editors' buttons name
    key: str
    text: str
    asked: int
    waiting: int
    first_asked: str
    last_asked: str
    phrasings: tuple[str, ...] = field(default=())


# Everything asked and not yet decided on: each row a phrasing, when, and who waits (or null).
_ASKED = """
select t.id as topic, a.key, a.text, a.at, a.user_id from (
    select key, text, created_at as at, user_id from standing_questions
    where state = 'open' and kind = 'until_covered'
    union all
    select key, text, asked_at as at, null as user_id from unanswered_searches
) a join question_topics t on t.key = a.key
where t.decided_at is null or a.at > t.decided_at
"""


def top_unanswered(db: Database, *, since: str, limit: int = 5, include_waiting: bool = False) -> list[Gap]:
    """The topics most asked since `since` (ISO UTC), most asked first. With `include_waiting`,
    also those asked before it that members still wait for (the editors' whole list)."""
    rows: dict[int, list[dict[str, str]]] = {}
    for row in db.query(_ASKED):
        rows.setdefault(int(row["topic"]), []).append(row)
    gaps = [_gap(topic, asked, since) for topic, asked in rows.items()]
    kept = [g for g in gaps if g.asked or (include_waiting and g.waiting)]
    kept.sort(key=lambda g: (-g.asked, -g.waiting, _descending(g.last_asked), g.id))
    return kept[:limit] if limit else kept


def gap_of(db: Database, topic: int) -> Gap | None:
    """One topic as the editors' list shows it, whenever asked; None when nothing of it is open."""
    asked = [r for r in db.query(_ASKED) if int(r["topic"]) == topic]
    return _gap(topic, asked, "") if asked else None


def _gap(topic: int, asked: list[dict[str, str]], since: str) -> Gap:
    recent = [r for r in asked if r["at"] >= since]
    moments = sorted(r["at"] for r in asked)
    said = Counter(" ".join(r["text"].split()) for r in sorted(asked, key=lambda r: r["at"]))
    # The phrasing asked most, the latest among equals (Counter keeps first-seen order).
    text = max(reversed(list(said)), key=lambda t: said[t])
    return Gap(
        id=topic,
        key=asked[0]["key"],
        text=text,
        asked=len(recent),
        waiting=len({r["user_id"] for r in asked if r["user_id"]}),
        first_asked=moments[0],
        last_asked=moments[-1],
        phrasings=tuple(said)[:MAX_PHRASINGS],
    )


def _descending(moment: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in moment)
