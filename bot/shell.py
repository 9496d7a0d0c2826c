"""The local console: try the bot with no Slack at all. Works interactively and with piped input."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlite_utils import Database

from bot.search import search_stories

HELP = """Type `/worksonarm <words>` to search every indexed issue, for example:
  /worksonarm golang
  /worksonarm "raspberry pi" year:2018
  /worksonarm kubernetes issue:2018-W20
Filters: issue:N or issue:YYYY-Www, year:YYYY, before:DATE, after:DATE.
`/worksonarm more` shows the next results. `quit` (or Ctrl-D) leaves."""


class Shell:
    """Reads commands line by line and writes the bot's replies as plain text."""

    def __init__(self, db: Database, format_result: Callable[..., str], issue_url_template: str) -> None:
        self.db = db
        self.format_result = format_result
        self.issue_url_template = issue_url_template
        self._last_query = ""
        self._offset = 0

    def handle(self, line: str) -> str | None:
        """One line in, the reply out; None means leave."""
        line = line.strip()
        if line in ("quit", "exit", "/quit"):
            return None
        if not line:
            return ""
        if not line.startswith("/worksonarm"):
            return "Messages to the bot (tips) are not handled yet. " + HELP
        text = line.removeprefix("/worksonarm").strip()
        if text in ("", "help"):
            return HELP
        if text == "more" and self._last_query:
            self._offset += 5
        else:
            self._last_query, self._offset = text, 0
        result = search_stories(
            self.db,
            self._last_query,
            limit=5,
            offset=self._offset,
            issue_url_template=self.issue_url_template,
        )
        reply = self.format_result(result)
        if result.has_more:
            reply += "\n\n(`/worksonarm more` for the next results)"
        return reply

    def run(self, lines: Iterable[str], write: Callable[[str], None], prompt: str = "") -> None:
        """Answer each line until the input ends or the user quits."""
        for line in lines:
            reply = self.handle(line)
            if reply is None:
                break
            if reply:
                write(reply)
            if prompt:
                write(prompt)
