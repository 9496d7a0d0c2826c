"""The standing questions' buttons: under a search that found nothing ("Tell me when it's
covered", "Suggest it to the editors"), *Stop* in a member's list, and the editors' "Covered in
issue…" (opens the modal) and "Won't cover". Each calls the core (bot/questions/) and its reply
replaces the message, or republishes the App Home it was pressed in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.questions.asked import UNTIL_COVERED, QuestionRefused, ask, questions_of, stop
from bot.questions.decisions import UnknownTopic, topic_key, wont_cover
from bot.questions.gaps import gap_of
from bot.services import Services
from bot.tips.intake import FROM_A_QUESTION
from handlers.actions.values import bounded_int, button_value, json_value
from handlers.answers import REFUSAL, SORRY, Busy, pressed_in_home, refresh_home, take_tip
from handlers.ui.blocks import as_dicts, message_blocks
from handlers.ui.questions import asked_reply, covered_modal, following_blocks

Reply = tuple[str, list[Any]]


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def _answer(respond: Any, reply: Reply, *, in_place: bool) -> None:
    """In place of the message pressed (a private reply), or beside it (a thread everyone reads)."""
    text, blocks = reply
    if in_place:
        respond(text=text, blocks=as_dicts(blocks), replace_original=True)
    else:
        respond(text=text, blocks=as_dicts(blocks), response_type="ephemeral", replace_original=False)


def make_until_covered_listener(services: Services) -> Callable[..., None]:
    def until_covered(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = json_value(body)
        query = str(value.get("q", ""))
        try:
            with services.db(patient=True) as db:
                asked = ask(db, _user(body), query, UNTIL_COVERED, services.now())
            reply = asked_reply(asked.question.text, new=asked.new, kind=UNTIL_COVERED)
        except QuestionRefused as exc:
            reply = message_blocks(str(exc))
        except Exception:
            logger.exception("keeping a question failed: user=%s", _user(body))
            reply = message_blocks(SORRY)
        _answer(respond, reply, in_place=not value.get("t"))

    return until_covered


def make_suggest_listener(services: Services) -> Callable[..., None]:
    def suggest(body: dict[str, Any], respond: Any, logger: logging.Logger) -> None:
        value = json_value(body)
        query = " ".join(str(value.get("q", "")).split())
        user = body.get("user") or {}
        try:
            taken = take_tip(
                services,
                patient=True,
                user_id=_user(body),
                user_name=user.get("username") or user.get("name", ""),
                text=query,
                note="A search that found nothing in the archive.",
                source=FROM_A_QUESTION,
                event_key=f"question:{body.get('trigger_id') or body.get('container', {}).get('message_ts')}",
            )
            if taken.saved is None:
                reply = taken.reply
            else:
                reply = message_blocks(f"Thanks! I passed “{query[:300]}” to the editors as a suggestion.")
        except Busy:
            reply = message_blocks("I am busy for a second: please press it again in a moment.")
        except Exception:
            logger.exception("suggesting a question failed: user=%s", _user(body))
            reply = message_blocks(SORRY)
        _answer(respond, reply, in_place=not value.get("t"))

    return suggest


def make_stop_listener(services: Services) -> Callable[..., None]:
    """*Stop*: the question is deleted; the list (or the App Home) shows what is left."""

    def stop_question(body: dict[str, Any], respond: Any, client: Any, logger: logging.Logger) -> None:
        member = _user(body)
        try:
            with services.db(patient=True) as db:
                stopped = stop(db, member, bounded_int(button_value(body), -1))
                left = questions_of(db, member)
            logger.info("member %s stopped question %s", member, "ok" if stopped else "(not theirs, or gone)")
            if pressed_in_home(body):
                refresh_home(services, client, body)
                return
            text, blocks = following_blocks(left)
            if stopped is not None:
                text, said = message_blocks(f"Stopped and deleted: “{stopped.text[:200]}”.")
                blocks = [*said, *blocks[1:]] if left else said
            respond(text=text, blocks=as_dicts(blocks), replace_original=True)
        except Exception:
            logger.exception("stopping a question failed: user=%s", member)
            _answer(respond, message_blocks(SORRY), in_place=False)

    return stop_question


def make_covered_listener(services: Services) -> Callable[..., None]:
    """An editor's "Covered in issue…": the modal where they name the issue."""

    def open_covered(body: dict[str, Any], respond: Any, client: Any, logger: logging.Logger) -> None:
        if not _editor(services, body, respond):
            return
        topic = bounded_int(button_value(body), -1)
        try:
            with services.db() as db:
                topic_key(db, topic)
                gap = gap_of(db, topic)
            text = gap.text if gap else "(nothing open any more)"
            client.views_open(trigger_id=body.get("trigger_id"), view=covered_modal(topic, text))
        except UnknownTopic as exc:
            _answer(respond, message_blocks(str(exc)), in_place=False)
        except Exception:
            logger.exception("opening the covered modal failed: %r", body.get("actions"))

    return open_covered


def make_wont_listener(services: Services) -> Callable[..., None]:
    def wont(body: dict[str, Any], respond: Any, client: Any, logger: logging.Logger) -> None:
        if not _editor(services, body, respond):
            return
        try:
            with services.db(patient=True) as db:
                said = wont_cover(db, bounded_int(button_value(body), -1), services.now())
        except UnknownTopic as exc:
            said = str(exc)
        except Exception:
            logger.exception("won't cover failed: %r", body.get("actions"))
            said = "Sorry, that did not work. The operator has the details."
        logger.info("editor %s: won't cover %s: %s", _user(body), button_value(body), said)
        services.deliver_soon()
        if pressed_in_home(body):
            refresh_home(services, client, body)
        else:
            _answer(respond, message_blocks(said), in_place=True)

    return wont


def _editor(services: Services, body: dict[str, Any], respond: Any) -> bool:
    if services.is_editor(_user(body)):
        return True
    if not pressed_in_home(body):
        _answer(respond, message_blocks(REFUSAL), in_place=False)
    return False
