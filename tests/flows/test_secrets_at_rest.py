"""Secrets at rest (issue 19, items 10 and 11): the archive's and the feed's credentials stay in the
environment, never in the clone or the database; the database, its backups and the clone are the
bot's user's alone; a clone killed part-way leaves nothing behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from fakes.feed import rss
from fakes.git_archive import GitArchive
from fakes.git_http import GitHttp
from tests.corpus import ROOT
from tests.support import W17, clean_env, env_of, open_db

PASSWORD = "s3cr3tpass9"
NEWS = "---\ntitle: Works on Arm News 2019-W32\n---\n\n### Zyxxy build farm\n\nWords about arm64.\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def holds(folder: Path, secret: str) -> list[str]:
    """Every file under `folder` (links not followed) whose bytes hold `secret`."""
    found = []
    for where, _, names in os.walk(folder):
        for name in names:
            path = Path(where) / name
            if not path.is_symlink() and secret.encode() in path.read_bytes():
                found.append(str(path))
    return found


def test_a_private_archive_is_cloned_with_its_credentials_kept_in_the_environment(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "2019-W32.md").write_text(NEWS)
    repo = GitArchive(tmp_path / "news", source)
    server = GitHttp(repo.repo, "robot", PASSWORD)
    data = tmp_path / "data"
    data.mkdir()
    env = clean_env(WORKSONARM_DB=str(data / "bot.db"), WORKSONARM_ARCHIVE=server.url)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    try:
        first = cli("sync")
        assert first.returncode == 0 and "1 issues indexed" in first.stdout, first.stdout + first.stderr
        assert server.refused == 0, "the credentials still reach the server"
        [checkout] = data.glob("archive-*")
        assert holds(checkout, PASSWORD) == [] and holds(data, PASSWORD) == []
        assert mode(checkout) == 0o700
        with open_db(data / "bot.db") as db:  # while it is open, its WAL files exist: SQLite's own mode
            db.execute("create table touched (x)")
            for name in ("bot.db", "bot.db-wal", "bot.db-shm"):
                assert mode(data / name) == 0o600, name

        # A checkout made before: the URL with its password in .git/config and the reflog.
        config = checkout / ".git" / "config"
        config.write_text(
            config.read_text().replace("http://127.0.0.1", f"http://robot:{PASSWORD}@127.0.0.1")
        )
        (checkout / ".git" / "logs").mkdir(exist_ok=True)
        (checkout / ".git" / "logs" / "HEAD").write_text(f"0 1 a <a> 0 +0000\tclone: from {server.url}\n")
        checkout.chmod(0o755)
        again = cli("sync")
        assert again.returncode == 0, again.stderr
        assert holds(checkout, PASSWORD) == [] and mode(checkout) == 0o700

        backup = cli("backup", str(tmp_path / "copy.db"))
        assert backup.returncode == 0, backup.stderr
        assert mode(tmp_path / "copy.db") == 0o600
    finally:
        server.close()
        repo.close()


def test_the_feed_state_keeps_the_redacted_url(world):
    settings, feed, *_ = world
    url = feed.url.replace("http://", f"http://robot:{PASSWORD}@") + "?key=SECRETKEY123"
    feed.body = rss([W17])
    env = env_of(replace(settings, feed_url=url))
    polled = subprocess.run(
        [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert polled.returncode == 0, polled.stderr
    assert holds(Path(settings.db_path).parent, PASSWORD) == []
    assert holds(Path(settings.db_path).parent, "SECRETKEY123") == []


def test_clones_left_by_killed_runs_are_removed_by_the_next_sync(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "2019-W32.md").write_text(NEWS)
    repo = GitArchive(tmp_path / "news", source)
    data = tmp_path / "data"
    data.mkdir()
    env = clean_env(WORKSONARM_DB=str(data / "bot.db"), WORKSONARM_ARCHIVE=repo.url)
    sync = [sys.executable, "-m", "bot", "sync"]
    assert subprocess.run(sync, cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
    [checkout] = data.glob("archive-*")
    left = [data / ".archive-k1ll3d_x", data / f".{checkout.name}-abcd1234"]  # an older run's, and ours
    other = data / ".archive-0123456789ab-efgh5678"  # another archive's clone, maybe in progress
    for folder in [*left, other]:
        (folder / "repo" / ".git").mkdir(parents=True)
        (folder / "repo" / "big.pack").write_bytes(b"\0" * 1024)
    assert subprocess.run(sync, cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
    assert not any(folder.exists() for folder in left)
    assert other.exists()
    repo.close()


def test_an_older_database_forgets_the_feeds_credentials_on_upgrade(db):
    from bot.schema.later import m014_feed_url_without_credentials

    secret_url = f"http://robot:{PASSWORD}@feeds.example.org/news.xml?key=SECRETKEY123"
    db.table("feed_state").insert({"url": secret_url, "etag": '"e1"', "failure_streak": 0})
    m014_feed_url_without_credentials(db)  # as the migration runs on a database made before it
    [row] = list(db.query("select url, etag from feed_state"))
    assert row == {"url": "http://***@feeds.example.org/news.xml?key=***", "etag": '"e1"'}
