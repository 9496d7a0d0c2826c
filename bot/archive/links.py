"""URLs: normalisation for matching, and the link syntaxes the archive uses."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
    """Scheme and host lower-cased; no `utm_*`, fragment or trailing slash. Used for matching."""
    url = html.unescape(url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rstrip("/")
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    if scheme == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    if scheme == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_")
        ]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, query, ""))


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
