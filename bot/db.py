"""SQLite access: WAL mode, one connection per unit of work, and the migrations its caller hands it.

Storage knows no schema: as sqlite-utils' callers hand theirs, the composition root, the command
line, the archive sync and the benchmarks pass the migration set (`bot.schema.migrations`), which
is applied once per file and process, under the write lock."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlite_utils import Database, Migrations

from bot.errors import ConfigError

_migrated: set[str] = set()
WAL_RETRY = 0.02  # seconds between tries of the switch to WAL
_migrate_lock = threading.Lock()


def connect(path: str | Path, busy_timeout: float = 10.0, migrations: Migrations | None = None) -> Database:
    """Open the database file, creating it, and migrating it with `migrations` on first use in this
    process. `busy_timeout` is how long a write waits for another writer's lock."""
    path = Path(path)
    try:
        if not path.parent.exists():
            raise ConfigError(f"WORKSONARM_DB: the folder {path.parent} does not exist")
    except PermissionError as exc:  # a folder on the way is closed to this user
        raise ConfigError(_cannot_open(path, exc)) from exc
    try:
        create_private(path)
        conn = sqlite3.connect(str(path), timeout=busy_timeout)
        # The bot uses no sqlite-utils plugin: looking for them scans every installed package's
        # entry points, 14 ms of every command's start.
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        key = f"{path.resolve()}:{migrations.name}" if migrations is not None else ""
        if migrations is not None and key not in _migrated:
            with _migrate_lock:
                if key not in _migrated:
                    ensure_schema(db, migrations, busy_timeout)
                    _migrated.add(key)
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            raise
        raise ConfigError(_cannot_open(path, exc)) from exc
    except OSError as exc:  # the file could not even be created
        raise ConfigError(_cannot_open(path, exc)) from exc
    return db


def create_private(path: Path) -> None:
    """Create `path` empty and readable by this user alone (0600), unless it exists: the database
    holds tips and DMs, a backup all of it. SQLite gives its -wal and -shm files the same mode."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _cannot_open(path: Path, exc: Exception) -> str:
    """What an operator needs to read: the file, who we are, and what to do."""
    folder = Path(os.path.abspath(path)).parent  # resolve() could itself fail on a closed folder
    uid = os.getuid()
    if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        fix = f"make it writable for this user: `chown -R {uid} {folder}` (the image runs as uid 10001)"
    else:
        fix = "check the disk and that it is an SQLite file (see the README on backups and restores)"
    return f"WORKSONARM_DB: cannot open {path} as uid {uid} ({exc}); {fix}"


def is_locked(exc: BaseException) -> bool:
    """Whether an error is another writer holding the database ("database is locked", "busy"):
    worth waiting for, unlike a broken file or a missing folder."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def ensure_schema(db: Database, migrations: Migrations, wait: float = 10.0) -> None:
    """Switch to WAL and apply pending migrations. Idempotent, and safe when two processes start
    at once: the migrations run under the write lock, so the second sees them applied."""
    _enable_wal(db, wait)
    if not migrations.pending(db) and db.table(migrations.migrations_table).exists():
        return
    with write_transaction(db):
        migrations.apply(db)


def _enable_wal(db: Database, wait: float) -> None:
    """Switch a new database to WAL. SQLite answers "database is locked" at once, never waiting
    out the busy timeout, while another process writes in the old journal mode (two `serve`s
    starting on a new file: one in 12 runs failed), so the switch is tried again until `wait`."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY)


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE: take the write lock before reading, so a read-then-write waits its turn
    (busy timeout) instead of failing with "database is locked" when another writer got in between.
    Inside a transaction already, it is a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


@contextmanager
def open_db(
    path: str | Path, busy_timeout: float = 10.0, migrations: Migrations | None = None
) -> Iterator[Database]:
    """One connection for one unit of work, closed afterwards (migrated first with `migrations`)."""
    db = connect(path, busy_timeout, migrations)
    try:
        yield db
    finally:
        db.close()


def check_writable(path: str | Path, wait: float = 1.0) -> None:
    """Raise sqlite3.Error unless a write could happen now: the write lock is taken, one page is
    written (the header's user_version, set to itself) and all of it rolled back."""
    with open_db(path, busy_timeout=wait) as db:
        version = int(db.conn.execute("PRAGMA user_version").fetchone()[0])
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            db.conn.execute(f"PRAGMA user_version = {version}")
        finally:
            db.conn.execute("ROLLBACK")


_threads = threading.local()
_KEPT_PER_THREAD = 4  # databases a thread keeps open (tests open many; serve opens one)


@contextmanager
def thread_db(
    path: str | Path, busy_timeout: float = 10.0, migrations: Migrations | None = None
) -> Iterator[Database]:
    """This thread's connection to the file, kept open between units of work: `serve` answers
    each request on a worker thread, and opening a connection per request costs more than the
    search it serves. A unit of work that fails leaves no transaction open behind it."""
    kept: dict[str, Database] = _threads.__dict__.setdefault("kept", {})
    key = str(Path(path).resolve())
    db = kept.pop(key, None) or connect(path, busy_timeout, migrations)
    kept[key] = db  # most recently used last
    while len(kept) > _KEPT_PER_THREAD:
        kept.pop(next(iter(kept))).close()
    db.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
