"""The `worksonarm-bot` command line. Each module adds its commands to the one group, loaded when
one of them runs (bot.cli.base.COMMANDS)."""

from bot.cli.base import cli, main

__all__ = ["cli", "main"]
