"""Versions typed in a query ("3.6", "v1.36", "(19.10)"): a qualifier of the name beside them
(bot/archive/understanding.py), and, where no story writes one, what the archive lacks
(bot/archive/answerable.py: "ubuntu 19.10" in an archive of 2017 to 2019)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    from bot.archive.understanding import Word

# Digits of ASCII: "٣.٦" is no version the index would find as one
_VERSION = re.compile(r"v?([0-9]+(?:\.[0-9]+)+[a-z]?)")
_ADDRESS = re.compile(r"[0-9]+(\.[0-9]+){3}")  # "192.168.1.1", "10.0.0.1": an address, no version
AROUND = "?!,;:.()[]"  # punctuation typed around a version: "(3.6)", "3.6."
READ = 20  # stories read to find a version as written; with more, it is written somewhere
_STORIES_WITH = (
    "select heading, body from stories where id in (select rowid from stories_fts where stories_fts match ?)"
)


def version_of(typed: str) -> str | None:
    """The version typed, without its punctuation and its "v" ("V3.6." is "3.6"), if it is one."""
    match = _VERSION.fullmatch(typed.strip(AROUND).lower())
    return match.group(1) if match and not _ADDRESS.fullmatch(match.group(1)) else None


# A number with a decimal point before one of these is a measure, not a version: "11.6 inch"
UNITS = frozenset(
    """in inch inches " ghz mhz hz gb mb tb kb gbps mbps w watt watts v volt volts mm cm m kg lb lbs
    x % ms s sec secs seconds min hours tflops gflops nm""".split()
)


def version_expression(version: str) -> str:
    """FTS5: the version's numbers side by side, with or without its "v" (the index has "v1.36" as
    "v1" and "36": "kubernetes 1.36" found none of DevOps'ish's "Kubernetes v1.36" stories), and a
    point release's minor version too ("ubuntu 18.04.1" is about Ubuntu 18.04)."""
    forms = [" ".join(parts) for parts in _forms(version)]
    return "(" + " OR ".join(f'"{numbers}" OR "v{numbers}"' for numbers in forms) + ")"


def _forms(version: str) -> list[list[str]]:
    parts = version.split(".")
    return [parts, parts[:2]] if len(parts) > 2 else [parts]


def versions_as_written(db: Database, words: list[Word], stories: int, at_most: int) -> None:
    """A version is found by the index as its numbers side by side, also inside a longer version
    ("kernel 4.19.10") or a number ("119.10"): the few stories found are read, and the version
    counts only where it is written as one ("Ubuntu 19.10", "v19.10", "19.10.1"), so that a version
    no story has is what the archive lacks. At most `at_most` versions a query are read."""
    checked = [word for word in words if word.qualifier and 0 < word.df <= READ]
    for word in checked[:at_most]:
        version = version_of(word.shown) or word.shown
        typed = "|".join(re.escape(".".join(parts)) for parts in _forms(version))
        written = re.compile(rf"(?<![\w.])v?(?:{typed})(?!\d)", re.I)
        rows = db.query(_STORIES_WITH, [word.expr])
        found = sum(1 for row in rows if written.search(f"{row['heading']}\n{row['body']}"))
        if found != word.df:
            word.rate(found, stories)
