"""Saving issues into the index, and the one place that decides "is this the same issue?".

When one issue comes from several sources, the richer and more authoritative one wins: the
configured archive (the newsletter's own record), then the feed (what was published), then the
shipped files (excerpts, a fallback). A lesser source never replaces a greater one's stories; it may
only give the issue a permalink it lacked.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from bot.archive.fts import address_words
from bot.archive.issues import template_url
from bot.archive.links import normalize_url
from bot.archive.semantic import retire_vectors
from bot.archive.synonyms import story_with_concepts
from bot.archive.vocabulary import apply_counts, count_words
from bot.clock import Clock, iso, utc_now
from bot.db import write_transaction
from bot.errors import NotAnIssue

if TYPE_CHECKING:  # the parser (markdown-it) loads where issues are parsed, not with the schema
    from bot.archive.newsletter import Issue

SOURCE_RANK = {"shipped": 0, "feed": 1, "archive": 2}


class IssueConflict(NotAnIssue):
    """Another issue already holds this week (two numbered issues in one ISO week)."""


@dataclass
class Saved:
    """What saving did: the issue's id, whether it is new, whether a greater source kept its
    stories, and the row it had before (None when new)."""

    id: int
    created: bool
    kept: bool
    previous: dict[str, Any] | None


def link_key(url: str | None) -> str | None:
    """An issue's permalink as the index compares it: the one link identity."""
    return normalize_url(url) if url else None


def find_same_issue(db: Database, issue: Issue, link: str | None = None) -> dict[str, Any] | None:
    """The issue already indexed that this one is, by these rules in this order:

    1. a permalink names one issue, whatever its date or title now says (a re-dated entry);
    2. a feed post without a number or week of its own (a blog entry) is known by its link only;
    3. otherwise the same publication and issue number, or the same ISO week and slot (a second
       issue in one week, see DESIGN.md, has its number or slug as slot), is the same issue.
    Never by a feed's GUID: static sites change them when they move. Raises IssueConflict when
    the week (and slot) holds an issue of another number."""
    key = link_key(link)
    if key:
        rows = list(db.query("select * from issues where link_key = ? limit 1", [key]))
        if rows:
            return dict(rows[0])
    if issue.slot.startswith(("http://", "https://")):
        return None
    rows = list(
        db.query(
            "select * from issues where publication = :p and ((week = :w and slot = :s) "
            "or (number is not null and number = :n)) "
            "order by (number is not null and number = :n) desc, week = :w desc limit 1",
            {"p": issue.publication, "w": issue.week, "s": issue.slot, "n": issue.number},
        )
    )
    if not rows:
        return None
    found = dict(rows[0])
    if found["week"] == issue.week and found["number"] and issue.number and found["number"] != issue.number:
        raise IssueConflict(f"week {issue.week} already holds issue {found['number']}, not {issue.number}")
    return found


def save_issue(
    db: Database,
    issue: Issue,
    *,
    source: str,
    permalink: str | None = None,
    url_template: str | None = None,
    now: Clock = utc_now,
    vocabulary: Counter[str] | None = None,
    known_id: int | None = None,
) -> Saved:
    """Insert an issue, or update the same issue in place (its stories and links replaced), unless
    a greater source holds it. Its URL is fixed here: the permalink, else the archive template's.
    The vocabulary moves with the stories: at once, or into `vocabulary` for the caller to apply
    in the same transaction (a batch). `known_id`: the issue this file held when last read.
    Raises IssueConflict."""
    with write_transaction(db):
        # The issue a file held when last read is the issue it holds (a second issue of its week
        # stays itself, whatever was read with it); otherwise the rules of find_same_issue.
        rows = list(db.query("select * from issues where id = ?", [known_id])) if known_id else []
        try:
            previous = dict(rows[0]) if rows else find_same_issue(db, issue, permalink)
        except IssueConflict:
            if issue.number is None or issue.slot:
                raise
            # Two numbered issues in one ISO week (DevOps'ish 114 and 115): the second is qualified
            # by its number, and stays that issue when met again (by its number).
            issue.slot = f"#{issue.number}"
            previous = find_same_issue(db, issue, permalink)
        if previous is not None and SOURCE_RANK[source] < SOURCE_RANK.get(previous.get("source") or "", 0):
            if permalink and not previous["permalink"]:
                db.table("issues").update(
                    previous["id"],
                    {"permalink": permalink, "url": permalink, "link_key": link_key(permalink)},
                )
            return Saved(int(previous["id"]), False, True, previous)
        issue_id = _write(db, issue, source, permalink, url_template, previous, now, vocabulary)
        return Saved(issue_id, previous is None, False, previous)


def _write(
    db: Database,
    issue: Issue,
    source: str,
    permalink: str | None,
    url_template: str | None,
    previous: dict[str, Any] | None,
    now: Clock,
    vocabulary: Counter[str] | None,
) -> int:
    if previous is not None:  # the same issue keeps the identity it was first indexed with
        publication, week, slot = previous["publication"], previous["week"], previous["slot"]
        permalink = permalink or previous["permalink"]
    else:
        publication, week, slot = issue.publication, issue.week, issue.slot
    row = {
        "publication": publication,
        "week": week,
        "slot": slot,
        "number": issue.number,
        "title": issue.title,
        "date": issue.date,
        "permalink": permalink,
        "link_key": link_key(permalink),
        "url": permalink
        or (template_url(week, issue.number, url_template) if publication == "worksonarm" else None),
        "outline": json.dumps(issue.outline),
        "image": issue.image or (previous or {}).get("image"),  # files name none: keep the feed's
        "source": source,
        "updated_at": iso(now()),
    }
    words = count_words(f"{s.heading} {s.body}" for s in issue.stories)
    if previous is not None:
        issue_id = int(previous["id"])
        old = db.query("select heading, body from stories where issue_id = ?", [issue_id])
        words.subtract(count_words(f"{r['heading']} {r['body']}" for r in old))
        db.table("issues").update(issue_id, row)
        _drop_stories(db, issue_id)
    else:
        issue_id = int(db.table("issues").insert(row).last_pk or 0)
    _write_stories(db, issue_id, issue)
    if vocabulary is None:
        apply_counts(db, words)
    else:
        vocabulary.update(words)
    return issue_id


def remove_issue(db: Database, issue_id: int, forget: Callable[[Database, int], None]) -> None:
    """The one way an issue leaves the index: its stories' words leave the vocabulary, its links,
    stories and their vectors go, `forget` lets go of what the other jobs hold about it (with their
    own functions: bot/indexed.py), and then the issue. In the caller's transaction."""
    stories = db.query("select heading, body from stories where issue_id = ?", [issue_id])
    words = count_words(f"{s['heading']} {s['body']}" for s in stories)
    apply_counts(db, Counter({word: -n for word, n in words.items()}))
    _drop_stories(db, issue_id)
    forget(db, issue_id)
    db.execute("delete from issues where id = ?", [issue_id])


def _drop_stories(db: Database, issue_id: int) -> None:
    """An issue's links and stories go; their vectors are kept aside, to be reused by digest by the
    next embedding (an edited issue keeps most of its stories) and dropped after."""
    db.execute("delete from links where issue_id = ?", [issue_id])
    retire_vectors(db, issue_id)
    db.execute("delete from stories where issue_id = ?", [issue_id])


def _write_stories(db: Database, issue_id: int, issue: Issue) -> None:
    # Ids are reserved up front so stories and links go in as two batches, not a call per story.
    first = int(next(iter(db.query("select coalesce(max(id), 0) + 1 as n from stories")))["n"])
    stories: list[dict[str, object]] = []
    links: list[dict[str, object]] = []
    for position, story in enumerate(issue.stories):
        story_id = first + position
        addresses = [link.url for link in story.links]
        heading_fts, body_fts = story_with_concepts(story.heading, story.body, addresses)
        stories.append(
            {
                "id": story_id,
                "issue_id": issue_id,
                "position": position,
                "heading": story.heading,
                "section": story.section,
                "body": story.body,
                "heading_fts": heading_fts,
                "body_fts": body_fts,
                "links_fts": address_words(addresses, f"{story.heading} {story.body}"),
            }
        )
        links += (
            {
                "story_id": story_id,
                "issue_id": issue_id,
                "position": n,
                "text": link.text,
                "url": link.url,
                "normalized": normalize_url(link.url),
            }
            for n, link in enumerate(story.links)
        )
    db.table("stories").insert_all(stories, batch_size=200)
    db.table("links").insert_all(links, batch_size=500)


def record_source(
    db: Database, path: str, digest: str, issue_id: int | None, status: str, reason: str, now: Clock = utc_now
) -> None:
    """Remember what a file (or feed entry) held when it was last read, so unchanged ones are skipped."""
    with write_transaction(db):
        db.table("sources").upsert(
            {
                "path": path,
                "sha256": digest,
                "issue_id": issue_id,
                "status": status,
                "reason": reason,
                "indexed_at": iso(now()),
            },
            pk="path",
        )


def refresh_link_keys(db: Database) -> None:
    """Every permalink's link key again, after the link identity changed (a migration)."""
    rows = list(db.query("select id, permalink from issues where permalink is not null and permalink != ''"))
    db.conn.executemany(
        "update issues set link_key = ? where id = ?",
        [(normalize_url(r["permalink"]), r["id"]) for r in rows],
    )
