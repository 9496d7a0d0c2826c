"""Whether the archive answers a query at all: an explicit decision on the evidence, so that a
question about something the archive never covered gets "the archive does not cover it", never a
page of unrelated stories.

The evidence is coverage: the share of the query's informative weight (every content word but the
stop words, by rarity) that the best stories have. A word the index never saw counts as the
rarest there is, except words under four letters, which could as well be chat shorthand ("thx",
"lol") as a topic: the archive cannot tell. The semantic channel's similarity can vouch for a
story that covers less in words (a paraphrase). The thresholds were chosen on the dev questions
(bench/judged/), never on the holdout ones.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from bot.archive.ranking import Evidence
from bot.archive.understanding import Word
from bot.archive.vocabulary import MIN_TYPO_LENGTH

COVERAGE = 0.5  # of the informative weight, by one of the best stories: an answer
VOUCHED_COVERAGE = 0.3  # enough when the semantic channel finds the story close too
SIMILAR = 0.8  # cosine similarity of query and story that vouches (WordLlama: 0.6 is any compiler story)
TOP = 10  # the best stories looked at
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
    token = word.typed.strip().lower()
    return len(token) >= MIN_TYPO_LENGTH and not token.isdigit()


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
    answered = coverage >= COVERAGE or (similarity >= SIMILAR and coverage >= VOUCHED_COVERAGE)
    log.debug(
        "answerable: %s",
        {
            "answered": answered,
            "coverage": round(coverage, 3),
            "similarity": round(similarity, 3),
            "weights": {words[i].typed: round(w, 2) for i, w in informative.items()},
            "uncovered": uncovered,
        },
    )
    return Verdict(answered, coverage, similarity, uncovered)
