"""The App Home tab: how to use the bot, the latest issue, and the user's own tips; for an editor,
first the tip queue, the announcements that wait for a decision, and the feed's and archive's health."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.services import Services
from handlers.answers import publish_home


def make_home_listener(services: Services) -> Callable[..., None]:
    def publish(event: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        try:
            publish_home(services, client, event["user"])
        except Exception:
            logger.exception("publishing App Home failed for user=%s", event.get("user"))

    return publish
