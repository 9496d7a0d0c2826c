"""The one real clock. Everything that reads the time takes a clock parameter defaulting to this."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    """A moment as the database keeps it: UTC, ISO 8601, to the second."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
