"""Posting to Bluesky through atproto: one post per issue whose link is a real link facet, with a
link card, under a record key derived from the issue, so a second create cannot make a second post."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import requests
from atproto import Client, models
from atproto_client import exceptions as atx
from atproto_client.request import Request
from urllib3.exceptions import ProtocolError

from bot.archive.issues import IssueSummary
from bot.publishers.contract import Ambiguous, CannotCheck, PublishFailed, RetryLater
from bot.publishers.posts import bluesky_text, defang, hashtags, url_span
from bot.publishers.wire import never_sent

log = logging.getLogger(__name__)
COLLECTION = "app.bsky.feed.post"
MAX_THUMB = 1_000_000  # Bluesky's limit for a link card's image
THUMB_DEADLINE = 15.0  # seconds for the whole image: a post never waits longer for its card
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as record keys (TIDs) are written
_SESSION_ERRORS = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"}


def record_key(post: IssueSummary, key: str) -> str:
    """A TID that only this issue's announcement has: microseconds inside the issue's ISO week and a
    clock id, both from the issue's week and the delivery key, so every try writes the same record."""
    digest = int.from_bytes(hashlib.sha256(f"worksonarm-bot:{post.week}:{key}".encode()).digest()[:8], "big")
    year, week = int(post.week[:4]), int(post.week[-2:])
    friday = dt.datetime.combine(dt.date.fromisocalendar(year, week, 5), dt.time(12), dt.UTC)
    micros = int(friday.timestamp()) * 1_000_000 + (digest >> 10) % 1_000_000
    tid = (micros << 10) | (digest & 1023)
    return "".join(_TID_ALPHABET[(tid >> (5 * i)) & 31] for i in reversed(range(13)))


def fetch_thumbnail(url: str, deadline: float = THUMB_DEADLINE) -> tuple[bytes, str] | None:
    """The feed's image for a link card: an image of at most 1 MB, all of it within `deadline`
    seconds, however slowly the server sends it; None otherwise (the card goes without it)."""
    fetched: list[tuple[bytes, str] | None] = []
    stop = threading.Event()
    worker = threading.Thread(target=lambda: fetched.append(_download(url, stop)), daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        stop.set()  # the download ends at its next read (5 s at most), its connection closed
        log.warning("no thumbnail for the link card (not all sent within %g s)", deadline)
        return None
    return fetched[0] if fetched else None


def _download(url: str, stop: threading.Event) -> tuple[bytes, str] | None:
    try:
        headers = {"Accept-Encoding": "identity"}  # the bytes as they come, counted as they come
        with requests.get(url, timeout=(5, 5), stream=True, headers=headers) as response:
            kind = response.headers.get("Content-Type", "").split(";")[0].strip()
            if response.status_code != 200 or not kind.startswith("image/"):
                return None
            data = bytearray()
            while not stop.is_set():
                chunk = response.raw.read1(64 * 1024)  # what has arrived: a drip never fills a buffer
                if not chunk:
                    return bytes(data), kind
                data += chunk
                if len(data) > MAX_THUMB:
                    return None
            return None
    except (requests.RequestException, OSError, ProtocolError) as exc:
        log.warning("no thumbnail for the link card (%s)", type(exc).__name__)
        return None


class BlueskyPublisher:
    """The session is made when a post is due, kept in memory for the process (serve reuses it
    across polls, atproto refreshes it before it expires) and never written anywhere."""

    destination = "bluesky"

    def __init__(
        self,
        handle: str,
        app_password: str,
        service_url: str = "https://bsky.social/xrpc",
        *,
        pause: float = 0.5,
        thumbnail: Callable[[str], tuple[bytes, str] | None] = fetch_thumbnail,
    ) -> None:
        self.client = Client(base_url=service_url, request=Request(timeout=httpx.Timeout(15.0, connect=5.0)))
        self.client.on_session_change(self._remember)
        self.handle, self.password = handle, app_password
        self.did: str | None = None
        self.pause = pause
        self.thumbnail = thumbnail

    def _remember(self, event: Any, session: Any) -> None:
        self.did = session.did

    def render(self, post: IssueSummary) -> str:
        return bluesky_text(post)

    def publish(self, post: IssueSummary, key: str) -> str:
        rkey = record_key(post, key)
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=self._login(), collection=COLLECTION, rkey=rkey, record=self._record(post)
        )
        for attempt in range(3):
            try:
                return str(self._call(lambda: self.client.com.atproto.repo.create_record(data)).uri)
            except atx.BadRequestError as exc:  # an existing record key among others: is it ours?
                existing = self._existing(rkey)
                if existing:
                    return existing
                raise PublishFailed(f"Bluesky refused the post: {exc}") from exc
            except (atx.NetworkError, atx.RequestException) as exc:  # InvokeTimeoutError too
                if isinstance(exc, atx.RateLimitExceededError):
                    raise RetryLater("Bluesky rate limit (429)", _reset(exc)) from exc
                if exc.response is None and not never_sent(exc):  # a timeout, a dropped connection
                    raise Ambiguous(f"Bluesky's answer was lost ({_cause(exc)}); the post may exist") from exc
                if attempt == 2:
                    raise RetryLater(f"Bluesky is failing ({exc})") from exc
            except (atx.ModelError, ValueError, httpx.TransportError) as exc:
                # an answer that is not the record's (HTML, `{}`, broken JSON), or a connection
                # atproto does not wrap (closed before any answer): the post may exist
                if never_sent(exc):
                    raise RetryLater(f"Bluesky cannot be reached ({_cause(exc)})") from exc
                raise Ambiguous(
                    f"Bluesky's answer could not be read ({_cause(exc)}); the post may exist"
                ) from exc
            time.sleep(self.pause * (attempt + 1))
        raise RetryLater("Bluesky is failing")

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        try:
            return self._existing(record_key(post, key))
        except (atx.UnauthorizedError, PublishFailed) as exc:
            raise CannotCheck(f"Bluesky will not say whether the post exists: {exc}") from exc

    def _existing(self, rkey: str) -> str | None:
        params = models.ComAtprotoRepoGetRecord.Params(repo=self._login(), collection=COLLECTION, rkey=rkey)
        try:
            return str(self._call(lambda: self.client.com.atproto.repo.get_record(params)).uri)
        except atx.BadRequestError as exc:
            if _error(exc) == "RecordNotFound":
                return None
            raise

    def _record(self, post: IssueSummary) -> models.AppBskyFeedPost.Record:
        text = bluesky_text(post)
        facets = [
            models.AppBskyRichtextFacet.Main(
                index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=end),
                features=[models.AppBskyRichtextFacet.Tag(tag=tag)],
            )
            for tag, start, end in hashtags(text)
        ]
        span = url_span(text, post.url or "")
        if span and post.url:
            facets.insert(
                0,
                models.AppBskyRichtextFacet.Main(
                    index=models.AppBskyRichtextFacet.ByteSlice(byte_start=span[0], byte_end=span[1]),
                    features=[models.AppBskyRichtextFacet.Link(uri=post.url)],
                ),
            )
        return models.AppBskyFeedPost.Record(
            text=text,
            created_at=self.client.get_current_time_iso(),
            facets=facets or None,
            embed=self._card(post) if post.url else None,
            langs=["en"],
        )

    def _card(self, post: IssueSummary) -> models.AppBskyEmbedExternal.Main:
        """The link card: the issue's title and stories, and the feed's image when it names one."""
        description = "; ".join(defang(h) for h in post.headings)
        thumb = None
        image = self.thumbnail(post.image) if post.image else None
        if image:
            try:
                data, kind = image
                upload = self.client.com.atproto.repo.upload_blob  # with the type: the PDS keeps it
                thumb = self._call(lambda: upload(data, headers={"Content-Type": kind})).blob
            except atx.AtProtocolError as exc:
                log.warning("the link card goes without its image: %s", exc)
        external = models.AppBskyEmbedExternal.External(
            uri=post.url or "", title=defang(post.title)[:300], description=description[:1000], thumb=thumb
        )
        return models.AppBskyEmbedExternal.Main(external=external)

    def _login(self) -> str:
        """This process's session: created once, on the first post that is due."""
        if self.did is None:
            try:
                self.client.login(self.handle, self.password, fetch_bsky_profile=False)
            except atx.RateLimitExceededError as exc:  # createSession: 30 per 5 minutes, 300 a day
                raise RetryLater("Bluesky limits new sessions (429)", _reset(exc)) from exc
            except (atx.UnauthorizedError, atx.BadRequestError) as exc:
                raise PublishFailed(f"Bluesky refused the handle or app password: {exc}") from exc
            except atx.AtProtocolError as exc:
                raise RetryLater(f"Bluesky sign-in failed ({exc})") from exc
        assert self.did is not None
        return self.did

    def _call(self, call: Callable[[], Any]) -> Any:
        """A request with the session; one that expired or was revoked is made again, once."""
        try:
            return call()
        except (atx.UnauthorizedError, atx.BadRequestError, atx.LoginRequiredError) as exc:
            if not isinstance(exc, atx.LoginRequiredError) and _error(exc) not in _SESSION_ERRORS:
                if isinstance(exc, atx.UnauthorizedError):
                    raise PublishFailed(f"Bluesky refused the post (401/403): {exc}") from exc
                raise
            self.did = None
            self._login()
        try:
            return call()
        except atx.UnauthorizedError as exc:
            raise PublishFailed(f"Bluesky refused the app password's session: {exc}") from exc


def _cause(exc: BaseException) -> str:
    return type(exc.__cause__ or exc).__name__


def _error(exc: atx.AtProtocolError) -> str:
    content = getattr(getattr(exc, "response", None), "content", None)
    return str(getattr(content, "error", "") or "")


def _reset(exc: atx.RateLimitExceededError) -> dt.datetime | None:
    try:
        reset = exc.reset_at
    except (OverflowError, ValueError, OSError):  # a reset in the year 10000 is no reset
        return None
    return reset if isinstance(reset, dt.datetime) else None
