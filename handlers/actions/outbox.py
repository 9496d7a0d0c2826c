"""The buttons of the editors' DMs and App Home about held, failed or doubtful announcements, and
about the removals an archive sync holds: the choice is made in the core (bot/outbox/editors.py,
or the sync the composition root hands in), and its sentence is the reply."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.outbox import editors
from bot.outbox.editors import EditorChoice
from bot.services import Services
from handlers.actions.values import bounded_int
from handlers.answers import REFUSAL, pressed_in_home, refresh_home
from handlers.ui.blocks import as_dicts, message_blocks
from handlers.ui.mrkdwn import escape, mention


def apply_choice(services: Services, choice: EditorChoice, value: str) -> str:
    """What an editor's choice did, as one sentence."""
    if choice is EditorChoice.ARCHIVE_REMOVALS:
        return services.confirm_removals(value)
    with services.db(patient=True) as db:
        return editors.choose(db, choice, bounded_int(value, -1), services.now())


def make_choice_listener(services: Services) -> Callable[..., None]:
    def outbox_choice(body: dict[str, Any], respond: Any, client: Any, logger: logging.Logger) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        action = (body.get("actions") or [{}])[0]
        in_home = pressed_in_home(body)
        if not services.is_editor(user_id):
            if not in_home:
                text, blocks = message_blocks(REFUSAL)
                respond(text=text, blocks=as_dicts(blocks), replace_original=False, response_type="ephemeral")
            return
        try:
            choice = EditorChoice(action.get("action_id"))
            reply = apply_choice(services, choice, str(action.get("value", "")))
        except Exception:
            logger.exception("editor choice failed: %r", action)
            reply = "Sorry, that did not work. The operator has the details."
        logger.info(
            "editor %s chose %s (%s): %s", user_id, action.get("action_id"), action.get("value"), reply
        )
        if in_home:
            try:
                refresh_home(services, client, body)
            except Exception:
                logger.exception("refreshing the App Home failed for %s", user_id)
        else:
            respond(text=f"{mention(user_id)}: {escape(reply)}", replace_original=True)
        services.deliver_soon()

    return outbox_choice
