"""A story as a hit: its issue, heading, the snippet that shows why it was found, and its links
first as they bear on the query; the shape `search --json` prints (DESIGN.md)."""

from __future__ import annotations

import re
from collections import Counter
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


# Repeats are looked for among this many of the best stories (0.3 ms), the same on every page, so
# the total is the same on every page and paging yields it; past them nobody reads on.
READ_FOR_REPEATS = 100


# A page's name of words: "hackers-begin-exploiting-log4j.html", "how-to-hold-social-media"; not a
# script ("cvename.cgi", "jobDetails.do"), whose query names the page
_SLUG = re.compile(r"[^\W_]+(?:-[^\W_]+)+(?:\.html?)?|[\w-]+\.html?")


def without_repeats(db: Database, story_ids: list[int]) -> list[int]:
    """The stories in order, with each repeat among the first READ_FOR_REPEATS dropped. A repeat
    is an item of a list headed by the same link under the same heading as one ranked above it (a
    newsletter runs a sponsor's or a conference's link week after week: "PagerDuty Summit 2019" in
    five issues, the same article again with a new line of comment), or a story the same in
    heading, headline link and text as one above it ("Subscription information"). A section under
    the same heading and link is another week's news ("Web infrastructure", nginx.com), and so is
    the same link under another heading, or an item of one newsletter and a section of another.
    Headings and texts are compared without their spacing and case: "Rook.io : Ceph …" is "Rook.io:
    Ceph …", where "C++ news" is not "C# news", nor "🚀" "🎉". A link is compared without its query
    where its path names the page (`_page_of`): DevOps'ish listed one article twice in an issue,
    once with a mail's tracking tail ("?deliveryName=DM114601", "?m=1")."""
    head = story_ids[:READ_FOR_REPEATS]
    if len(head) < 2:
        return story_ids
    marks = ", ".join("?" for _ in head)
    sql = (
        "select s.id, l.normalized, s.heading, l.text = s.heading, s.body from stories s join links l "
        f"on l.story_id = s.id and l.position = 0 where s.id in ({marks})"  # its links count from 0
    )
    rows = {
        story_id: (_page_of(link), _unspaced(heading), int(item), body)
        for story_id, link, heading, item, body in db.execute(sql, head)
    }
    alike = Counter(row[:3] for row in rows.values())
    # a story's text is compared only with a story alike in all else: most of a page is unique
    keys = {i: (*r[:3], "" if r[2] or alike[r[:3]] == 1 else _unspaced(r[3])) for i, r in rows.items()}
    seen: set[tuple[str, str, int, str]] = set()
    kept: list[int] = []
    for story_id in head:
        key = keys.get(story_id)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        kept.append(story_id)
    return kept + story_ids[READ_FOR_REPEATS:]


def _page_of(link: str) -> str:
    """The link without its query when the path names a page of its own, in folders, by a slug
    ("/2021/12/hackers-begin-exploiting.html", "/2021/01/how-to-hold-…"): its query is a tracking
    tail. Not where the query names the page: "/watch?v=…", "/article?id=7", "/index.php?p=12",
    "/cgi-bin/cvename.cgi?name=CVE-…" (the review of round 16)."""
    address, _, query = link.partition("?")
    path = address.partition("://")[2].partition("/")[2].strip("/")
    return address if query and "/" in path and _SLUG.fullmatch(path.rsplit("/", 1)[-1]) else link


def _unspaced(text: str) -> str:
    return "".join(text.casefold().split())
