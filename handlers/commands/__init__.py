"""Slash commands: `/worksonarm` and its subcommands."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.commands.worksonarm import COMMAND, WorksonarmCommand


def register(app: App, services: Services) -> None:
    command = WorksonarmCommand(services)
    app.command(COMMAND)(ack=command.ack, lazy=[command.finish])
