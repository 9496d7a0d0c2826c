"""The contract between the outbox and the places it posts to (Slack, X) or tells (the editors)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from bot.archive.issues import IssueSummary
from bot.errors import WorksOnArmError

log = logging.getLogger(__name__)


class RetryLater(WorksOnArmError):
    """The destination said not now (429, 5xx, timeout before sending): try again at `at`."""

    def __init__(self, message: str, at: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.at = at


class PublishFailed(WorksOnArmError):
    """The destination refused the post (auth, permissions): retried later, the editors told."""


class AlreadyPublished(WorksOnArmError):
    """The destination says this post exists already (X's duplicate-content 403)."""


class Ambiguous(WorksOnArmError):
    """The request may or may not have been posted (a read timeout): check before any re-post."""


class Publisher(Protocol):
    destination: str

    def render(self, post: IssueSummary) -> str: ...
    def publish(self, post: IssueSummary) -> str: ...
    def find_existing(self, post: IssueSummary, since: dt.datetime) -> str | None: ...


@dataclass(frozen=True)
class Action:
    label: str
    action_id: str
    value: str


class Notifier(Protocol):
    def tell_editors(self, text: str, actions: list[Action]) -> None: ...


class Silent:
    """No editors to tell: the log says it instead."""

    def tell_editors(self, text: str, actions: list[Action]) -> None:
        log.warning("for the editors (none configured): %s", text)
