"""The whole archive in production: WORKSONARM_ARCHIVE as the newsletter's own git repository (a
file:// URL to one made here) or a folder, kept in sync; the shipped excerpts never win."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
import requests

from bot.app import courier_for
from bot.archive.search import search_stories
from bot.archive.sync import SyncError
from bot.config import Settings
from bot.syncing import run_sync
from fakes.git_archive import GitArchive
from fakes.signing import FORM, command_body, post_signed
from fakes.slack import FakeSlack
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus
from tests.support import clean_env, free_port, open_db, start_serve, status_json, wait_healthy

NEW_ISSUE = """---
title: Works on Arm News 2019-W32
---

### Zyxxy, a new arm64 build farm

The Zyxxy project builds every package for arm64 in minutes.

* https://example.com/zyxxy
"""


@pytest.fixture
def archive(tmp_path):
    repo = GitArchive(tmp_path / "worksonarm-news", need_corpus(WOA_ARCHIVE))
    yield repo
    repo.close()


def settings_for(tmp_path, source: str) -> Settings:
    return Settings(db_path=str(tmp_path / "bot.db"), archive=source)


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(WORKSONARM_DB=settings.db_path, WORKSONARM_ARCHIVE=settings.archive)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def stories(settings: Settings, text: str) -> list[str]:
    with open_db(settings.db_path) as db:
        return [h.section for h in search_stories(db, text, limit=50).hits]


def test_sync_a_git_archive_then_new_edited_and_rewritten_history(tmp_path, archive):
    settings = settings_for(tmp_path, archive.url)
    first = cli(settings, "sync")
    assert first.returncode == 0, first.stderr
    assert "99 issues indexed (99 new)" in first.stdout
    assert status_json(replace(settings, feed_url=""))["issues"] == 99

    (archive.folder / "content" / "2019" / "2019-W32.md").write_text(NEW_ISSUE)
    archive.commit("A new issue")
    assert cli(settings, "sync").returncode == 0
    assert stories(settings, "zyxxy") == ["Zyxxy, a new arm64 build farm"]
    with open_db(settings.db_path) as db:
        assert db.table("deliveries").count == 0, "the archive is searched, never announced"

    w31 = archive.folder / "content" / "2019" / "2019-W31.md"
    with open_db(settings.db_path) as db:
        before = next(iter(db.query("select id from issues where week = '2019-W31'")))["id"]
    w31.write_text(w31.read_text() + "\n### Quuxly benchmarks\n\nQuuxly runs on arm64.\n")
    archive.commit("Edit a story")
    assert cli(settings, "sync").returncode == 0
    with open_db(settings.db_path) as db:
        after = next(iter(db.query("select id from issues where week = '2019-W31'")))["id"]
    assert after == before and "Quuxly benchmarks" in stories(settings, "quuxly")

    (archive.folder / "content" / "2019" / "2019-W32.md").unlink()
    archive.rewrite("History rewritten")
    rewritten = cli(settings, "sync")
    assert rewritten.returncode == 0, rewritten.stderr
    assert stories(settings, "zyxxy") == [], "the index matches the new history"
    assert status_json(settings)["issues"] == 99


def test_an_unreachable_archive_fails_clearly_and_keeps_the_index(tmp_path, archive):
    settings = settings_for(tmp_path, archive.url)
    assert cli(settings, "sync").returncode == 0
    gone = replace(settings, archive=f"http://robot:s3cr3tpass@127.0.0.1:{free_port()}/worksonarm-news.git")
    for _ in range(3):
        failed = cli(gone, "sync")
        assert failed.returncode == 1 and "cannot fetch the archive at http://***@127.0.0.1" in failed.stderr
        assert "Traceback" not in failed.stderr and "s3cr3tpass" not in failed.stdout + failed.stderr
    status = status_json(gone)
    assert status["issues"] == 99
    [state] = [a for a in status["archive"] if a["source"].startswith("http://***@")]
    assert state["last_result"].startswith("failed:") and state["failure_streak"] == 3
    assert "s3cr3tpass" not in json.dumps(status)


def test_a_bug_during_sync_is_recorded_like_any_failure_and_the_index_kept(tmp_path, archive, monkeypatch):
    settings = settings_for(tmp_path, archive.url)
    assert run_sync(settings, courier_for(settings)).report.indexed
    (archive.folder / "content" / "2019" / "2019-W32.md").write_text(NEW_ISSUE)
    archive.commit("A new issue")

    def broken(*args, **kwargs):
        raise KeyError("a bug in the index")

    monkeypatch.setattr("bot.archive.sync.index_files", broken)
    with pytest.raises(SyncError, match="KeyError"):
        run_sync(settings, courier_for(settings))
    with open_db(settings.db_path) as db:
        [state] = list(db.query("select * from archive_state"))
        assert state["failure_streak"] == 1 and "a bug in the index" in state["last_result"]
        assert db.table("issues").count == 99


def test_a_folder_archive_is_read_again(tmp_path):
    folder = tmp_path / "checkout"
    (folder / "content" / "2019").mkdir(parents=True)
    (folder / "content" / "2019" / "2019-W32.md").write_text(NEW_ISSUE)
    settings = settings_for(tmp_path, str(folder))
    assert run_sync(settings, courier_for(settings)).report.indexed == ["2019-W32"]
    assert (
        run_sync(settings, courier_for(settings)).report.indexed == []
    )  # nothing changed, nothing read again
    missing = replace(settings, archive=str(tmp_path / "nowhere"))
    result = cli(missing, "sync")
    assert result.returncode == 1 and "is not a folder this process" in result.stderr


def test_serve_searches_the_whole_archive_soon_after_start(tmp_path, archive):
    slack = FakeSlack()
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=slack.base_url,
        WORKSONARM_DB=str(tmp_path / "bot.db"),
        WORKSONARM_ARCHIVE=archive.url,
    )
    proc = start_serve(env, port, tmp_path, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        from tests.support import wait_until

        def finds_2019() -> bool:
            body = command_body("pinebook pro", slack.hook_url("c"))
            return "Pinebook Pro laptop" in post_signed(url + "/slack/events", body, "s", FORM).text

        assert wait_until(finds_2019, timeout=10), "the archive was not searchable within 10 s of start"
        assert requests.get(url + "/metrics", timeout=5).status_code == 200
    finally:
        proc.kill()
        proc.wait(timeout=5)
        slack.close()
