"""The whole archive in production: WORKSONARM_ARCHIVE, a folder of issue files or the newsletter's
own git repository, brought up to date and indexed. Only what changed is read again (the index
is idempotent), and what the archive no longer holds leaves the index.

A git URL is cloned shallow next to the database with dulwich (no git binary in the image), then
fetched and checked out. A rewritten (force-pushed) remote that cannot be fetched is cloned
again. Issues that arrive this way are searchable and count for "already covered" and for the
thank-you; announcing them is the feed's job.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from sqlite_utils import Database

from bot.archive.files import IndexReport, find_issue_files, index_files
from bot.archive.index import remove_issue
from bot.db import write_transaction
from bot.errors import WorksOnArmError
from bot.logs import redact_url

GIT_SCHEMES = ("http://", "https://", "git://", "ssh://", "file://", "git@")
# More issues than this gone in one sync, or more than half of the archive, is a force-push that
# emptied the repository or a move of the whole tree, not editing: it waits for an editor.
MASS_REMOVAL = 3
# Clones in progress of an older version, named by mkdtemp alone: left behind by a kill.
_OLD_CLONE = re.compile(r"\.archive-[a-z0-9_]{8}")


class SyncError(WorksOnArmError):
    """The archive could not be brought up to date; the message says what to fix."""


@dataclass
class Synced:
    """What one sync did."""

    source: str  # as shown: credentials redacted
    head: str  # the commit checked out, or "" for a folder
    report: IndexReport
    pruned: int = 0  # issues the archive no longer has
    held: list[str] = field(default_factory=list)  # weeks the archive lost, kept until an editor confirms
    held_key: str = ""  # names that set of removals, for the confirmation


def is_git_url(source: str) -> bool:
    return source.startswith(GIT_SCHEMES) or source.endswith(".git")


def checkout_folder(source: str, db_path: str | Path) -> Path:
    """Where a git archive is checked out: beside the database, named by the URL."""
    name = hashlib.sha256(source.encode()).hexdigest()[:12]
    return Path(db_path).resolve().parent / f"archive-{name}"


def sync_archive(
    db: Database,
    source: str,
    db_path: str | Path,
    url_template: str | None,
    *,
    forget: Callable[[Database, int], None],
    allow_removals: bool = False,
    confirmed: str = "",
) -> Synced:
    """Bring the archive up to date and index what changed. Raises SyncError. A mass removal is
    held unless `allow_removals`, or `confirmed` names exactly this set of removals. `forget` lets
    go of what the other jobs hold about an issue that leaves the index (index.remove_issue)."""
    shown = redact_url(source) if is_git_url(source) else source
    with ExitStack() as checkout:
        if is_git_url(source):
            folder = checkout_folder(source, db_path)
            checkout.enter_context(_locked(folder))  # until the files are read: no reset meanwhile
            head = _update_checkout(source, shown, folder)
        else:
            folder, head = Path(source), ""
            if not folder.is_dir() or not os.access(folder, os.R_OK | os.X_OK):
                raise SyncError(
                    f"WORKSONARM_ARCHIVE {shown} is not a folder this process (uid {os.getuid()}) can read"
                )
        content = folder / "content"  # a merged `content -> /usr` is walked as a link: refused
        root = content if content.is_dir() and not content.is_symlink() else folder
        refused: list[tuple[str, str]] = []
        files = find_issue_files([root], refused)
        report = index_files(db, files, issue_url_template=url_template, source="archive", refused=refused)
    synced = Synced(shown, head, report)
    hold = _holding(db, synced, allow_removals, confirmed)
    present = {str(p.parent.resolve() / p.name) for p in files}
    synced.pruned = _prune(db, root, present, forget, hold)
    return synced


def removal_key(paths: list[str]) -> str:
    """One name for one set of removals: a confirmation applies to what the editor was shown."""
    return hashlib.sha256("\n".join(sorted(paths)).encode()).hexdigest()[:16]


def _holding(
    db: Database, synced: Synced, allow: bool, confirmed: str
) -> Callable[[list[dict[str, Any]]], bool]:
    """Whether the removals a sync found wait for an editor; noted in `synced` when they do."""

    def hold(gone: list[dict[str, Any]]) -> bool:
        total = next(iter(db.query("select count(*) as n from issues where source = 'archive'")))["n"]
        if allow or (len(gone) <= MASS_REMOVAL and 2 * len(gone) <= total):
            return False
        key = removal_key([row["path"] for row in gone])
        if key == confirmed:
            return False
        ids = sorted({int(row["issue_id"]) for row in gone})
        marks = ",".join("?" * len(ids))
        weeks = db.query(f"select week from issues where id in ({marks}) order by date desc", ids)
        synced.held, synced.held_key = [row["week"] for row in weeks], key
        return True

    return hold


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One sync of a checkout at a time (`serve`, `sync` and the editors' button may overlap);
    whatever clone in progress is found meanwhile was left by a killed run, and is removed."""
    lock = folder.parent / f".{folder.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder this process cannot write: _writable says how to fix it
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for left in folder.parent.glob(".archive-*"):
            ours = left.name.startswith(f".{folder.name}-") or _OLD_CLONE.fullmatch(left.name)
            if ours and left.is_dir():
                shutil.rmtree(left, ignore_errors=True)
        yield
    finally:
        os.close(fd)


def _credentials(source: str) -> tuple[str, dict[str, Any]]:
    """The URL without its user and password, and those apart: dulwich writes the URL it clones
    into .git/config and the reflog, and the credentials must stay in the environment only."""
    parts = urlsplit(source)
    if not source.startswith(("http://", "https://")) or not (parts.username or parts.password):
        return source, {}
    netloc = parts.netloc.rpartition("@")[2]
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, {"username": unquote(parts.username or ""), "password": unquote(parts.password or "")}


def _update_checkout(source: str, shown: str, folder: Path) -> str:
    from dulwich import porcelain
    from dulwich.repo import Repo

    quiet = io.BytesIO()
    _writable(folder, shown)
    url, login = _credentials(source)
    try:
        if (folder / ".git").is_dir():
            try:
                with Repo(str(folder)) as repo:
                    _scrub(repo, url)
                    fetched = porcelain.fetch(repo, url, depth=1, errstream=quiet, message=b"fetch", **login)
                    refs: dict[Any, Any] = dict(fetched.refs)
                    head = refs.get(b"HEAD") or next(r for r in refs.values() if r)
                    porcelain.reset(repo, "hard", bytes(head))
                    return bytes(head).decode()
            except Exception:  # a rewritten remote a shallow clone cannot follow: clone again
                pass
        return _clone(url, folder, quiet, login)
    except SyncError:
        raise
    except Exception as exc:
        reason = str(exc).replace(source, shown)[:200] or type(exc).__name__
        raise SyncError(f"cannot fetch the archive at {shown}: {reason}") from exc


def _clone(url: str, folder: Path, quiet: io.BytesIO, login: dict[str, Any]) -> str:
    """A fresh shallow clone, swapped in only once it is whole: a failed clone loses nothing.
    The checkout is the bot's alone (0700): an archive may be private."""
    from dulwich import porcelain

    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))  # 0700
    try:
        with porcelain.clone(url, str(fresh / "repo"), depth=1, errstream=quiet, **login) as repo:
            head = repo.head().decode()
        (fresh / "repo").chmod(0o700)
        if folder.exists():
            shutil.rmtree(folder)
        (fresh / "repo").rename(folder)
        return head
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _scrub(repo: Any, url: str) -> None:
    """A checkout made before the credentials were kept apart: its config and reflogs forget them."""
    config = repo.get_config()
    try:
        kept = config.get((b"remote", b"origin"), b"url")
    except KeyError:
        kept = b""
    if kept != url.encode():
        config.set((b"remote", b"origin"), b"url", url.encode())
        config.write_to_path()
        shutil.rmtree(Path(repo.controldir()) / "logs", ignore_errors=True)
    with suppress(PermissionError):  # a checkout another user owns (and lets us write) stays theirs
        Path(repo.path).chmod(0o700)


def _writable(folder: Path, shown: str) -> None:
    """The checkout's folder, and the checkout a run as another user may have left in it."""
    kept = [folder, folder / ".git", folder / ".git" / "objects"]
    # os.path.exists, never Path.exists: inside a checkout closed to this user (0700) it raises.
    closed = [p for p in (folder.parent, *kept) if os.path.exists(p) or p == folder.parent]
    closed = [p for p in closed if not os.access(p, os.W_OK | os.X_OK)]
    if closed:
        uid = os.getuid()
        raise SyncError(
            f"cannot check out the archive {shown} into {folder}: this process (uid {uid}) cannot "
            f"write to {closed[0]}. Fix it with `chown -R {uid} {closed[0]}`, or mount a checkout "
            "read-only and set WORKSONARM_ARCHIVE to its folder."
        )


def _prune(
    db: Database,
    root: Path,
    present: set[str],
    forget: Callable[[Database, int], None],
    hold: Callable[[list[Any]], bool],
) -> int:
    """Issues indexed from files under the archive that are gone (a force-push removed them),
    unless `hold` keeps them all (a mass removal waits for an editor)."""
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
    # A file that moved (another file holds its issue) or an issue the feed or the shipped files
    # still hold is no removal: only issues that would leave the index can be a mass removal.
    leaving = [row for row in gone if not _held_elsewhere(db, row, prefix, present)]
    if leaving and hold(leaving):
        return 0
    with write_transaction(db):
        for row in gone:
            db.execute("delete from sources where path = ?", [row["path"]])
            if _still_held(db, row["issue_id"], prefix):
                continue  # the file moved (another file holds the issue), or the feed shows it
            remove_issue(db, row["issue_id"], forget)
    return len(leaving)


def _held_elsewhere(db: Database, gone: dict[str, Any], archive_prefix: str, present: set[str]) -> bool:
    """Whether a source other than the gone file holds its issue: a present archive file, the
    feed or the shipped files. Reads only; _still_held decides it again inside the removal."""
    others = db.query(
        "select path from sources where issue_id = ? and path != ?", [gone["issue_id"], gone["path"]]
    )
    return any(p["path"] in present or not p["path"].startswith(archive_prefix) for p in others)


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
