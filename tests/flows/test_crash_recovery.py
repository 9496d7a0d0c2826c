"""After a crash, a post left in `sending` is looked for before any re-post; when the destination
will not say (a private channel without groups:history), the editors decide."""

from __future__ import annotations

import datetime as dt

from bot.app import run_poll
from bot.outbox import store
from fakes.feed import rss
from tests.support import ANNOUNCE_STATUS, W17, announcements, editor_dms, open_db


def left_sending(settings, destination: str) -> None:
    with open_db(settings.db_path) as db:
        issue_id = next(iter(db.query("select id from issues")))["id"]
        store.add_deliveries(db, issue_id, [destination], "pending", dt.datetime.now(dt.UTC))
        db.execute(
            "update deliveries set status = 'sending', claimed_by = 'gone:1:dead', "
            "claimed_at = '2020-01-01T00:00:00+00:00' where kind = 'announce'"
        )


def test_a_refused_history_check_puts_the_post_to_the_editors(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    left_sending(settings, "slack")
    slack.script("conversations.history", (200, {"ok": False, "error": "missing_scope"}, {}))
    run_poll(settings)
    with open_db(settings.db_path) as db:
        assert [r["status"] for r in db.query(ANNOUNCE_STATUS)] == ["unknown"]
    [dm] = editor_dms(slack)
    buttons = [e["action_id"] for b in dm.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["outbox_post_it", "outbox_already_out"]
    assert announcements(slack) == [], "never re-posted on a guess"
    run_poll(settings)
    assert len(editor_dms(slack)) == 1, "asked once"


def test_a_history_check_that_finds_nothing_posts_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    left_sending(settings, "slack")
    run_poll(settings)
    assert len(announcements(slack)) == 1
    with open_db(settings.db_path) as db:
        assert [r["status"] for r in db.query(ANNOUNCE_STATUS)] == ["sent"]
