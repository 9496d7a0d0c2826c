"""`/worksonarm`: help, search, `latest`, `issue <N|YYYY-Www>`, `tip`, `follow`, `following` and
`unfollow`. The answer is the ack itself (search is local and fast); a tip that must wait for the
database is finished after it."""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.archive import identity
from bot.archive.issues import find_issue, issue_ref, latest_issue, why_no_issue
from bot.archive.query import parse_query
from bot.archive.stopwords import CHAT, QUESTION_AND_STOP_WORDS
from bot.outbox.editors import issue_and_options
from bot.services import Services
from handlers.answers import (
    BUSY,
    SORRY,
    Busy,
    Reply,
    is_direct,
    search_page,
    take_tip,
    take_tip_patiently,
)
from handlers.commands.editors import EDITOR_WORDS, editor_command
from handlers.commands.questions import WORDS as QUESTION_WORDS
from handlers.commands.questions import question_command, question_words
from handlers.ui.blocks import as_dicts, help_blocks, issue_blocks, message_blocks
from handlers.ui.mrkdwn import as_query

COMMAND = "/worksonarm"
# After `help` or `?`, a subcommand's name asks for the usage (`help tip`), as words on using the
# bot do (`help how do i search`); other words are a search (`help me find golang`).
SUBCOMMANDS = frozenset({"help", "?", "latest", "issue", "tip", *QUESTION_WORDS, *EDITOR_WORDS, "tips"})
USAGE_WORDS = frozenset(
    "search searching searches commands command usage work works bot this export send ask suggest".split()
)
LATEST = frozenset("latest last newest current recent new one".split())  # `issue latest`: the latest issue
ISSUE_HELP = (
    "`/worksonarm issue` shows one issue: give its number or week, like `issue 3` or `issue 2017-W19`."
)


class WorksonarmCommand:
    """The /worksonarm listener pair: `ack` answers, `finish` completes what the ack could not."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._deferred: set[str] = set()  # trigger ids of tips the ack could not save in time
        self._lock = threading.Lock()

    def ack(self, ack: Any, command: dict[str, Any], logger: logging.Logger) -> None:
        text = (command.get("text") or "").strip()
        try:
            fallback, blocks = self.route(text, command)
            shown = as_dicts(blocks)  # here: a block Slack would refuse is our failure, said politely
        except Busy:
            with self._lock:
                self._deferred.add(str(command.get("trigger_id")))
            fallback, shown = _plain(BUSY)
        except Exception:
            logger.exception("/worksonarm failed: user=%s text=%r", command.get("user_id"), text[:200])
            fallback, shown = _plain(SORRY)
        ack(text=fallback, blocks=shown, response_type="ephemeral")

    def finish(self, command: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        """A tip the ack deferred: saved now, with the patience an ack cannot have."""
        with self._lock:
            if str(command.get("trigger_id")) not in self._deferred:
                return
            self._deferred.discard(str(command.get("trigger_id")))
        taken = take_tip_patiently(self.services, **_tip_fields(command))
        fallback, blocks = taken.reply if taken else message_blocks(SORRY)
        respond(text=fallback, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)

    def route(self, text: str, command: dict[str, Any]) -> Reply:
        """Pick the subcommand from the first word and what follows it; anything else is a search
        of the whole text: "help me find golang", "? golang" and "issue tracker" are questions."""
        word, _, rest = text.partition(" ")
        word, rest = word.lower(), rest.strip()
        said = _said(rest)
        if word in ("", "help", "?") and _only(said, SUBCOMMANDS | USAGE_WORDS):
            return help_blocks(self.services.is_editor(command.get("user_id", "")))
        latest = word == "issue" and bool(set(said) & LATEST) and _only(said, LATEST)  # "issue last"
        if (word == "latest" and not rest) or latest:
            return self.latest()
        if word == "issue" and (_is_issue(ref := issue_ref(rest)) or not ref):  # "issue #" asks how
            return self.issue(rest)
        if word == "issue" and _only(said):  # "issue pls": how to ask for one
            return self.issue("")
        if word == "tip":
            return take_tip(self.services, **_tip_fields(command)).reply
        if standing := question_words(text):
            return question_command(self.services, command.get("user_id", ""), *standing)
        if word in EDITOR_WORDS and _steers(word, rest, self.services.is_editor(command.get("user_id", ""))):
            user, trigger = command.get("user_id", ""), str(command.get("trigger_id") or "")
            return editor_command(self.services, user, word, rest, trigger)
        if word == "tips" and rest in ("", "export"):
            return editor_command(self.services, command.get("user_id", ""), word, rest)
        return search_page(self.services, text, 0, shareable=not is_direct(command.get("channel_id", "")))

    def latest(self) -> Reply:
        with self.services.db() as db:
            latest = latest_issue(db)
        return issue_blocks(latest) if latest else message_blocks("No issue is indexed yet.")

    def issue(self, ref: str) -> Reply:
        if not ref:
            return message_blocks(ISSUE_HELP)
        with self.services.db() as db:
            issue = find_issue(db, ref)
            if issue is not None:
                return issue_blocks(issue)
            why = why_no_issue(db, ref)
            latest = latest_issue(db)
        text = f"I found no issue “{ref[:100]}”: {why}."
        if latest is not None:
            text += f" The latest is {latest.week}" + (f", Issue {latest.number}." if latest.number else ".")
        return message_blocks(text)


def _plain(text: str) -> tuple[str, list[dict[str, Any]]]:
    fallback, blocks = message_blocks(text)
    return fallback, as_dicts(blocks)


def _said(rest: str) -> list[str]:
    """The words after a subcommand, as a search reads them (no emoji, no mentions)."""
    return [token for term in parse_query(as_query(rest)).terms for token in term.tokens]


def _only(said: list[str], words: frozenset[str] = frozenset()) -> bool:
    """Whether the words name nothing to search: none, chat and question words, or some of
    `words` ("help how do i search", "help 🙏", "issue latest", "issue pls"). Not the stop-words
    package's list, which has names: "help go", "issue with microsoft" are searches."""
    return all(w in words or w in QUESTION_AND_STOP_WORDS or w in CHAT for w in said)


def _steers(word: str, rest: str, editor: bool) -> bool:
    """Whether the text is an editors' command: `status` alone, or `announce`, `hold` or `release`
    with an issue (a number or a week, then its options), or alone from an editor (who is asked
    which issue). Anything else is a search: "release notes for golang", "announce arm64 servers"."""
    if word == "status" or not rest:
        return not rest and (word == "status" or editor)
    return _is_issue(issue_ref(issue_and_options(rest)[0]))  # "release issue 63! again"


def _is_issue(ref: str) -> bool:
    """Whether a bare reference (issue_ref) is written as an issue: a number, or a week in any
    spelling (`W20 2018`, `week 20, 2018`), one that does not exist too (`2017-W60`: the lookup
    says why there is none). Other words ("tracker") are no issue but a search."""
    if ref.isascii() and ref.isdigit():
        return True
    try:
        return identity.parse_week(ref) is not None
    except identity.NoSuchWeek:
        return True


def _tip_fields(command: dict[str, Any]) -> dict[str, Any]:
    text = (command.get("text") or "").strip()
    return {
        "user_id": command.get("user_id", ""),
        "user_name": command.get("user_name", ""),
        "text": text.partition(" ")[2].strip(),
        "source": "command",
        "event_key": f"command:{command.get('trigger_id')}",
        "channel": command.get("channel_id", ""),
    }
