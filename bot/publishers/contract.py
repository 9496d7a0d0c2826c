"""The contract between the outbox and the places it posts to: one Publisher per destination for
announcements, and one Messenger for the messages that must arrive once (replies, thanks, notices)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from bot.archive.issues import IssueSummary
from bot.errors import WorksOnArmError


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


class CannotCheck(WorksOnArmError):
    """The destination will not say whether a post exists (a missing scope, a private channel)."""


class Publisher(Protocol):
    destination: str

    def render(self, post: IssueSummary) -> str: ...
    def publish(self, post: IssueSummary, key: str) -> str: ...

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        """The id of the post made for `key`, None when it is not there. Raises CannotCheck."""
        ...


class Preview:
    """A destination without credentials in a dry run: the post is rendered like the real one,
    and nothing can be sent or looked up."""

    def __init__(self, publisher: Publisher) -> None:
        self.destination = publisher.destination
        self.publisher = publisher

    def render(self, post: IssueSummary) -> str:
        return self.publisher.render(post)

    def publish(self, post: IssueSummary, key: str) -> str:
        raise PublishFailed(f"{self.destination} is not configured: a dry run only renders it")

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        raise CannotCheck(f"{self.destination} is not configured")


class Messenger(Protocol):
    """Sends a message payload: `to` (a channel or user id) and either `text` (plain, with optional
    `actions`) or ready-made `text` and `blocks` from the Slack edge; `thread_ts` answers in a thread."""

    def send(self, payload: dict[str, Any], key: str) -> str: ...
    def find_sent(self, payload: dict[str, Any], key: str, since: dt.datetime) -> str | None: ...
