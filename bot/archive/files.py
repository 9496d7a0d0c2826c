"""Indexing issue files (the shipped issues, an archive checkout), idempotently: an unchanged file
is not read again, and a changed one updates its issue in place."""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from bot.archive.index import IssueConflict, record_source, save_issue
from bot.archive.newsletter import Issue
from bot.archive.parts import (
    NO_IDENTITY,
    PART_OF,
    Parsed,
    adopt,
    folder_of,
    folders_with_parts,
    fullness,
    one_week_per_issue,
)
from bot.archive.reading import parse_all, parse_file_text, read_issue_file
from bot.archive.vocabulary import apply_counts
from bot.db import write_transaction
from bot.errors import Refused

SUFFIXES = (".md", ".markdown")
BATCH = 50  # issues per write transaction


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
    refused: list[tuple[str, str]] = field(default_factory=list)  # not read: links, devices, too large
    parts: list[tuple[str, str]] = field(default_factory=list)  # files saved as part of another's issue
    failed: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    links: int = 0


def find_issue_files(paths: Iterable[str | Path], refused: list[tuple[str, str]] | None = None) -> list[Path]:
    """Markdown files under the given files or folders, sorted, without duplicates. A folder is
    walked without following a symbolic link (a merged `2017 -> /` would walk the host); each link
    to a folder is added to `refused` with the reason. A file named here is taken as named."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(_walk(path, refused if refused is not None else []))
        elif path.is_file():
            found.add(path.resolve() if path.is_symlink() else path)  # the operator chose this link
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return sorted(found, key=lambda p: str(p))


def _walk(folder: Path, refused: list[tuple[str, str]]) -> Iterable[Path]:
    # os.walk lists a link to a folder among the folders but, without followlinks, never enters it.
    for where, folders, names in os.walk(folder):
        base = Path(where)
        links = [name for name in folders if (base / name).is_symlink()]
        refused += [(str(base / name), "a symbolic link to a folder, not followed") for name in links]
        # Links, pipes and devices too: the reader refuses each with its reason.
        yield from (base / name for name in names if Path(name).suffix in SUFFIXES)


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
    refused: list[tuple[str, str]] | None = None,
) -> IndexReport:
    """Parse and save every changed file. Two files of one issue in one run: the fuller one wins.
    `refused`: what finding the files refused already (find_issue_files), for the report."""
    source = source or source_of(files)
    report = IndexReport(files=len(files), refused=list(refused or []))
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
    group: list[Parsed],
    source: str,
    template: str | None,
    report: IndexReport,
    vocabulary: Counter[str],
) -> None:
    """The files of one ISO week: those of one issue (the same number, or none) are one issue, the
    fullest file wins; distinct issues (another number, a special edition beside a numbered one)
    are each saved, the others qualified by their number or slug (DESIGN.md)."""
    issues: dict[object, list[Parsed]] = {}
    for parsed in group:
        issues.setdefault(parsed.issue.number, []).append(parsed)
    ordered = sorted(issues.values(), key=_fullness, reverse=True)
    for rank, files in enumerate(ordered):
        files.sort(key=lambda p: (not p.adopted, fullness(p)))  # a file with its own identity leads
        best = files.pop()
        parts = [p for p in files if p.part_of(best)]
        for part in parts:  # notes.md beside newsletter.md: one issue, its stories after the main file's
            best.issue.stories += part.issue.stories
        for other in files:
            if other in parts:
                continue
            reason = f"same issue {best.issue.week} as {best.path}, which has more stories"
            report.skipped.append((other.path, reason))
            record_source(db, other.path, other.sha256, None, "skipped", reason)
        if rank and not best.issue.slot:
            number = best.issue.number
            best.issue.slot = f"#{number}" if number is not None else _slug(best.path)
        saved = _save(db, best, source, template, report, vocabulary)
        for part in parts:
            reason = f"{PART_OF} {best.issue.week}, with {best.path}"
            report.parts.append((part.path, reason))
            record_source(db, part.path, part.sha256, saved, "indexed" if saved else "skipped", reason)


def _fullness(files: list[Parsed]) -> tuple[int, int]:
    return max(fullness(p) for p in files)


def _slug(path: str) -> str:
    """What tells a special edition apart: its file's name, or its folder's for index.md and the like."""
    file = Path(path)
    return file.parent.name if file.stem.lower() in {"index", "_index", "newsletter", "readme"} else file.stem


def _save(
    db: Database,
    best: Parsed,
    source: str,
    template: str | None,
    report: IndexReport,
    vocabulary: Counter[str],
) -> int | None:
    """Save the fullest file of an issue: the issue's id, or None when it could not be saved."""
    rows = db.query("select issue_id from sources where path = ? and status = 'indexed'", [best.path])
    known = next((int(r["issue_id"]) for r in rows if r["issue_id"] is not None), None)
    try:
        with write_transaction(db):
            saved = save_issue(
                db, best.issue, source=source, url_template=template, vocabulary=vocabulary, known_id=known
            )
            record_source(db, best.path, best.sha256, saved.id, "indexed", "")
    except IssueConflict as exc:
        report.skipped.append((best.path, str(exc)))
        record_source(db, best.path, best.sha256, None, "skipped", str(exc))
        return None
    if saved.kept:
        report.unchanged += 1  # a greater source (the archive, the feed) holds this issue
        return saved.id
    report.indexed.append(best.issue.week)
    report.changed.append(saved.id)
    if saved.created:
        report.new_issues.append(saved.id)
    report.stories += len(best.issue.stories)
    report.links += len(best.issue.links)
    return saved.id


def _parse_changed(
    db: Database, files: list[Path], report: IndexReport, progress: Callable[[Path], None] | None
) -> dict[tuple[str, str], list[Parsed]]:
    known = {row["path"]: row["sha256"] for row in db.query("select path, sha256 from sources")}
    read: list[tuple[str, str, str, str]] = []  # key, digest, text, path
    for path in files:
        if progress:
            progress(path)
        key = str(path.parent.resolve() / path.name)  # a link's own path, never its target's
        try:
            data = read_issue_file(path)
        except Refused as exc:
            report.refused.append((str(path), str(exc)))
            continue
        except OSError as exc:
            report.failed.append((str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        read.append(
            (key, hashlib.sha256(data).hexdigest(), data.decode("utf-8", errors="replace"), str(path))
        )
    changed = {key for key, digest, _, _ in read if known.get(key) != digest}
    # An issue in several files is saved whole: a changed part brings its folder's other parts.
    whole = {folder_of(key) for key in changed} & folders_with_parts(db)
    todo = [r for r in read if r[0] in changed or folder_of(r[0]) in whole]
    report.unchanged += len(read) - len(todo)
    parsed: dict[tuple[str, str], list[Parsed]] = {}
    by_folder: dict[str, list[Issue]] = {}
    orphans = []
    outcomes = parse_all([(text, shown) for _, _, text, shown in todo])
    for job, outcome in zip(todo, outcomes, strict=True):
        key, digest, _, shown = job
        if isinstance(outcome, Issue):
            parsed.setdefault((outcome.publication, outcome.week), []).append(Parsed(key, digest, outcome))
            by_folder.setdefault(folder_of(key), []).append(outcome)
        elif outcome.startswith("skip:" + NO_IDENTITY):
            orphans.append(job)
        elif outcome.startswith("skip:"):
            report.skipped.append((shown, outcome[5:]))
            record_source(db, key, digest, None, "skipped", outcome[5:])
        else:  # a parser bug must not stop the other files
            report.failed.append((shown, outcome))
    _adopt(db, orphans, read, by_folder, parsed, report)
    return one_week_per_issue(parsed)


def _adopt(
    db: Database,
    orphans: list[tuple[str, str, str, str]],
    read: list[tuple[str, str, str, str]],
    by_folder: dict[str, list[Issue]],
    parsed: dict[tuple[str, str], list[Parsed]],
    report: IndexReport,
) -> None:
    """Files without identity become parts of their folder's issue (its unchanged file read again)."""
    for key, digest, text, shown in read:
        folder = folder_of(key)
        if folder in by_folder or not any(folder_of(o[0]) == folder for o in orphans):
            continue
        outcome = parse_file_text((text, shown))
        if isinstance(outcome, Issue) and key not in {o[0] for o in orphans}:
            report.unchanged -= 1  # read again after all, to be saved with its new part
            parsed.setdefault((outcome.publication, outcome.week), []).append(Parsed(key, digest, outcome))
            by_folder.setdefault(folder, []).append(outcome)
    for key, digest, text, shown in orphans:
        part = adopt(text, shown, by_folder.get(folder_of(key), []))
        if part is None:
            reason = f"{NO_IDENTITY}, date or dated title to identify it, nor one issue beside it"
            report.skipped.append((shown, reason))
            record_source(db, key, digest, None, "skipped", reason)
        else:
            parsed.setdefault((part.publication, part.week), []).append(
                Parsed(key, digest, part, adopted=True)
            )
