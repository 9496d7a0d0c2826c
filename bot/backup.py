"""`backup PATH`: a consistent copy of the database while the bot runs, with no sqlite3 binary:
SQLite's online backup API, then the copy opened and checked before it takes PATH's place."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot.db import create_private
from bot.errors import WorksOnArmError


class BackupFailed(WorksOnArmError):
    """The copy could not be written, or it did not pass SQLite's integrity check."""


def backup_database(source: str | Path, target: str | Path) -> int:
    """Copy the database to `target` (replacing it only once the copy is whole and checked).
    Returns the copy's size in bytes. Readers and writers of the bot go on meanwhile: in WAL mode
    the copy reads one snapshot, everything committed before it began."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupFailed(f"there is no database at {source}")
    if target.resolve() == source.resolve():
        raise BackupFailed("the backup cannot be the database itself")
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.unlink(missing_ok=True)  # a copy a crash left: never reused, whatever its mode
        create_private(partial)  # the copy is the bot's alone, as the database is
        with sqlite3.connect(str(source), timeout=30) as live, sqlite3.connect(str(partial)) as copy:
            live.backup(copy)  # all pages in one step: one consistent snapshot
        with sqlite3.connect(str(partial)) as copy:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        if verdict != "ok":
            raise BackupFailed(f"the copy failed SQLite's integrity check: {verdict}")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupFailed(f"cannot write a backup to {target}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size
