"""The DM listeners, called directly: the ack keeps a tip, the reply answers once."""

from __future__ import annotations

import json
from unittest.mock import Mock

from handlers.events.direct_messages import DirectMessages, is_person_dm
from tests.support import open_db

CONTEXT = {"bot_user_id": "UBOT"}


def dm(text: str, ts: str = "1.000001", **extra) -> dict:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": text,
        "ts": ts,
    } | extra


def test_a_tip_is_saved_in_the_ack_and_replied_to_once(services, messenger, log):
    listener = DirectMessages(services)
    event = dm("look https://github.com/golang/go/issues/19082")
    ack = Mock()
    listener.ack(ack=ack, event=event, context=CONTEXT, logger=log)
    ack.assert_called_once_with()
    with open_db(services.settings.db_path) as db:
        assert db.table("tips").count == 1
    listener.reply(event=event, context=CONTEXT, logger=log)
    listener.reply(event=event, context=CONTEXT, logger=log)  # Slack's retry
    [reply] = messenger.sent
    assert reply["to"] == "D1" and "already covered in" in json.dumps(reply["blocks"])


def test_words_are_a_search_with_nothing_to_share_in_a_dm(services, messenger, log):
    DirectMessages(services).reply(event=dm("golang"), context=CONTEXT, logger=log)
    DirectMessages(services).reply(event=dm("arm", ts="2.000001"), context=CONTEXT, logger=log)
    golang, arm = messenger.sent
    assert "Golang 1.9 plan for ARM64 support" in json.dumps(golang["blocks"])
    assert "share_hit" not in json.dumps(golang["blocks"]), "Share in channel in a DM posts into the DM"
    [more] = [e for b in arm["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert more["action_id"] == "more_results" and json.loads(more["value"])["n"] == 1  # page 2 alike


def test_edits_bots_and_our_own_messages_get_no_reply(services, messenger, log):
    listener = DirectMessages(services)
    for event in (dm("x", subtype="message_changed"), dm("x", bot_id="B1"), dm("x", user="UBOT")):
        assert not is_person_dm(event, "UBOT")
        listener.reply(event=event, context=CONTEXT, logger=log)
    assert messenger.sent == []
