"""The local console loop: no Slack at all. Works interactively and with piped input."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

WELCOME = (
    "worksonarm-bot shell: type `/worksonarm golang` to search, or a line of text to DM the bot.\n"
    "`/worksonarm help` explains the search; `quit` (or Ctrl-D) leaves."
)


class Bot(Protocol):
    def command(self, text: str) -> str: ...
    def more(self) -> str: ...
    def direct_message(self, text: str) -> str: ...


def reply_to(bot: Bot, line: str) -> str | None:
    """One typed line in, the bot's reply out; None means leave."""
    line = line.strip()
    if line in ("quit", "exit", "/quit"):
        return None
    if not line:
        return ""
    if line in ("more", "/worksonarm more"):
        return bot.more()
    if line == "/worksonarm" or line.startswith("/worksonarm "):
        return bot.command(line.removeprefix("/worksonarm").strip())
    if line.startswith("/"):
        return f"Unknown command {line.split()[0]}. Try `/worksonarm help`."
    return bot.direct_message(line)


def run_shell(bot: Bot, lines: Iterable[str], write: Callable[[str], None]) -> None:
    """Answer each line until the input ends or the user quits."""
    for line in lines:
        reply = reply_to(bot, line)
        if reply is None:
            break
        if reply:
            write(reply + "\n\n")
