"""The outbox's store: one row per key, exclusive claims."""

from __future__ import annotations

import datetime as dt

from bot.outbox import store as outbox


def add_issue(db):
    db.table("issues").insert(
        {"publication": "worksonarm", "week": "2019-W01", "slot": "", "title": "A", "date": "2019-01-04"}
    )


def test_claims_are_exclusive(db):
    now = dt.datetime.now(dt.UTC)
    add_issue(db)
    outbox.add_deliveries(db, 1, ["slack"], "pending", now)
    assert outbox.add_deliveries(db, 1, ["slack"], "pending", now) == 0  # never a second row
    [delivery] = outbox.due(db, now)
    assert outbox.claim(db, delivery.id, now, owner="a:1")
    assert not outbox.claim(db, delivery.id, now, owner="b:2")


def test_replies_go_first_then_the_announcements_then_the_messages_about_the_issue(db):
    now = dt.datetime.now(dt.UTC)
    add_issue(db)
    about_issue = outbox.enqueue_message(db, "followup:U1:1", {"text": "yes"}, now, "followup", issue_id=1)
    outbox.add_deliveries(db, 1, ["slack", "x"], "pending", now)
    reply = outbox.enqueue_message(db, "reply:1", {"text": "hi"}, now)
    order = [(d.kind, d.id) for d in outbox.due(db, now)]
    assert order[0] == ("message", reply)
    assert [kind for kind, _ in order[1:3]] == ["announce", "announce"]
    assert order[3] == ("message", about_issue)
