"""A story headed by the one thing a query names is about it: "Ubuntu 18.04 Beta" is about Ubuntu
where "Kubernetes on arm64 from Ubuntu" names it on the way, though BM25, which favours the
shorter, puts the second first. For a query of one word, the stories whose heading starts with
it gain a small share of its weight: enough to order stories that BM25 scores within a few per
cent of each other (most of a common name's stories), never to lift one above a story the word
fits better. Not an item of a list (bot/archive/ranking.py ITEM), whose heading is the linked
page's own title.

Chosen on the keyword set's clean queries (bench/judged/keywords.py): 0.943 to 0.955 (Ubuntu 0.76
to 0.91, FreeBSD 0.77 to 0.90), every judged question set unchanged. From 0.05, the three
stories headed "Raspberry Pi Model 3 B+", which the judge left ungraded, lead "raspberry pi".
"""

from __future__ import annotations

import re

from sqlite_utils import Database

from bot.archive.fts import INDEX_WORD
from bot.archive.ranking import ITEM, Evidence
from bot.archive.understanding import Word

LEAD_SHARE = 0.03
LEAD_READ = 50  # the best stories by the words whose headings are read: the rest cannot reach a page
_LABEL = re.compile(r"^\s*\w+(?: \w+)?:\s+")  # a word or two and a colon
_HEADINGS = f"select s.id, s.heading from stories s where s.id in ({{}}) and not {ITEM}"


def favour_leads(db: Database, words: list[Word], found: dict[int, Evidence]) -> None:
    """Add LEAD_SHARE of the query's one word (a version beside it aside: "ubuntu 18.04") to each
    of the best stories headed by it."""
    named = [word for word in words if word.weight > 0 and not (word.padding or word.qualifier)]
    if len(named) != 1 or not found:
        return
    word = named[0]
    best = sorted(found.values(), key=lambda e: -e.score)[:LEAD_READ]
    for story_id, heading in db.execute(_HEADINGS.format(",".join(str(e.story_id) for e in best))):
        if headed_by(heading, word):
            found[story_id].score += word.weight * LEAD_SHARE


def headed_by(heading: str, word: Word) -> bool:
    """Whether the heading starts with one of the word's forms, as typed, fixed or a concept's,
    after a label ("Distro: Fedora 26 Beta", "Hardware: Cavium ThunderX2", as Works on Arm files
    its stories in 2017)."""
    labelled = _LABEL.match(heading)
    return any(_starts(text, word) for text in (heading, heading[labelled.end() :] if labelled else ""))


def _starts(text: str, word: Word) -> bool:
    tokens = INDEX_WORD.findall(text.lower())
    start = len(text) - len(text.lstrip(" \"'“‘([*_"))
    for mark in word.marks:
        if mark.concept is not None:
            if any(at == start for at, _ in mark.concept.spans(text)):
                return True
        elif tokens and tokens[: len(mark.tokens)] == list(mark.tokens):
            return True
    return False
