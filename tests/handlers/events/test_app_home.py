"""The App Home listener, called directly with a fake client."""

from __future__ import annotations

import json
from unittest.mock import Mock

from handlers.events.app_home import make_home_listener


def test_home_shows_the_latest_issue_and_the_users_tips(services, log):
    client = Mock()
    make_home_listener(services)(
        event={"type": "app_home_opened", "user": "U1", "tab": "home"}, client=client, logger=log
    )
    view = client.views_publish.call_args.kwargs["view"]
    assert client.views_publish.call_args.kwargs["user_id"] == "U1"
    assert "Latest issue" in json.dumps(view.to_dict())


def test_the_messages_tab_publishes_nothing(services, log):
    client = Mock()
    make_home_listener(services)(
        event={"type": "app_home_opened", "user": "U1", "tab": "messages"}, client=client, logger=log
    )
    client.views_publish.assert_not_called()


def _tip_and_a_delivery_in_doubt(services):
    import datetime as dt

    from bot.outbox import store
    from bot.tips.intake import save_tip
    from tests.support import open_db

    now = dt.datetime.now(dt.UTC)
    with open_db(services.settings.db_path) as db:
        tips = [
            save_tip(
                db,
                user_id="U9",
                text=f"https://example.com/board-{n} a new board",
                source="dm",
                event_key=f"k{n}",
                now=now,
            )
            for n in range(12)
        ]
        store.add_deliveries(db, 1, ["x"], "unknown", now)
        store.add_deliveries(db, 2, ["mastodon"], "held", now)
    return tips


def _opened(services, user: str) -> dict:
    client = Mock()
    make_home_listener(services)(
        event={"type": "app_home_opened", "user": user, "tab": "home"}, client=client, logger=Mock()
    )
    return client.views_publish.call_args.kwargs["view"].to_dict()


def _buttons(view: dict) -> list[tuple[str, str]]:
    return [
        (e["action_id"], e.get("value", ""))
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_an_editors_home_has_the_queue_paged_and_the_deliveries_to_decide(services):
    tips = _tip_and_a_delivery_in_doubt(services)
    view = _opened(services, "UEDITOR")
    text = json.dumps(view)
    assert "Tips waiting for you" in text and "12 new tips" in text and "Announcements to decide" in text
    buttons = _buttons(view)
    assert ("tip_accept", str(tips[-1].id)) in buttons  # newest first
    assert ("tip_accept", str(tips[0].id)) not in buttons  # on the next page
    assert ("home_tips_page", "8") in buttons
    assert {"outbox_post_it", "outbox_already_out", "outbox_newest", "outbox_all", "outbox_seen"} <= {
        a for a, _ in buttons
    }
    reject = next(
        e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "tip_reject"
    )
    assert reject["confirm"]["confirm"]["text"] == "Reject"
    assert "Last poll" in text
    member = json.dumps(_opened(services, "U1"))
    assert "Tips waiting" not in member and "tip_accept" not in member and "Latest issue" in member


def test_accept_in_the_home_changes_the_tip_and_republishes_the_same_page(services):
    from handlers.actions.triage import make_page_listener, make_triage_listener
    from tests.support import open_db

    tips = _tip_and_a_delivery_in_doubt(services)
    client = Mock()
    body = {
        "type": "block_actions",
        "user": {"id": "UEDITOR"},
        "container": {"type": "view", "view_id": "V1"},
        "view": {"type": "home", "private_metadata": "8"},
        "actions": [{"action_id": "tip_accept", "value": str(tips[0].id)}],
    }
    respond = Mock()
    make_triage_listener(services, "accepted")(body=body, respond=respond, client=client, logger=Mock())
    respond.assert_not_called()  # a home button has no response_url
    with open_db(services.settings.db_path) as db:
        assert db.table("tips").get(tips[0].id)["status"] == "accepted"
    view = client.views_publish.call_args.kwargs["view"].to_dict()
    assert client.views_publish.call_args.kwargs["user_id"] == "UEDITOR"
    assert "11 new tips" in json.dumps(view) and view["private_metadata"] == "8"
    page = body | {"actions": [{"action_id": "home_tips_page", "value": "0"}]}
    make_page_listener(services)(body=page, client=client, logger=Mock())
    assert client.views_publish.call_args.kwargs["view"].to_dict()["private_metadata"] == "0"


def test_accepting_the_last_tip_of_the_last_page_shows_the_page_before(services):
    from handlers.actions.triage import make_triage_listener
    from tests.support import open_db

    tips = _tip_and_a_delivery_in_doubt(services)[:9]  # 12 made; keep 9 new: the second page holds one
    with open_db(services.settings.db_path) as db:
        db.execute("update tips set status = 'rejected' where id > ?", [tips[-1].id])
    client = Mock()
    body = {
        "user": {"id": "UEDITOR"},
        "container": {"type": "view"},
        "view": {"type": "home", "private_metadata": "8"},
        "actions": [{"action_id": "tip_accept", "value": str(tips[0].id)}],  # the oldest: page 2's one
    }
    make_triage_listener(services, "accepted")(body=body, respond=Mock(), client=client, logger=Mock())
    view = client.views_publish.call_args.kwargs["view"].to_dict()
    assert view["private_metadata"] == "0" and "8 new tips" in json.dumps(view)
    assert ("home_tips_page", "8") not in _buttons(view)
