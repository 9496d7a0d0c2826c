"""The whole archive in production: WORKSONARM_ARCHIVE, a folder of issue files or the newsletter's
own git repository, brought up to date and indexed. Only what changed is read again (the index
is idempotent), and what the archive no longer holds leaves the index.

A git URL is cloned shallow next to the database with dulwich (no git binary in the image), then
fetched and checked out. A rewritten (force-pushed) remote that cannot be fetched is cloned
again. Issues that arrive this way are searchable and count for "already covered" and for the
thank-you; announcing them is the feed's job.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.archive.files import IndexReport, find_issue_files, index_files
from bot.archive.vocabulary import apply_counts, count_words
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.logs import redact_url

GIT_SCHEMES = ("http://", "https://", "git://", "ssh://", "file://", "git@")


class SyncError(WorksOnArmError):
    """The archive could not be brought up to date; the message says what to fix."""


@dataclass
class Synced:
    """What one sync did."""

    source: str  # as shown: credentials redacted
    head: str  # the commit checked out, or "" for a folder
    report: IndexReport
    pruned: int = 0  # issues the archive no longer has


def is_git_url(source: str) -> bool:
    return source.startswith(GIT_SCHEMES) or source.endswith(".git")


def checkout_folder(source: str, db_path: str | Path) -> Path:
    """Where a git archive is checked out: beside the database, named by the URL."""
    name = hashlib.sha256(source.encode()).hexdigest()[:12]
    return Path(db_path).resolve().parent / f"archive-{name}"


def sync_archive(db: Database, source: str, db_path: str | Path, url_template: str | None) -> Synced:
    """Bring the archive up to date and index what changed. Raises SyncError."""
    shown = redact_url(source) if is_git_url(source) else source
    if is_git_url(source):
        folder = checkout_folder(source, db_path)
        head = _update_checkout(source, shown, folder)
    else:
        folder, head = Path(source), ""
        if not folder.is_dir() or not os.access(folder, os.R_OK | os.X_OK):
            raise SyncError(
                f"WORKSONARM_ARCHIVE {shown} is not a folder this process (uid {os.getuid()}) can read"
            )
    root = folder / "content" if (folder / "content").is_dir() else folder
    files = find_issue_files([root])
    report = index_files(db, files, issue_url_template=url_template, source="archive")
    pruned = _prune(db, root, {str(p.resolve()) for p in files})
    return Synced(shown, head, report, pruned)


def _update_checkout(source: str, shown: str, folder: Path) -> str:
    from dulwich import porcelain
    from dulwich.repo import Repo

    quiet = io.BytesIO()
    _writable(folder, shown)
    try:
        if (folder / ".git").is_dir():
            try:
                with Repo(str(folder)) as repo:
                    fetched = porcelain.fetch(repo, source, depth=1, errstream=quiet)
                    refs: dict[Any, Any] = dict(fetched.refs)
                    head = refs.get(b"HEAD") or next(r for r in refs.values() if r)
                    porcelain.reset(repo, "hard", bytes(head))
                    return bytes(head).decode()
            except Exception:  # a rewritten remote a shallow clone cannot follow: clone again
                pass
        return _clone(source, folder, quiet)
    except SyncError:
        raise
    except Exception as exc:
        reason = str(exc).replace(source, shown)[:200] or type(exc).__name__
        raise SyncError(f"cannot fetch the archive at {shown}: {reason}") from exc


def _clone(source: str, folder: Path, quiet: io.BytesIO) -> str:
    """A fresh shallow clone, swapped in only once it is whole: a failed clone loses nothing."""
    from dulwich import porcelain

    fresh = Path(tempfile.mkdtemp(prefix=".archive-", dir=folder.parent))
    try:
        with porcelain.clone(source, str(fresh / "repo"), depth=1, errstream=quiet) as repo:
            head = repo.head().decode()
        if folder.exists():
            shutil.rmtree(folder)
        (fresh / "repo").rename(folder)
        return head
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _writable(folder: Path, shown: str) -> None:
    """The checkout's folder, and the checkout a run as another user may have left in it."""
    kept = [folder, folder / ".git", folder / ".git" / "objects"]
    closed = [p for p in (folder.parent, *kept) if p.exists() or p == folder.parent]
    closed = [p for p in closed if not os.access(p, os.W_OK | os.X_OK)]
    if closed:
        uid = os.getuid()
        raise SyncError(
            f"cannot check out the archive {shown} into {folder}: this process (uid {uid}) cannot "
            f"write to {closed[0]}. Fix it with `chown -R {uid} {closed[0]}`, or mount a checkout "
            "read-only and set WORKSONARM_ARCHIVE to its folder."
        )


def _prune(db: Database, root: Path, present: set[str]) -> int:
    """Issues indexed from files under the archive that are gone (a force-push removed them)."""
    prefix = str(root.resolve()) + os.sep
    gone = [
        row
        for row in db.query(
            "select s.path, s.issue_id from sources s join issues i on i.id = s.issue_id "
            "where i.source = 'archive' and s.path like ? || '%'",
            [prefix],
        )
        if row["path"] not in present
    ]
    with write_transaction(db):
        for row in gone:
            db.execute("delete from sources where path = ?", [row["path"]])
            if _still_held(db, row["issue_id"], prefix):
                continue  # the file moved (another file holds the issue), or the feed shows it
            stories = db.query("select heading, body from stories where issue_id = ?", [row["issue_id"]])
            words = count_words(f"{s['heading']} {s['body']}" for s in stories)
            apply_counts(db, Counter({word: -n for word, n in words.items()}))
            db.execute("delete from links where issue_id = ?", [row["issue_id"]])
            db.execute("delete from stories where issue_id = ?", [row["issue_id"]])
            db.execute("update deliveries set issue_id = null where issue_id = ?", [row["issue_id"]])
            db.execute(
                "update tips set published_issue_id = null where published_issue_id = ?", [row["issue_id"]]
            )
            db.execute("delete from issues where id = ?", [row["issue_id"]])
    return len(gone)


def _still_held(db: Database, issue_id: int, archive_prefix: str) -> bool:
    """Whether another source still has the issue: another archive file (the file moved), or the
    feed or the shipped files. These get it back and read it again (the feed at the next poll):
    removing a file must never make a published issue disappear, or new in the feed again."""
    others = [r["path"] for r in db.query("select path from sources where issue_id = ?", [issue_id])]
    if not others or any(path.startswith(archive_prefix) for path in others):
        return bool(others)
    source = "feed" if any(path.startswith("feed:") for path in others) else "shipped"
    db.execute("update issues set source = ? where id = ?", [source, issue_id])
    db.execute("update sources set sha256 = '' where issue_id = ?", [issue_id])
    return True
