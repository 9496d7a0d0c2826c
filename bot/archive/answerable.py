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
from dataclasses import dataclass, field

from bot.archive.ranking import Evidence
from bot.archive.understanding import Word
from bot.archive.vocabulary import MIN_TYPO_LENGTH

# Coverage asked for, less ABSENT_PENALTY x the share of the topic no story has at all: NEEDED for
# a one-word question, divided by the square root of the topic's words (a long question is never
# covered whole by one story, and its words are not all the topic). Chosen on the judged dev and
# round-1 holdout sets (bench/judged/), never on holdout2.
NEEDED = 0.4
NEEDED_STEP = 0.5
ABSENT_PENALTY = 0.5
TOP = 10  # the best stories looked at
log = logging.getLogger(__name__)


@dataclass
class Verdict:
    answered: bool
    coverage: float = 0.0
    similarity: float = 0.0
    uncovered: list[str] = field(default_factory=list)  # informative words no best story has


def counts(word: Word) -> bool:
    """Whether the answer must cover this word: a content word, not a number, and not a short
    word no story has ("thx", "lol" and other chat shorthand: the archive cannot tell)."""
    if word.padding or word.typed.strip().isdigit():
        return False
    return word.df > 0 or len(word.shown) >= MIN_TYPO_LENGTH


def topic_weight(word: Word) -> float:
    """What the word tells of the question's topic: its rarity in the index (a word no story has
    is the rarest), as much of it as the word is specific in English (Word.specificity)."""
    return word.rarity * word.specificity if counts(word) else 0.0


def decide(words: list[Word], ranked: list[Evidence]) -> Verdict:
    """Answered when one of the best stories covers enough of the topic's weight, less what no
    story has at all (the archive lacks that part of the question), and logs the evidence."""
    weights = {i: w for i, word in enumerate(words) if (w := topic_weight(word)) > 0}
    mass = sum(weights.values())
    if not ranked or mass <= 0:
        log.debug("not answered: %s", {"mass": mass, "candidates": len(ranked)})
        return Verdict(False, uncovered=[words[i].typed for i in weights])
    best = ranked[:TOP]
    coverage = max(sum(weights.get(i, 0.0) for i in e.matched) / mass for e in best)
    absent = sum(w for i, w in weights.items() if words[i].df == 0) / mass
    similarity = max((e.similarity or 0.0 for e in best), default=0.0)
    covered = set().union(*(e.matched for e in best))
    uncovered = [words[i].typed for i in weights if i not in covered]
    needed = NEEDED / len(weights) ** NEEDED_STEP
    answered = coverage - ABSENT_PENALTY * absent >= needed
    log.debug(
        "answerable: %s",
        {
            "answered": answered,
            "coverage": round(coverage, 3),
            "absent": round(absent, 3),
            "needed": round(needed, 3),
            "similarity": round(similarity, 3),
            "weights": {words[i].typed: round(w, 2) for i, w in weights.items()},
            "uncovered": uncovered,
        },
    )
    return Verdict(answered, coverage, similarity, uncovered)
