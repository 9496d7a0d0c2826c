"""The editors' subcommands: `tips`, `tips export`, `status`, `announce`, `hold` and `release`."""

from __future__ import annotations

from bot.outbox.editors import WORDS, steer
from bot.services import Services
from bot.status import index_status
from bot.tips.draft import export_draft
from handlers.answers import REFUSAL, Reply, tip_queue
from handlers.ui.blocks import message_blocks
from handlers.ui.outbox import status_blocks
from handlers.ui.tips import draft_blocks

EDITOR_WORDS = ("status", *WORDS)


def editor_command(services: Services, user_id: str, word: str, rest: str, trigger_id: str = "") -> Reply:
    """The editors' commands. Others get a polite refusal. `trigger_id` is the slash command's own:
    a replay of the same request does not act twice."""
    if not services.is_editor(user_id):
        return message_blocks(REFUSAL)
    if word == "tips":
        if rest == "export":
            with services.db() as db:
                return draft_blocks(export_draft(db, services.now().date()))
        return tip_queue(services)
    if word == "status":
        with services.db() as db:
            status = index_status(db, services.settings.destinations)
        return status_blocks(status, feed_configured=bool(services.settings.feed_url))
    if not rest:
        return message_blocks(f"Which issue? For example `/worksonarm {word} 2019-W30` or `{word} 63`.")
    return outbox_command(services, word, rest, f"command:{trigger_id}" if trigger_id else None)


def outbox_command(services: Services, word: str, ref: str, request: str | None = None) -> Reply:
    """`announce`, `hold` or `release` one issue: the same in Slack and on the command line."""
    with services.db(patient=True) as db:
        reply, count = steer(db, word, ref, list(services.destinations), services.now(), request)
    if word in ("announce", "release") and count:
        services.deliver_soon()
    return message_blocks(reply)
