"""New means new in the feed: an issue is announced when it first appears in the feed after the
baseline, whatever the index already knew from files (the shipped issues, an archive)."""

from __future__ import annotations

import subprocess
import sys

from bot.app import run_poll
from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import W17, W18, W19, announcements, env_of


def test_an_issue_known_from_files_is_announced_when_the_feed_first_shows_it(world):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    assert run_poll(settings).baseline
    # What `serve` does at start: index the shipped issues, W17 to W19.
    indexed = subprocess.run(
        [sys.executable, "-m", "bot", "index"], cwd=ROOT, env=env_of(settings), capture_output=True, text=True
    )
    assert indexed.returncode == 0, indexed.stderr
    feed.body = rss([W19, W18, W17])
    report = run_poll(settings)
    assert report.new_issues == ["2017-W19"]
    assert sorted(report.sent) == ["2017-W19 slack", "2017-W19 x"]
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1


def test_edits_and_new_dates_of_an_issue_the_feed_showed_announce_nothing(world):
    settings, feed, slack, x = world
    feed.body = rss([W18, W17])
    run_poll(settings)
    feed.body = rss([W19, W18, W17])
    run_poll(settings)
    edited = dict(W19, title=W19["title"] + " (updated)", html=W19["html"] + "<p>More.</p>")
    redated = dict(W18, pubDate="Sat, 13 May 2017 09:00:00 GMT")
    feed.body = rss([edited, redated, W17])
    report = run_poll(settings)
    assert report.new_issues == [] and report.updated == 2
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1


def test_the_first_poll_announces_nothing_even_for_issues_known_from_files(world):
    settings, feed, slack, x = world
    subprocess.run(
        [sys.executable, "-m", "bot", "index"],
        cwd=ROOT,
        env=env_of(settings),
        capture_output=True,
        check=True,
    )
    feed.body = rss([W19, W18, W17])
    report = run_poll(settings)
    assert report.baseline and report.sent == []
    assert announcements(slack) == [] and x.tweets == []
