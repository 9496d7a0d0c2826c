"""`/worksonarm`: help, search, `latest` and `issue <N|YYYY-Www>`. Replies go in the ack itself."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks import Block

from bot.archive.issues import find_issue, latest_issue
from bot.archive.search import search_stories
from bot.services import Services
from handlers.blocks import PAGE_SIZE, as_dicts, help_blocks, issue_blocks, message_blocks, search_blocks
from handlers.outbox_cmds import EDITOR_WORDS, editor_outbox_command
from handlers.tips import command_tip, editor_command

SORRY = "Sorry, something went wrong on my side. The operator has the details; please try again later."
COMMAND = "/worksonarm"


def make_command_listener(services: Services) -> Callable[..., None]:
    """The /worksonarm listener. The search is local and fast, so the answer is the ack itself."""

    def worksonarm_command(ack: Any, command: dict[str, Any], logger: logging.Logger) -> None:
        text = (command.get("text") or "").strip()
        try:
            fallback, blocks = route_command(services, text, command)
        except Exception:
            logger.exception("/worksonarm failed: user=%s text=%r", command.get("user_id"), text[:200])
            fallback, blocks = message_blocks(SORRY)
        ack(text=fallback, blocks=as_dicts(blocks), response_type="ephemeral")

    return worksonarm_command


def route_command(services: Services, text: str, command: dict[str, Any]) -> tuple[str, list[Block]]:
    """Pick the subcommand from the first word; anything else is a search."""
    word, _, rest = text.partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in ("", "help", "?"):
        return help_blocks()
    template = services.settings.issue_url_template
    if word == "latest" and not rest:
        with services.db() as db:
            latest = latest_issue(db, issue_url_template=template)
        return issue_blocks(latest) if latest else message_blocks("No issue is indexed yet.")
    if word == "issue" and rest and " " not in rest:
        with services.db() as db:
            issue = find_issue(db, rest, issue_url_template=template)
        if issue is None:
            return message_blocks(f"I found no issue “{rest}”. Try a number like 3 or a week like 2017-W19.")
        return issue_blocks(issue)
    if word == "tip":
        return command_tip(services, rest, command)
    if word in EDITOR_WORDS and (word != "status" or not rest):
        return editor_outbox_command(services, command.get("user_id", ""), word, rest)
    if word == "tips" and rest in ("", "export"):
        return editor_command(services, command.get("user_id", ""), rest)
    return search_page(services, text, 0)


def search_page(services: Services, text: str, offset: int) -> tuple[str, list[Block]]:
    """One page of search results as blocks."""
    with services.db() as db:
        result = search_stories(
            db,
            text,
            limit=PAGE_SIZE,
            offset=offset,
            issue_url_template=services.settings.issue_url_template,
        )
    return search_blocks(result, text)
