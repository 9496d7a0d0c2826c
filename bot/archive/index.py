"""Saving parsed issues into the database, idempotently: unchanged files write nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from bot.archive.issues import template_url
from bot.archive.links import normalize_url
from bot.archive.newsletter import Issue, parse_issue
from bot.archive.synonyms import with_concepts
from bot.db import write_transaction
from bot.errors import NotAnIssue

SUFFIXES = (".md", ".markdown")


def _shipped_issues() -> Path:
    """data/issues beside the code (a checkout), else where `pip install` put them (an image)."""
    beside = Path(__file__).resolve().parents[2] / "data" / "issues"
    installed = Path(sys.prefix) / "share" / "worksonarm-bot" / "issues"
    return beside if beside.is_dir() or not installed.is_dir() else installed


SHIPPED_ISSUES = _shipped_issues()
_WORD = re.compile(r"[^\W\d_][\w+#-]{2,30}")


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


def index_files(
    db: Database,
    files: list[Path],
    progress: Callable[[Path], None] | None = None,
    *,
    issue_url_template: str | None = None,
) -> IndexReport:
    """Parse and save every changed file. Two files of one issue in one run: the fuller one wins."""
    report = IndexReport(files=len(files))
    known = {row["path"]: row["sha256"] for row in db.query("select path, sha256 from sources")}
    parsed: dict[tuple[str, str], list[_Parsed]] = {}
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
        try:
            issue = parse_issue(
                data.decode("utf-8", errors="replace"), file_name=path.name, path_hint=str(path)
            )
        except NotAnIssue as exc:
            report.skipped.append((str(path), str(exc)))
            record_source(db, key, digest, None, "skipped", str(exc))
            continue
        except Exception as exc:  # a parser bug must not stop the other files
            report.failed.append((str(path), f"{type(exc).__name__}: {exc}"))
            continue
        parsed.setdefault((issue.publication, issue.week), []).append(_Parsed(key, digest, issue))

    for group in parsed.values():
        group.sort(key=lambda p: (len(p.issue.stories), sum(len(s.body) for s in p.issue.stories)))
        best = group.pop()
        for other in group:
            reason = f"same issue {best.issue.week} as {best.path}, which has more stories"
            report.skipped.append((other.path, reason))
            record_source(db, other.path, other.sha256, None, "skipped", reason)
        conflict = _conflict(db, best.issue)
        if conflict:
            report.skipped.append((best.path, conflict))
            record_source(db, best.path, best.sha256, None, "skipped", conflict)
            continue
        with write_transaction(db):
            issue_id, created = save_issue(db, best.issue, url_template=issue_url_template)
            record_source(db, best.path, best.sha256, issue_id, "indexed", "")
        report.indexed.append(best.issue.week)
        report.changed.append(issue_id)
        if created:
            report.new_issues.append(issue_id)
        report.stories += len(best.issue.stories)
        report.links += len(best.issue.links)
    if report.indexed:
        rebuild_vocabulary(db)
    return report


def _conflict(db: Database, issue: Issue) -> str | None:
    """A different issue already holds this week (two numbered issues in one ISO week)."""
    rows = list(
        db.query(
            "select number from issues where publication = ? and week = ? and slot = ''",
            [issue.publication, issue.week],
        )
    )
    if rows and rows[0]["number"] and issue.number and rows[0]["number"] != issue.number:
        return f"week {issue.week} already holds issue {rows[0]['number']}, not {issue.number}"
    return None


def record_source(
    db: Database, path: str, digest: str, issue_id: int | None, status: str, reason: str
) -> None:
    """Remember what a file (or feed entry) held when it was last read, so unchanged ones are skipped."""
    with write_transaction(db):
        _upsert_source(db, path, digest, issue_id, status, reason)


def _upsert_source(
    db: Database, path: str, digest: str, issue_id: int | None, status: str, reason: str
) -> None:
    db.table("sources").upsert(
        {
            "path": path,
            "sha256": digest,
            "issue_id": issue_id,
            "status": status,
            "reason": reason,
            "indexed_at": _now(),
        },
        pk="path",
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def save_issue(
    db: Database, issue: Issue, *, permalink: str | None = None, url_template: str | None = None
) -> tuple[int, bool]:
    """Insert or update an issue in place, replacing its stories and links. Returns (id, created).
    Its URL is fixed here: the feed's permalink, else the archive template's."""
    with write_transaction(db):
        return _save_issue(db, issue, permalink, url_template)


def _save_issue(
    db: Database, issue: Issue, permalink: str | None, url_template: str | None
) -> tuple[int, bool]:
    existing = list(
        db.query(
            "select id, permalink from issues where publication = ? and week = ? and slot = ?",
            [issue.publication, issue.week, issue.slot],
        )
    )
    permalink = permalink or (existing[0]["permalink"] if existing else None)
    row = {
        "publication": issue.publication,
        "week": issue.week,
        "slot": issue.slot,
        "number": issue.number,
        "title": issue.title,
        "date": issue.date,
        "permalink": permalink,
        "url": permalink
        or (
            template_url(issue.week, issue.number, url_template)
            if issue.publication == "worksonarm"
            else None
        ),
        "outline": json.dumps(issue.outline),
        "updated_at": _now(),
    }
    if existing:
        issue_id = int(existing[0]["id"])
        db.table("issues").update(issue_id, row)
        db.execute("delete from links where issue_id = ?", [issue_id])
        db.execute("delete from stories where issue_id = ?", [issue_id])
    else:
        issue_id = int(db.table("issues").insert(row).last_pk or 0)
    links: list[dict[str, object]] = []
    for position, story in enumerate(issue.stories):
        # Link URLs count too: a story that links to golang.org is about Go.
        urls = " ".join(link.url.replace("/", " ") for link in story.links)
        story_id = (
            db.table("stories")
            .insert(
                {
                    "issue_id": issue_id,
                    "position": position,
                    "heading": story.heading,
                    "section": story.section,
                    "body": story.body,
                    "heading_fts": with_concepts(story.heading),
                    "body_fts": with_concepts(story.body, urls),
                }
            )
            .last_pk
        )
        links += (
            {
                "story_id": story_id,
                "issue_id": issue_id,
                "position": n,
                "text": link.text,
                "url": link.url,
                "normalized": normalize_url(link.url),
            }
            for n, link in enumerate(story.links)
        )
    db.table("links").insert_all(links, batch_size=500)
    return issue_id, not existing


def rebuild_vocabulary(db: Database) -> None:
    """The surface words of the index, for 'did you mean' suggestions."""
    counts: Counter[str] = Counter()
    for row in db.query("select heading, body from stories"):
        counts.update(w.lower().strip("-") for w in _WORD.findall(f"{row['heading']} {row['body']}"))
    with write_transaction(db):
        db.execute("delete from vocabulary")
        db.table("vocabulary").insert_all(
            ({"word": w, "count": n} for w, n in counts.items() if n >= 2 and len(w) >= 3),
            batch_size=1000,
        )
