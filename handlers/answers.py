"""What the bot answers, whatever the surface (slash command, DM, button, modal, mention): a page of
search results, a tip taken, the editors' queue. Only the container of the answer differs."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot import metrics
from bot.archive.counted import count_search
from bot.archive.issues import latest_issue
from bot.archive.search import search_stories
from bot.clock import iso
from bot.db import is_locked
from bot.outbox import store
from bot.questions.asked import questions_of, record_unanswered
from bot.questions.gaps import top_unanswered
from bot.services import Services
from bot.status import index_status, needing_decision
from bot.tips.intake import SavedTip, TipRejected, attach_permalink, extract_urls, save_tip, saved_tip
from bot.tips.triage import count_tips, list_tips
from handlers.ui.blocks import PAGE_SIZE, Asked, as_dicts, help_blocks, message_blocks, search_blocks
from handlers.ui.editors_home import HOME_TIPS, EditorHome
from handlers.ui.home import home_view
from handlers.ui.mrkdwn import as_query, decode
from handlers.ui.questions import HOME_GAPS, offer_blocks
from handlers.ui.tips import LIST_LIMIT, tip_reply, tips_list_blocks

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. The operator has the details; please try again later."
BUSY = "Got it. I'll save your tip in a moment (I am busy for a second) and confirm it here: it is not lost."
COUNT_WAIT = 0.5  # a search's count waits this long for the write lock, inside the reply
QUICK_WAIT = 0.3  # after an ack that already waited for the lock: a reply still within Slack's 3 s
REFUSAL = "Sorry, only the newsletter's editors can do that. You can send tips with `/worksonarm tip <link>`."
Reply = tuple[str, list[Block]]


class Busy(Exception):
    """The database is locked by another writer longer than a Slack reply can wait."""


def search_page(
    services: Services,
    text: str,
    offset: int,
    *,
    exact: bool = False,
    shareable: bool = True,
    compact: bool = False,
    counted: bool = True,
    reply_key: str | None = None,
    as_words: bool = False,
) -> Reply:
    """One page of search results as blocks, the same for every surface; `exact`: every word as
    typed, nothing corrected; `shareable` and `compact` say what the container needs; `counted`:
    a search someone asked (a slash command, a DM, a mention), not a page or a button on one;
    `reply_key`: the outbox key its answer goes under (an event Slack may send again). The text is
    Slack's: it is searched as the words someone typed (no entities, mentions or emoji shortcodes)
    and shown as they typed it (an emoji's shortcode shows as the emoji). `as_words`: the text is
    the words already (a button's, when the message was too long for it to carry)."""
    words, shown = (text if as_words else as_query(text)), decode(text)
    with services.db() as db, metrics.SEARCHES.labels("slack").time():
        result = search_stories(db, words, limit=PAGE_SIZE, offset=offset, exact=exact)
    if result.topicless:  # "hi there", "thanks!", "who are you?": how to ask, not a page of stories
        return help_blocks()
    first_time = _count(services, found=result.total > 0, reply_key=reply_key) if counted else True
    asked = Asked.of(text, words, as_words=as_words)
    fallback, blocks = search_blocks(
        result, shown, exact=exact, shareable=shareable, compact=compact, asked=asked
    )
    if result.hits or offset or not result.query.terms or result.ruled_out:
        return fallback, blocks  # nothing to follow when the filters alone ruled the stories out
    if not exact and first_time:
        keep_unanswered(services, words)
    return fallback, blocks + offer_blocks(words, in_thread=compact)  # searched again for follow-ups


def keep_unanswered(services: Services, text: str) -> None:
    """A search that found nothing, for the editors' list (never who asked; nothing with the log
    off). Losing one to a busy database is better than keeping a member waiting for the answer."""
    settings = services.settings
    try:
        with services.db() as db:
            record_unanswered(
                db, text, services.now(), keep_days=settings.question_days, log=settings.question_log
            )
    except sqlite3.OperationalError:
        log.warning("a search that found nothing was not kept: the database is busy", exc_info=True)


def _count(services: Services, *, found: bool, reply_key: str | None) -> bool:
    """The search's outcome counted (never its words); a busy database loses the count, not the reply.
    False for Slack's retry of an event already answered: counted, and kept, the first time."""
    try:
        with services.db(wait=COUNT_WAIT) as db:
            if reply_key and store.by_key(db, reply_key) is not None:
                return False
            count_search(db, found=found, now=services.now())
    except sqlite3.Error:
        log.warning("a search went uncounted: the database is busy", exc_info=True)
    return True


def is_direct(channel: str) -> bool:
    """A DM with the bot (`D…`): "Share in channel" would only post into it."""
    return channel.startswith("D")


def is_tip_text(text: str) -> bool:
    """A DM is a tip when it carries a link or starts with "tip"; other DMs are searches."""
    plain = decode(text).strip().lower()
    return bool(extract_urls(plain)) or plain == "tip" or plain.startswith("tip ")


@dataclass
class TakenTip:
    reply: Reply
    saved: SavedTip | None  # None: refused, and the reply says why


def take_tip(
    services: Services, *, patient: bool = False, wait: float | None = None, **fields: Any
) -> TakenTip:
    """Save a tip (its Slack text decoded to plain text) and build the reply. Raises Busy when the
    write lock is held longer than an interactive reply may wait (or `wait` seconds); `patient`
    waits the usual 10 s."""
    for name in ("text", "note"):
        if name in fields:
            fields[name] = decode(fields[name])
    source = str(fields.get("source", "other"))
    try:
        with services.db(patient=patient, wait=wait) as db:
            saved = save_tip(db, now=services.now(), **fields)
    except TipRejected as exc:
        metrics.TIPS.labels(source, "refused").inc()
        return TakenTip(message_blocks(str(exc)), None)
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            metrics.TIPS.labels(source, "busy").inc()
            raise Busy(str(exc)) from exc
        raise
    metrics.TIPS.labels(source, "saved").inc()
    return TakenTip(tip_reply(saved), saved)


def take_tip_patiently(services: Services, **fields: Any) -> TakenTip | None:
    """After the ack: try a few times before giving up; a tip that cannot be saved is logged whole,
    so the operator can restore it. None means it could not be saved."""
    for wait in (0, 2, 10):
        time.sleep(wait)
        try:
            return take_tip(services, patient=True, **fields)
        except Exception:
            log.warning("saving a tip failed; trying again", exc_info=True)
    log.error("a tip could not be saved; here it is for the operator: %r", fields)
    return None


def tip_answer(
    services: Services,
    event_key: str,
    fields: Callable[[], dict[str, Any]],
    meanwhile: Callable[[Reply], None] = lambda reply: None,
) -> Reply:
    """The reply to a tip from an event whose ack saved it (as assessed then); when the ack refused
    it or could not save it, the tip is taken now (refused: the reply says why). When the write
    lock is still held, `meanwhile` is told at once that it will be saved in a moment, and then it
    is, patiently. `fields` is called only when the ack did not save it."""
    with services.db(patient=True) as db:  # a read: WAL readers never wait for a writer
        saved = saved_tip(db, event_key)
    if saved is not None:
        return tip_reply(saved)
    try:
        return take_tip(services, wait=QUICK_WAIT, **fields()).reply
    except Busy:
        meanwhile(message_blocks(BUSY))  # within Slack's 3 s; the answer follows once it is saved
    except Exception:
        log.warning("saving a tip failed; trying again: %s", event_key, exc_info=True)
    taken = take_tip_patiently(services, **fields())
    return taken.reply if taken else message_blocks(SORRY)


def keep_permalink(services: Services, client: Any, event_key: str, channel: str, ts: str) -> None:
    """The link to the message a tip came from, asked of Slack only after the ack and the reply
    (a slow Slack delays neither), then kept with the tip. Without it the tip stays as it is."""
    if not (channel and ts):
        return
    try:
        answer = client.chat_getPermalink(channel=channel, message_ts=ts)
        with services.db(patient=True) as db:
            attach_permalink(db, event_key, str(answer.get("permalink", "")))
    except Exception:
        log.warning("no permalink for %s/%s; the tip stays without it", channel, ts, exc_info=True)


class Meanwhile:
    """A word that cannot wait for the outbox, whose write lock is what is held ("I'll save it in a
    moment"): posted at once, straight to Slack, once per event in this process. The answer that
    follows goes through the outbox as always."""

    KEPT = 1000  # events remembered: Slack retries within minutes

    def __init__(self, services: Services) -> None:
        self.services = services
        self._said: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def say(self, key: str, to: str, reply: Reply, thread_ts: str | None = None) -> None:
        with self._lock:
            if key in self._said:
                return
            self._said[key] = None
            while len(self._said) > self.KEPT:
                self._said.popitem(last=False)
        messenger = self.services.courier.messenger
        if messenger is None:
            return
        text, blocks = reply
        payload: dict[str, Any] = {"to": to, "text": text, "blocks": as_dicts(blocks)}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        try:
            messenger.send(payload, f"meanwhile:{key}")
        except Exception:
            log.warning("could not say %s meanwhile; the answer follows", key, exc_info=True)


def tip_queue(services: Services, offset: int = 0) -> Reply:
    """The editors' queue of new tips, newest first, with their coverage and duplicates."""
    with services.db() as db:
        tips = list_tips(db, status="new", limit=LIST_LIMIT, offset=offset)
        total = count_tips(db, "new")
    return tips_list_blocks(tips, total)


def answer_once(services: Services, key: str, to: str, reply: Reply, thread_ts: str | None = None) -> bool:
    """Post a reply through the outbox under `key`: a retried event finds it and posts nothing."""
    text, blocks = reply
    payload: dict[str, Any] = {"to": to, "text": text, "blocks": as_dicts(blocks)}
    if thread_ts:
        payload["thread_ts"] = thread_ts
    return services.send_once(key, payload)


def home_for(services: Services, user_id: str, offset: int = 0) -> View:
    """The App Home of one user: an editor's has the queue and what waits for a decision."""
    editor = None
    with services.db() as db:
        latest = latest_issue(db)
        tips = list_tips(db, user_id=user_id, limit=10)
        questions = questions_of(db, user_id)
        if services.is_editor(user_id):
            total = count_tips(db, "new")
            offset = min(offset, max(0, (total - 1) // HOME_TIPS * HOME_TIPS))  # the last page, if past it
            queue = list_tips(db, status="new", limit=HOME_TIPS, offset=offset)
            status = index_status(db, services.settings.destinations)
            since = iso(services.now() - dt.timedelta(days=services.settings.question_days))
            gaps = top_unanswered(db, since=since, limit=HOME_GAPS, include_waiting=True)
            editor = EditorHome(queue, total, offset, needing_decision(db), status, gaps)
    return home_view(latest, tips, editor, questions)


def publish_home(services: Services, client: Any, user_id: str, offset: int = 0) -> None:
    """Publish (or, after a button in it, refresh) a user's App Home."""
    client.views_publish(user_id=user_id, view=home_for(services, user_id, offset))


def pressed_in_home(body: dict[str, Any]) -> bool:
    """A button in the App Home: no response_url, so the answer is the home itself, republished."""
    return (body.get("container") or {}).get("type") == "view" and (body.get("view") or {}).get(
        "type"
    ) == "home"


def refresh_home(services: Services, client: Any, body: dict[str, Any], offset: int | None = None) -> None:
    """After a button in the App Home: the same page again (or `offset`), showing what changed."""
    user_id = (body.get("user") or {}).get("id", "")
    if offset is None:
        shown = str((body.get("view") or {}).get("private_metadata") or "0")
        offset = int(shown) if shown.isdigit() and len(shown) < 7 else 0
    publish_home(services, client, user_id, offset)
