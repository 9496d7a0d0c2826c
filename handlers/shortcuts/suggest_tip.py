"""The message shortcut: open the tip modal, prefilled with the message's text."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.services import Services
from bot.tips.triage import recurring_sections
from handlers.ui.mrkdwn import decode
from handlers.ui.tips import suggest_modal


def make_shortcut_listener(services: Services) -> Callable[..., None]:
    def suggest_tip(ack: Any, shortcut: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        ack()
        message = shortcut.get("message") or {}
        metadata = {
            "channel": (shortcut.get("channel") or {}).get("id", ""),
            "ts": message.get("ts") or shortcut.get("message_ts", ""),
        }
        try:
            with services.db() as db:
                sections = recurring_sections(db)
            client.views_open(
                trigger_id=shortcut["trigger_id"],
                view=suggest_modal(decode(message.get("text", "")), sections, metadata),
            )
        except Exception:
            logger.exception("opening the tip modal failed: user=%s", (shortcut.get("user") or {}).get("id"))

    return suggest_tip
