"""Why a search found nothing, in a sentence a reader can act on."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from bot.archive.query import Query

NO_TOPIC = "There is no topic in that to look for: a few words on one, like `golang` or `raspberry pi`, do."


def explain_empty(db: Database, query: Query, unknown: list[str]) -> str | None:
    """The filter that rules everything out, or the words no story has; None when it is simply
    that no story has all the words."""
    if _no_day_between(query):
        return "The range is empty: the filters leave no day."
    span = next(iter(db.query("select min(date) as first, max(date) as last from issues")))
    first, last = span["first"], span["last"]
    if first is None:
        return "No issue is indexed yet."
    covers = f"The archive covers {first[:7]} to {last[:7]}."
    if query.year is not None and not first[:4] <= str(query.year) <= last[:4]:
        return f"Nothing from {query.year:04d}. {covers}"
    # a year alone: with words, where they are instead says more ("Outside that, 295 stories have it")
    if query.year is not None and not query.terms and (gap := _gap_around(db, query.year)):
        return f"Nothing from {query.year:04d}: the archive has no issue between {gap}. {covers}"
    if (query.before and query.before <= first) or (query.after and query.after >= last):
        return f"Nothing in that range. {covers}"
    if query.issue is not None and not _issue_exists(db, query.issue):
        latest = next(
            iter(
                db.query(
                    "select week, number from issues where publication = 'worksonarm' "
                    "order by date desc, week desc limit 1"
                )
            ),
            None,
        )
        name = f"issue {query.issue}" if query.issue.isdecimal() else query.issue
        if latest is None:
            return f"There is no {name}."
        newest = f"Issue {latest['number']} ({latest['week']})" if latest["number"] else latest["week"]
        return f"There is no {name}. The latest is {newest}."
    if unknown:
        return f"No story mentions {_quoted(unknown)}. {covers}"
    return None


def explain_filtered(query: Query, elsewhere: int, or_more: bool = False) -> str:
    """The words find stories, none within the filters: where to look instead."""
    within = [f"in {query.year:04d}"] if query.year is not None else []
    if query.issue:
        within.append(f"in issue {query.issue}" if query.issue.isdecimal() else f"in {query.issue}")
    if query.after and query.before:
        within.append(f"between {query.after} and {query.before}")
    elif query.after or query.before:
        within.append(f"after {query.after}" if query.after else f"before {query.before}")
    have = f"{elsewhere}{' or more' * or_more} " + ("story has" if elsewhere == 1 else "stories have")
    return f"Nothing {', '.join(within)}. Outside that, {have} it: search without the filter."


def explain_unanswered(db: Database, uncovered: list[str]) -> str:
    """The archive has stories with some of the words, none that answers: say so, and what it covers."""
    span = next(iter(db.query("select min(date) as first, max(date) as last from issues")))
    covers = f" The archive covers {span['first'][:7]} to {span['last'][:7]}." if span["first"] else ""
    if uncovered:
        return f"The archive does not cover that: no story is about {_quoted(uncovered)}.{covers}"
    return f"The archive does not cover that: no story is close enough.{covers}"


def _quoted(words: list[str]) -> str:
    """The first three words as typed, without the sentence's punctuation ("octoprint?" is octoprint)."""
    said = [w.rstrip("?!.,;:…").strip("\"'()[]“”‘’") or w for w in words[:3]]
    return ", ".join(f"“{w}”" for w in said)


def _gap_around(db: Database, year: int) -> str | None:
    """The months between the issues on either side of a year the archive has none of ("2022-11
    to 2026-01": DevOps'ish paused), or None when it has one: "2025" found nothing and said to try
    broader words, where "2027", past the archive, said the archive ends."""
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    sql = (
        "select (select max(date) from issues where date < :start) as before, "
        "(select min(date) from issues where date > :end) as after, "
        "exists (select 1 from issues where date between :start and :end) as within"
    )
    row = next(iter(db.query(sql, {"start": start, "end": end})))
    if row["within"] or not row["before"] or not row["after"]:
        return None
    return f"{row['before'][:7]} and {row['after'][:7]}"


def _issue_exists(db: Database, ref: str) -> bool:
    if ref.isdecimal():
        if len(ref) > 7:
            return False
        return bool(list(db.query("select 1 from issues where number = ? limit 1", [int(ref)])))
    return bool(list(db.query("select 1 from issues where week = ? limit 1", [ref])))


def _no_day_between(query: Query) -> bool:
    """Whether the date filters together leave no day: "after:2018 before:2019" (both bounds are
    outside: after 2018-12-31, before 2019-01-01), "year:2019 before:2019-01-01"."""
    lows = [query.after] if query.after else []
    highs = [query.before] if query.before else []
    if query.year and query.year < 9999:  # a year past 9999 is no date to compare as text
        lows.append(f"{query.year - 1:04d}-12-31")
        highs.append(f"{query.year + 1:04d}-01-01")
    return bool(lows and highs) and _next_day(max(lows)) >= min(highs)


def _next_day(day: str) -> str:
    """The day after `day` (YYYY-MM-DD, as the filters hold it): both bounds are exclusive."""
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):  # 9999-12-31 has no next day, and any range after it is empty
        return "9999-12-32"
