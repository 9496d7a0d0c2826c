"""Whether the archive answers a query at all: an explicit decision on the evidence, so that a
question about something the archive never covered gets "the archive does not cover it", never a
page of unrelated stories.

The evidence is coverage: the share of the query's informative weight (every content word but the
stop words, by rarity) that one of the best stories has. A word the index never saw counts as the
rarest there is, except words under four letters, which could as well be chat shorthand ("thx",
"lol") as a topic: the archive cannot tell. A long question is never covered whole, so the share
asked for falls with the number of informative words, down to a floor. The rule and its numbers
were chosen on the dev questions (bench/judged/, with the first judged set), never on the holdout
ones; the semantic channel's similarity did not separate answerable from unanswerable questions
there (WordLlama finds any compiler story 0.6 close to "cobol compiler"), so it is only logged.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

from bot.archive.ranking import Evidence
from bot.archive.semantic import is_common_word
from bot.archive.understanding import Word
from bot.archive.vocabulary import MIN_TYPO_LENGTH

COVERAGE = 0.65  # of the informative weight, by one of the best stories, for a one-word question
COVERAGE_STEP = 0.06  # asked less per informative word: a long question is never covered whole
COVERAGE_FLOOR = 0.2
TOP = 10  # the best stories looked at
_ELONGATED = re.compile(r"(\w)\1{2,}")
log = logging.getLogger(__name__)


@dataclass
class Verdict:
    answered: bool
    coverage: float = 0.0
    similarity: float = 0.0
    uncovered: list[str] = field(default_factory=list)  # informative words no best story has


def never_seen_weight(stories: int) -> float:
    """The rarity of a word no story has: as Word.rate weighs a word of df 0."""
    return math.log(1 + (stories + 0.5) / 0.5)


def counts(word: Word) -> bool:
    """Whether the answer must cover this word."""
    if word.padding:
        return False
    if word.known:
        return word.weight > 0
    token = _ELONGATED.sub(r"\1", word.typed.strip().lower())  # "heyyy" is "hey", "sooo" "so"
    if len(token) < MIN_TYPO_LENGTH or token.isdigit():
        return False
    # A word of general English the archive lacks ("wondering", "colleagues") is how the question
    # is put, not what it is about: topics the archive lacks are names and terms ("cobol").
    return not is_common_word(token)


def decide(words: list[Word], ranked: list[Evidence], stories: int) -> Verdict:
    informative = {
        i: (w.weight if w.known else never_seen_weight(stories)) for i, w in enumerate(words) if counts(w)
    }
    mass = sum(informative.values())
    if not ranked or mass <= 0:
        verdict = Verdict(False, uncovered=[words[i].typed for i in informative])
        log.debug("not answered: %s", {"mass": mass, "candidates": len(ranked)})
        return verdict
    best = ranked[:TOP]
    coverage = max(sum(informative.get(i, 0.0) for i in e.matched) / mass for e in best)
    similarity = max((e.similarity or 0.0 for e in best), default=0.0)
    covered = set().union(*(e.matched for e in best))
    uncovered = [words[i].typed for i in informative if i not in covered]
    needed = max(COVERAGE_FLOOR, COVERAGE - COVERAGE_STEP * len(informative))
    answered = coverage >= needed
    log.debug(
        "answerable: %s",
        {
            "answered": answered,
            "coverage": round(coverage, 3),
            "needed": round(needed, 3),
            "similarity": round(similarity, 3),
            "weights": {words[i].typed: round(w, 2) for i, w in informative.items()},
            "uncovered": uncovered,
        },
    )
    return Verdict(answered, coverage, similarity, uncovered)
