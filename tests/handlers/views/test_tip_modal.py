"""The tip modal's listeners, called directly: the ack saves or explains, the reply DMs once."""

from __future__ import annotations

import json
from unittest.mock import Mock

from handlers.views.tip_modal import TipModal
from tests.support import open_db, reply_of


def submitted(text: str, view_id: str = "V1") -> tuple[dict, dict]:
    view = {
        "id": view_id,
        "type": "modal",
        "private_metadata": json.dumps({"channel": "C1", "ts": "1.2"}),
        "state": {"values": {"tip_text": {"value": {"type": "plain_text_input", "value": text}}}},
    }
    return {"user": {"id": "U1", "username": "ann"}}, view


def test_a_tip_is_saved_with_its_permalink_and_the_submitter_hears_once(services, messenger, log):
    body, view = submitted("https://example.com/modal")
    ack, client = Mock(), Mock()
    client.chat_getPermalink.return_value = {"permalink": "https://x.slack.com/archives/C1/p12"}
    modal = TipModal(services)
    modal.ack(ack=ack, body=body, view=view, logger=log)
    ack.assert_called_once_with()
    client.chat_getPermalink.assert_not_called()  # the submit never waits for Slack
    modal.reply(body=body, view=view, client=client, logger=log)
    modal.reply(body=body, view=view, client=client, logger=log)
    [dm] = messenger.sent
    assert dm["to"] == "U1" and "saved for the next issue" in dm["text"]
    with open_db(services.settings.db_path) as db:
        [tip] = list(db.query("select permalink from tips"))
    assert tip["permalink"] == "https://x.slack.com/archives/C1/p12"


def test_an_empty_tip_gets_a_field_error(services, log):
    body, view = submitted("   ")
    ack = Mock()
    TipModal(services).ack(ack=ack, body=body, view=view, logger=log)
    assert reply_of(ack)["response_action"] == "errors" and "tip_text" in reply_of(ack)["errors"]
