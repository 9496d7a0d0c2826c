"""The button listeners, called directly with Mock(respond)."""

from __future__ import annotations

import datetime as dt
import json
from unittest.mock import Mock

import pytest

from bot.outbox import store
from bot.outbox.editors import EditorChoice
from bot.tips.intake import save_tip
from handlers.actions.outbox import make_choice_listener
from handlers.actions.results import make_more_listener, make_private_listener, make_share_listener
from handlers.actions.triage import make_triage_listener
from handlers.answers import search_page
from handlers.ui.blocks import as_dicts
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


def _button(blocks: list, action_id: str) -> str:
    elements = [e for b in as_dicts(blocks) for e in [*b.get("elements", []), b.get("accessory") or {}]]
    return next(e["value"] for e in elements if e.get("action_id") == action_id)


def _counted(reply: dict) -> tuple[str, set[str]]:
    """A page's "of N" and the stories on it."""
    blocks = reply["blocks"]
    total = next(t for b in blocks for e in b.get("elements", []) if " of " in (t := e.get("text", "")))
    shown = {b["text"]["text"] for b in blocks if b["type"] == "section" and "accessory" in b}
    return total.split(" of ")[1].split(" ")[0], shown


# Markup that page 1 reads as no words, a labelled link, and a question longer than a button held
# before (500 characters): the next page searched what the button said, not what page 1 searched.
ASKED = [
    "<@U999> arm",
    "<!channel> arm",
    "arm <https://example.com/x|servers>",
    "any news on arm servers? " * 24 + "arm servers",
]


@pytest.mark.parametrize("asked", ASKED)
def test_the_next_page_searches_what_the_first_did(services, log, asked):
    first = search_page(services, asked, 0)
    total, shown_first = _counted({"blocks": as_dicts(first[1])})
    assert shown_first
    respond = Mock()
    value = _button(first[1], "more_results")
    make_more_listener(services)(body=pressed("more_results", value), respond=respond, logger=log)
    next_total, shown_next = _counted(reply_of(respond))
    assert next_total == total and shown_next and not shown_first & shown_next


@pytest.mark.parametrize("asked", ASKED)
def test_all_results_under_a_thread_reply_are_the_same_search(services, log, asked):
    reply = search_page(services, asked, 0, compact=True)
    total, _ = _counted({"blocks": as_dicts(reply[1])})
    respond = Mock()
    value = _button(reply[1], "results_privately")
    body = pressed("results_privately", value) | {"channel": {"id": "C1"}}
    make_private_listener(services)(body=body, respond=respond, logger=log)
    assert _counted(reply_of(respond))[0] == total


def test_a_question_too_long_for_a_button_is_carried_as_its_words(services, log):
    asked = "<https://example.com/" + "x" * 2_100 + "|arm servers> news"  # a long address, a short label
    value = json.loads(_button(search_page(services, asked, 0)[1], "more_results"))
    assert value["w"] == 1 and value["q"] == "arm servers news"


def test_a_question_too_long_for_a_button_pages_the_same_words_page_after_page(services, log):
    """The review of round 16: the words were cut again on every page, and the totals fell from page
    to page (121, 44, 36)."""
    asked = "docker " + "golang arm64 news " * 200  # its words too are over 2,000 characters
    value = _button(search_page(services, asked, 0)[1], "more_results")
    totals, carried = [], []
    for _ in range(2):
        respond = Mock()
        make_more_listener(services)(body=pressed("more_results", value), respond=respond, logger=log)
        reply = reply_of(respond)
        totals.append(_counted(reply)[0])
        assert not reply["text"].startswith("Showing results for")  # no word cut into a typo
        elements = [e for b in reply["blocks"] for e in b.get("elements", [])]
        value = next(e["value"] for e in elements if e.get("action_id") == "more_results")
        carried.append(json.loads(value))
    assert totals[0] == totals[1] and carried[0]["q"] == carried[1]["q"] and carried[1]["w"] == 1
