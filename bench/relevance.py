"""Relevance on the judged sets (bench/judged/): the bot's search beside a plain SQLite FTS5 `OR` of
the same words ranked by bm25, per kind of question. `python bench/relevance.py WOA_DB DEVOPSISH_DB`
prints the dev sets (what tuning may look at); bench/run.py prints the holdout sets too."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.judged import Question, Report, evaluate, item_keys, load, woa_key
from bot.archive.hits import hit_for_story
from bot.archive.search import search_stories
from bot.db import thread_db

_WORD = re.compile(r"\w+")


def fts_or(db: Any, text: str, limit: int = 10) -> list[Any]:
    """The floor: every word of the text ORed in one FTS5 query on the text's columns (not the link
    addresses'), ranked by bm25 (heading x6)."""
    words = list(dict.fromkeys(_WORD.findall(text.lower())))
    if not words:
        return []
    expr = "{heading_fts body_fts} : (" + " OR ".join(f'"{w}"' for w in words) + ")"
    sql = "select rowid from stories_fts where stories_fts match ? order by bm25(stories_fts, 6.0, 1.0, 0.0)"
    rows = db.query(f"{sql} limit ?", [expr, limit])
    return [hit for row in rows if (hit := hit_for_story(db, int(row["rowid"]))) is not None]


def ours(db: Any, text: str, limit: int = 10) -> list[Any]:
    return search_stories(db, text, limit=limit).hits


ENGINES: dict[str, Callable[[Any, str], list[Any]]] = {"bot": ours, "fts5-or": fts_or}


def score_set(path: Path, name: str, engine: Callable[[Any, str], list[Any]]) -> Report:
    questions: list[Question] = load(name)
    woa = name.startswith("woa")
    with thread_db(path) as db:
        return evaluate(questions, lambda q: engine(db, q), woa_key if woa else item_keys, prefix=woa)


def show(label: str, report: Report) -> None:
    kinds = " ".join(f"{k} {v:.2f}" for k, v in sorted(report.ndcg.items()))
    answered = sum(report.counts.values())
    print(
        f"  {label:<30} nDCG@5 {report.overall:.2f}  empty {report.answerable_empty}/{answered}"
        f"  abstained {report.abstained}/{report.unanswerable}  | {kinds}"
    )


def main(woa_db: Path, devopsish_db: Path, sets: tuple[str, ...] = ("dev",)) -> None:
    for split in sets:
        for name, path in ((f"woa_questions_{split}", woa_db), (f"devopsish_{split}", devopsish_db)):
            print(f"{name}:")
            for label, engine in ENGINES.items():
                show(label, score_set(path, name, engine))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), tuple(sys.argv[3:]) or ("dev",))
