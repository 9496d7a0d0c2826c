"""The editors' subcommands: `tips`, `tips export`, `status`, `announce`, `hold` and `release`."""

from __future__ import annotations

from bot.archive.issues import find_issue
from bot.outbox import store
from bot.services import Services
from bot.status import index_status
from bot.tips.draft import export_draft
from handlers.answers import REFUSAL, Reply, tip_queue
from handlers.ui.blocks import message_blocks
from handlers.ui.outbox import status_blocks
from handlers.ui.tips import draft_blocks

EDITOR_WORDS = ("status", "announce", "hold", "release")


def editor_command(services: Services, user_id: str, word: str, rest: str) -> Reply:
    """The editors' commands. Others get a polite refusal."""
    if not services.is_editor(user_id):
        return message_blocks(REFUSAL)
    if word == "tips":
        if rest == "export":
            with services.db() as db:
                return draft_blocks(export_draft(db, services.now().date()))
        return tip_queue(services)
    if word == "status":
        with services.db() as db:
            status = index_status(db)
        return status_blocks(status, feed_configured=bool(services.settings.feed_url))
    if not rest:
        return message_blocks(f"Which issue? For example `/worksonarm {word} 2019-W30` or `{word} 63`.")
    return outbox_command(services, word, rest)


def outbox_command(services: Services, word: str, ref: str) -> Reply:
    """`announce`, `hold` or `release` one issue: the same in Slack and on the command line."""
    now = services.now()
    with services.db(patient=True) as db:
        issue = find_issue(db, ref)
        if issue is None:
            return message_blocks(f"I found no issue “{ref[:100]}”.")
        if word == "announce":
            count = store.resend(db, issue.id, list(services.destinations), now)
            where = ", ".join(services.destinations) or "no destination"
            reply = f"Announcing {issue.title} again on {where}."
        elif word == "hold":
            count = store.hold(db, issue.id, now)
            reply = f"Held {count} waiting announcements of {issue.title}."
        else:
            count = store.release(db, now, issue_id=issue.id)
            reply = f"Released {count} held announcements of {issue.title}."
    if word in ("announce", "release") and count:
        services.deliver_soon()
    return message_blocks(reply)
