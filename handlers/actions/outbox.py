"""The buttons of the editors' DMs about held or doubtful announcements."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.outbox import store
from bot.publishers.contract import EditorChoice
from bot.services import Services
from handlers.actions.values import bounded_int
from handlers.answers import REFUSAL, pressed_in_home, refresh_home
from handlers.ui.blocks import as_dicts, message_blocks
from handlers.ui.mrkdwn import escape, mention


def apply_choice(services: Services, choice: EditorChoice, value: str) -> str:
    """What an editor's choice does to the outbox (or to the archive's held removals), as one sentence."""
    if choice is EditorChoice.ARCHIVE_REMOVALS:
        from bot.syncing import remove_held  # bot.syncing builds on bot.app, which imports handlers

        return remove_held(services.settings, services.courier, value)
    now = services.now()
    with services.db(patient=True) as db:
        if choice is EditorChoice.NEWEST:
            return f"Announcing the newest issue; {store.release(db, now, newest_only=True)} posts queued."
        if choice is EditorChoice.ALL:
            return f"Announcing all of them: {store.release(db, now)} posts queued."
        if choice is EditorChoice.SEEN:
            return f"Marked as seen: {store.skip_held(db, now)} posts will not go out."
        already_out = choice is EditorChoice.ALREADY_OUT
        delivery_id = bounded_int(value, -1)
        if choice is EditorChoice.RETRY:
            return _retry(db, delivery_id, now)
        done = delivery_id >= 0 and store.resolve_unknown(db, delivery_id, already_out, now)
    if not done:
        return "Already settled."
    return "Noted: it is already out." if already_out else "Posting it now."


def _retry(db: Any, delivery_id: int, now: Any) -> str:
    """A failed announcement tried again now, as `announce ISSUE --only DESTINATION` would."""
    try:
        delivery = store.get(db, delivery_id)
    except StopIteration:
        return "Already settled."
    if delivery.status != "failed" or delivery.issue_id is None:
        return "Already settled."
    store.resend(db, delivery.issue_id, [delivery.destination], now)
    return f"Trying {delivery.destination} again now."


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
