"""The semantic channel's story matrix (bot/archive/semantic.py), read row by row from SQLite:
the stories' vectors only, whatever else the table holds, and read again when they change."""

from __future__ import annotations

from bot.archive.files import index_files
from bot.archive.semantic import MODEL, _vectors, embed_missing, nearest
from tests.support import open_db

ISSUE = """---
title: Works on Arm News {week}
date: {date}
---

## Ampere eMAG servers ship {n}

Thirty-two cores on one socket, for the cloud.

## Raspberry Pi 3 runs a 64-bit kernel {n}

The board boots arm64 Debian from an SD card.
"""


def add_issue(db, folder, n: int) -> None:
    path = folder / f"2018-01-0{n}.md"
    path.write_text(ISSUE.format(week=f"2018-W0{n}", date=f"2018-01-0{n}", n=n))
    index_files(db, [path])
    embed_missing(db)


def test_the_matrix_holds_the_stories_vectors_only_and_follows_their_changes(tmp_path):
    with open_db(tmp_path / "bot.db") as db:
        add_issue(db, tmp_path, 1)
        # A vector kept under a negated id (an issue being saved again: retire_vectors) is counted
        # by the table but is no story's.
        db.execute(
            "insert into story_vectors (story_id, model, digest, vector) "
            "select -story_id, model, digest, vector from story_vectors where model = ?",
            [MODEL],
        )
        db.conn.commit()
        stories = sorted(r["id"] for r in db.query("select id from stories"))
        ids, matrix = _vectors.current(db)
        assert ids.tolist() == stories and matrix.shape == (2, matrix.shape[1])
        assert {story_id for story_id, _ in nearest(db, "ampere servers", 5)} == set(stories)
        add_issue(db, tmp_path, 8)
        ids, matrix = _vectors.current(db)
        assert len(ids) == matrix.shape[0] == 4 and ids.tolist() == sorted(ids.tolist())
