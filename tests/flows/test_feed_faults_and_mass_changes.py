"""The feed as it really is: faults reported and alerted once, a malformed feed read for what it
yields, a real feed's history announced item by item, and a mass change or a site move held for
the editors."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from bot.announcements.feed import fetch_feed
from bot.app import run_poll
from fakes.feed import issue_item, rss
from tests.corpus import CORPUS, need_corpus
from tests.support import W17, W18, announcements, cli, editor_dms, env_of, open_db


@pytest.mark.parametrize("fault", ["500", "timeout", "malformed"])
def test_feed_faults_are_reported_and_alerted_once(world, fault):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    fetch = fetch_feed
    if fault == "timeout":
        fetch = functools.partial(fetch_feed, timeout=(0.5, 0.5))
        feed.faults = [(200, 2.0)] * 4
    elif fault == "500":
        feed.faults = [(500, 0)] * 4
    else:
        feed.body = b"<rss><channel><item><title>broken"  # nothing salvageable
    for n in range(4):
        report = run_poll(settings, fetch=fetch)
        assert report.error, n
    with open_db(settings.db_path) as db:
        state = next(iter(db.query("select * from feed_state")))
    assert state["failure_streak"] == 4 and state["last_result"].startswith("failed")
    alerts = editor_dms(slack)
    assert len(alerts) == 1 and "failed 3 polls in a row" in alerts[0].body["text"]
    feed.faults = []
    feed.body = rss([W17])
    assert run_poll(settings).error is None
    assert len(editor_dms(slack)) == 2 and "works again" in editor_dms(slack)[1].body["text"]


def test_malformed_feed_keeps_what_it_yields(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17]).replace(b"</channel></rss>", b"<item><title>half") + b"\x0b"
    report = run_poll(settings)
    assert report.error is None and report.warning
    assert report.new_issues == ["2017-W18"]


def hypriot_snapshots() -> list[Path]:
    root = need_corpus(CORPUS / "hypriot-github-io")
    return [*sorted((root / "history").glob("*/index.xml")), root / "index.xml"]


def test_real_feed_history_announces_only_new_items_on_all_four(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    seen: set[str] = set()
    expected: list[int] = []
    per_poll: dict[str, list[int]] = {"slack": [], "x": [], "mastodon": [], "bluesky": []}

    def totals() -> dict[str, int]:
        return {
            "slack": len(announcements(slack)),
            "x": len(x.tweets),
            "mastodon": len(instance.statuses),
            "bluesky": len(pds.posts),
        }

    for n, snapshot in enumerate(hypriot_snapshots()):
        feed.body = snapshot.read_bytes()
        links = set(re.findall(rb"<link>(https://blog\.hypriot\.com/post/[^<]+)</link>", feed.body))
        expected.append(0 if n == 0 else len(links - seen))
        seen |= links
        before = totals()
        report = run_poll(settings)
        assert report.error is None, snapshot
        for destination, total in totals().items():
            per_poll[destination].append(total - before[destination])
    # new items only, counted from the feed's own links; edits and re-dates announced nothing
    assert expected == [0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0]
    assert per_poll == dict.fromkeys(per_poll, expected)


def test_mass_change_is_held_and_editors_decide(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    snapshot = hypriot_snapshots()[-1].read_bytes()
    feed.body = snapshot
    run_poll(settings)
    feed.body = snapshot.replace(b"https://blog.hypriot.com/", b"https://hypriot.example.org/")
    report = run_poll(settings)
    assert report.held and announcements(slack) == [] and x.tweets == []
    assert instance.statuses == [] and pds.posts == []
    with open_db(settings.db_path) as db:
        held = {
            r["destination"] for r in db.query("select destination from deliveries where status = 'held'")
        }
    assert held == {"slack", "x", "mastodon", "bluesky"}
    [dm] = editor_dms(slack)
    elements = [e for b in dm.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [e["action_id"] for e in elements] == ["outbox_newest", "outbox_all", "outbox_seen"]
    asks = {e["action_id"]: e.get("confirm", {}).get("confirm", {}).get("text") for e in elements}
    assert asks == {"outbox_newest": None, "outbox_all": "Announce all", "outbox_seen": "Mark all seen"}
    run_poll(settings)
    assert len(editor_dms(slack)) == 1  # told once

    # The button "Announce newest only", as the command line offers it: queued, then sent.
    done = cli(settings.db_path, "outbox", "newest-only", env=env_of(settings))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Announcing the newest issue; 4 posts queued.\nsent "), done.stdout
    assert len(announcements(slack)) == 1 and len(x.tweets) == 1
    assert len(instance.statuses) == 1 and len(pds.posts) == 1


def test_works_on_arm_site_move_posts_nothing_and_tells_editors(world):
    settings, feed, slack, x = world
    items = [
        issue_item(p)
        for p in sorted(need_corpus(CORPUS / "worksonarm-news" / "content" / "2019").glob("2019-W*.md"))
    ]
    feed.body = rss(items)
    run_poll(settings)
    moved = [dict(i, link=i["link"].replace("worksonarm.example", "news.worksonarm.example")) for i in items]
    feed.body = rss(moved)
    report = run_poll(settings)
    assert report.new_issues == [] and announcements(slack) == [] and x.tweets == []
    assert len(editor_dms(slack)) == 1 and "new host" in editor_dms(slack)[0].body["text"]
