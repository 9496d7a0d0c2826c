"""Indexing issue files (the shipped issues, an archive checkout), idempotently: an unchanged file
is not read again, and a changed one updates its issue in place."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from bot.archive.index import IssueConflict, record_source, save_issue
from bot.archive.newsletter import Issue, parse_issue
from bot.archive.vocabulary import apply_counts
from bot.db import write_transaction
from bot.errors import NotAnIssue

SUFFIXES = (".md", ".markdown")
BATCH = 50  # issues per write transaction
PARALLEL_FROM = 200  # files to parse; below it, starting the workers costs more than it saves


def _shipped_issues() -> Path:
    """data/issues beside the code (a checkout), else where `pip install` put them (an image)."""
    beside = Path(__file__).resolve().parents[2] / "data" / "issues"
    installed = Path(sys.prefix) / "share" / "worksonarm-bot" / "issues"
    return beside if beside.is_dir() or not installed.is_dir() else installed


SHIPPED_ISSUES = _shipped_issues()


@dataclass
class IndexReport:
    """What one `index` run did."""

    files: int = 0
    indexed: list[str] = field(default_factory=list)  # issue weeks written (new or changed)
    new_issues: list[int] = field(default_factory=list)  # ids of issues created by this run
    changed: list[int] = field(default_factory=list)  # ids of issues created or updated by this run
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    links: int = 0


@dataclass
class _Parsed:
    path: str
    sha256: str
    issue: Issue


def find_issue_files(paths: Iterable[str | Path]) -> list[Path]:
    """Markdown files under the given files or folders, sorted, without duplicates."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            found.add(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return sorted(found, key=lambda p: str(p))


def source_of(files: Iterable[Path]) -> str:
    """`shipped` for the files that ship with the bot, else `archive` (see index.SOURCE_RANK)."""
    shipped = SHIPPED_ISSUES.resolve()
    return "shipped" if all(shipped in p.resolve().parents for p in files) else "archive"


def index_files(
    db: Database,
    files: list[Path],
    progress: Callable[[Path], None] | None = None,
    *,
    issue_url_template: str | None = None,
    source: str | None = None,
) -> IndexReport:
    """Parse and save every changed file. Two files of one issue in one run: the fuller one wins."""
    source = source or source_of(files)
    report = IndexReport(files=len(files))
    groups = list(_parse_changed(db, files, report, progress).values())
    # A few dozen issues per transaction: a whole archive commits in seconds, yet no writer waits
    # long for the lock (a tip the while is saved between two batches).
    for start in range(0, len(groups), BATCH):
        with write_transaction(db):
            vocabulary: Counter[str] = Counter()
            for group in groups[start : start + BATCH]:
                _save_best(db, group, source, issue_url_template, report, vocabulary)
            apply_counts(db, vocabulary)
    return report


def _save_best(
    db: Database,
    group: list[_Parsed],
    source: str,
    template: str | None,
    report: IndexReport,
    vocabulary: Counter[str],
) -> None:
    """The files of one ISO week: those of one issue (the same number, or none) are one issue, the
    fullest file wins; distinct issues (another number, a special edition beside a numbered one)
    are each saved, the others qualified by their number or slug (DESIGN.md)."""
    issues: dict[object, list[_Parsed]] = {}
    for parsed in group:
        issues.setdefault(parsed.issue.number, []).append(parsed)
    ordered = sorted(issues.values(), key=_fullness, reverse=True)
    for rank, files in enumerate(ordered):
        files.sort(key=_fullness_of)
        best = files.pop()
        for other in files:
            reason = f"same issue {best.issue.week} as {best.path}, which has more stories"
            report.skipped.append((other.path, reason))
            record_source(db, other.path, other.sha256, None, "skipped", reason)
        if rank and not best.issue.slot:
            number = best.issue.number
            best.issue.slot = f"#{number}" if number is not None else _slug(best.path)
        _save(db, best, source, template, report, vocabulary)


def _fullness_of(parsed: _Parsed) -> tuple[int, int]:
    return (len(parsed.issue.stories), sum(len(s.body) for s in parsed.issue.stories))


def _fullness(files: list[_Parsed]) -> tuple[int, int]:
    return max(_fullness_of(p) for p in files)


def _slug(path: str) -> str:
    """What tells a special edition apart: its file's name, or its folder's for index.md and the like."""
    file = Path(path)
    return file.parent.name if file.stem.lower() in {"index", "_index", "newsletter", "readme"} else file.stem


def _save(
    db: Database,
    best: _Parsed,
    source: str,
    template: str | None,
    report: IndexReport,
    vocabulary: Counter[str],
) -> None:
    try:
        with write_transaction(db):
            saved = save_issue(db, best.issue, source=source, url_template=template, vocabulary=vocabulary)
            record_source(db, best.path, best.sha256, saved.id, "indexed", "")
    except IssueConflict as exc:
        report.skipped.append((best.path, str(exc)))
        record_source(db, best.path, best.sha256, None, "skipped", str(exc))
        return
    if saved.kept:
        report.unchanged += 1  # a greater source (the archive, the feed) holds this issue
        return
    report.indexed.append(best.issue.week)
    report.changed.append(saved.id)
    if saved.created:
        report.new_issues.append(saved.id)
    report.stories += len(best.issue.stories)
    report.links += len(best.issue.links)


def _parse_changed(
    db: Database, files: list[Path], report: IndexReport, progress: Callable[[Path], None] | None
) -> dict[tuple[str, str], list[_Parsed]]:
    known = {row["path"]: row["sha256"] for row in db.query("select path, sha256 from sources")}
    todo: list[tuple[str, str, str, str]] = []  # key, digest, text, path
    for path in files:
        if progress:
            progress(path)
        key = str(path.resolve())
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.failed.append((str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if known.get(key) == digest:
            report.unchanged += 1
            continue
        todo.append((key, digest, data.decode("utf-8", errors="replace"), str(path)))
    parsed: dict[tuple[str, str], list[_Parsed]] = {}
    outcomes = _parse_all([(text, shown) for _, _, text, shown in todo])
    for (key, digest, _, shown), outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, Issue):
            parsed.setdefault((outcome.publication, outcome.week), []).append(_Parsed(key, digest, outcome))
        elif outcome.startswith("skip:"):
            report.skipped.append((shown, outcome[5:]))
            record_source(db, key, digest, None, "skipped", outcome[5:])
        else:  # a parser bug must not stop the other files
            report.failed.append((shown, outcome))
    return parsed


def parse_file_text(job: tuple[str, str]) -> Issue | str:
    """One file's text parsed: the Issue, "skip:<reason>" for a non-issue, or the error."""
    text, path = job
    try:
        return parse_issue(text, file_name=Path(path).name, path_hint=path)
    except NotAnIssue as exc:
        return f"skip:{exc}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def _parse_all(jobs: list[tuple[str, str]]) -> list[Issue | str]:
    """Parse on every core when there is a whole archive to read; the parser is pure Python."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [parse_file_text(job) for job in jobs]
    # spawn, not fork: serve has threads, and a forked lock would hang the worker.
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(parse_file_text, jobs, chunksize=16))
    except (BrokenProcessPool, OSError):  # no workers here (a sandbox, an odd __main__): one core it is
        return [parse_file_text(job) for job in jobs]
