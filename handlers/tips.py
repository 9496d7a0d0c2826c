"""Tip intake from the command, DMs and the message shortcut; editor triage and the draft."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks import Block

from bot.services import Services
from bot.tips.draft import export_draft
from bot.tips.intake import (
    MAX_TIP_CHARS,
    SavedTip,
    TipRejected,
    assess_tip,
    extract_urls,
    list_tips,
    mark_replied,
    recurring_sections,
    save_tip,
    set_status,
)
from handlers.blocks import as_dicts, message_blocks
from handlers.tipviews import LIST_LIMIT, draft_blocks, suggest_modal, tip_reply, tips_list_blocks

REFUSAL = "Sorry, only the newsletter's editors can do that. You can send tips with `/worksonarm tip <link>`."


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_tip_text(text: str) -> bool:
    """A DM is a tip when it carries a link or starts with "tip"; other DMs are searches."""
    return bool(extract_urls(text)) or text.strip().lower().startswith("tip ")


def take_tip(services: Services, **fields: Any) -> tuple[str, list[Block], SavedTip | None]:
    """Save a tip and build the reply; a rejected tip gets its reason and saves nothing."""
    try:
        with services.db() as db:
            saved = save_tip(db, now=now(), issue_url_template=services.settings.issue_url_template, **fields)
    except TipRejected as exc:
        text, blocks = message_blocks(str(exc))
        return text, blocks, None
    text, blocks = tip_reply(saved)
    return text, blocks, saved


def command_tip(services: Services, text: str, command: dict[str, Any]) -> tuple[str, list[Block]]:
    """`/worksonarm tip <text>`: saved before the ack carries the reply."""
    reply, blocks, _ = take_tip(
        services,
        user_id=command.get("user_id", ""),
        user_name=command.get("user_name", ""),
        text=text,
        source="command",
        event_key=f"command:{command.get('trigger_id') or now().timestamp()}",
        channel=command.get("channel_id", ""),
    )
    return reply, blocks


def editor_command(services: Services, user_id: str, rest: str) -> tuple[str, list[Block]]:
    """`/worksonarm tips` and `/worksonarm tips export`, for editors only."""
    if not services.is_editor(user_id):
        return message_blocks(REFUSAL)
    if rest == "export":
        with services.db() as db:
            return draft_blocks(export_draft(db, now().date()))
    return tip_queue(services)


def tip_queue(services: Services) -> tuple[str, list[Block]]:
    with services.db() as db:
        tips = list_tips(db, status="new", limit=LIST_LIMIT)
        total = int(next(iter(db.query("select count(*) as n from tips where status = 'new'")))["n"])
        for tip in tips:
            tip["covered"] = [c.week for c in assess_tip(db, tip["id"]).covered]
    return tips_list_blocks(tips, total)


def dm_event_key(event: dict[str, Any]) -> str:
    return f"dm:{event.get('channel')}:{event.get('ts')}"


def save_dm_tip(services: Services, event: dict[str, Any]) -> tuple[str, list[Block], SavedTip | None]:
    return take_tip(
        services,
        user_id=event.get("user", ""),
        text=event.get("text") or "",
        source="dm",
        event_key=dm_event_key(event),
        channel=event.get("channel", ""),
        ts=event.get("ts", ""),
    )


def make_shortcut_listener(services: Services) -> Callable[..., None]:
    """ "Suggest for Works on Arm" on a message: open the modal, prefilled."""

    def suggest_tip(ack: Any, shortcut: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        ack()
        message = shortcut.get("message") or {}
        metadata = {
            "channel": (shortcut.get("channel") or {}).get("id", ""),
            "ts": message.get("ts") or shortcut.get("message_ts", ""),
        }
        try:
            with services.db() as db:
                sections = recurring_sections(db)
            client.views_open(
                trigger_id=shortcut["trigger_id"],
                view=suggest_modal(message.get("text", ""), sections, metadata),
            )
        except Exception:
            logger.exception("opening the tip modal failed: user=%s", (shortcut.get("user") or {}).get("id"))

    return suggest_tip


def _state_value(view: dict[str, Any], block: str) -> str:
    entry = ((view.get("state") or {}).get("values") or {}).get(block, {}).get("value") or {}
    if entry.get("type") == "static_select":
        return str((entry.get("selected_option") or {}).get("value") or "")
    return str(entry.get("value") or "")


def make_submission_ack(services: Services) -> Callable[..., None]:
    """The modal's submit: validate, fetch the permalink, save, then close the modal."""

    def submit_tip(
        ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any, logger: logging.Logger
    ) -> None:
        text = _state_value(view, "tip_text").strip()
        if not text or len(text) > MAX_TIP_CHARS:
            ack(
                response_action="errors",
                errors={
                    "tip_text": "Please write the tip (a link and a line on it)."
                    if not text
                    else f"Please keep it under {MAX_TIP_CHARS:,} characters."
                },
            )
            return
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        permalink = ""
        if meta.get("channel") and meta.get("ts"):
            try:
                permalink = client.chat_getPermalink(channel=meta["channel"], message_ts=meta["ts"]).get(
                    "permalink", ""
                )
            except Exception:
                logger.warning(
                    "no permalink for %s/%s; saving the tip without it", meta["channel"], meta["ts"]
                )
        user = body.get("user") or {}
        reply, _, saved = take_tip(
            services,
            user_id=user.get("id", ""),
            user_name=user.get("username") or user.get("name", ""),
            text=text,
            note=_state_value(view, "note").strip(),
            section=_state_value(view, "section"),
            source="shortcut",
            event_key=f"shortcut:{view.get('id') or now().timestamp()}",
            channel=meta.get("channel", ""),
            ts=meta.get("ts", ""),
            permalink=permalink,
        )
        if saved is None:
            ack(response_action="errors", errors={"tip_text": reply[:150]})
            return
        ack()

    return submit_tip


def make_submission_reply(services: Services) -> Callable[..., None]:
    """After the modal closes: tell the submitter in a DM what the archive says about the link."""

    def reply_to_submitter(
        body: dict[str, Any], view: dict[str, Any], client: Any, logger: logging.Logger
    ) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        try:
            with services.db() as db:
                rows = list(
                    db.query("select id from tips where event_key = ?", [f"shortcut:{view.get('id')}"])
                )
                if not rows:
                    return
                saved = assess_tip(db, int(rows[0]["id"]), services.settings.issue_url_template)
            text, blocks = tip_reply(saved)
            client.chat_postMessage(channel=user_id, text=text, blocks=as_dicts(blocks))
            with services.db() as db:
                mark_replied(db, saved.id, now())
        except Exception:
            logger.exception("reply to a shortcut tip failed: user=%s", user_id)

    return reply_to_submitter


def make_triage_listener(services: Services, status: str) -> Callable[..., None]:
    """Accept / Reject buttons in the editors' queue: set the status, refresh the list in place."""

    def triage(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        user_id = (body.get("user") or {}).get("id", "")
        if not services.is_editor(user_id):
            text, blocks = message_blocks(REFUSAL)
            respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)
            return
        try:
            tip_id = int(body["actions"][0]["value"])
            with services.db() as db:
                set_status(db, tip_id, status)
            logger.info("tip %s %s by %s", tip_id, status, user_id)
            text, blocks = tip_queue(services)
        except Exception:
            logger.exception("triage failed: %r", body.get("actions"))
            text, blocks = message_blocks("Sorry, that did not work. The operator has the details.")
        respond(text=text, blocks=as_dicts(blocks), replace_original=True)

    return triage
