"""Posting to Mastodon through Mastodon.py: one public status per issue, within the instance's own
limit, sent with an Idempotency-Key so that a retry inside the server's window cannot post twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import time
from typing import Any

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from bot.archive.issues import IssueSummary
from bot.publishers.contract import Ambiguous, CannotCheck, PublishFailed, RetryLater
from bot.publishers.posts import mastodon_text
from bot.publishers.wire import never_sent

log = logging.getLogger(__name__)
DEFAULT_LIMITS = (500, 23)  # Mastodon's own defaults: characters, and what a link counts as
LIMITS_RETRY = 600.0  # seconds before asking an instance that did not answer again
PAGES = 5  # of 40 statuses: how far back a crash recovery looks before it says it cannot tell


def idempotency_key(post: IssueSummary, key: str) -> str:
    """The same issue and destination give the same key, in this database or a rebuilt one."""
    return hashlib.sha256(f"worksonarm-bot:{post.week}:{key}".encode()).hexdigest()[:32]


class MastodonPublisher:
    """One public status per issue. A 429 waits for X-RateLimit-Reset; 5xx are retried at once,
    twice; a 401 or 403 fails the delivery and the editors are told."""

    destination = "mastodon"

    def __init__(
        self,
        api_base_url: str,
        access_token: str,
        *,
        language: str = "en",
        pause: float = 0.5,
        limits: tuple[int, int] | None = None,
    ) -> None:
        # ratelimit_method="throw": the default ("wait") sleeps inside the call until the reset,
        # which would hold the scheduler. version_check_mode="none": no version request first.
        self.api = Mastodon(
            access_token=access_token,
            api_base_url=api_base_url,
            request_timeout=10,
            version_check_mode="none",
            ratelimit_method="throw",
        )
        self.language = language
        self.pause = pause
        self._limits = limits  # None: asked of the instance when first needed
        # None until a read fails: monotonic time starts near 0 on a freshly booted host.
        self._limits_failed_at: float | None = None

    def limits(self) -> tuple[int, int]:
        """The instance's max_characters and characters_reserved_per_url, read once and kept."""
        failed_at = self._limits_failed_at
        if self._limits is None and (failed_at is None or time.monotonic() - failed_at > LIMITS_RETRY):
            try:
                statuses = self.api.instance_v2()["configuration"]["statuses"]
                limit, per_url = int(statuses["max_characters"]), int(statuses["characters_reserved_per_url"])
                if limit < 100 or per_url < 1:
                    raise ValueError(f"implausible limits {limit}/{per_url}")
                self._limits = (limit, per_url)
            except (MastodonError, KeyError, TypeError, ValueError) as exc:
                log.warning(
                    "Mastodon instance limits unknown (%s); using %s", type(exc).__name__, DEFAULT_LIMITS
                )
                self._limits_failed_at = time.monotonic()
        return self._limits or DEFAULT_LIMITS

    def render(self, post: IssueSummary) -> str:
        return mastodon_text(post, *self.limits())

    def publish(self, post: IssueSummary, key: str) -> str:
        text = self.render(post)
        for attempt in range(3):
            try:
                status = self.api.status_post(
                    text,
                    visibility="public",
                    language=self.language,
                    idempotency_key=idempotency_key(post, key),
                )
            except MastodonRatelimitError as exc:
                raise RetryLater("Mastodon rate limit (429)", self._reset()) from exc
            except MastodonUnauthorizedError as exc:
                raise PublishFailed(f"Mastodon refused the access token (401): {_reason(exc)}") from exc
            except MastodonServerError as exc:
                if attempt == 2:
                    raise RetryLater(f"Mastodon is failing ({_status(exc)})") from exc
            except MastodonNetworkError as exc:
                if not never_sent(exc):  # a dropped connection or a read timeout: maybe posted
                    raise Ambiguous(
                        f"Mastodon's answer was lost ({_cause(exc)}); the status may exist"
                    ) from exc
                if attempt == 2:
                    raise RetryLater("Mastodon cannot be reached") from exc
            except MastodonAPIError as exc:  # 403 (a revoked scope), 422 (refused text) and the like
                if isinstance(exc.__context__, ValueError):  # a 2xx whose body is not JSON
                    raise Ambiguous("Mastodon's answer could not be read; the status may exist") from exc
                raise PublishFailed(f"Mastodon refused the status ({_status(exc)}): {_reason(exc)}") from exc
            else:
                if not isinstance(status, dict) or not status.get("id"):  # `200 {}`: nothing says it posted
                    raise Ambiguous("Mastodon answered without the status's id; it may exist")
                return str(status["id"])
            time.sleep(self.pause * (attempt + 1))
        raise RetryLater("Mastodon is failing")

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        """The account's own recent statuses, newest first, back to `since`: one that links to the
        issue is the post. Raises CannotCheck when they cannot be read that far."""
        if not post.url:
            raise CannotCheck("the issue has no link to look for")
        try:
            me = self.api.me()
            page: Any = self.api.account_statuses(
                me["id"], limit=40, exclude_replies=True, exclude_reblogs=True
            )
            for _ in range(PAGES):
                if not page:
                    return None  # the whole timeline read: it is not there
                for status in page:
                    if _links_to(status, post.url):
                        return str(status["id"])
                if min(_created(s) for s in page) < since:
                    return None
                page = self.api.fetch_next(page)
        except MastodonUnauthorizedError as exc:
            raise CannotCheck(f"Mastodon refused to list the account's statuses: {_reason(exc)}") from exc
        except MastodonAPIError as exc:
            raise CannotCheck(f"Mastodon could not list the account's statuses ({_status(exc)})") from exc
        raise CannotCheck(f"more than {PAGES * 40} statuses since the claim: cannot tell")

    def _reset(self) -> dt.datetime | None:
        reset = getattr(self.api, "ratelimit_reset", None)
        try:
            return dt.datetime.fromtimestamp(float(reset), dt.UTC) if reset else None
        except (OverflowError, ValueError, OSError, TypeError):
            return None


def _links_to(status: Any, url: str) -> bool:
    card = status.get("card") or {}
    return url in html.unescape(str(status.get("content") or "")) or card.get("url") == url


def _created(status: Any) -> dt.datetime:
    created = status.get("created_at")
    if isinstance(created, dt.datetime):
        return created if created.tzinfo else created.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(created).replace("Z", "+00:00"))


def _cause(exc: MastodonError) -> str:
    return type(exc.__context__ or exc).__name__


def _status(exc: MastodonError) -> str:
    return str(exc.args[1]) if len(exc.args) > 1 else type(exc).__name__


def _reason(exc: MastodonError) -> str:
    return str(exc.args[3] if len(exc.args) > 3 and exc.args[3] else exc.args[-1] if exc.args else exc)[:200]
