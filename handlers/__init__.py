"""Slack listeners, one package per Slack surface, each with `register(app, services)`.

They translate Slack payloads into calls on the core (`bot/`) and its results into Block Kit
(`handlers/ui/`). `register_handlers` is the one place that says what the app answers; the
manifest lists the same (a test keeps them in agreement).
"""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import actions, commands, events, shortcuts, views


def register_handlers(app: App, services: Services) -> None:
    """Register every listener. Work that calls Slack runs lazily, after the ack."""
    for surface in (commands, actions, shortcuts, views, events):
        surface.register(app, services)
