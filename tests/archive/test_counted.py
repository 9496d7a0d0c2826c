"""Searches counted by outcome per UTC day: numbers only, added up across connections."""

from __future__ import annotations

import datetime as dt
import threading

from bot.archive.counted import count_search, searches_between, searches_by_outcome
from tests.support import open_db

DAY = dt.datetime(2026, 12, 7, 23, 30, tzinfo=dt.UTC)


def test_counts_by_outcome_and_utc_day(db):
    count_search(db, found=True, now=DAY)
    count_search(db, found=False, now=DAY)
    count_search(db, found=False, now=DAY + dt.timedelta(hours=1))  # the next UTC day
    # A moment given in another zone counts on its UTC day.
    count_search(db, found=True, now=DAY.astimezone(dt.timezone(dt.timedelta(hours=5))))
    rows = {(r["day"], r["outcome"]): r["n"] for r in db.query("select * from search_counts")}
    assert rows == {("2026-12-07", "found"): 2, ("2026-12-07", "nothing"): 1, ("2026-12-08", "nothing"): 1}
    assert searches_by_outcome(db) == {"found": 2, "nothing": 2}
    day = searches_between(db, DAY, DAY)
    assert (day.total, day.nothing, round(day.nothing_share, 3)) == (3, 1, 0.333)
    assert searches_between(db, DAY - dt.timedelta(days=9), DAY - dt.timedelta(days=1)).total == 0


def test_the_table_holds_no_words(db):
    columns = {c.name for c in db.table("search_counts").columns}
    assert columns == {"day", "outcome", "n"}


def test_two_writers_lose_no_count(db_path):
    open_db(db_path).__enter__().close()

    def searches() -> None:
        with open_db(db_path) as db:
            for i in range(50):
                count_search(db, found=i % 2 == 0, now=DAY)

    threads = [threading.Thread(target=searches) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with open_db(db_path) as db:
        assert searches_by_outcome(db) == {"found": 100, "nothing": 100}
