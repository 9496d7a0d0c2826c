"""Direct messages to the bot: a link (or "tip …") is a tip; other words are a search."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.services import Services
from bot.tips.intake import claim_reply, mark_replied
from handlers.blocks import as_dicts, help_blocks, message_blocks
from handlers.commands import SORRY, search_page
from handlers.tips import dm_event_key, is_tip_text, now, save_dm_tip

# Edits, deletions, joins and the like carry a subtype; a person's new message has none
# (or file_share / thread_broadcast).
_PERSON_SUBTYPES = {None, "file_share", "thread_broadcast"}
SEARCH_HINT = "\n_To suggest something for the next issue, send me its link._"


def is_person_dm(event: dict[str, Any], bot_user_id: str | None = None) -> bool:
    """True for a new message a person sent the bot in a DM: not an edit, not a bot, not us."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in _PERSON_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def make_dm_ack(services: Services) -> Callable[..., None]:
    """Save a DM tip before Slack hears the ack: if we die after, Slack retries; never lost."""

    def dm_ack(ack: Any, event: dict[str, Any], context: Any, logger: logging.Logger) -> None:
        try:
            if is_person_dm(event, context.get("bot_user_id")) and is_tip_text(event.get("text") or ""):
                save_dm_tip(services, event)
        except Exception:
            logger.exception("saving a DM tip failed: user=%s", event.get("user"))
        ack()

    return dm_ack


def make_dm_listener(services: Services) -> Callable[..., None]:
    """The reply, after the ack: the tip's archive check, or search results."""

    def direct_message(event: dict[str, Any], client: Any, context: Any, logger: logging.Logger) -> None:
        if not is_person_dm(event, context.get("bot_user_id")):
            return
        text = (event.get("text") or "").strip()
        tip_id = None
        try:
            if is_tip_text(text):
                fallback, blocks, saved = save_dm_tip(services, event)  # idempotent: finds the saved row
                tip_id = saved.id if saved else None
                if saved is not None and not _claim_reply(services, dm_event_key(event)):
                    return  # Slack sent this event again and another worker answers it
            elif text.lower() in ("", "help", "hi", "hello"):
                fallback, blocks = help_blocks()
            else:
                fallback, blocks = search_page(services, text, 0)
        except Exception:
            logger.exception("DM failed: user=%s text=%r", event.get("user"), text[:200])
            fallback, blocks = message_blocks(SORRY)
        client.chat_postMessage(channel=event["channel"], text=fallback, blocks=as_dicts(blocks))
        if tip_id is not None:
            with services.db() as db:
                mark_replied(db, tip_id, now())

    return direct_message


def _claim_reply(services: Services, event_key: str) -> bool:
    with services.db() as db:
        return claim_reply(db, event_key)
