"""Looking up whole issues: the latest one, or one by number or week id."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from sqlite_utils import Database

from bot.archive import identity
from bot.db import write_transaction


@dataclass
class IssueSummary:
    """An issue as a reader sees it: title, date, link and its list of stories."""

    id: int
    week: str
    number: int | None
    title: str
    date: str
    url: str | None
    stories: list[str]
    outline: list[str]
    image: str | None = None  # from the feed entry, for link cards

    @property
    def headings(self) -> list[str]:
        """What the issue says is in it: its "In this issue" list, else its story headings."""
        return self.outline or self.stories

    @property
    def key(self) -> str:
        """Marks an announcement of this issue, to find it again in a channel's history."""
        return f"{self.week}#{self.id}"


def latest_issue(db: Database) -> IssueSummary | None:
    """The newest Works on Arm issue in the index."""
    rows = list(
        db.query(
            "select * from issues where publication = 'worksonarm' order by date desc, week desc limit 1"
        )
    )
    return _summary(db, rows[0]) if rows else None


def issue_ref(text: str) -> str:
    """An issue as people write it, bare: "issue 63!", "#63" and "63" are "63"."""
    text = text.strip()
    text = text[len("issue ") :] if text.lower().startswith("issue ") else text  # "Issue 63", as written
    return text.strip().lstrip("#").rstrip("!.?,").strip()


def find_issue(db: Database, ref: str) -> IssueSummary | None:
    """An issue by number (`13`, `#13`) or week in any common spelling (`2018-W20`, `2018w20`),
    Works on Arm first. None when there is none: `why_no_issue` says why."""
    ref = issue_ref(ref)
    try:
        week = identity.parse_week(ref)
    except identity.NoSuchWeek:
        return None
    if week:
        where, param = "week = ?", week
    elif re.fullmatch(r"[0-9]{1,7}", ref):
        where, param = "number = ?", ref
    else:
        return None
    rows = list(
        db.query(
            f"select * from issues where {where} order by publication != 'worksonarm', date desc limit 1",
            [param],
        )
    )
    return _summary(db, rows[0]) if rows else None


def why_no_issue(db: Database, ref: str) -> str:
    """Why `find_issue` found nothing for `ref`, in a clause that says what there is instead."""
    ref = issue_ref(ref)
    try:
        week = identity.parse_week(ref)
    except identity.NoSuchWeek as exc:
        return f"no such week, {exc}"
    span = next(iter(db.query(f"select min(week) as first, max(week) as last from issues where {_WOA}")))
    if span["first"] is None:
        return "no issue is indexed yet"
    weeks = f"from {span['first']} to {span['last']}"
    if week:
        return f"no issue of that week is indexed; the issues run {weeks}"
    if not re.fullmatch(r"[0-9]{1,30}", ref):
        return f"give its number, like 3, or its week, like {span['last']}"
    rows = db.query(f"select number, week from issues where {_WOA} and number is not null order by number")
    numbered = [(int(r["number"]), str(r["week"])) for r in rows]
    if not numbered:
        return f"no issue carries a number; ask for its week, {weeks}"
    runs = _runs([n for n, _ in numbered])
    said = f"only {len(numbered)} issues carry a number ({runs}); the others go by their week, {weeks}"
    wanted = int(ref)
    below = [f"Issue {n} ({w})" for n, w in numbered if n < wanted][-1:]
    above = [f"Issue {n} ({w})" for n, w in numbered if n > wanted][:1]
    if below and above:
        said += f". The nearest are {below[0]} and {above[0]}"
    return said


_WOA = "publication = 'worksonarm'"


def _runs(numbers: list[int]) -> str:
    """`1–21, 61–63`: sorted numbers as runs, the first few only."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    shown = [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:4]]
    return ", ".join(shown) + (", …" if len(runs) > 4 else "")


def announced_issue(db: Database, issue_id: int) -> IssueSummary | None:
    """An issue as it is announced: in the words its feed entry showed (title, date, number,
    headings, link), whatever an archive file says about the same week. An issue the feed never
    showed (an editor announces it by hand) is announced as the index has it. None when the index
    has no such issue."""
    rows = list(db.query("select * from issues where id = ?", [issue_id]))
    if not rows:
        return None
    row = rows[0]
    summary = _summary(db, row)
    words = json.loads(row.get("feed_words") or "null")
    if not isinstance(words, dict):
        return summary
    headings = [str(h) for h in words.get("headings") or []]
    number = words.get("number")
    return replace(
        summary,
        title=str(words.get("title") or summary.title),
        date=str(words.get("date") or summary.date),
        number=number if isinstance(number, int) else None,
        outline=headings,
        stories=headings,
        url=words.get("link") or summary.url,
    )


def _summary(db: Database, row: dict[str, Any]) -> IssueSummary:
    stories = [
        r["heading"]
        for r in db.query("select heading from stories where issue_id = ? order by position", [row["id"]])
    ]
    return IssueSummary(
        id=int(row["id"]),
        week=row["week"],
        number=row["number"],
        title=row["title"],
        date=row["date"],
        url=row.get("url"),
        stories=stories,
        outline=json.loads(row["outline"] or "[]"),
        image=row.get("image"),
    )


def template_url(week: str, number: int | None, template: str | None) -> str | None:
    """The archive's permalink for an issue known only from files, from WORKSONARM_ISSUE_URL."""
    if not template:
        return None
    try:
        return template.format(year=week[:4], id=week, number=number or "")
    except (KeyError, IndexError, ValueError):
        return None


def refresh_issue_urls(db: Database, template: str | None) -> int:
    """Give every Works on Arm issue without a feed permalink its URL from the template (after the
    template changed, or on a database from before URLs were stored). Returns how many changed."""
    changed = [
        (url, row["id"])
        for row in db.query(
            "select id, week, number, url from issues where publication = 'worksonarm' "
            "and (permalink is null or permalink = '')"
        )
        if (url := template_url(row["week"], row["number"], template)) != row["url"]
    ]
    if changed:
        with write_transaction(db):
            db.conn.executemany("update issues set url = ? where id = ?", changed)
    return len(changed)


@dataclass
class LinkedIssue:
    """What a newsletter link points at: an issue, and the story its anchor names (None: the whole issue)."""

    issue: IssueSummary
    story_id: int | None


def issue_for_link(db: Database, url: str) -> LinkedIssue | None:
    """The indexed issue a pasted link is the permalink of (by the one link identity, so http/www and
    tracking tails do not matter), and the story its `#anchor` names. None for any other link."""
    from bot.archive.links import normalize_url  # courlan: loaded by what compares links only

    page, _, anchor = url.partition("#")
    key = normalize_url(page)
    for row in db.query("select * from issues where url is not null or permalink is not null"):
        if key not in {normalize_url(u) for u in (row.get("url"), row.get("permalink")) if u}:
            continue
        story_id = None
        if _anchor_key(anchor):
            stories = db.query(
                "select id, heading from stories where issue_id = ? order by position", [row["id"]]
            )
            # an anchor that names no story (`#comments`) still points into the issue: the whole issue
            story_id = next(
                (s["id"] for s in stories if _anchor_key(s["heading"]) == _anchor_key(anchor)), None
            )
        return LinkedIssue(_summary(db, row), story_id)
    return None


def _anchor_key(text: str) -> str:
    """Hugo, GitHub and Blackfriday write a heading's anchor differently (`1-9`, `19`, `1.9`); all
    keep its letters and digits in order, so those alone compare them."""
    return re.sub(r"[\W_]+", "", unquote(text).lower())
