"""A query that names a link: the stories that have it, by the one link identity (links.py).

A pasted link asks whether the archive has that page, and words cannot answer it: the words of an
address ("https", "github", "issues", "19082") are no topic, and the search called the link of an
issue's headline story "not covered" while a tip of the same link was told where it ran. So a
query of links the archive has, and words that only ask about them ("is https://… covered?", "did
you write about …"), is answered by the stories with those links. Not a question about something
else that names a link ("I read https://… but is there anything on terraform?", "cilium.io vs
calico"), nor a site's front page ("https://honeycomb.io"), which names the site, not a page: the
stories that link it are its sponsor lines, and its words find the stories about it (the review of
round 16). Those are searched as words, as before."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from bot.archive.english import zipf
from bot.archive.hits import Hit, links_of, story_hit, story_rows, without_repeats
from bot.archive.links import URL, bare_urls, clean_bare_url, host_of, is_web_url, normalize_url, without_urls
from bot.archive.query import FILTER, MAX_QUERY_CHARS, parse_query
from bot.archive.stopwords import CHAT, stop_words

# Words that ask whether a page ran, beside the stop words: "is … covered?", "did you write about …"
ABOUT_A_LINK = frozenset(
    """covered cover write wrote written newsletter featured mentioned ran seen included link posted
    dupe""".split()
)
# A word this common in English says how a question is asked ("did you guys cover …", "any
# coverage of …", "check this out"), where a rarer one or a name is a topic ("terraform"); chosen
# by the review of round 16's 55 phrasings of a question about a link
GENERAL = 3.5
_FRONT_PAGES = ("", "index.html", "index.htm", "index.php")


def archived_links(db: Database, text: str) -> list[str]:
    """The pages linked in `text` (http or https, with any tail the identity drops) that some story
    has, as the links table's `normalized` keys. Asked where `searched_words` found the words
    around them only ask about them (bot/archive/search.py decides once)."""
    text = text[:MAX_QUERY_CHARS]  # as much as is searched
    keys = sorted({normalize_url(url) for url in bare_urls(text) if _is_page(url)})
    if not keys:
        return []
    marks = ", ".join("?" for _ in keys)
    sql = f"select distinct normalized from links where normalized in ({marks}) order by normalized"
    return [row["normalized"] for row in db.query(sql, keys)]


def searched_words(db: Database, text: str) -> str | None:
    """What to search as words in a text with links, None when it has none or asks about its pages.
    A question of its own around the links is its words, each front page as its site's name and
    pages left out ("I read https://… but is there anything on terraform?": the page is what was
    read; "https://cilium.io vs calico"). Links and words that only ask about them ("hey did you
    guys cover https://…? thx") are the pages' stories, or the sites' names for front pages alone
    ("is https://honeycomb.io covered?" is "honeycomb": "https" is no word of a story)."""
    urls = bare_urls(text)
    if not urls:
        return None
    if _a_topic_of_its_own(without_urls(text), _newsletters(db)):
        return URL.sub(_as_read, text)  # in place: "cilium vs calico" is still a comparison
    if any(_is_page(url) for url in urls):
        return None
    filters = [part for part in without_urls(text).split() if FILTER.match(part)]  # "year:2020" stays
    return " ".join([*(_site(url) for url in urls), *filters])


def _as_read(link: re.Match[str]) -> str:
    """A link inside a question of its own: a front page its site's name, a page nothing."""
    url = clean_bare_url(link.group(0))
    if not is_web_url(url):
        return link.group(0)
    return " " if _is_page(url) else f" {_site(url)} "


def _a_topic_of_its_own(words: str, newsletters: frozenset[str]) -> bool:
    """Whether the words around links name a topic: a synonym's name ("kubernetes"), or a word
    neither asking (ABOUT_A_LINK, a newsletter's name, chat, stop words) nor common English."""
    asking = ABOUT_A_LINK | newsletters
    for term in parse_query(words).terms:
        if term.concept is not None:
            return True
        said = [t for t in term.tokens if not (t in asking or t in CHAT or t in stop_words())]
        if any(zipf(token) < GENERAL for token in said):
            return True
    return False


def _newsletters(db: Database) -> frozenset[str]:
    """The names of the newsletters in the index ("did worksonarm cover https://…?")."""
    return frozenset(str(row[0]).lower() for row in db.execute("select distinct publication from issues"))


def _site(url: str) -> str:
    """A site's name, from its host without the top-level domain: "honeycomb" for honeycomb.io
    (whose address, whole, is mostly in its sponsor lines), "summit pagerduty"."""
    return " ".join(host_of(url).split(".")[:-1]) or host_of(url)


def _is_page(url: str) -> bool:
    """A page of a site, not its front page ("/", "/index.html"): the front page names the site."""
    return urlsplit(url).path.strip("/").lower() not in _FRONT_PAGES


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
