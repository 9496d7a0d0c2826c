"""Who an issue is: its publication, ISO week id, number and date, by the rules of DESIGN.md."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

_WEEK = re.compile(r"\b(\d{4})-[Ww](\d{1,2})\b")
# A week as typed: year first (`2018-W20`, `2018w20`, `2018 week 20`) or last (`W20 2018`, `week 20, 2018`).
_WEEK_WORD = r"(?:w|wk|week)\s*[-#.]?\s*"
_WEEK_SPELLED = re.compile(
    rf"(?P<y1>\d{{4}})\s*[-/_.,]?\s*{_WEEK_WORD}(?P<w1>\d{{1,3}})(?:-\d)?"
    rf"|{_WEEK_WORD}(?P<w2>\d{{1,3}})\s*(?:[-/_.,]|\s)\s*(?:of\s+)?(?P<y2>\d{{4}})",
    re.I,
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})", re.I)
_WEEK_N = re.compile(r"\bweek\s+(\d{1,2})\b", re.I)
_YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")
_ISSUE_N = re.compile(r"\b(?:issue|no\.|number)\s*(?:#\s*)?(\d{1,4})\b", re.I)  # one way to read spaces

# Newsletters this bot knows by name; anything else is filed under its own category or "other".
PUBLICATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("worksonarm", re.compile(r"works\s+on\s+arm", re.I)),
    ("devopsish", re.compile(r"devops[’']?ish", re.I)),
    ("this-week-in-rust", re.compile(r"th(?:is|ese)\s+weeks?\s+in\s+rust", re.I)),
)


def week_id(day: dt.date) -> str:
    """The ISO week id `YYYY-Www` of a date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class NoSuchWeek(ValueError):
    """Text written as a week that no calendar has (`2018-W53`, `0000-W01`); the message says why."""


def week_from_text(text: str) -> str | None:
    """A `YYYY-Www` written in the text, normalised, or None (also for a week no calendar has)."""
    m = _WEEK.search(text)
    if not m:
        return None
    try:
        return checked_week(int(m.group(1)), int(m.group(2)))
    except NoSuchWeek:
        return None


def parse_week(text: str) -> str | None:
    """A week as people type it (`2018-W20`, `2018w20`, `2018 W20`, `W20 2018`, `week 20, 2018`),
    normalised to `2018-W20`; None when the text is not written as a week at all.
    Raises NoSuchWeek when it is, but that week does not exist."""
    m = _WEEK_SPELLED.fullmatch(text.strip())
    if not m:
        return None
    year, week = (m.group("y1"), m.group("w1")) if m.group("y1") else (m.group("y2"), m.group("w2"))
    return checked_week(int(year), int(week))


def checked_week(year: int, week: int) -> str:
    """`YYYY-Www` for a week that exists. Raises NoSuchWeek: ISO years have 52 or 53 weeks."""
    if not 1 <= year <= 9999:
        raise NoSuchWeek(f"there is no week in the year {year:04d}")
    last = weeks_in(year)
    if not 1 <= week <= last:
        raise NoSuchWeek(f"{year} has no week {week} (its weeks are {year}-W01 to {year}-W{last})")
    return f"{year}-W{week:02d}"


def weeks_in(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return dt.date(year, 12, 28).isocalendar()[1]


def friday_of(week: str) -> dt.date:
    """The Friday of an ISO week: the newsletter's publication day. Raises NoSuchWeek."""
    year, _, w = week.partition("-W")
    if not (year.isdecimal() and w.isdecimal()):
        raise NoSuchWeek(f"{week[:40]} is not a week like 2018-W20")
    checked_week(int(year), int(w))
    return dt.date.fromisocalendar(int(year), int(w), 5)


def date_from_text(text: str) -> dt.date | None:
    """The first date written as ISO, `April 28, 2017`, `Feb 16 2018` or `28 April 2017`."""
    candidates: list[tuple[int, dt.date]] = []
    for m in _ISO_DATE.finditer(text):
        _add(candidates, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _MONTH_DAY_YEAR.finditer(text):
        month = _MONTHS[m.group(1).lower()[:3]]
        _add(candidates, m.start(), int(m.group(3)), month, int(m.group(2)))
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _MONTHS[m.group(2).lower()[:3]]
        _add(candidates, m.start(), int(m.group(3)), month, int(m.group(1)))
    return min(candidates)[1] if candidates else None


def _add(out: list[tuple[int, dt.date]], pos: int, year: int, month: int, day: int) -> None:
    with contextlib.suppress(ValueError):  # "February 30" in a title is not a date
        out.append((pos, dt.date(year, month, day)))


def week_n_from_title(title: str, year_hint: str) -> str | None:
    """`Week N` in a title, with the year taken from the title or the hint (a path)."""
    m = _WEEK_N.search(title)
    if not m:
        return None
    years = _YEAR.findall(title) or _YEAR.findall(year_hint)
    if not years:
        return None
    week = int(m.group(1))
    return f"{years[0]}-W{week:02d}" if 1 <= week <= 53 else None


def number_from_title(title: str, publication: str) -> int | None:
    """`Issue N`, or the number right after the newsletter's name (`DevOps'ish 200:`)."""
    m = _ISSUE_N.search(title) or re.match(r"\s*#?(\d{1,4})\s*[:.-]\s", title)
    if m:
        return int(m.group(1))
    for name, pattern in PUBLICATIONS:
        if name != publication:
            continue
        after = pattern.search(title)
        if after:
            rest = re.match(
                r"[\s,:]*(?:news|weekly)?[\s,:#]*(\d{1,4})\b(?![-/.]\d|-[Ww])",
                title[after.end() :],
                re.I,
            )
            if rest and not 1900 <= int(rest.group(1)) <= 2100:
                return int(rest.group(1))
    return None


def publication_of(title: str, meta: dict[str, str], file_name: str, path_hint: str = "") -> str:
    """Which newsletter a document belongs to: by its title, category, aliases, then its path."""
    clues = (
        title,
        meta.get("category", ""),
        meta.get("aliases", ""),
        meta.get("url", ""),
        path_hint,
    )
    for clue in clues:
        for name, pattern in PUBLICATIONS:
            if pattern.search(clue):
                return name
    if re.fullmatch(r"\d{4}-W\d{2}\.\w+", file_name):
        return "worksonarm"
    category = re.sub(r"[^a-z0-9]+", "-", meta.get("category", "").lower()).strip("-")
    return category or "other"


def date_in_name(file_name: str) -> dt.date | None:
    """The date a file's name starts with ("2019-06-10-this-week-in-rust.md"), if a real one."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})\b", file_name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
