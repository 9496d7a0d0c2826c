"""Searches counted by outcome, per UTC day: how many found something and how many found nothing.

Only the numbers are kept (never the words searched, nor who searched), in `search_counts`, so
they survive restarts and add up across processes: `/metrics` and the editors' weekly note read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from bot.db import write_transaction

OUTCOMES = ("found", "nothing")


@dataclass(frozen=True)
class SearchCounts:
    """Searches in a span of days: how many, and how many found nothing."""

    found: int = 0
    nothing: int = 0

    @property
    def total(self) -> int:
        return self.found + self.nothing

    @property
    def nothing_share(self) -> float:
        """The share of searches that found nothing, 0.0 to 1.0 (0.0 with no searches)."""
        return self.nothing / self.total if self.total else 0.0


def count_search(db: Database, *, found: bool, now: dt.datetime) -> None:
    """One more search on the UTC day of `now`: one upsert, so two processes never lose a count."""
    day = now.astimezone(dt.UTC).date().isoformat()
    with write_transaction(db):
        db.execute(
            "insert into search_counts (day, outcome, n) values (?, ?, 1) "
            "on conflict (day, outcome) do update set n = n + 1",
            [day, "found" if found else "nothing"],
        )


def searches_between(db: Database, start: dt.datetime, end: dt.datetime) -> SearchCounts:
    """The searches counted on the UTC days from `start` to `end`, both included."""
    first, last = (moment.astimezone(dt.UTC).date().isoformat() for moment in (start, end))
    rows = db.query(
        "select outcome, sum(n) as n from search_counts where day between ? and ? group by outcome",
        [first, last],
    )
    counted = {row["outcome"]: int(row["n"]) for row in rows}
    return SearchCounts(found=counted.get("found", 0), nothing=counted.get("nothing", 0))


def searches_by_outcome(db: Database) -> dict[str, int]:
    """Every search ever counted, by outcome (each outcome present, 0 when none)."""
    counted = {
        row["outcome"]: int(row["n"])
        for row in db.query("select outcome, sum(n) as n from search_counts group by outcome")
    }
    return {outcome: counted.get(outcome, 0) for outcome in OUTCOMES}
