"""Shortcuts: "Suggest for Works on Arm" on any message."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.shortcuts.suggest_tip import make_shortcut_listener
from handlers.ui.tips import SHORTCUT


def register(app: App, services: Services) -> None:
    app.shortcut(SHORTCUT)(make_shortcut_listener(services))
