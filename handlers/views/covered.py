"""The "Covered in issue…" modal's submit: the editor names the issue; each member waiting for
the question gets the follow-up DM for it (bot/questions/decisions.py), and the App Home shows
what is left. An issue there is not stays in the modal, with why."""

from __future__ import annotations

import logging
from typing import Any

from bot.questions.asked import QuestionRefused
from bot.questions.decisions import UnknownTopic, covered
from bot.services import Services
from handlers.actions.values import bounded_int
from handlers.answers import publish_home
from handlers.ui.mrkdwn import clip
from handlers.views.tip_modal import state_value


class CoveredModal:
    """`ack` decides (or shows why not) within Slack's 3 seconds; `after` sends and refreshes."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def ack(self, ack: Any, body: dict[str, Any], view: dict[str, Any], logger: logging.Logger) -> None:
        user = str((body.get("user") or {}).get("id", ""))
        if not self.services.is_editor(user):
            ack(response_action="errors", errors={"issue": "Only the newsletter's editors can do that."})
            return
        ref = state_value(view, "issue").strip()
        topic = bounded_int(view.get("private_metadata"), -1)
        try:
            with self.services.db(patient=True) as db:
                said = covered(db, topic, ref, self.services.now())
        except (QuestionRefused, UnknownTopic) as exc:
            ack(response_action="errors", errors={"issue": clip(str(exc), 150)})
            return
        except Exception:
            logger.exception("covered in issue failed: topic=%s issue=%r", topic, ref)
            ack(
                response_action="errors",
                errors={"issue": "Sorry, that did not work. The operator has the details."},
            )
            return
        logger.info("editor %s: question %s covered in %r: %s", user, topic, ref, said)
        ack()

    def after(self, body: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        self.services.deliver_soon()
        user = str((body.get("user") or {}).get("id", ""))
        try:
            publish_home(self.services, client, user)
        except Exception:
            logger.exception("refreshing the App Home failed for %s", user)
