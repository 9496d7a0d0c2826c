"""Sending what the outbox holds: claim, send, record; recover what a crashed run left in `sending`.

Every side effect that must happen once goes through here: announcements to each destination, and
messages (replies, thank-you DMs, editor notices). Publishers come from the composition root.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.issues import IssueSummary, announced_issue
from bot.clock import iso, utc_now
from bot.outbox import store
from bot.outbox.editors import Action, EditorChoice
from bot.publishers.contract import (
    AlreadyPublished,
    Ambiguous,
    CannotCheck,
    Messenger,
    Publisher,
    PublishFailed,
    RetryLater,
)

log = logging.getLogger(__name__)
MAX_DEFER = dt.timedelta(hours=6)  # a server asking for more (Retry-After: a year) is not believed
TELL_AFTER = dt.timedelta(hours=1)  # an announcement deferred longer than this: the editors hear of it


@dataclass
class Courier:
    """Everything sending needs, passed in: seams instead of monkeypatching."""

    publishers: dict[str, Publisher] = field(default_factory=dict)
    messenger: Messenger | None = None
    editors: tuple[str, ...] = ()
    now: Callable[[], dt.datetime] = utc_now
    dry_run: bool = False
    should_stop: Callable[[], bool] = lambda: False  # serve is shutting down: claim nothing new


@dataclass
class Sent:
    """What one round of delivering did (labels like "2017-W19 slack")."""

    sent: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)


def send_once(db: Database, courier: Courier, key: str, payload: dict[str, Any]) -> bool:
    """Queue a message under `key` and send it now. False when the key was queued before (a retried
    event): then it is someone else's, and it is never sent twice. A failed send is retried later."""
    delivery_id = store.enqueue_message(db, key, payload, courier.now())
    delivery = store.get(db, delivery_id) if delivery_id is not None else None
    if delivery is None:
        return False
    _deliver(db, courier, delivery, Sent())
    return True


def tell_editors_once(db: Database, courier: Courier, key: str, text: str, actions: list[Action]) -> None:
    """One DM per editor for `key`, ever. Without editors, the log says it instead."""
    if not courier.editors:
        log.warning("for the editors (none configured): %s", text)
        return
    payload = {"text": text, "actions": [a.to_json() for a in actions]}
    for editor in courier.editors:
        store.enqueue_message(db, f"notice:{key}:{editor}", {"to": editor, **payload}, courier.now())


def deliver_due(db: Database, courier: Courier, report: Sent | None = None) -> Sent:
    """Recover stale claims, then send every due delivery that this run can claim."""
    report = report or Sent()
    recover(db, courier)
    tried: set[int] = set()
    for _ in range(3):  # sending can queue more (an editor notice about a failure): send those too
        batch = [d for d in store.due(db, courier.now()) if d.id not in tried]
        for delivery in batch:
            if courier.should_stop():
                return report  # what is not claimed stays pending for the next start
            tried.add(delivery.id)
            _deliver(db, courier, delivery, report)
        if not batch:
            break
    return report


def _deliver(db: Database, courier: Courier, delivery: store.Delivery, report: Sent) -> None:
    if delivery.kind == "message":
        if courier.messenger is None or not store.claim(db, delivery.id, courier.now()):
            return
        _send_message(db, courier, store.get(db, delivery.id) or delivery)
        return
    publisher = courier.publishers.get(delivery.destination)
    if publisher is None or delivery.issue_id is None or not store.claim(db, delivery.id, courier.now()):
        return
    post = announced_issue(db, delivery.issue_id)
    if post is None:  # the issue left the index since it was queued: nothing to announce
        store.set_status(db, delivery.id, "skipped", courier.now(), "the issue is no longer in the index")
        return
    label = f"{post.week} {delivery.destination}"
    rendered = publisher.render(post)
    if courier.dry_run:
        log.info("dry run, not sent to %s: %s", delivery.destination, rendered)
        store.set_status(db, delivery.id, "skipped", courier.now(), "dry run", rendered=rendered)
        return
    try:
        remote_id = publisher.publish(post, delivery.key)
    except AlreadyPublished as exc:
        store.mark_sent(db, delivery.id, "already-out", courier.now(), rendered)
        log.warning("%s: %s", label, exc)
    except RetryLater as exc:
        _defer(db, courier, delivery, label, str(exc), exc.at)
        report.deferred.append(label)
    except Ambiguous as exc:
        _settle_in_doubt(db, courier, delivery, str(exc))
        report.deferred.append(label)
    except Exception as exc:  # PublishFailed and anything unexpected: keep it, retry later, say so
        store.mark_failed(db, delivery.id, f"{type(exc).__name__}: {exc}", courier.now())
        report.deferred.append(label)
        log.exception("%s failed", label)
        if isinstance(exc, PublishFailed):
            tell_editors_once(db, courier, f"failed:{delivery.id}", f"Announcing {label} failed: {exc}", [])
    else:
        store.mark_sent(db, delivery.id, remote_id, courier.now(), rendered)
        report.sent.append(label)
        log.info("announced %s (%s)", label, remote_id)


def _send_message(db: Database, courier: Courier, delivery: store.Delivery) -> None:
    assert courier.messenger is not None
    if not delivery.payload:
        store.set_status(db, delivery.id, "unknown", courier.now(), "nothing to send")
        return
    try:
        remote_id = courier.messenger.send(delivery.payload, delivery.key)
    except RetryLater as exc:
        _defer(db, courier, delivery, delivery.key, str(exc), exc.at)
    except Ambiguous as exc:
        _settle_in_doubt(db, courier, delivery, str(exc))
    except PublishFailed as exc:  # a user who cannot be messaged: trying again will not help
        store.set_status(db, delivery.id, "skipped", courier.now(), str(exc))
        log.warning("message %s not sent: %s", delivery.key, exc)
    except Exception as exc:
        store.mark_failed(db, delivery.id, f"{type(exc).__name__}: {exc}", courier.now())
        log.exception("message %s failed; it will be retried", delivery.key)
    else:
        store.mark_sent(db, delivery.id, remote_id, courier.now())


def _defer(
    db: Database, courier: Courier, delivery: store.Delivery, label: str, why: str, at: dt.datetime | None
) -> None:
    now = courier.now()
    if at is not None:
        at = min(at, now + MAX_DEFER)
    at = store.mark_failed(db, delivery.id, why, now, at)
    log.warning("%s deferred until %s: %s", label, iso(at), why)
    if delivery.kind == "announce" and at - now > TELL_AFTER:
        tell_editors_once(
            db,
            courier,
            f"deferred:{delivery.id}",
            f"Announcing {label} has to wait until {iso(at)} ({why}). I will try again then.",
            [],
        )


def recover(db: Database, courier: Courier) -> None:
    """Claims left in `sending` by a crashed run: look for the post before any re-post."""
    for delivery in store.stale_claims(db, courier.now()):
        log.warning("recovering %s left in sending by %s", delivery.key, delivery.claimed_by)
        _settle_in_doubt(db, courier, delivery, f"left in sending by {delivery.claimed_by}")


def _settle_in_doubt(db: Database, courier: Courier, delivery: store.Delivery, why: str) -> None:
    """Found: sent. Not there: send again. The destination cannot tell: `unknown`, editors decide."""
    claimed = dt.datetime.fromisoformat(delivery.claimed_at) if delivery.claimed_at else courier.now()
    since = claimed - dt.timedelta(minutes=5)
    post: IssueSummary | None = None
    try:
        if delivery.kind == "message":
            if courier.messenger is None or not delivery.payload:
                raise CannotCheck("no way to look for the message")
            found = courier.messenger.find_sent(delivery.payload, delivery.key, since)
        else:
            publisher = courier.publishers.get(delivery.destination)
            if publisher is None or delivery.issue_id is None:
                raise CannotCheck(f"{delivery.destination} is not configured in this run")
            post = announced_issue(db, delivery.issue_id)
            if post is None:
                raise CannotCheck("the issue is no longer in the index")
            found = publisher.find_existing(post, delivery.key, since)
    except CannotCheck as exc:
        _in_doubt(db, courier, delivery, post, f"{why}; {exc}")
        return
    except Exception:
        log.exception("checking whether %s went out failed; will check again", delivery.key)
        return
    if found:
        store.mark_sent(db, delivery.id, found, courier.now())
        log.warning("%s went out before the crash (%s): not sending again", delivery.key, found)
    else:
        store.set_status(db, delivery.id, "pending", courier.now(), why)
        log.warning("%s did not go out: sending it again", delivery.key)


def _in_doubt(
    db: Database, courier: Courier, delivery: store.Delivery, post: IssueSummary | None, why: str
) -> None:
    store.set_status(db, delivery.id, "unknown", courier.now(), why)
    log.error("%s may or may not have gone out (%s)", delivery.key, why)
    if delivery.kind != "announce" or delivery.issue_id is None:
        return
    post = post or announced_issue(db, delivery.issue_id)
    if post is None:
        return
    tell_editors_once(
        db,
        courier,
        f"unknown:{delivery.id}",
        f"I may or may not have announced {post.title} on {delivery.destination} ({why}). Is it out?",
        [
            Action("Post it", EditorChoice.POST_IT, str(delivery.id)),
            Action("It's already out", EditorChoice.ALREADY_OUT, str(delivery.id)),
        ],
    )
