"""Search benchmarks: the bot's search against a full LIKE scan, query by query, on a connection
per thread as `serve` runs it; the judged set's relevance; the cost at 10x the stories."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from bench.judged.keywords import JUDGED, Judged, score
from bot.archive.query import parse_query
from bot.archive.search import search_stories
from bot.db import thread_db

CLEAN = [
    "golang", "arm64", "aarch64", "kubernetes", "k8s", "raspberry pi", '"64-bit arm"', "docker",
    "rust async", "llvm", "gcc compiler", "openjdk", "python", "nodejs", "ampere emag", "thunderx",
    "graviton", "packet type 2a", "ci", "kubernetes year:2019", "docker issue:2018-W10",
    "security vulnerability", "spectre", "linux kernel", "debian", "ubuntu 18.04", "cloud native",
    "prometheus grafana", "serverless", "terraform", "nix", "webassembly", "c++", "red hat summit",
    "supercomputer", "tensorflow", "edge computing", "hikey 960",
]  # fmt: skip
FUZZY = [j.query for j in JUDGED if j.kind != "none"]  # typos, spacing, questions: the other paths


def like_scan(db: Database, text: str) -> int:
    """The honest baseline: every story scanned, every word as LIKE '%word%', all matches counted."""
    words = [t for term in parse_query(text).terms for t in term.tokens] or [text]
    where = " and ".join("(heading like ? or body like ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    return int(next(iter(db.query(f"select count(*) as n from stories where {where}", params)))["n"])


def like_ranked(db: Database, text: str) -> list[tuple[str, str]]:
    """The LIKE scan's first ten, newest first, for relevance: what a script would show."""
    words = [t for term in parse_query(text).terms for t in term.tokens] or [text]
    where = " and ".join("(s.heading like ? or s.body like ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    rows = db.query(
        f"select i.week, s.heading from stories s join issues i on i.id = s.issue_id where {where} "
        "order by i.date desc limit 10",
        params,
    )
    return [(r["week"], r["heading"]) for r in rows]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000, qs[98] * 1000


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(path: Path, queries: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Each query timed through the bot's search, then through the LIKE scan, round after round."""
    ours: list[float] = []
    scans: list[float] = []
    for _ in range(rounds):
        for q in queries:
            with thread_db(path) as db:
                ours.append(timed(lambda q=q, db=db: search_stories(db, q, limit=5)))
            with thread_db(path) as db:
                scans.append(timed(lambda q=q, db=db: like_scan(db, q)))
    return ours, scans


def fts_floor(path: Path, queries: list[str], rounds: int) -> list[float]:
    """The floor: every word ORed in one FTS5 query ranked by bm25, its first five as hits."""
    from bench.relevance import fts_or

    samples: list[float] = []
    for _ in range(rounds):
        for q in queries:
            with thread_db(path) as db:
                samples.append(timed(lambda q=q, db=db: fts_or(db, q, limit=5)))
    return samples


def relevance(path: Path) -> dict[str, tuple[float, float, float, float, float, float]]:
    """nDCG@5 and MRR per kind: ours on the words as typed, ours on the clean words, LIKE as typed."""
    out = {}
    with thread_db(path) as db:

        def ours(q: str) -> list[tuple[str, str]]:
            return [(h.issue, h.section) for h in search_stories(db, q, limit=10).hits]

        for kind in ("typo", "spacing", "question"):
            queries: list[Judged] = [j for j in JUDGED if j.kind == kind]
            typed, clean = score(queries, ours), score(queries, ours, clean=True)
            scan = score(queries, lambda q: like_ranked(db, q))
            out[kind] = (typed.ndcg, typed.mrr, clean.ndcg, clean.mrr, scan.ndcg, scan.mrr)
        keywords = [j for j in JUDGED if j.kind in ("typo", "spacing")]
        whole = score(keywords, ours, clean=True)  # the keywords as a person who knows them types them
        out["clean"] = (whole.ndcg, whole.mrr, whole.ndcg, whole.mrr, 0.0, 0.0)
        empty = [j for j in JUDGED if j.kind == "none"]
        right = sum(1 for j in empty if not search_stories(db, j.query).hits)
        out["none"] = (right / len(empty), 0, 0, 0, 0, 0)
    return out


def grow(path: Path, times: int) -> int:
    """The index made `times` as big: every story again under its issue (synthetic, for cost)."""
    with thread_db(path) as db:
        original = int(next(iter(db.query("select max(id) as n from stories")))["n"])
        for _ in range(times - 1):
            db.execute(
                "insert into stories (issue_id, position, heading, section, body, heading_fts, body_fts, "
                "links_fts) select issue_id, position, heading, section, body, heading_fts, body_fts, "
                "links_fts from stories "
                "where id <= ?",
                [original],
            )
        return int(next(iter(db.query("select count(*) as n from stories")))["n"])
