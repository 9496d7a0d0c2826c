"""The newsletter feed: a conditional GET with timeouts, then feedparser on the bytes."""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass

import feedparser
import requests

from bot import __version__
from bot.archive import identity
from bot.archive.links import normalize_url
from bot.archive.newsletter import Issue, parse_issue
from bot.errors import WorksOnArmError

USER_AGENT = f"worksonarm-bot/{__version__} (feed watcher; +https://github.com/WorksOnArm/worksonarm-news)"
TIMEOUT = (5.0, 15.0)  # connect, read: feedparser itself has no timeout, so it never fetches
MAX_FEED_BYTES = 20 * 1024 * 1024
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


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    session: requests.Session | None = None,
    timeout: tuple[float, float] = TIMEOUT,
) -> Fetched:
    """GET the feed with If-None-Match / If-Modified-Since. Raises FeedError on any failure."""
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = (session or requests).get(url, headers=headers, timeout=timeout)
    except requests.Timeout as exc:
        raise FeedError(f"timed out fetching {url}") from exc
    except requests.RequestException as exc:
        raise FeedError(f"cannot fetch {url}: {type(exc).__name__}") from exc
    if response.status_code == 304:
        return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
    if response.status_code >= 400:
        raise FeedError(f"{url} answered HTTP {response.status_code}")
    if len(response.content) > MAX_FEED_BYTES:
        raise FeedError(f"{url} is larger than {MAX_FEED_BYTES // 1024 // 1024} MB")
    return Fetched(
        not_modified=False,
        content=response.content,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        content_type=response.headers.get("Content-Type") or "application/xml",
    )


def parse_feed(
    content: bytes, url: str = "", content_type: str = "application/xml"
) -> tuple[list[FeedEntry], str | None]:
    """The entries, and a note when the feed was malformed but still yielded them."""
    cleaned = _CONTROL.sub(b"", content)
    # A BytesIO, never a str: feedparser would fetch or open a string that looks like a URL or path.
    headers = {"content-location": url, "content-type": content_type}
    parsed = feedparser.parse(io.BytesIO(cleaned), response_headers=headers)
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
            )
        )
    return entries, problem


def entry_issue(entry: FeedEntry) -> Issue:
    """The entry as an issue, through the same parser as the archive. Raises NotAnIssue."""
    meta = {"title": entry.title, "link": entry.link}
    if entry.published:
        meta["date"] = entry.published.isoformat()
    issue = parse_issue(entry.html or entry.title, meta=meta, html=True)
    is_newsletter = (
        issue.number is not None
        or identity.week_from_text(entry.title) is not None
        or issue.publication in NEWSLETTERS
    )
    issue.slot = "" if is_newsletter else normalize_url(entry.link)
    return issue
