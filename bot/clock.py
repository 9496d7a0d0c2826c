"""The one real clock. Everything that reads the time takes a clock parameter defaulting to this.
Also the weeks as a time zone sees them: a moment of every week (the editors' weekly note)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """A moment as the database keeps it: UTC, ISO 8601, to the second."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Weekly:
    """A moment of every week, in a time zone: `mon 09:00` in Europe/Berlin."""

    weekday: int  # ISO: 1 is Monday, 7 Sunday
    at: dt.time
    zone: ZoneInfo

    def week_of(self, moment: dt.datetime) -> str:
        """The ISO week (`2026-W49`) that `moment` falls in, in this time zone."""
        year, week, _ = moment.astimezone(self.zone).isocalendar()
        return f"{year}-W{week:02d}"

    def start_of_week(self, moment: dt.datetime) -> dt.datetime:
        """Monday 00:00 of the ISO week of `moment`, in this time zone."""
        local = moment.astimezone(self.zone)
        monday = local.date() - dt.timedelta(days=local.isoweekday() - 1)
        return dt.datetime.combine(monday, dt.time(), self.zone)

    def this_week(self, moment: dt.datetime) -> dt.datetime:
        """This week's moment, for the ISO week of `moment` (it may be later than `moment`)."""
        day = self.start_of_week(moment).date() + dt.timedelta(days=self.weekday - 1)
        # Through UTC and back: a wall time skipped by a change to summer time becomes the next real one.
        return dt.datetime.combine(day, self.at, self.zone).astimezone(dt.UTC).astimezone(self.zone)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKLY = re.compile(r"([a-z]+)\s+(\d{1,2}):(\d{2})")


def parse_weekly(text: str, zone: ZoneInfo) -> Weekly:
    """`mon 09:00` (any weekday's name or its first three letters, a 24-hour time). Raises ValueError."""
    found = _WEEKLY.fullmatch(text.strip().lower())
    day = found.group(1) if found else ""
    names = [i for i, name in enumerate(WEEKDAYS, 1) if day in (name, _FULL_NAMES[i - 1])]
    if not found or not names:
        raise ValueError(f"takes a weekday and a time like `mon 09:00`, or `off`, not {text[:40]!r}")
    hour, minute = int(found.group(2)), int(found.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"has no such time of day: {found.group(2)}:{found.group(3)}")
    return Weekly(names[0], dt.time(hour, minute), zone)


def parse_zone(name: str) -> ZoneInfo:
    """An IANA time zone (`Europe/Berlin`, `UTC`). Raises ValueError naming what is wrong."""
    name = name.strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: a folder (`Europe`), too long
        # The names are case-sensitive: `europe/berlin` or `utc` is meant as the zone it spells.
        alike = [zone for zone in available_timezones() if zone.lower() == name.lower()]
        hint = f" (did you mean {alike[0]}?)" if alike else ""
        raise ValueError(f"is not an IANA time zone like Europe/Berlin or UTC: {name[:60]!r}{hint}") from exc
