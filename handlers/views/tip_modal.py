"""The tip modal's submit: validate and save before closing it, then DM the submitter once. The
submit never waits for Slack: the message's permalink is asked for after, and kept with the tip."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.services import Services
from bot.tips.intake import MAX_TIP_CHARS, saved_tip
from handlers.answers import SORRY, Busy, answer_once, keep_permalink, take_tip, take_tip_patiently
from handlers.ui.blocks import message_blocks
from handlers.ui.mrkdwn import clip
from handlers.ui.tips import tip_reply


def state_value(view: dict[str, Any], block: str) -> str:
    entry = ((view.get("state") or {}).get("values") or {}).get(block, {}).get("value") or {}
    if entry.get("type") == "static_select":
        return str((entry.get("selected_option") or {}).get("value") or "")
    return str(entry.get("value") or "")


def _metadata(view: dict[str, Any]) -> dict[str, str]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {k: str(v) for k, v in meta.items()} if isinstance(meta, dict) else {}


def _event_key(view: dict[str, Any]) -> str:
    return f"shortcut:{view.get('id')}"


class TipModal:
    """`ack` saves the tip (or shows why not); `reply` tells the submitter what the archive says."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def fields(self, body: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
        user = body.get("user") or {}
        meta = _metadata(view)
        return {
            "user_id": user.get("id", ""),
            "user_name": user.get("username") or user.get("name", ""),
            "text": state_value(view, "tip_text").strip(),
            "note": state_value(view, "note").strip(),
            "section": state_value(view, "section"),
            "source": "shortcut",
            "event_key": _event_key(view),
            "channel": meta.get("channel", ""),
            "ts": meta.get("ts", ""),
        }

    def ack(self, ack: Any, body: dict[str, Any], view: dict[str, Any], logger: logging.Logger) -> None:
        text = state_value(view, "tip_text").strip()
        if not text or len(text) > MAX_TIP_CHARS:
            problem = (
                "Please write the tip (a link and a line on it)."
                if not text
                else f"Please keep it under {MAX_TIP_CHARS:,} characters."
            )
            ack(response_action="errors", errors={"tip_text": problem})
            return
        try:
            taken = take_tip(self.services, **self.fields(body, view))
        except Busy:
            ack()  # the reply saves it, with more patience than a modal can have
            return
        if taken.saved is None:
            ack(response_action="errors", errors={"tip_text": clip(taken.reply[0], 150)})
            return
        ack()

    def reply(self, body: dict[str, Any], view: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        try:
            with self.services.db(patient=True) as db:
                saved = saved_tip(db, _event_key(view))
            if saved is not None:
                answer = tip_reply(saved)
            elif state_value(view, "tip_text").strip():
                taken = take_tip_patiently(self.services, **self.fields(body, view))
                if taken is not None and taken.saved is None:
                    return  # refused: the modal showed why
                answer = taken.reply if taken else message_blocks(SORRY)
            else:
                return
        except Exception:
            logger.exception("reply to a shortcut tip failed: user=%s", user_id)
            answer = message_blocks(SORRY)
        answer_once(self.services, f"reply:{_event_key(view)}", user_id, answer)
        meta = _metadata(view)
        keep_permalink(self.services, client, _event_key(view), meta.get("channel", ""), meta.get("ts", ""))
