"""Accept / Reject in the editors' queue: set the status, then show the queue again: in place in a
message, or by republishing the App Home when pressed there. Also the queue's pages in the home."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.services import Services
from bot.tips.triage import set_status
from handlers.actions.values import bounded_int, button_value
from handlers.answers import REFUSAL, pressed_in_home, refresh_home, tip_queue
from handlers.ui.blocks import as_dicts, message_blocks


def make_triage_listener(services: Services, status: str) -> Callable[..., None]:
    def triage(body: dict[str, Any], respond: Any, client: Any, logger: logging.Logger) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        in_home = pressed_in_home(body)
        if not services.is_editor(user_id):
            if not in_home:
                text, blocks = message_blocks(REFUSAL)
                respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)
            return
        try:
            tip_id = bounded_int(button_value(body), -1)
            with services.db(patient=True) as db:
                changed = set_status(db, tip_id, status) if tip_id >= 0 else False
            logger.info("tip %s %s by %s (%s)", tip_id, status, user_id, "done" if changed else "no such tip")
            if in_home:
                refresh_home(services, client, body)
                return
            text, blocks = tip_queue(services)
        except Exception:
            logger.exception("triage failed: %r", body.get("actions"))
            text, blocks = message_blocks("Sorry, that did not work. The operator has the details.")
            if in_home:
                return
        respond(text=text, blocks=as_dicts(blocks), replace_original=True)

    return triage


def make_page_listener(services: Services) -> Callable[..., None]:
    """Newer / Older tips in the App Home."""

    def page(body: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        try:
            refresh_home(services, client, body, offset=bounded_int(button_value(body), 0, 10**6))
        except Exception:
            logger.exception("paging the App Home failed: %r", body.get("actions"))

    return page
