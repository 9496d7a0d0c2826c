"""A story as a hit: its issue, heading, the snippet that shows why it was found, and its links
first as they bear on the query; the shape `search --json` prints (DESIGN.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database

from bot.archive.query import Term, parse_query
from bot.archive.snippets import Finder, highlighters, make_snippet, relevant_first


@dataclass
class Hit:
    """One story found: the `search --json` shape of DESIGN.md, plus the publication."""

    issue: str
    number: int | None
    title: str
    date: str
    url: str | None
    section: str
    snippet: str
    links: list[dict[str, str]]
    score: float
    publication: str = "worksonarm"
    story_id: int | None = None
    searched_for: str | None = None  # the corrected or relaxed words that found it

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["searched_for"] is None:
            del data["searched_for"]  # only a hit found by other words than the typed ones says so
        return data


def hit_for_story(db: Database, story_id: int, text: str = "") -> Hit | None:
    """One story as a hit (for "Share in channel"), its snippet marked for the query it was found by."""
    if not 0 <= story_id < 2**62:
        return None
    rows = story_rows(db, [story_id])
    if story_id not in rows:
        return None
    links = links_of(db, [story_id]).get(story_id, [])
    return story_hit(rows[story_id], links, parse_query(text).terms, 0.0)


def story_hit(
    row: dict[str, Any],
    links: list[dict[str, str]],
    terms: list[Term],
    score: float,
    finders: list[Finder] | None = None,
) -> Hit:
    """A story's row as a hit: its snippet and links chosen for the terms."""
    finders = highlighters(terms) if finders is None else finders
    return Hit(
        issue=row["week"],
        number=row["number"],
        title=row["title"],
        date=row["date"],
        url=row["url"],
        section=row["heading"],
        snippet=make_snippet(row["body"], terms, finders=finders),
        links=relevant_first(links, finders),
        score=round(score, 4),
        publication=row["publication"],
        story_id=row["story_id"],
    )


def story_rows(db: Database, story_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each story's heading and body with its issue, by id."""
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    sql = (
        "select s.id as story_id, s.heading, s.body, i.week, i.number, i.title, i.date, i.url, "
        f"i.publication from stories s join issues i on i.id = s.issue_id where s.id in ({marks})"
    )
    return {row["story_id"]: row for row in db.query(sql, story_ids)}


def links_of(db: Database, story_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Each story's links in order, by id."""
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    out: dict[int, list[dict[str, str]]] = {}
    sql = f"select story_id, text, url from links where story_id in ({marks}) order by story_id, position"
    for row in db.query(sql, story_ids):
        out.setdefault(row["story_id"], []).append({"text": row["text"], "url": row["url"]})
    return out


REPEAT_CHUNK = 50  # stories read at a time when skipping repeats: a page needs a few more than it shows
# A list this long is read whole for its repeats (0.3 ms), so its total is exact; a longer one's
# total counts its stories as ranked ("of 300 or more" needs no precision).
READ_WHOLE = 100


def without_repeats(db: Database, story_ids: list[int], wanted: int) -> tuple[list[int], int]:
    """The stories in order with each repeat dropped, as far as `wanted` distinct ones and one
    more (READ_WHOLE at least), and how many repeats the list has: counted when it was read to its
    end, else 0 (a long list's total counts its stories as ranked, the same on every page). A
    repeat is an item of a list headed by the same link as one ranked above it (a newsletter runs
    a sponsor's or a conference's link week after week: "PagerDuty Summit 2019" in five issues, the
    same article again with a new line of comment), or a story the same in heading, headline link
    and text ("Subscription information"). A section under the same heading and link is another
    week's news ("Web infrastructure", nginx.com), and so is the same link under another heading."""
    wanted = max(wanted, READ_WHOLE)
    kept: list[int] = []
    seen: dict[tuple[str, str], int] = {}  # (headline link, heading) -> the story ranked first
    repeats = 0
    for start in range(0, len(story_ids), REPEAT_CHUNK):
        if len(kept) > wanted:
            break
        chunk = story_ids[start : start + REPEAT_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = (
            "select s.id, l.normalized, s.heading, l.text = s.heading from stories s join links l "
            f"on l.story_id = s.id and l.position = 0 where s.id in ({marks})"  # its links count from 0
        )
        keys = {row[0]: row[1:] for row in db.execute(sql, chunk)}
        for story_id in chunk:
            link, heading, item = keys.get(story_id, (None, "", 0))
            first = seen.get((link, heading)) if link is not None else None
            if first is not None and (item or _same_text(db, first, story_id)):
                repeats += 1
                continue
            if link is not None:
                seen.setdefault((link, heading), story_id)
            kept.append(story_id)
    whole = len(kept) + repeats == len(story_ids)
    return kept, repeats if whole else 0


def _same_text(db: Database, one: int, other: int) -> bool:
    """Whether two stories say the same (rare: asked only of a heading and link met before)."""
    sql = "select count(distinct body) from stories where id in (?, ?)"
    return int(db.execute(sql, [one, other]).fetchone()[0]) == 1
