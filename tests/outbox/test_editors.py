"""The editors' choices about the outbox (bot/outbox/editors.py), each a function: what it does to
the deliveries, and the sentence it answers; an id of no delivery, or one already settled, is
"Already settled." whatever the choice."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.outbox import editors, store
from bot.outbox.editors import SETTLED, EditorChoice

NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def add_issue(db, week="2019-W01", date="2019-01-04"):
    return (
        db.table("issues")
        .insert({"publication": "worksonarm", "week": week, "slot": "", "title": week, "date": date})
        .last_pk
    )


def statuses(db):
    return {(r["issue_id"], r["destination"]): r["status"] for r in db.query("select * from deliveries")}


def test_hold_and_release(db):
    add_issue(db)
    store.add_deliveries(db, 1, ["slack", "x"], "pending", NOW)
    assert editors.hold(db, 1, NOW) == 2
    assert store.due(db, NOW) == []
    assert editors.release(db, NOW, issue_id=1) == 2
    assert len(store.due(db, NOW)) == 2


def test_after_a_mass_change_newest_only_all_or_seen(db):
    old, new = add_issue(db, "2019-W01", "2019-01-04"), add_issue(db, "2019-W02", "2019-01-11")
    for issue in (old, new):
        store.add_deliveries(db, issue, ["slack", "x"], "held", NOW)
    said = editors.choose(db, EditorChoice.NEWEST, -1, NOW)
    assert said == "Announcing the newest issue; 2 posts queued."
    assert statuses(db) == {
        (old, "slack"): "skipped", (old, "x"): "skipped", (new, "slack"): "pending", (new, "x"): "pending"
    }  # fmt: skip
    assert editors.choose(db, EditorChoice.ALL, -1, NOW) == "Announcing all of them: 0 posts queued."
    store.add_deliveries(db, old, ["mastodon"], "held", NOW)
    assert editors.choose(db, EditorChoice.SEEN, -1, NOW) == "Marked as seen: 1 posts will not go out."
    assert statuses(db)[(old, "mastodon")] == "skipped"


@pytest.mark.parametrize(
    ("choice", "status", "said"),
    [
        (EditorChoice.POST_IT, "pending", "Posting it now."),
        (EditorChoice.ALREADY_OUT, "sent", "Noted: it is already out."),
    ],
)
def test_a_post_in_doubt_is_posted_or_known_out_once(db, choice, status, said):
    issue = add_issue(db)
    store.add_deliveries(db, issue, ["x"], "unknown", NOW)
    [row] = db.query("select id from deliveries")
    assert editors.choose(db, choice, row["id"], NOW) == said
    assert statuses(db) == {(issue, "x"): status}
    assert editors.choose(db, choice, row["id"], NOW) == SETTLED  # a second press changes nothing


def test_a_failed_post_is_tried_again_now(db):
    issue = add_issue(db)
    store.add_deliveries(db, issue, ["mastodon"], "pending", NOW)
    [delivery] = store.due(db, NOW)
    store.mark_failed(db, delivery.id, "Mastodon is failing", NOW, retry_at=NOW + dt.timedelta(hours=1))
    assert store.due(db, NOW) == []
    assert editors.choose(db, EditorChoice.RETRY, delivery.id, NOW) == "Trying mastodon again now."
    assert [d.id for d in store.due(db, NOW)] == [delivery.id]
    assert editors.retry(db, delivery.id, NOW) == SETTLED  # pending now: nothing to retry


@pytest.mark.parametrize("choice", [EditorChoice.POST_IT, EditorChoice.ALREADY_OUT, EditorChoice.RETRY])
def test_an_id_of_no_delivery_is_settled_not_an_error(db, choice):
    assert store.get(db, 999) is None
    assert editors.choose(db, choice, 999, NOW) == SETTLED
    assert editors.choose(db, choice, -1, NOW) == SETTLED


def test_the_archive_removals_are_no_choice_about_the_outbox(db):
    with pytest.raises(ValueError, match="not a choice about the outbox"):
        editors.choose(db, EditorChoice.ARCHIVE_REMOVALS, 1, NOW)


def test_only_without_a_destination_asks_for_one(db):
    """`hold 63 --only` answered " is not a configured destination", a blank for the name."""
    add_issue(db)
    said, count = editors.steer(db, "hold", "2019-W01 --only", ["slack", "x"], NOW)
    assert said == "`--only` needs a destination (configured: slack, x)." and count == 0
    said, _ = editors.steer(db, "hold", "2019-W01 --only bluesky", ["slack", "x"], NOW)
    assert said.startswith("bluesky is not a configured destination")
