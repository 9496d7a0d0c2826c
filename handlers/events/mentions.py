"""`@worksonarm …` in a channel: a search, a tip or the usage, answered in a thread of the message.

As for DMs, the ack saves a tip before Slack hears back, and the reply goes out once through the
outbox, keyed on the mention's channel and ts: a retried event (X-Slack-Retry-Num) posts nothing.
The ack never waits for Slack: the message's permalink is fetched after the reply, and kept."""

from __future__ import annotations

import logging
from typing import Any

from bot.services import Services
from handlers.answers import (
    SORRY,
    Meanwhile,
    answer_once,
    keep_permalink,
    search_page,
    take_tip,
    tip_answer,
)
from handlers.events.direct_messages import GREETINGS
from handlers.ui.blocks import help_blocks, message_blocks
from handlers.ui.mrkdwn import without_mention


def mention_text(event: dict[str, Any], bot_user_id: str | None) -> str:
    """What was said to the bot: its own mention taken out (anywhere: "hey @worksonarm golang?"),
    other people's kept. Without the bot's id, the leading mention is the bot's."""
    return without_mention(str(event.get("text") or ""), bot_user_id)


def mention_key(event: dict[str, Any]) -> str:
    return f"mention:{event.get('channel')}:{event.get('ts')}"


def is_channel_mention(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A person's mention in a channel. In a DM the message listener answers, as it always has."""
    return (
        bool(event.get("user"))
        and not event.get("bot_id")
        and event.get("user") != bot_user_id
        and event.get("channel_type") != "im"
        and not str(event.get("channel", "")).startswith("D")
    )


class Mentions:
    """The app_mention listener pair: `ack` keeps a tip safe, `reply` answers once, in the thread."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.meanwhile = Meanwhile(services)

    def tip_fields(self, event: dict[str, Any], bot_user_id: str | None) -> dict[str, Any]:
        text = mention_text(event, bot_user_id)
        return {
            "user_id": event.get("user", ""),
            "text": text[4:].strip() if text[:4].lower() == "tip " else text,
            "source": "mention",
            "event_key": mention_key(event),
            "channel": event.get("channel", ""),
            "ts": event.get("ts", ""),
        }

    def ack(self, ack: Any, event: dict[str, Any], context: Any, logger: logging.Logger) -> None:
        bot = context.get("bot_user_id")
        text = mention_text(event, bot)
        try:
            if is_channel_mention(event, bot) and _is_tip(text):
                take_tip(self.services, **self.tip_fields(event, bot))
        except Exception:  # locked, read-only: the reply below tries again, patiently
            logger.warning(
                "saving a mention's tip in the ack failed: user=%s", event.get("user"), exc_info=True
            )
        ack()

    def reply(self, event: dict[str, Any], context: Any, client: Any, logger: logging.Logger) -> None:
        bot = context.get("bot_user_id")
        if not is_channel_mention(event, bot):
            return
        text = mention_text(event, bot)
        thread = str(event.get("thread_ts") or event.get("ts"))
        try:
            if _is_tip(text):
                answer = tip_answer(
                    self.services,
                    mention_key(event),
                    lambda: self.tip_fields(event, bot),
                    lambda word: self.meanwhile.say(mention_key(event), event["channel"], word, thread),
                )
            elif text.lower() in GREETINGS:
                answer = help_blocks(self.services.is_editor(event.get("user", "")))
            else:
                reply_key = f"reply:{mention_key(event)}"
                answer = search_page(self.services, text, 0, compact=True, reply_key=reply_key)
        except Exception:
            logger.exception("mention failed: user=%s text=%r", event.get("user"), text[:200])
            answer = message_blocks(SORRY)
        answer_once(self.services, f"reply:{mention_key(event)}", event["channel"], answer, thread_ts=thread)
        if _is_tip(text):
            keep_permalink(
                self.services, client, mention_key(event), event["channel"], str(event.get("ts", ""))
            )


def _is_tip(text: str) -> bool:
    """Only "tip …" files a tip from a channel: a link said to the bot there may just be a question."""
    return text.lower() == "tip" or text[:4].lower() == "tip "
