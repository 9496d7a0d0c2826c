"""The `worksonarm-bot` command line. Each module adds its commands to the one group."""

from bot.cli import archive, digest, operations, outbox, questions, tips
from bot.cli.base import cli, main

__all__ = ["archive", "cli", "digest", "main", "operations", "outbox", "questions", "tips"]
