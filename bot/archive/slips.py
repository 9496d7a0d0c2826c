"""Slips of typing that the typo fixer (bot/archive/vocabulary.py) does not fix as it fixes a word.

A name with a number, misspelt in its letters ("rok64" for rock64), is fixed in its letters only.

A slip the archive made itself: a word its stories spell with two letters swapped, far less
often than the usual spelling ("terrafrom" 13 times in DevOps'ish, a sponsor's item run again
and again, against "terraform" 137 times). A reader makes the same slip, and the typo fixer never
looks at a word the archive knows (bot/archive/understanding.py), so the word stands for both
spellings. In both archives only "terrafrom" is such a slip. The swap of two letters side by side
is the commonest slip of typing.
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from bot.archive.compounds import JOIN_MIN, MAX_COUNTED, stories_with
from bot.archive.english import is_real_word
from bot.archive.vocabulary import MIN_TYPO_LENGTH, ONCE_FROM, typo_fixes

SLIP_SHARE = 10  # the usual spelling is written this many times as often, or more
# A shorter word so near a commoner one is as often a name of its own: "boto" is no slip of
# "boot", nor "nast" (Condé Nast) of "nats", nor "reda" (Julia Reda) of "read" (the review of
# round 14); the typo fixer's own bound for a fix the archive has once (vocabulary.ONCE_FROM)
SLIP_FROM = ONCE_FROM
_NUMBERS = re.compile(r"\d+")


def fix_keeping_numbers(db: Database, token: str) -> str | None:
    """A name with a number, misspelt in its letters ("rok64" for rock64). Its numbers stay as
    typed: "thunderx3" is another chip than ThunderX2, and "graviton2" than Graviton."""
    numbers = _NUMBERS.findall(token)
    units = len(token) - len("".join(numbers)) < 3  # "16kb", "22nm": one letter from another unit
    fixes = [] if units else [f.word for f in typo_fixes(db, token) if _NUMBERS.findall(f.word) == numbers]
    return fixes[0] if fixes else None


def fix_in_context(db: Database, fixes: list[str], beside: list[str]) -> str:
    """Of a word's typo fixes, as good as each other and best first, the first that makes a name
    with a word typed next to it ("charity majers" is Charity Majors, not the commoner "makers"),
    else the best. Only when the best is never beside it, and a name, not any phrase the archive
    has: "kubernetes native" is no reason to read "kubernetes kative" as "native", nor "security
    posture" "postgre security" as "posture" (the reviews of round 14)."""
    if len(fixes) > 1 and not any(_together(db, word, fixes[0]) for word in beside):
        for fix in fixes[1:]:
            if any(_names(db, word, fix) for word in beside):
                return fix
    return fixes[0]


def _together(db: Database, word: str, fix: str, at_most: int = 1) -> int:
    return stories_with(db, f'"{word} {fix}" OR "{fix} {word}"', at_most=at_most)


def _names(db: Database, word: str, fix: str) -> bool:
    """Whether the word typed is beside the fix (either side) in a third of its stories or more,
    and in JOIN_MIN at least: the two are a name ("charity" is Charity Majors in 16 of its 25
    stories, "andy" Andy Jassy in 6 of 15), not a phrase ("security posture" is in 9 of 964
    stories of "security")."""
    together = _together(db, word, fix, MAX_COUNTED)
    return together >= JOIN_MIN and stories_with(db, f'"{word}"', at_most=3 * together + 1) <= 3 * together


def swapped(token: str) -> list[str]:
    """The word with two letters side by side swapped, each way it can be."""
    if len(token) < MIN_TYPO_LENGTH or not token.isalpha():
        return []
    return [
        token[:i] + token[i + 1] + token[i] + token[i + 2 :]
        for i in range(len(token) - 1)
        if token[i] != token[i + 1]
    ]


def usual_spelling(token: str, counts: dict[str, int]) -> str | None:
    """The spelling the archive mostly uses, when it also has this one, letters swapped, SLIP_SHARE
    times less; never for a word of English. `counts` has the swapped forms' counts (counts_of)."""
    count = counts.get(token, 0)
    if count == 0 or len(token) < SLIP_FROM or is_real_word(token):
        return None
    usual = max(swapped(token), key=lambda form: counts.get(form, 0), default=None)
    return usual if usual and counts.get(usual, 0) >= SLIP_SHARE * count else None
