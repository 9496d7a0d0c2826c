"""A query that names a link: the stories that have it, by the one link identity (links.py).

A pasted link asks whether the archive has that page, and words cannot answer it: the words of an
address ("https", "github", "issues", "19082") are no topic, and the search called the link of an
issue's headline story "not covered" while a tip of the same link was told where it ran. So a
query with a link the archive has is answered by the stories with that link, whatever words are
around it ("is https://… covered?", "golang https://…"): the link names one page, the words only
describe it. A query with no such link is searched as words, as before."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.archive.hits import Hit, links_of, story_hit, story_rows, without_repeats
from bot.archive.links import bare_urls, normalize_url
from bot.archive.query import MAX_QUERY_CHARS


def archived_links(db: Database, text: str) -> list[str]:
    """The links written in `text` (http or https, with any tail the identity drops) that some
    story has, as the links table's `normalized` keys."""
    keys = sorted({normalize_url(url) for url in bare_urls(text[:MAX_QUERY_CHARS])})  # as much as is searched
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    sql = f"select distinct normalized from links where normalized in ({marks}) order by normalized"
    return [row["normalized"] for row in db.query(sql, keys)]


def stories_with_links(db: Database, keys: list[str], where: str, params: dict[str, Any]) -> list[int]:
    """The stories with any of the links, within the filters (SQL on `issues i`): those with more
    of the links first, then those headed by one (its first link: the story is about that page,
    not citing it in passing), then the newest, in the issue's order. A story the newsletter ran
    again is listed once (hits.without_repeats)."""
    if not keys:
        return []
    named = {f"link{n}": key for n, key in enumerate(keys)}
    marks = ", ".join(f":{name}" for name in named)
    sql = (
        "select s.id as story_id, count(distinct l.normalized) as links, min(l.position) = 0 as headline "
        "from links l join stories s on s.id = l.story_id join issues i on i.id = s.issue_id "
        f"where l.normalized in ({marks}){where} group by s.id "
        "order by links desc, headline desc, i.date desc, i.week desc, s.position"
    )
    return without_repeats(db, [row["story_id"] for row in db.query(sql, params | named)])


def linked_hits(db: Database, keys: list[str], story_ids: list[int]) -> list[Hit]:
    """The stories as hits, each with the links the query named first (Slack shows three links of
    a story, and a story that cites the page among ten others should show that it does)."""
    rows = story_rows(db, story_ids)
    links = links_of(db, story_ids)
    hits = []
    for story_id in story_ids:
        own = sorted(links.get(story_id, []), key=lambda link: normalize_url(link["url"]) not in keys)
        hits.append(story_hit(rows[story_id], own, [], 0.0))
    return hits
