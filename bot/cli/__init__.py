"""The `worksonarm-bot` command line. Each module adds its commands to the one group."""

from bot.cli import archive, operations, outbox, questions, tips
from bot.cli.base import cli, main

__all__ = ["archive", "cli", "main", "operations", "outbox", "questions", "tips"]
