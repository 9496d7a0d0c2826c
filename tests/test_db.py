"""The database file as two processes meet it: `serve` twice on a new file, as a container
restarted in place or a second replica starts beside the first."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from bot.db import is_locked, open_db
from bot.schema import migrations


def _writer_in_the_old_journal_mode(path) -> sqlite3.Connection:
    """Another process mid-write on the new file, before anyone switched it to WAL."""
    other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("create table other_process (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("insert into other_process values (1)")
    return other


def test_a_new_file_another_process_is_writing_is_switched_to_wal_when_it_is_done(tmp_path):
    """SQLite refuses the switch to WAL at once, whatever the busy timeout, while another writes:
    one `serve` of two started together on a new file exited "database is locked" (1 run in 12)."""
    path = tmp_path / "bot.db"
    other = _writer_in_the_old_journal_mode(path)
    done = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    done.start()
    try:
        with open_db(path, busy_timeout=5.0, migrations=migrations) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db["issues"].exists()
    finally:
        done.join()
        other.close()


def test_a_writer_that_never_finishes_is_reported_as_locked_after_the_wait(tmp_path):
    path = tmp_path / "bot.db"
    other = _writer_in_the_old_journal_mode(path)
    try:
        opening = open_db(path, busy_timeout=0.2, migrations=migrations)
        with pytest.raises(sqlite3.OperationalError) as raised, opening:
            pass
        assert is_locked(raised.value)
    finally:
        other.close()
