"""Direct messages to the bot. Plain words are a search; only people's new messages count."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.services import Services
from handlers.blocks import as_dicts, help_blocks, message_blocks
from handlers.commands import SORRY, search_page

# Edits, deletions, joins and the like carry a subtype; a person's new message has none
# (or file_share / thread_broadcast).
_PERSON_SUBTYPES = {None, "file_share", "thread_broadcast"}


def is_person_dm(event: dict[str, Any], bot_user_id: str | None = None) -> bool:
    """True for a new message a person sent the bot in a DM: not an edit, not a bot, not us."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in _PERSON_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def make_dm_listener(services: Services) -> Callable[..., None]:
    def direct_message(event: dict[str, Any], client: Any, context: Any, logger: logging.Logger) -> None:
        if not is_person_dm(event, context.get("bot_user_id")):
            return
        text = (event.get("text") or "").strip()
        try:
            fallback, blocks = (
                help_blocks()
                if text.lower() in ("", "help", "hi", "hello")
                else search_page(services, text, 0)
            )
        except Exception:
            logger.exception("DM failed: user=%s text=%r", event.get("user"), text[:200])
            fallback, blocks = message_blocks(SORRY)
        client.chat_postMessage(channel=event["channel"], text=fallback, blocks=as_dicts(blocks))

    return direct_message
