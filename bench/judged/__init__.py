"""Judged query sets and how a search is scored against them, shared by bench/ and tests/ (the
benchmarks never import from tests/, so the data and the scoring live here, read by both).

- keywords.py: the first set (typos, spacing, questions) on the Works on Arm archive.
- woa_questions_{dev,holdout}.json and devopsish_{dev,holdout}.json: questions as people type them,
  written and graded by a separate judge from reading the archives, never from the engine's
  results. Tuning uses the dev sets only; the holdout sets are the honest figure. holdout2 and
  holdout3 (32 Works on Arm questions, 25 DevOps'ish; new topics) were written after the tuning
  of the rounds before them, by a judge who never saw the engine or its results. Round 4 tuned
  on all of these; holdout4 (33 and 25, new topics again) was written then, the same way, and
  holdout5 (32 and 25) after round 4's last change: they are its honest figures. holdout6 (40
  and 25), holdout7 (40 and 25), holdout8 (40 and 25), holdout9 (40 and 25), holdout10 (40
  and 25), holdout11 (40 and 25), holdout12 (40 and 25), holdout13 (40 and 25), holdout14 (40 and
  25), holdout15 (40 and 25), holdout16 (40 and 25) and holdout17 (40 and 25) were written the
  same way at the start of rounds 5 to 17, and measured before any change they led to (holdout14
  after two changes that moved no judged score, holdout15 after one, holdout16 after two,
  holdout17 after two that it scores the same as before them). holdout12
  asks about the newsletter itself too ("where is it written?"): its colophons, which the index
  leaves out on purpose.

A Works on Arm grade is keyed "YYYY-Www|start of the story's heading". A DevOps'ish grade is keyed
by the link of the item it is about. A hit is about an item when the item's link is the hit's own
headline link (its first), or one of its links when it has at most MAX_ITEM_LINKS: a section that
holds thirty links is about none of them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MAX_ITEM_LINKS = 3


@dataclass(frozen=True)
class Question:
    query: str
    kind: str  # paraphrase, chatty, misspelt, comparison, long, keywords, or none (no answer)
    clean: str
    grades: dict[str, int] = field(default_factory=dict)

    @property
    def answerable(self) -> bool:
        return self.kind != "none"


def load(name: str) -> list[Question]:
    """One of the judge's sets, by file name without .json (woa_questions_dev, devopsish_holdout…)."""
    rows = json.loads((HERE / f"{name}.json").read_text())
    # A heading's whitespace as the index writes it: one space ("readiness\t(Joshua Mora" in 2018-W34)
    return [
        Question(
            r["query"],
            r["kind"],
            r.get("clean", ""),
            {" ".join(k.split()): g for k, g in r["grades"].items()},
        )
        for r in rows
    ]


def woa_key(hit: Any) -> list[str]:
    """The keys a Works on Arm hit can be graded under: its week and heading."""
    return [f"{hit.issue}|{hit.section}"]


def item_keys(hit: Any) -> list[str]:
    """The item links a hit is about (see the module's docstring)."""
    from bot.archive.links import normalize_url

    links = [link["url"] for link in hit.links]
    about = links if len(links) <= MAX_ITEM_LINKS else links[:1]
    return [normalize_url(url) for url in about]


def grade_of(grades: dict[str, int], keys: list[str], *, prefix: bool) -> int:
    if prefix:  # Works on Arm: the judged key is the start of "week|heading"
        return max((g for k, g in grades.items() for key in keys if key.startswith(k)), default=0)
    return max((grades.get(key, 0) for key in keys), default=0)


def normalised(question: Question, *, prefix: bool) -> dict[str, int]:
    if prefix:
        return question.grades
    from bot.archive.links import normalize_url

    return {normalize_url(url): g for url, g in question.grades.items()}


def ndcg(gains: list[int], ideal: Iterable[int], k: int = 5) -> float:
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    best = sorted(ideal, reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return dcg / idcg if idcg else 0.0


@dataclass
class Report:
    """Per kind: mean nDCG@5 of the answerable questions, how many of them found nothing, and
    how many unanswerable ones rightly found nothing."""

    ndcg: dict[str, float] = field(default_factory=dict)
    empty: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    abstained: int = 0
    unanswerable: int = 0

    @property
    def overall(self) -> float:
        n = sum(self.counts.values())
        return sum(self.ndcg[k] * self.counts[k] for k in self.counts) / n if n else 0.0

    @property
    def answerable_empty(self) -> int:
        return sum(self.empty.values())


def evaluate(
    questions: list[Question],
    search: Callable[[str], list[Any]],
    keys: Callable[[Any], list[str]],
    *,
    prefix: bool,
) -> Report:
    """Score a search (text -> hits, best first) on a set; `keys` maps a hit to graded keys."""
    report = Report()
    sums: dict[str, float] = {}
    for question in questions:
        hits = search(question.query)
        if not question.answerable:
            report.unanswerable += 1
            report.abstained += not hits
            continue
        grades = normalised(question, prefix=prefix)
        seen: set[str] = set()
        gains = []
        for hit in hits[:5]:
            hit_keys = [k for k in keys(hit) if k not in seen]
            gain = grade_of(grades, hit_keys, prefix=prefix)
            seen.update(hit_keys)  # the same item twice counts once
            gains.append(gain)
        sums[question.kind] = sums.get(question.kind, 0.0) + ndcg(gains, grades.values())
        report.counts[question.kind] = report.counts.get(question.kind, 0) + 1
        report.empty[question.kind] = report.empty.get(question.kind, 0) + (not hits)
    report.ndcg = {kind: sums[kind] / report.counts[kind] for kind in sums}
    return report
