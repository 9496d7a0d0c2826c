"""Direct messages to the bot: a link (or "tip …") is a tip; other words are a search.

The ack saves a tip before Slack hears it (if we die after, Slack retries: never lost). The reply
goes out once through the outbox, keyed on the message's channel and ts, however often Slack
delivers the event. While another writer holds the database, the reply says at once that the tip
will be saved in a moment, and the answer follows when it is."""

from __future__ import annotations

import logging
from typing import Any

from bot.services import Services
from handlers.answers import SORRY, Meanwhile, answer_once, is_tip_text, search_page, take_tip, tip_answer
from handlers.commands.questions import question_command, question_words
from handlers.ui.blocks import help_blocks, message_blocks

# Edits, deletions, joins and the like carry a subtype; a person's new message has none
# (or file_share / thread_broadcast).
_PERSON_SUBTYPES = {None, "file_share", "thread_broadcast"}
GREETINGS = ("", "help", "hi", "hello", "hey", "?")


def is_person_dm(event: dict[str, Any], bot_user_id: str | None = None) -> bool:
    """True for a new message a person sent the bot in a DM: not an edit, not a bot, not us."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in _PERSON_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def dm_event_key(event: dict[str, Any]) -> str:
    return f"dm:{event.get('channel')}:{event.get('ts')}"


def dm_tip_fields(event: dict[str, Any]) -> dict[str, Any]:
    text = (event.get("text") or "").strip()
    if text[:4].lower() == "tip ":  # "tip <link and a line>" in a DM: the word is no part of the tip
        text = text[4:].strip()
    return {
        "user_id": event.get("user", ""),
        "text": text,
        "source": "dm",
        "event_key": dm_event_key(event),
        "channel": event.get("channel", ""),
        "ts": event.get("ts", ""),
    }


class DirectMessages:
    """The DM listener pair: `ack` keeps a tip safe, `reply` answers once."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.meanwhile = Meanwhile(services)

    def ack(self, ack: Any, event: dict[str, Any], context: Any, logger: logging.Logger) -> None:
        try:
            if is_person_dm(event, context.get("bot_user_id")) and is_tip_text(event.get("text") or ""):
                take_tip(self.services, **dm_tip_fields(event))
        except Exception:  # locked, read-only: the reply below tries again, patiently
            logger.warning("saving a DM tip in the ack failed: user=%s", event.get("user"), exc_info=True)
        ack()

    def reply(self, event: dict[str, Any], context: Any, logger: logging.Logger) -> None:
        if not is_person_dm(event, context.get("bot_user_id")):
            return
        key = dm_event_key(event)
        text = (event.get("text") or "").strip()
        try:
            if is_tip_text(text):
                answer = tip_answer(
                    self.services,
                    key,
                    lambda: dm_tip_fields(event),
                    lambda word: self.meanwhile.say(key, event["channel"], word),
                )
            elif text.lower() in GREETINGS:
                answer = help_blocks(self.services.is_editor(event.get("user", "")))
            elif standing := question_words(text):
                # "follow <words>", "following", "unfollow <words>": the slash command's grammar
                answer = question_command(self.services, event.get("user", ""), *standing)
            else:
                answer = search_page(self.services, text, 0, shareable=False, reply_key=f"reply:{key}")
        except Exception:
            logger.exception("DM failed: user=%s text=%r", event.get("user"), text[:200])
            answer = message_blocks(SORRY)
        answer_once(self.services, f"reply:{key}", event["channel"], answer)
