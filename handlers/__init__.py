"""Slack listeners: they translate Slack payloads into calls on the core (`bot/`) and back.

`register_handlers` is the one place that says what the app answers; the manifest lists the same.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.services import Services
from handlers.actions import ack_now, make_more_listener, make_share_listener
from handlers.blocks import ACTION_MORE, ACTION_SHARE
from handlers.commands import COMMAND, make_command_listener
from handlers.home import make_home_listener
from handlers.messages import make_dm_ack, make_dm_listener
from handlers.outbox_cmds import BUTTONS as OUTBOX_BUTTONS
from handlers.outbox_cmds import make_outbox_button_listener
from handlers.tips import (
    make_shortcut_listener,
    make_submission_ack,
    make_submission_reply,
    make_triage_listener,
)
from handlers.tipviews import ACTION_ACCEPT, ACTION_REJECT, MODAL, SHORTCUT


def _is_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def register_handlers(app: App, services: Services) -> None:
    """Register every listener. Work that calls Slack runs lazily, after the ack."""
    app.command(COMMAND)(make_command_listener(services))
    app.action(ACTION_SHARE)(ack=ack_now, lazy=[make_share_listener(services)])
    app.action(ACTION_MORE)(ack=ack_now, lazy=[make_more_listener(services)])
    app.event("app_home_opened")(ack=ack_now, lazy=[make_home_listener(services)])
    app.event("message", matchers=[_is_dm])(ack=make_dm_ack(services), lazy=[make_dm_listener(services)])
    app.shortcut(SHORTCUT)(make_shortcut_listener(services))
    app.view(MODAL)(ack=make_submission_ack(services), lazy=[make_submission_reply(services)])
    app.action(ACTION_ACCEPT)(ack=ack_now, lazy=[make_triage_listener(services, "accepted")])
    app.action(ACTION_REJECT)(ack=ack_now, lazy=[make_triage_listener(services, "rejected")])
    for action_id in OUTBOX_BUTTONS:
        app.action(action_id)(ack=ack_now, lazy=[make_outbox_button_listener(services)])
    # Other messages (channels the bot sits in, edits) are acknowledged and ignored, not 404'd.
    app.event("message")(ack_now)
