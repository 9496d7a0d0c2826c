"""`worksonarm-bot status` for a person at a terminal (no Python values), `--json` as before, and
an archive source that failed once does not stay listed, nor failing on /metrics, forever."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import exposition
from fakes.feed import FakeFeed, rss
from tests.corpus import ROOT, SHIPPED
from tests.support import W17, W18, clean_env

PYTHON_VALUES = re.compile(r"[{}\[\]]|\bNone\b|\bTrue\b|\bFalse\b|'\w+': ")


def bot(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=clean_env(WORKSONARM_DB=str(db), **env),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_status_is_text_a_person_reads(tmp_path):
    db = tmp_path / "bot.db"
    feed = FakeFeed()
    try:
        feed.body = rss([W18, W17])
        assert bot(db, "poll", WORKSONARM_FEED_URL=feed.url).returncode == 0
        shown = bot(db, "status", WORKSONARM_FEED_URL=feed.url, TWITTER_API_KEY="k", TWITTER_API_SECRET="s",
                    TWITTER_ACCESS_TOKEN="t", TWITTER_ACCESS_TOKEN_SECRET="ts")  # fmt: skip
    finally:
        feed.close()
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert not PYTHON_VALUES.search(text), text
    assert re.search(r"^index +\d+ issues, \d+ stories", text, re.M)
    assert re.search(r"^feed +http://127\.0\.0\.1:\d+/\S* \(ETag ", text, re.M)
    assert "first poll" in text and "0 failures in a row" in text
    assert re.search(r"^  x +on: none$", text, re.M) and re.search(
        r"^  slack +off \(not configured\)", text, re.M
    )
    assert re.search(r"^archive +none \(WORKSONARM_ARCHIVE is not set\)$", text, re.M)
    assert json.loads(bot(db, "status", "--json").stdout)["deliveries"]["pending"] == 0  # JSON as it was


def test_an_archive_that_failed_once_is_forgotten_once_another_is_synced(tmp_path):
    db = tmp_path / "bot.db"
    typo = str(tmp_path / "worksonarm-nwes")  # the folder the operator meant to type is below
    archive = tmp_path / "worksonarm-news"
    shutil.copytree(SHIPPED, archive)
    assert bot(db, "sync", WORKSONARM_ARCHIVE=typo).returncode == 1
    assert [a["source"] for a in json.loads(bot(db, "status", "--json").stdout)["archive"]] == [typo]

    assert bot(db, "sync", WORKSONARM_ARCHIVE=str(archive)).returncode == 0
    status = json.loads(bot(db, "status", "--json", WORKSONARM_ARCHIVE=str(archive)).stdout)
    assert [a["source"] for a in status["archive"]] == [str(archive)]
    text = bot(db, "status", WORKSONARM_ARCHIVE=str(archive)).stdout
    assert typo not in text and re.search(rf"^archive +{re.escape(str(archive))}$", text, re.M)
    families = {f.name: f for f in text_string_to_metric_families(exposition(db).decode())}
    streaks = {s.labels["source"]: s.value for s in families["worksonarm_archive_failure_streak"].samples}
    assert streaks == {str(archive): 0}, "no alert left failing for the typo"


def test_serve_forgets_the_archive_state_once_no_archive_is_configured(tmp_path):
    from bot.config import Settings
    from bot.syncing import forget_unconfigured_archives
    from tests.support import open_db

    db = tmp_path / "bot.db"
    assert bot(db, "sync", WORKSONARM_ARCHIVE=str(tmp_path / "gone")).returncode == 1
    forget_unconfigured_archives(Settings(db_path=str(db), archive=str(tmp_path / "gone")))
    with open_db(db) as database:
        assert database.execute("select count(*) from archive_state").fetchone()[0] == 1
    forget_unconfigured_archives(Settings(db_path=str(db)))
    with open_db(db) as database:
        assert database.execute("select count(*) from archive_state").fetchone()[0] == 0
