"""The newsletter feed: a conditional GET with timeouts, then feedparser on the bytes."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
import time
import zlib
from dataclasses import dataclass
from typing import Any

import feedparser
import requests
from urllib3.exceptions import ProtocolError

from bot import __version__
from bot.archive import identity
from bot.archive.links import is_web_url, normalize_url
from bot.archive.newsletter import Issue, parse_issue, refuse_if_too_large
from bot.errors import WorksOnArmError
from bot.logs import redact_url

USER_AGENT = f"worksonarm-bot/{__version__} (feed watcher; +https://github.com/WorksOnArm/worksonarm-news)"
TIMEOUT = (5.0, 15.0)  # connect, and each read: feedparser itself has no timeout, so it never fetches
DEADLINE = 60.0  # the whole body, however slowly it drips
MAX_FEED_BYTES = 20 * 1024 * 1024  # decoded; real feeds are well under 5 MB
CHUNK = 64 * 1024
# XML 1.0 forbids these; a real feed (Hypriot's) carries \x0b and strict parsers stop there.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NEWSLETTERS = {name for name, _ in identity.PUBLICATIONS}


class FeedError(WorksOnArmError):
    """The feed could not be fetched or read. The message is one line for status and alerts."""


@dataclass
class Fetched:
    """A fetch: new content, or `not_modified` when the server answered 304."""

    not_modified: bool
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = "application/xml"


@dataclass
class FeedEntry:
    title: str
    link: str
    guid: str
    published: dt.date | None
    html: str
    image: str | None = None


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    session: requests.Session | None = None,
    timeout: tuple[float, float] = TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_FEED_BYTES,
) -> Fetched:
    """GET the feed with If-None-Match / If-Modified-Since. Raises FeedError on any failure.

    The body is streamed and decompressed here, counting decoded bytes: a feed that lies about its
    size, a gzip bomb or a server that drips one byte at a time stops at the cap or the deadline,
    before it can fill the memory or hold the poll."""
    shown = redact_url(url)
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = (session or requests).get(url, headers=headers, timeout=timeout, stream=True)
    except requests.Timeout as exc:
        raise FeedError(f"timed out fetching {shown}") from exc
    except requests.RequestException as exc:
        raise FeedError(f"cannot fetch {shown}: {type(exc).__name__}") from exc
    with response:
        if response.status_code == 304:
            return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
        if response.status_code >= 400:
            raise FeedError(f"{shown} answered HTTP {response.status_code}")
        content = _read_body(response, shown, deadline, max_bytes)
    return Fetched(
        not_modified=False,
        content=content,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        content_type=response.headers.get("Content-Type") or "application/xml",
    )


def _read_body(response: requests.Response, shown: str, seconds: float, max_bytes: int) -> bytes:
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FeedError(f"{shown} sent an unsupported Content-Encoding: {encoding[:40]}")
    # wbits 47 reads gzip and zlib headers alike; bare deflate streams get their own decoder below.
    decoder = None if encoding == "identity" else zlib.decompressobj(47)
    body = bytearray()
    deadline = time.monotonic() + seconds
    try:
        while True:
            if time.monotonic() > deadline:
                raise FeedError(f"{shown} took longer than {seconds:g} s to send the feed")
            chunk = response.raw.read1(CHUNK, decode_content=False)
            if not chunk:
                break
            if decoder is None:
                body += chunk
            else:
                decoder = _inflate(decoder, chunk, body, max_bytes)
            if len(body) > max_bytes:
                raise FeedError(f"{shown} is larger than {max_bytes // 1024 // 1024} MB")
    except (requests.RequestException, OSError, ProtocolError) as exc:
        raise FeedError(f"the connection to {shown} broke: {type(exc).__name__}") from exc
    return bytes(body)


def _inflate(decoder: Any, chunk: bytes, body: bytearray, max_bytes: int) -> Any:
    """Decompress a chunk into body, a bounded piece at a time, never past max_bytes (+ one piece)."""
    try:
        data = chunk
        while data and len(body) <= max_bytes:
            body += decoder.decompress(data, CHUNK)
            data = decoder.unconsumed_tail
    except zlib.error:
        if body:
            raise FeedError("the feed's compressed body is corrupt") from None
        decoder = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without a zlib header
        return _inflate(decoder, chunk, body, max_bytes)
    return decoder


def parse_feed(
    content: bytes, url: str = "", content_type: str = "application/xml"
) -> tuple[list[FeedEntry], str | None]:
    """The entries, and a note when the feed was malformed but still yielded them."""
    cleaned = _CONTROL.sub(b"", content)
    # A BytesIO, never a str: feedparser would fetch or open a string that looks like a URL or path.
    headers = {"content-location": url, "content-type": content_type}
    # No sanitizing: nothing renders the HTML (bot/archive/htmltokens.py reads it as text), and
    # feedparser's sanitizer reads an unclosed `<!--` with a regex quadratic in the entry's size.
    parsed = feedparser.parse(io.BytesIO(cleaned), response_headers=headers, sanitize_html=False)
    problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}" if parsed.bozo else None
    if not parsed.entries:
        if parsed.bozo:
            raise FeedError(f"unreadable feed ({problem})".replace("\n", " ")[:300])
        return [], None
    entries = []
    for e in parsed.entries:
        bodies = [c.get("value", "") for c in e.get("content", [])] + [e.get("summary", "")]
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        published = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date() if stamp else None
        link = e.get("link", "")
        entries.append(
            FeedEntry(
                title=e.get("title", "").strip(),
                link=link,
                guid=e.get("id") or link,
                published=published,
                html=max(bodies, key=len),
                image=_image_of(e),
            )
        )
    return entries, problem


def _image_of(entry: Any) -> str | None:
    """The picture an entry names: media:thumbnail, an image media:content or enclosure."""
    candidates = [t.get("url") for t in entry.get("media_thumbnail", [])]
    candidates += [
        c.get("url") for c in entry.get("media_content", []) if c.get("medium") == "image"
        or str(c.get("type", "")).startswith("image/")
    ]  # fmt: skip
    candidates += [
        link.get("href") for link in entry.get("links", [])
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
    ]  # fmt: skip
    return next((url for url in candidates if url and is_web_url(url)), None)


def entry_issue(entry: FeedEntry) -> Issue:
    """The entry as an issue, through the same parser as the archive. Raises NotAnIssue, and
    Refused for an entry over the size cap (its title too: a title is parsed as markdown)."""
    refuse_if_too_large(len(entry.title.encode()) + len(entry.html.encode()))
    meta = {"title": entry.title, "link": entry.link if is_web_url(entry.link) else ""}
    if entry.published:
        meta["date"] = entry.published.isoformat()
    issue = parse_issue(entry.html or entry.title, meta=meta, html=True)
    is_newsletter = (
        issue.number is not None
        or identity.week_from_text(entry.title) is not None
        or issue.publication in NEWSLETTERS
    )
    issue.slot = "" if is_newsletter else normalize_url(entry.link)
    issue.image = entry.image
    return issue
