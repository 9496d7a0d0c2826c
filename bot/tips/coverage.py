"""What the archive and earlier tips already hold of a tip's links: worked out once, at intake."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database

from bot.archive.links import normalize_url


@dataclass
class Coverage:
    """The first issue that had one of the tip's links, and how many later issues had it too."""

    url: str
    week: str
    number: int | None
    heading: str
    issue_url: str | None
    issue_id: int
    later_issues: int = 0


@dataclass
class EarlierTip:
    """An earlier tip with one of the same links."""

    url: str
    tip_id: int
    user_id: str
    created_at: str


@dataclass
class Assessment:
    """A tip's links against the archive and the tips before it."""

    covered: list[Coverage]
    suggested: list[EarlierTip]

    def to_json(self) -> dict[str, Any]:
        return {
            "covered": [asdict(c) for c in self.covered],
            "suggested": [asdict(e) for e in self.suggested],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Assessment:
        data = data or {}
        return cls(
            [Coverage(**c) for c in data.get("covered", [])],
            [EarlierTip(**e) for e in data.get("suggested", [])],
        )


def assess_links(
    db: Database, urls: list[str], before_tip: int | None = None, user_id: str = ""
) -> Assessment:
    """Coverage of each URL (its earliest Works on Arm issue first) and the earlier tip with it:
    the sender's own, when they sent it before, else the first."""
    return Assessment(
        [c for url in urls if (c := first_coverage(db, url))], _earlier_tips(db, urls, before_tip, user_id)
    )


def first_coverage(db: Database, url: str) -> Coverage | None:
    """The earliest issue and story with this link (Works on Arm before other newsletters)."""
    rows = list(
        db.query(
            "select i.id, i.week, i.number, i.url, s.heading from links l "
            "join stories s on s.id = l.story_id join issues i on i.id = l.issue_id "
            "where l.normalized = ? order by i.publication != 'worksonarm', i.date, i.week, s.position",
            [normalize_url(url)],
        )
    )
    if not rows:
        return None
    first = rows[0]
    later = len({row["id"] for row in rows}) - 1
    return Coverage(
        url, first["week"], first["number"], first["heading"], first["url"], int(first["id"]), later
    )


def _earlier_tips(db: Database, urls: list[str], before_tip: int | None, user_id: str) -> list[EarlierTip]:
    found: list[EarlierTip] = []
    for url in urls:
        for row in db.query(
            "select t.id, t.user_id, t.created_at from tip_urls u join tips t on t.id = u.tip_id "
            "where u.normalized = ? and (? is null or t.id < ?) order by t.user_id = ? desc, t.id limit 1",
            [normalize_url(url), before_tip, before_tip, user_id],
        ):
            found.append(EarlierTip(url, int(row["id"]), row["user_id"], row["created_at"]))
    return sorted(found, key=lambda e: e.tip_id)


def reassess_all_tips(db: Database) -> None:
    """What the archive covers of every tip, again (a migration changed coverage)."""
    for row in list(db.query("select id, user_id from tips")):
        urls = [r["url"] for r in db.query("select url from tip_urls where tip_id = ?", [row["id"]])]
        assessment = assess_links(db, urls, before_tip=row["id"], user_id=row["user_id"])
        db.execute(
            "update tips set assessment = ?, covered_issues = ? where id = ?",
            [
                json.dumps(assessment.to_json()),
                json.dumps(sorted({c.issue_id for c in assessment.covered})),
                row["id"],
            ],
        )
