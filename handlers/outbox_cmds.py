"""Editors and the outbox: `/worksonarm status`, `announce`, `hold`, `release`, and the buttons
of the editors' DMs ("Announce newest only", "Post it", ...)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.archive.issues import find_issue
from bot.outbox import store as outbox
from bot.services import Services
from bot.status import index_status
from handlers.blocks import as_dicts, message_blocks
from handlers.tips import REFUSAL

EDITOR_WORDS = ("status", "announce", "hold", "release")
BUTTONS = ("outbox_newest", "outbox_all", "outbox_seen", "outbox_post_it", "outbox_already_out")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def status_text(services: Services) -> str:
    with services.db() as db:
        status = index_status(db)
    lines = [f"*Index:* {status['issues']} issues, {status['stories']} stories, {status['links']} links"]
    if status["latest_issue"]:
        lines.append(f"*Latest issue:* {status['latest_issue']}")
    for feed in status["feeds"]:
        lines.append(
            f"*Feed* {feed['url']}: last poll {feed['last_poll_at'] or 'never'} ({feed['last_result']}); "
            f"failures in a row: {feed['failure_streak']}; ETag {feed['etag'] or 'none'}"
        )
        if feed["first_poll"]:
            lines.append(f"First poll {feed['first_poll']}")
    if not status["feeds"]:
        lines.append(
            "*Feed:* never polled"
            + ("" if services.settings.feed_url else " (WORKSONARM_FEED_URL is not set)")
        )
    lines.append("*Deliveries:* " + ", ".join(f"{n} {s}" for s, n in status["deliveries"].items()))
    return "\n".join(lines)


def editor_outbox_command(services: Services, user_id: str, word: str, rest: str) -> tuple[str, list[Block]]:
    """The editors' outbox commands. Others get a polite refusal."""
    if not services.is_editor(user_id):
        return message_blocks(REFUSAL)
    if word == "status":
        text = status_text(services)
        return text, as_blocks(text)
    if not rest:
        return message_blocks(f"Which issue? For example `/worksonarm {word} 2019-W30` or `{word} 63`.")
    with services.db() as db:
        issue = find_issue(db, rest)
        if issue is None:
            return message_blocks(f"I found no issue “{rest}”.")
        if word == "announce":
            count = outbox.resend(db, issue.id, list(services.destinations), now())
            reply = (
                f"Announcing {issue.title} again on {', '.join(services.destinations) or 'no destination'}."
            )
        elif word == "hold":
            count = outbox.hold(db, issue.id, now())
            reply = f"Held {count} waiting announcements of {issue.title}."
        else:
            count = outbox.release(db, now(), issue_id=issue.id)
            reply = f"Released {count} held announcements of {issue.title}."
    if word in ("announce", "release") and count:
        services.deliver_soon()
    return message_blocks(reply)


def as_blocks(text: str) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=text[:3000]))]


def make_outbox_button_listener(services: Services) -> Callable[..., None]:
    """The buttons of the editors' DMs about held or doubtful announcements."""

    def outbox_button(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        action = (body.get("actions") or [{}])[0]
        if not services.is_editor(user_id):
            text, blocks = message_blocks(REFUSAL)
            respond(text=text, blocks=as_dicts(blocks), replace_original=False, response_type="ephemeral")
            return
        action_id, value = action.get("action_id"), str(action.get("value", ""))
        with services.db() as db:
            if action_id == "outbox_newest":
                queued = outbox.release(db, now(), newest_only=True)
                reply = f"Announcing the newest issue; {queued} posts queued."
            elif action_id == "outbox_all":
                reply = f"Announcing all of them: {outbox.release(db, now())} posts queued."
            elif action_id == "outbox_seen":
                reply = f"Marked as seen: {outbox.skip_held(db, now())} posts will not go out."
            else:
                already_out = action_id == "outbox_already_out"
                done = value.isdigit() and outbox.resolve_unknown(db, int(value), already_out, now())
                reply = (
                    ("Noted: it is already out." if already_out else "Posting it now.")
                    if done
                    else "Already settled."
                )
        logger.info("editor %s chose %s (%s)", user_id, action_id, value)
        respond(text=f"<@{user_id}>: {reply}", replace_original=True)
        services.deliver_soon()

    return outbox_button
