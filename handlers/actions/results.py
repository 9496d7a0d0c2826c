"""Search result buttons: "Share in channel" and "More results". The reply goes to response_url."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.archive.hits import hit_for_story
from bot.archive.search import MAX_OFFSET
from bot.services import Services
from handlers.actions.values import bounded_int, json_value
from handlers.answers import SORRY, is_direct, search_page
from handlers.ui.blocks import BUTTON_VALUE_LIMIT, as_dicts, message_blocks, shared_blocks

MAX_CARRIED = BUTTON_VALUE_LIMIT  # a button carries no more: a forged value is cut, never searched whole


def make_share_listener(services: Services) -> Callable[..., None]:
    """Post one hit for everyone in the channel, saying who shared it."""

    def share_hit(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = json_value(body)
        user = (body.get("user") or {}).get("id", "")
        query = str(value.get("q", ""))[:500]
        try:
            story_id = bounded_int(value.get("s"), -1)
            with services.db() as db:
                hit = hit_for_story(db, story_id, query) if story_id >= 0 else None
            if hit is None:
                text, blocks = message_blocks("That story is no longer in the index.")
                respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)
                return
            text, blocks = shared_blocks(hit, query, user)
            respond(text=text, blocks=as_dicts(blocks), response_type="in_channel", replace_original=False)
        except Exception:
            logger.exception("share failed: user=%s value=%r", user, value)
            text, blocks = message_blocks(SORRY)
            respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)

    return share_hit


def make_more_listener(services: Services) -> Callable[..., None]:
    """Replace the results message in place with the next page, or (the "Search exactly as
    typed" button, which carries no offset) with the words as typed."""

    def more_results(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = json_value(body)
        try:
            offset = bounded_int(value.get("o"), 0, MAX_OFFSET)
            exact, shareable = bool(value.get("x")), not value.get("n")
            query = str(value.get("q", ""))[:MAX_CARRIED]
            as_words = bool(value.get("w"))
            text, blocks = search_page(
                services, query, offset, exact=exact, shareable=shareable, counted=False, as_words=as_words
            )
        except Exception:
            logger.exception("more results failed: value=%r", value)
            text, blocks = message_blocks(SORRY)
        respond(text=text, blocks=as_dicts(blocks), replace_original=True)

    return more_results


def make_private_listener(services: Services) -> Callable[..., None]:
    """Under a thread reply: every result, shown only to the one who pressed, with paging."""

    def results_privately(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = json_value(body)
        channel = str((body.get("channel") or {}).get("id", ""))
        try:
            query = str(value.get("q", ""))[:MAX_CARRIED]
            shareable = not is_direct(channel)
            exact, as_words = bool(value.get("x")), bool(value.get("w"))
            text, blocks = search_page(
                services, query, 0, exact=exact, shareable=shareable, counted=False, as_words=as_words
            )
        except Exception:
            logger.exception("private results failed: value=%r", value)
            text, blocks = message_blocks(SORRY)
        respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)

    return results_privately
