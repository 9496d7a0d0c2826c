"""Buttons: results (share, more, privately), the standing questions', the editors' tip triage
and its pages, and their outbox choices."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.outbox.editors import EditorChoice
from bot.services import Services
from handlers.actions.outbox import make_choice_listener
from handlers.actions.questions import (
    make_covered_listener,
    make_stop_listener,
    make_suggest_listener,
    make_until_covered_listener,
    make_wont_listener,
)
from handlers.actions.results import make_more_listener, make_private_listener, make_share_listener
from handlers.actions.triage import make_page_listener, make_triage_listener
from handlers.ui.blocks import ACTION_EXACT, ACTION_MORE, ACTION_PRIVATE, ACTION_SHARE
from handlers.ui.editors_home import ACTION_HOME_PAGE
from handlers.ui.questions import (
    ACTION_COVERED,
    ACTION_STOP,
    ACTION_SUGGEST,
    ACTION_UNTIL_COVERED,
    ACTION_WONT,
)
from handlers.ui.tips import ACTION_ACCEPT, ACTION_REJECT


def ack_now(ack: Any) -> None:
    """Acknowledge within Slack's 3 seconds; the lazy listener does the work."""
    ack()


def register(app: App, services: Services) -> None:
    app.action(ACTION_SHARE)(ack=ack_now, lazy=[make_share_listener(services)])
    app.action(ACTION_MORE)(ack=ack_now, lazy=[make_more_listener(services)])
    app.action(ACTION_EXACT)(ack=ack_now, lazy=[make_more_listener(services)])
    app.action(ACTION_PRIVATE)(ack=ack_now, lazy=[make_private_listener(services)])
    app.action(ACTION_ACCEPT)(ack=ack_now, lazy=[make_triage_listener(services, "accepted")])
    app.action(ACTION_REJECT)(ack=ack_now, lazy=[make_triage_listener(services, "rejected")])
    app.action(ACTION_HOME_PAGE)(ack=ack_now, lazy=[make_page_listener(services)])
    app.action(ACTION_UNTIL_COVERED)(ack=ack_now, lazy=[make_until_covered_listener(services)])
    app.action(ACTION_SUGGEST)(ack=ack_now, lazy=[make_suggest_listener(services)])
    app.action(ACTION_STOP)(ack=ack_now, lazy=[make_stop_listener(services)])
    app.action(ACTION_COVERED)(ack=ack_now, lazy=[make_covered_listener(services)])
    app.action(ACTION_WONT)(ack=ack_now, lazy=[make_wont_listener(services)])
    for choice in EditorChoice:
        app.action(choice.value)(ack=ack_now, lazy=[make_choice_listener(services)])
