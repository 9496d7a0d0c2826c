"""The feed decides what is new and what is said: an archive file planted for next week never
writes the announcement, a bad entry never stops a poll, and no change to the archive's files
(moved, renamed, deleted and added again, a whole folder moved, history rewritten) ever makes an
issue new in the feed again. End to end: an archive synced as serve syncs it, a local feed polled,
the four destinations' fakes on 127.0.0.1 counting what they received."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from bot.app import courier_for, run_poll
from bot.archive.search import search_stories
from bot.syncing import run_sync
from fakes.feed import issue_item, rss
from fakes.git_archive import GitArchive
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus
from tests.support import W17, W18, announcements, env_of, open_db

REAL_W32 = """---
title: Works on Arm News 2019-W32
---

### Zyxxy, a new arm64 build farm

The Zyxxy project builds every package for arm64 in minutes.

* https://example.com/zyxxy
"""

PLANTED_W32 = """---
title: URGENT security notice, reinstall your toolchain from evil.example
date: 2019-08-09
---

### Reinstall everything from https://evil.example/toolchain now

Your compilers are compromised. Download the fix from evil.example.

* https://evil.example/toolchain
"""


def posted(slack, x, instance, pds) -> dict[str, list[str]]:
    """What each destination received, as text (a post's blocks and card included)."""
    return {
        "slack": [json.dumps(m) for m in announcements(slack)],
        "x": [t["text"] for t in x.tweets],
        "mastodon": [s["content"] for s in instance.statuses],
        "bluesky": [json.dumps(p) for p in pds.posts],
    }


def counts(slack, x, instance, pds) -> list[int]:
    return [len(texts) for texts in posted(slack, x, instance, pds).values()]


def test_the_feed_words_are_announced_not_a_file_planted_in_the_archive(everywhere, tmp_path):
    settings, feed, slack, x, instance, pds = everywhere
    planted = tmp_path / "checkout" / "content" / "2019"
    planted.mkdir(parents=True)
    (planted / "2019-W32.md").write_text(PLANTED_W32)
    settings = replace(settings, archive=str(tmp_path / "checkout"))
    assert (
        run_sync(settings, courier_for(settings)) is not None
    )  # the planted file is indexed before the feed has the week
    feed.body = rss([W17])
    run_poll(settings)
    published = tmp_path / "published" / "2019-W32.md"
    published.parent.mkdir()
    published.write_text(REAL_W32)
    feed.body = rss([issue_item(published), W17])
    report = run_poll(settings)
    assert report.new_issues == ["2019-W32"]
    for destination, texts in posted(slack, x, instance, pds).items():
        [text] = texts
        assert "evil.example" not in text and "URGENT" not in text and "Reinstall" not in text, destination
        assert "Works on Arm News 2019-W32" in text, destination
        assert "worksonarm.example/news/2019-W32/" in text, destination
    assert "Zyxxy" in posted(slack, x, instance, pds)["slack"][0]  # the feed's own headings
    assert "Zyxxy" in posted(slack, x, instance, pds)["bluesky"][0]  # in the link card too


@pytest.mark.parametrize("bad", ["2018-W53", "0000-W01", "2019-W00", "9999-W99"])
def test_an_entry_with_a_week_no_calendar_has_is_skipped_and_the_others_go_on(world, bad, caplog):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    undated = {
        "title": f"Works on Arm News {bad}",
        "link": f"https://worksonarm.example/news/{bad}/",
        "html": "",
    }
    feed.body = rss([undated, W18, dict(undated, title=f"{bad} special", link="https://x.example/a"), W17])
    with caplog.at_level(logging.INFO, logger="bot.announcements.cycle"):
        report = run_poll(settings)
    assert report.error is None and report.new_issues == ["2017-W18"]
    assert sorted(report.sent) == ["2017-W18 slack", "2017-W18 x"]
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 2 and all(bad in line for line in skipped), skipped


def test_the_poll_command_skips_a_bad_entry_with_one_line_and_exits_0(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    bad = {"title": "Works on Arm News 2018-W53", "link": "https://worksonarm.example/news/bad/", "html": ""}
    feed.body = rss([bad, W18, W17])
    run = [sys.executable, "-m", "bot", "poll"]
    done = subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "2018-W53" in done.stderr
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1


# ---- what the feed showed belongs to the issue, not to a file -----------------------------------


@pytest.fixture
def archive(tmp_path):
    repo = GitArchive(tmp_path / "worksonarm-news", need_corpus(WOA_ARCHIVE))
    yield repo
    repo.close()


def move(archive: GitArchive, old: str, new: str) -> None:
    source, target = archive.folder / "content" / old, archive.folder / "content" / new
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)


def delete_and_add_again(archive, settings, sync_and_poll):
    path = archive.folder / "content" / "2019" / "2019-W32.md"
    kept = path.read_text()
    path.unlink()
    archive.commit("Remove 2019-W32")
    sync_and_poll()
    path.write_text(kept)
    archive.commit("Add 2019-W32 again")


CHANGES = {
    "moved": lambda archive, *_: move(archive, "2019/2019-W32.md", "2019/august/2019-W32.md"),
    "renamed": lambda archive, *_: move(archive, "2019/2019-W32.md", "2019/worksonarm-news-32.md"),
    "folder moved": lambda archive, *_: move(archive, "2019", "issues/2019"),
    "deleted and added again": delete_and_add_again,
    "deleted": lambda archive, *_: (archive.folder / "content" / "2019" / "2019-W32.md").unlink(),
}


@pytest.mark.parametrize("change", [*CHANGES, "deleted, then the entry re-dated", "history rewritten"])
def test_no_archive_change_announces_an_issue_again_anywhere(everywhere, archive, change):
    settings, feed, slack, x, instance, pds = everywhere
    settings = replace(settings, archive=archive.url)
    content = archive.folder / "content"
    items = [issue_item(content / "2019" / f"2019-W{n}.md") for n in (30, 31)]

    def sync_and_poll():
        assert run_sync(settings, courier_for(settings)) is not None
        report = run_poll(settings)
        assert report.error is None, report.error
        return report

    feed.body = rss(items)
    assert sync_and_poll().baseline
    (content / "2019" / "2019-W32.md").write_text(REAL_W32)
    archive.commit("2019-W32")
    w32 = issue_item(content / "2019" / "2019-W32.md")
    feed.body = rss([w32, *items])
    assert sync_and_poll().new_issues == ["2019-W32"]
    assert counts(slack, x, instance, pds) == [1, 1, 1, 1]

    if change in CHANGES:
        CHANGES[change](archive, settings, sync_and_poll)
        archive.commit(change)
    elif change == "history rewritten":
        move(archive, "2019/2019-W32.md", "2019-W32.md")
        archive.rewrite("Squashed, with the new issue at the top")
    else:
        (content / "2019" / "2019-W32.md").unlink()
        archive.commit("Remove 2019-W32")
        sync_and_poll()
        feed.body = rss([dict(w32, pubDate="Fri, 16 Aug 2019 16:00:00 GMT"), *items])
    for _ in range(2):
        report = sync_and_poll()
        assert report.new_issues == [], change
    assert counts(slack, x, instance, pds) == [1, 1, 1, 1], change
    with open_db(settings.db_path) as db:
        assert [h.issue for h in search_stories(db, "zyxxy").hits] == ["2019-W32"], "still searchable, once"
        assert db.table("deliveries").count == 4
