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
