"""The editors' side of tips: the queue, Accept and Reject, and the section a tip belongs in."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from sqlite_utils import Database

from bot.archive.fts import TEXT_COLUMNS
from bot.archive.stopwords import QUESTION_AND_STOP_WORDS
from bot.archive.understanding import QUALIFIERS
from bot.db import write_transaction

STATUSES = ("new", "accepted", "rejected", "published")
_WORD = re.compile(r"[^\W\d_]{4,}")
_NOT_A_TOPIC = (
    QUESTION_AND_STOP_WORDS | QUALIFIERS | {"thing", "things", "stuff", "look", "here", "cool", "nice"}
)


def list_tips(
    db: Database, *, status: str | None = None, user_id: str | None = None, limit: int = 200, offset: int = 0
) -> list[dict[str, Any]]:
    """Tips, newest first, with their links and the weeks that already covered them."""
    where, params = "1 = 1", []
    if status:
        where += " and status = ?"
        params.append(status)
    if user_id:
        where += " and user_id = ?"
        params.append(user_id)
    tips = list(
        db.query(
            f"select * from tips where {where} order by id desc limit {int(limit)} offset {int(offset)}",
            params,
        )
    )
    for tip in tips:
        tip["covered_issues"] = json.loads(tip.get("covered_issues") or "[]")
        assessment = json.loads(tip.pop("assessment", None) or "{}")
        tip["covered"] = list(dict.fromkeys(c["week"] for c in assessment.get("covered", [])))
        tip["urls"] = [
            r["url"]
            for r in db.query("select url from tip_urls where tip_id = ? order by position", [tip["id"]])
        ]
    return tips


def count_tips(db: Database, status: str) -> int:
    return int(next(iter(db.query("select count(*) as n from tips where status = ?", [status])))["n"])


def set_status(db: Database, tip_id: int, status: str) -> bool:
    """Accept or reject a tip (or put it back to new). False when there is no such tip."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    with write_transaction(db):
        cursor = db.execute(
            "update tips set status = ? where id = ? and status != 'published'", [status, tip_id]
        )
    return bool(cursor.rowcount)


def suggest_section(db: Database, text: str) -> str:
    """The section of the archive stories most like the tip's words (never its URL's words);
    none for a tip with too few words to say."""
    plain = " ".join(word for word in text.split() if not _is_address(word))
    words = [w for w in dict.fromkeys(w.lower() for w in _WORD.findall(plain)) if w not in _NOT_A_TOPIC][:12]
    if len(words) < 2:
        return ""
    rows = db.query(
        "select s.section from stories_fts join stories s on s.id = stories_fts.rowid "
        "where stories_fts match ? and s.section != '' order by rank limit 10",
        # the stories' text, not their links' addresses (bot/archive/fts.py)
        [f"{TEXT_COLUMNS} : (" + " OR ".join(f'"{w}"' for w in words) + ")"],
    )
    return _most_common_folded([row["section"] for row in rows])


def _is_address(word: str) -> bool:
    """A link's words are no topic: a word with a scheme (`ftp://…` too) or a `www.` host. Word by
    word, never a pattern tried at every character: a long word costs its length once."""
    return "://" in word or "www." in word.lower()


def _most_common_folded(names: list[str]) -> str:
    """The most common name, counting case variants as one, in its most common spelling."""
    if not names:
        return ""
    folded = Counter(name.casefold() for name in names)
    top = max(folded, key=lambda k: folded[k])
    return Counter(name for name in names if name.casefold() == top).most_common(1)[0][0]


def recurring_sections(db: Database, minimum: int = 3, limit: int = 100) -> list[str]:
    """Section names the archive uses again and again, for the section picker (case folded)."""
    rows = db.query(
        "select name, count(*) as n from ("
        "  select s.section as name from stories s join issues i on i.id = s.issue_id "
        "  where i.publication = 'worksonarm' and s.section != '' "
        "  union all select s.heading from stories s join issues i on i.id = s.issue_id "
        "  where i.publication = 'worksonarm') "
        "group by lower(name) having n >= ? order by n desc, name limit ?",
        [minimum, limit],
    )
    return [row["name"] for row in rows if len(row["name"]) <= 75]
