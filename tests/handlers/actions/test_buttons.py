"""The button listeners, called directly with Mock(respond)."""

from __future__ import annotations

import datetime as dt
import json
from unittest.mock import Mock

from bot.outbox import store
from bot.outbox.editors import EditorChoice
from bot.tips.intake import save_tip
from handlers.actions.outbox import make_choice_listener
from handlers.actions.results import make_more_listener, make_share_listener
from handlers.actions.triage import make_triage_listener
from tests.support import open_db, reply_of


def pressed(action_id: str, value: str, user: str = "U1") -> dict:
    return {"user": {"id": user}, "actions": [{"action_id": action_id, "value": value}]}


def test_more_replaces_the_page(services, log):
    respond = Mock()
    make_more_listener(services)(
        body=pressed("more_results", json.dumps({"q": "arm", "o": 5})), respond=respond, logger=log
    )
    reply = reply_of(respond)
    assert reply["replace_original"] is True and "Stories 6" in reply["text"]


def test_share_posts_in_channel_and_a_gone_story_is_said_so(services, log):
    respond = Mock()
    make_share_listener(services)(
        body=pressed("share_hit", json.dumps({"s": 1, "q": "x"})), respond=respond, logger=log
    )
    assert reply_of(respond)["response_type"] == "in_channel"
    gone = Mock()
    make_share_listener(services)(
        body=pressed("share_hit", json.dumps({"s": 99999, "q": "x"})), respond=gone, logger=log
    )
    assert "no longer in the index" in reply_of(gone)["text"]


def test_triage_is_for_editors_only(services, log):
    with open_db(services.settings.db_path) as db:
        tip = save_tip(
            db,
            user_id="U9",
            text="https://example.com/t",
            source="dm",
            event_key="k",
            now=dt.datetime.now(dt.UTC),
        )
    refused, done = Mock(), Mock()
    make_triage_listener(services, "accepted")(
        body=pressed("tip_accept", str(tip.id)), respond=refused, client=Mock(), logger=log
    )
    assert "only the newsletter's editors" in reply_of(refused)["text"]
    make_triage_listener(services, "accepted")(
        body=pressed("tip_accept", str(tip.id), "UEDITOR"), respond=done, client=Mock(), logger=log
    )
    assert reply_of(done)["replace_original"] is True
    with open_db(services.settings.db_path) as db:
        assert db.table("tips").get(tip.id)["status"] == "accepted"


def test_an_editor_settles_a_post_in_doubt(services, log):
    with open_db(services.settings.db_path) as db:
        store.add_deliveries(db, 1, ["x"], "unknown", dt.datetime.now(dt.UTC))
        delivery = next(iter(db.query("select id from deliveries")))["id"]
    respond = Mock()
    body = pressed(EditorChoice.ALREADY_OUT, str(delivery), "UEDITOR")
    make_choice_listener(services)(body=body, respond=respond, client=Mock(), logger=log)
    assert "already out" in reply_of(respond)["text"]
    with open_db(services.settings.db_path) as db:
        assert store.get(db, delivery).status == "sent"
