"""Buttons: "Share in channel" and "More results". Ack at once; the reply goes to response_url."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from bot.archive.search import hit_for_story
from bot.services import Services
from handlers.blocks import as_dicts, message_blocks, shared_blocks
from handlers.commands import SORRY, search_page


def ack_now(ack: Any) -> None:
    """Acknowledge within Slack's 3 seconds; the lazy listener does the work."""
    ack()


def _value(body: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(body["actions"][0].get("value") or "{}")
    except (KeyError, IndexError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def make_share_listener(services: Services) -> Callable[..., None]:
    """Post one hit for everyone in the channel, saying who shared it."""

    def share_hit(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = _value(body)
        user = body.get("user", {}).get("id", "")
        try:
            with services.db() as db:
                hit = hit_for_story(
                    db,
                    int(value.get("s", -1)),
                    str(value.get("q", "")),
                    issue_url_template=services.settings.issue_url_template,
                )
            if hit is None:
                text, blocks = message_blocks("That story is no longer in the index.")
                respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)
                return
            text, blocks = shared_blocks(hit, str(value.get("q", "")), user)
            respond(text=text, blocks=as_dicts(blocks), response_type="in_channel", replace_original=False)
        except Exception:
            logger.exception("share failed: user=%s value=%r", user, value)
            text, blocks = message_blocks(SORRY)
            respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)

    return share_hit


def make_more_listener(services: Services) -> Callable[..., None]:
    """Replace the results message in place with the next page."""

    def more_results(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = _value(body)
        try:
            offset = max(0, int(value.get("o", 0)))
            text, blocks = search_page(services, str(value.get("q", "")), offset)
        except Exception:
            logger.exception("more results failed: value=%r", value)
            text, blocks = message_blocks(SORRY)
        respond(text=text, blocks=as_dicts(blocks), replace_original=True)

    return more_results
