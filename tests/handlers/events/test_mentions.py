"""The app_mention listener pair, called directly: searches, tips and help answered in a thread."""

from __future__ import annotations

import json
import sqlite3
import threading
from unittest.mock import Mock

from handlers.events.mentions import Mentions, mention_text
from tests.support import open_db

BOT = "UBOT123"


def mention(text: str, **extra) -> dict:
    event = {
        "type": "app_mention",
        "user": "U111",
        "text": text,
        "ts": "1700000001.000100",
        "channel": "C111",
    }
    return event | extra


def run(services, event: dict) -> Mock:
    mentions, client, ack = Mentions(services), Mock(), Mock()
    client.chat_getPermalink.return_value = {
        "permalink": "https://ws.slack.com/archives/C111/p1700000001000100"
    }
    context = {"bot_user_id": BOT}
    mentions.ack(ack=ack, event=event, context=context, logger=Mock())
    ack.assert_called_once()
    client.chat_getPermalink.assert_not_called()  # the ack never waits for Slack
    mentions.reply(event=event, context=context, client=client, logger=Mock())
    return client


def test_the_bots_own_mention_is_taken_out_wherever_it_is():
    assert mention_text({"text": f"<@{BOT}> golang"}, BOT) == "golang"
    assert mention_text({"text": f"hey <@{BOT}|worksonarm>   golang?"}, BOT) == "hey golang?"
    assert mention_text({"text": f"<@{BOT}> ask <@U222>"}, BOT) == "ask <@U222>"
    assert mention_text({"text": "<@U999> golang"}, None) == "golang"


def test_a_search_is_answered_once_in_the_thread_with_the_top_stories(services, messenger):
    event = mention(f"<@{BOT}> golang")
    run(services, event)
    run(services, event)  # Slack's retry of the same event
    [reply] = messenger.sent
    assert reply["to"] == "C111" and reply["thread_ts"] == event["ts"]
    text = json.dumps(reply["blocks"])
    assert "Golang 1.9 plan for ARM64 support" in text
    actions = [e["action_id"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["results_privately"] and "share_hit" not in text


def test_a_mention_in_a_thread_answers_in_that_thread(services, messenger):
    run(services, mention(f"<@{BOT}> golang", thread_ts="1700000000.000001"))
    assert messenger.sent[0]["thread_ts"] == "1700000000.000001"


def test_a_tip_is_filed_with_its_permalink_and_help_comes_alone(services, messenger):
    client = run(services, mention(f"<@{BOT}> tip https://example.com/arm64-news a new board"))
    client.chat_getPermalink.assert_called_once_with(channel="C111", message_ts="1700000001.000100")
    with open_db(services.settings.db_path) as db:
        [tip] = list(db.query("select * from tips"))
    assert tip["source"] == "mention" and tip["permalink"].endswith("p1700000001000100")
    assert tip["text"] == "https://example.com/arm64-news a new board"
    assert "Thanks! Your tip is saved" in messenger.sent[0]["text"]
    run(services, mention(f"<@{BOT}>", ts="1700000002.000100"))
    assert "How to search" in messenger.sent[1]["text"] and "thread_ts" in messenger.sent[1]


def test_a_junk_tip_is_refused_in_the_thread_and_nothing_is_stored(services, messenger):
    run(services, mention(f"<@{BOT}> tip 🎉"))
    with open_db(services.settings.db_path) as db:
        assert db.table("tips").count == 0
    assert messenger.sent and "Thanks" not in messenger.sent[0]["text"]


def test_mentions_in_dms_and_by_bots_are_left_to_the_message_listener(services, messenger):
    run(services, mention(f"<@{BOT}> golang", channel="D111", channel_type="im"))
    run(services, mention(f"<@{BOT}> golang", bot_id="B1"))
    assert messenger.sent == []


def test_a_tip_while_another_writer_holds_the_lock_hears_in_a_moment_then_saved(services, messenger):
    lock = sqlite3.connect(services.settings.db_path, timeout=0, check_same_thread=False)
    lock.execute("BEGIN IMMEDIATE")
    held = threading.Timer(2.5, lock.rollback)
    held.start()
    try:
        run(services, mention(f"<@{BOT}> tip https://example.com/busy-board"))
    finally:
        held.join()
        lock.close()
    word, answer = messenger.sent
    assert word["thread_ts"] == answer["thread_ts"] == "1700000001.000100"
    assert "in a moment" in word["text"] and "Thanks! Your tip is saved" in answer["text"]
    with open_db(services.settings.db_path) as db:
        assert [t["text"] for t in db.query("select text from tips")] == ["https://example.com/busy-board"]
