"""The App Home tab: how to use the bot, the latest issue, and the user's own tips."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.archive.issues import latest_issue
from bot.services import Services
from bot.tips.triage import list_tips
from handlers.ui.home import home_view


def make_home_listener(services: Services) -> Callable[..., None]:
    def publish_home(event: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        try:
            with services.db() as db:
                latest = latest_issue(db)
                tips = list_tips(db, user_id=event["user"], limit=10)
            client.views_publish(user_id=event["user"], view=home_view(latest, tips))
        except Exception:
            logger.exception("publishing App Home failed for user=%s", event.get("user"))

    return publish_home
