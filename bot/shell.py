"""The local console: the real listeners with no Slack at all, interactive or with piped input.

ConsoleSlack calls each listener with stand-ins for ack, respond and the Web API client, and a
messenger that prints what the outbox would send.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.errors import ConfigError
from bot.services import Services
from handlers.actions.results import make_more_listener
from handlers.actions.triage import make_triage_listener
from handlers.commands.worksonarm import WorksonarmCommand
from handlers.events.direct_messages import DirectMessages
from handlers.ui.blocks import ACTION_MORE
from handlers.ui.digest import core_message
from handlers.ui.mrkdwn import as_terminal
from handlers.ui.tips import ACTION_ACCEPT

log = logging.getLogger("worksonarm.console")
CONSOLE_USER = "U0CONSOLE"
CONSOLE_EDITOR = "U0EDITOR"
_CHOICE = re.compile(r"^(accept|reject)\s+#?(\d{1,12})$", re.I)
CONSOLE_DM = "D0CONSOLE"
WELCOME = (
    "worksonarm-bot shell: type `/worksonarm golang` to search, or a line of text to DM the bot.\n"
    "`/worksonarm help` explains the search; `more` shows the next results; `quit` (or Ctrl-D) leaves."
)
EDITOR_WELCOME = (
    "You are an editor here: `/worksonarm tips` shows the new tips; `accept 12` or `reject 12` "
    "is the Accept or Reject button of tip #12; `/worksonarm tips export` prints the draft."
)


def render(blocks: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Blocks as terminal text, plus the value of a "More results" button if there is one."""
    lines: list[str] = []
    more: str | None = None
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            lines.append(as_terminal(block.get("text", {}).get("text", "")))
        elif kind == "context":
            lines.append("   " + " ".join(as_terminal(e.get("text", "")) for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("")
        elif kind == "actions":
            for element in block.get("elements", []):
                if element.get("action_id") == ACTION_MORE:
                    more = element.get("value")
                    lines.append("(type `more` for the next results)")
                elif element.get("action_id") == ACTION_ACCEPT:
                    tip = element.get("value")
                    lines.append(f"   (type `accept {tip}` or `reject {tip}`)")
    return "\n".join(lines).strip(), more


class ConsoleMessenger:
    """The outbox's messenger in the console: what would be sent to Slack is kept to be printed."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self._ts = itertools.count(1)

    def send(self, payload: dict[str, Any], key: str) -> str:
        text, blocks = (payload["text"], payload["blocks"]) if "blocks" in payload else core_message(payload)
        self.sent.append({"text": text, "blocks": blocks})
        return f"{time.time():.6f}{next(self._ts)}"

    def find_sent(self, payload: dict[str, Any], key: str, since: dt.datetime) -> str | None:
        return None


class ConsoleSlack:
    """Calls the real listeners, as Slack would drive them, and returns what they would show."""

    def __init__(self, services: Services, user: str = CONSOLE_USER) -> None:
        self.messenger = ConsoleMessenger()
        services = replace(services, courier=replace(services.courier, messenger=self.messenger))
        self.user = user
        self._command = WorksonarmCommand(services)
        self._more = make_more_listener(services)
        self._dms = DirectMessages(services)
        self._triage = {
            "accept": make_triage_listener(services, "accepted"),
            "reject": make_triage_listener(services, "rejected"),
        }
        self._more_value: str | None = None
        self._count = itertools.count(1)

    def command(self, text: str) -> str:
        """`/worksonarm <text>` as the console user."""
        out: list[dict[str, Any]] = []
        command = {
            "text": text,
            "user_id": self.user,
            "user_name": "console",
            "channel_id": "C0CONSOLE",
            "command": "/worksonarm",
            "trigger_id": f"console.{time.time():.6f}.{next(self._count)}",
        }
        self._command.ack(ack=lambda **kw: out.append(kw), command=command, logger=log)
        self._command.finish(command=command, respond=lambda **kw: out.append(kw), logger=log)
        return self._show(out)

    def more(self) -> str:
        """Press the last "More results" button."""
        if not self._more_value:
            return "There are no more results to show."
        out: list[dict[str, Any]] = []
        body = {"actions": [{"action_id": ACTION_MORE, "value": self._more_value}], "user": {"id": self.user}}
        self._more(body=body, respond=lambda **kw: out.append(kw), logger=log)
        return self._show(out)

    def choose(self, choice: str, tip_id: str) -> str:
        """Press Accept or Reject on a tip of the editors' queue."""
        out: list[dict[str, Any]] = []
        body = {"actions": [{"action_id": f"tip_{choice}", "value": tip_id}], "user": {"id": self.user}}
        self._triage[choice](body=body, respond=lambda **kw: out.append(kw), client=None, logger=log)
        return self._show(out)

    def direct_message(self, text: str) -> str:
        """A DM to the bot, as Slack's message.im event would bring it."""
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": CONSOLE_DM,
            "user": self.user,
            "text": text,
            "ts": f"{time.time():.6f}{next(self._count):03d}",
        }
        context = {"bot_user_id": "U0BOT"}
        # The same two steps Slack drives: save in the ack, reply after it.
        self._dms.ack(ack=lambda **_: None, event=event, context=context, logger=log)
        self._dms.reply(event=event, context=context, logger=log)
        out, self.messenger.sent = self.messenger.sent, []
        return self._show(out)

    def _show(self, replies: list[dict[str, Any]]) -> str:
        texts = []
        self._more_value = None
        for reply in replies:
            blocks = reply.get("blocks") or []
            text, more = render(blocks) if blocks else (as_terminal(reply.get("text", "")), None)
            self._more_value = more or self._more_value
            texts.append(text)
        return "\n\n".join(texts)


def reply_to(bot: ConsoleSlack, line: str) -> str | None:
    """One typed line in, the bot's reply out; None means leave."""
    line = line.strip()
    if line in ("quit", "exit", "/quit"):
        return None
    if not line:
        return ""
    if line in ("more", "/worksonarm more"):
        return bot.more()
    if choice := _CHOICE.match(line):
        return bot.choose(choice.group(1).lower(), choice.group(2))
    if line == "/worksonarm" or line.startswith("/worksonarm "):
        return bot.command(line.removeprefix("/worksonarm").strip())
    if line.startswith("/"):
        return f"Unknown command {line.split()[0]}. Try `/worksonarm help`."
    return bot.direct_message(line)


def run_shell(bot: ConsoleSlack, lines: Iterable[str], write: Callable[[str], None]) -> None:
    """Answer each line until the input ends or the user quits."""
    for line in lines:
        reply = reply_to(bot, line)
        if reply is None:
            break
        if reply:
            write(reply + "\n\n")


def console_db_path(settings: Settings) -> str:
    """The console's own database: WORKSONARM_CONSOLE_DB, else beside the bot's, `worksonarm.db`
    -> `worksonarm-console.db`."""
    if settings.console_db or settings.db_path == ":memory:":
        return settings.console_db or settings.db_path
    path = Path(settings.db_path)
    return str(path.with_name(f"{path.stem}-console{path.suffix}"))


def open_console(settings: Settings, *, editor: bool = False) -> ConsoleSlack:
    """The console on its own database, the shipped issues in it: its tips never reach the editors'
    queue and its messages never reach Slack, whatever is configured."""
    from bot.app import index_shipped

    own = replace(settings, db_path=console_db_path(settings), slack_bot_token="", slack_app_token="")
    if Path(own.db_path).resolve() == Path(settings.db_path).resolve():
        raise ConfigError("WORKSONARM_CONSOLE_DB must not be the bot's own database (WORKSONARM_DB)")
    index_shipped(own)
    return console(own, editor=editor)


def typed_lines(prompt: str = "> ") -> Iterator[str]:
    """Lines typed at a terminal, with line editing and a history (up arrow, Ctrl-R) kept across
    sessions in ~/.worksonarm-bot_history, where Python has readline."""
    _line_editing(Path.home() / ".worksonarm-bot_history")
    while True:
        try:
            yield input(prompt)
        except EOFError:
            print()
            return


def _line_editing(history: Path) -> None:
    try:
        import readline
    except ImportError:  # a Python built without it: plain input() still works
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):  # a read-only home: this session's history is lost
            readline.write_history_file(history)

    atexit.register(save)


def console(settings: Settings, *, editor: bool = False) -> ConsoleSlack:
    """The listeners wired to the local console instead of Slack; `editor`: as one of the editors."""
    if editor:
        settings = replace(settings, editors=(*settings.editors, CONSOLE_EDITOR))
    return ConsoleSlack(Services(settings), user=CONSOLE_EDITOR if editor else CONSOLE_USER)
