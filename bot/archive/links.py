"""Links: the one link identity (what makes two URLs the same page), and the URL syntaxes the
archive writes."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

_TRAILING = ".,;:!?'\"*_"
BARE_URL = re.compile(r"(?<![\w(<\[=\"'/])https?://[^\s<>\"'\]\[|`]+", re.I)
_ANY_URL = re.compile(r"https?://[^\s<>\"'\]\[|`]+", re.I)


@dataclass(frozen=True)
class Link:
    """A link of a story: its text as written and its URL as written."""

    text: str
    url: str

    @property
    def normalized(self) -> str:
        return normalize_url(self.url)


@functools.lru_cache(maxsize=65536)  # the same URL recurs across issues and runs
def normalize_url(url: str) -> str:
    """The one link identity: two ways of writing a link to the same page give the same key.
    Used wherever links are compared (tip and archive, tip and tip, a feed entry and an issue).

    Tracking parameters go by courlan's maintained list (never strict: that drops every
    parameter). Then our folding: http and https, `www.`/`m.`/`mobile.` hosts, default ports,
    a trailing slash, an `index.html` ending, a fragment that is no route (`#/…` and `#!…` are
    routes); and well-known aliases: youtu.be and YouTube's share parameters, x.com, arXiv's
    abs and pdf, GitHub's case-insensitive owner and repository. What changes the page stays:
    other parameters (`?v=`, `?id=`, `?p=`) and the path."""
    url = html.unescape(url.strip())
    try:
        cleaned = courlan.normalize_url(url, strict=False, trailing_slash=True)
        parts = urlsplit(cleaned)
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    except Exception:  # courlan and urlsplit refuse some strings; the text itself is their identity
        return url.rstrip("/")
    host = (parts.hostname or "").lower()
    host = _MOBILE_OR_WWW.sub("", host)
    host = _HOST_ALIASES.get(host, host)
    path = re.sub(r"/index\.html?$", "", (parts.path or "").rstrip("/"))
    query = parts.query
    fragment = parts.fragment if parts.fragment.startswith(("/", "!")) else ""
    if host == "youtu.be" and path.strip("/"):
        host, path, query = "youtube.com", "/watch", urlencode({"v": path.strip("/").split("/")[0]})
    if host == "youtube.com" and path == "/watch":
        query = urlencode([(k, v) for k, v in parse_qsl(query) if k == "v"])  # the video, no share ids
    if host == "arxiv.org":
        path = re.sub(r"^/pdf/(.+?)(\.pdf)?$", r"/abs/\1", path)
    if host == "github.com":
        segments = path.split("/")
        path = "/".join(seg.lower() if n < 3 else seg for n, seg in enumerate(segments))
    return urlunsplit(("https", host + port, path, query, fragment))


_MOBILE_OR_WWW = re.compile(r"^(?:www\d?|m|mobile)\.(?=[^.]+\.)")
_HOST_ALIASES = {"x.com": "twitter.com", "youtube-nocookie.com": "youtube.com"}


def clean_bare_url(url: str) -> str:
    """Trim the punctuation that ends a sentence, keeping balanced parentheses."""
    url = html.unescape(url)
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def bare_urls(text: str) -> list[str]:
    """Every web URL in a text that is not markdown (code, raw HTML), sentence punctuation and
    unbalanced brackets trimmed, in order."""
    return [url for m in _ANY_URL.finditer(text) if is_web_url(url := clean_bare_url(m.group(0)))]


def host_of(url: str) -> str:
    """The host of a URL without `www.`, as a short link text."""
    try:
        host = urlsplit(url).netloc.lower()
    except ValueError:
        return url
    return host.removeprefix("www.") or url


def is_web_url(url: str) -> bool:
    """True for absolute http(s) URLs, the only links worth indexing."""
    return bool(re.match(r"https?://[^/\s]+\.[^/\s]", url, re.I)) or bool(
        re.match(r"https?://(localhost|127\.0\.0\.1)\b", url, re.I)
    )
