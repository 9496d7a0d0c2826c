"""The command line's frame: the `worksonarm-bot` group, its context, printing safely to a
terminal, and `main`, which turns every failure into one line on stderr and an exit code."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import click
from sqlite_utils import Database

from bot import __version__
from bot.archive.issues import refresh_issue_urls
from bot.clock import utc_now
from bot.config import Settings, load_settings
from bot.db import open_db
from bot.errors import ConfigError, WorksOnArmError
from bot.schema import migrations

# Terminal control: C0 (but newline and tab), DEL and C1. User text must not retitle or rewrite
# an editor's terminal, even through a pipe.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print, with terminal control characters removed."""
    click.echo(_CONTROL.sub("", text), err=err, nl=nl)


def json_text(data: Any) -> str:
    """JSON for a terminal: readable Unicode, but control characters escaped, never raw."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Context:
    """What every command gets: the settings (read once) and the database, `--db` first."""

    def __init__(self, db_override: str | None) -> None:
        self._db_override = db_override
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The settings, with --db taking the place of WORKSONARM_DB."""
        if self._settings is None:
            loaded = load_settings()
            self._settings = replace(loaded, db_path=self._db_override or loaded.db_path)
        return self._settings

    @property
    def db_path(self) -> str:
        return self.settings.db_path

    def now(self) -> dt.datetime:
        """The one clock (bot/clock.py)."""
        return utc_now()

    @contextmanager
    def db(self) -> Iterator[Database]:
        """The database, its issue URLs current with WORKSONARM_ISSUE_URL."""
        with open_db(self.db_path, migrations=migrations) as db:
            refresh_issue_urls(db, self.settings.issue_url_template)
            yield db


# Each command's module, imported only when that command runs (or help lists them all): a
# `search` never pays for the outbox's, the tips' or serve's imports (a cold start is the cost).
COMMANDS = {
    "index": "archive",
    "search": "archive",
    "poll": "operations",
    "status": "operations",
    "shell": "operations",
    "serve": "operations",
    "run": "operations",
    "manifest": "operations",
    "sync": "operations",
    "backup": "operations",
    "announce": "outbox",
    "hold": "outbox",
    "release": "outbox",
    "outbox": "outbox",
    "questions": "questions",
    "tips": "tips",
    "digest": "digest",
}


class LazyGroup(click.Group):
    """The commands of COMMANDS, each loaded from its module (which adds it to this group)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"bot.cli.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", metavar="PATH", help="SQLite file (default: $WORKSONARM_DB).")
@click.option("--debug", is_flag=True, help="Log more, and show tracebacks on errors.")
@click.version_option(__version__, "--version", prog_name="worksonarm-bot", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, debug: bool) -> None:
    """worksonarm-bot: search, tips and announcements for Works on Arm News."""
    ctx.obj = Context(db_path)


def log_level() -> int:
    """DEBUG with --debug, else INFO."""
    return logging.DEBUG if click.get_current_context().find_root().params.get("debug") else logging.INFO


def one_shot_logging(settings: Settings) -> None:
    """A one-shot command says what it did itself (and a failure in one line on stderr): its log,
    readable on a terminal and JSON lines elsewhere, is shown only with --debug."""
    from bot.logs import configure_logging

    debug = log_level() == logging.DEBUG
    configure_logging(settings.secrets, level=logging.DEBUG if debug else logging.CRITICAL + 1)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into a one-line message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="worksonarm-bot", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:  # `worksonarm-bot` alone: the help
        say(exc.format_message(), err=True)
        sys.exit(2)
    except click.UsageError as exc:  # one line, and where to read the usage
        where = exc.ctx.command_path if exc.ctx else "worksonarm-bot"
        _fail(f"{exc.format_message()} (see `{where} --help`)", 2, debug)
    except click.ClickException as exc:
        _fail(exc.format_message(), 1, debug)
    except click.exceptions.Abort:
        say("worksonarm-bot: aborted", err=True)
        sys.exit(1)
    except ConfigError as exc:
        _fail(f"configuration error: {exc}", 2, debug)
    except WorksOnArmError as exc:
        _fail(str(exc), 1, debug)
    except Exception as exc:
        _fail(f"{type(exc).__name__}: {exc}", 1, debug)
    sys.exit(0)


def _fail(message: str, code: int, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    say(f"worksonarm-bot: {message}", err=True)
    sys.exit(code)
