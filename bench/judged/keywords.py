"""A judged query set on the real Works on Arm archive, graded by hand: for each query, the stories
(week and the start of their heading) that answer it, 2 for a story about it, 1 for one that
touches it; any other story is 0. Half the queries are typos and spacing variants of words the
archive uses, half are questions as people ask them; some questions have no answer in the
archive and must find nothing. `clean` is the same need as plain keywords, the baseline.

The judgments are data, in keywords.json beside this module (a query's grades name one of its
topics, or are written inline). Used by tests/archive/test_judged.py (floors) and bench/run.py
(nDCG@5 and MRR, printed). It lives in bench/ so that the benchmarks never import from tests/; the
tests read it from here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str  # typo, spacing, question, or none (a question the archive cannot answer)
    clean: str = ""
    grades: dict[str, int] = field(default_factory=dict)  # "YYYY-Www|heading start" -> 2 or 1


def _load() -> tuple[dict[str, dict[str, int]], tuple[Judged, ...]]:
    data = json.loads(Path(__file__).with_name("keywords.json").read_text(encoding="utf-8"))
    topics: dict[str, dict[str, int]] = data["topics"]
    judged = tuple(
        Judged(
            row["query"],
            row["kind"],
            row.get("clean", ""),
            topics[row["grades"]] if isinstance(row.get("grades"), str) else row.get("grades", {}),
        )
        for row in data["queries"]
    )
    return topics, judged


TOPICS, JUDGED = _load()
CLOUD = TOPICS["CLOUD"]  # renting Arm servers in the cloud: a test names its stories


def grade(judged: Judged, issue: str, heading: str) -> int:
    key = f"{issue}|{heading}"
    return max((g for prefix, g in judged.grades.items() if key.startswith(prefix)), default=0)


def ndcg_at(judged: Judged, ranked: list[tuple[str, str]], k: int = 5) -> float:
    gains = [grade(judged, issue, heading) for issue, heading in ranked[:k]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(judged.grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(judged: Judged, ranked: list[tuple[str, str]], k: int = 10) -> float:
    for i, (issue, heading) in enumerate(ranked[:k]):
        if grade(judged, issue, heading) > 0:
            return 1.0 / (i + 1)
    return 0.0


@dataclass
class Scores:
    ndcg: float
    mrr: float
    queries: int


def score(
    queries: Iterable[Judged], search: Callable[[str], list[tuple[str, str]]], *, clean: bool = False
) -> Scores:
    """nDCG@5 and MRR of a search over judged queries (their clean forms with `clean`)."""
    rows = [(j, search(j.clean if clean else j.query)) for j in queries if j.kind != "none"]
    n = len(rows) or 1
    return Scores(
        sum(ndcg_at(j, r) for j, r in rows) / n,
        sum(reciprocal_rank(j, r) for j, r in rows) / n,
        len(rows),
    )
