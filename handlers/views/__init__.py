"""Modal submissions: the tip modal of the message shortcut, and the editors' "Covered in issue…"."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers.ui.questions import MODAL_COVERED
from handlers.ui.tips import MODAL
from handlers.views.covered import CoveredModal
from handlers.views.tip_modal import TipModal


def register(app: App, services: Services) -> None:
    modal = TipModal(services)
    app.view(MODAL)(ack=modal.ack, lazy=[modal.reply])
    covered = CoveredModal(services)
    app.view(MODAL_COVERED)(ack=covered.ack, lazy=[covered.after])
