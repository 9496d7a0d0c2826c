"""Links: the one link identity (what makes two URLs the same page), and the URL syntaxes the
archive writes."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from operator import itemgetter
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

_TRAILING = ".,;:!?'\"*_"
# The one URL pattern: an http(s) URL written in text, up to a space, a quote, a bracket, a pipe or
# a backtick (in parentheses too: "label (https://…)"); a sentence's closing punctuation and an
# unbalanced bracket are trimmed after (clean_bare_url).
URL = re.compile(r"https?://[^\s<>\"'\]\[|`]+", re.I)


@dataclass(frozen=True)
class Link:
    """A link of a story: its text as written and its URL as written."""

    text: str
    url: str

    @property
    def normalized(self) -> str:
        return normalize_url(self.url)


# Query parameters known to track who clicked where, never to choose the page. An explicit list
# (see tests/archive/test_links.py): a generic pattern ("anything with `source`, `uid` or `eid`")
# folds calendar events, game entries and conference sessions into one link.
TRACKING_PARAMETERS = frozenset(
    {
        # click ids of ad networks and social sites
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid",
        "twclid", "ttclid", "igshid", "igsh", "li_fat_id", "epik", "srsltid", "rb_clickid",
        "_branch_match_id", "s_cid", "wt.mc_id", "mkt_tok", "_kx", "ck_subscriber_id",
        # Google Analytics' cross-domain linker, HubSpot's and Mailchimp's mail tracking
        "_ga", "_gl", "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mc_cid",
        "mc_eid", "_mc", "hss_channel", "_openstat", "oly_anon_id", "oly_enc_id", "vero_id",
        "vero_conv", "__twitter_impression", "fb_action_ids", "fb_action_types", "fb_source",
        "fb_ref", "action_object_map", "action_type_map", "action_ref_map", "__tn__",
        # who referred the click (Twitter's embeds, Yahoo's consent wall, generic referrers)
        "ref_src", "ref_url", "referrer", "referer", "referral", "referringsource", "guccounter",
        "guce_referrer", "guce_referrer_sig", "gh_src", "trk", "smid",
    }
)  # fmt: skip
# Families of campaign parameters: Google's utm_*, Mailchimp's mc_*, Matomo's pk_* and mtm_*,
# HubSpot's ad hsa_*, Google Ads' gad_*, internal campaigns' itm_*.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_", "matomo_", "hsa_", "gad_", "itm_", "__cft__")
# Share tokens some sites add to every link copied from them, harmless elsewhere.
TRACKING_ON_HOST = {
    "twitter.com": frozenset({"s", "t", "src"}),
    "youtube.com": frozenset({"si", "feature", "pp"}),
    "spotify.com": frozenset({"si"}),
    "medium.com": frozenset({"source"}),
    "instagram.com": frozenset({"igsh", "igshid"}),
    "linkedin.com": frozenset({"trackingid", "lipi", "refid"}),
    "eventbrite.com": frozenset({"aff", "keep_tld"}),  # the affiliate that sent the click
}
# `ref` names a referrer (`?ref=hn`, `?ref=producthunt`), except where an API or GitLab's `/-/`
# routes read it as a git ref, or its value is a commit id, `refs/…` or a version.
_GIT_REF = re.compile(r"[0-9a-f]{7,40}|refs/.+|v?\d+(?:\.\d+)+", re.I)


def is_tracking(name: str, value: str, host: str = "", path: str = "") -> bool:
    """True for a query parameter that only tracks the click (on this host and path)."""
    name = name.lower()
    if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES):
        return True
    if name == "ref":
        api = host.startswith("api.") or "/-/" in path or "/api/" in f"{path}/"
        return not (api or _GIT_REF.fullmatch(value))
    return any(
        name in names and (host == site or host.endswith("." + site))
        for site, names in TRACKING_ON_HOST.items()
    )


@functools.lru_cache(maxsize=65536)  # the same URL recurs across issues and runs
def normalize_url(url: str) -> str:
    """The one link identity: two ways of writing a link to the same page give the same key.
    Used wherever links are compared (tip and archive, tip and tip, a feed entry and an issue).

    Folded: http and https, the host's case and punycode, `www.`/`m.`/`mobile.` hosts, default
    ports, repeated and trailing slashes, an `index.html` ending, a fragment that is no route
    (`#/…` and `#!…` are routes), the order of parameters and the tracking ones (`is_tracking`);
    and well-known aliases: youtu.be and YouTube's share parameters, x.com, arXiv's abs and pdf,
    GitHub's case-insensitive owner and repository. What changes the page stays: every other
    parameter (`?v=`, `?id=`, `?eid=`, `?uid=`) and the path."""
    url = html.unescape(url.strip())
    try:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    except ValueError:  # urlsplit refuses some strings; the text itself is their identity
        return url.rstrip("/")
    host = _MOBILE_OR_WWW.sub("", _unicode_host(parts.hostname or ""))
    host = _HOST_ALIASES.get(host, host)
    path = quote(_DOT_DOTS.sub("", re.sub(r"/{2,}", "/", parts.path)), safe="/%!=:,-")
    path = re.sub(r"/index\.html?$", "", path.rstrip("/"))
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(
        sorted(((k, v) for k, v in pairs if not is_tracking(k, v, host, path)), key=itemgetter(0))
    )
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
_DOT_DOTS = re.compile(r"^(?:/\.\.(?![^/]))+")  # `/../` above the root is the root


def _unicode_host(host: str) -> str:
    """A host as people read it: `xn--` labels decoded, so both spellings are one host."""
    if "xn--" not in host:
        return host
    labels = []
    for label in host.split("."):
        try:
            labels.append(label.encode("ascii").decode("idna") if label.startswith("xn--") else label)
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


def clean_bare_url(url: str) -> str:
    """Trim the punctuation that ends a sentence, keeping balanced parentheses."""
    url = html.unescape(url)
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def bare_urls(text: str) -> list[str]:
    """Every web URL in a text that is not markdown (code, raw HTML), sentence punctuation and
    unbalanced brackets trimmed, in order."""
    return [url for m in URL.finditer(text) if is_web_url(url := clean_bare_url(m.group(0)))]


def without_urls(text: str) -> str:
    """The text with every URL in it taken out (a space in its place): the words around them."""
    return URL.sub(" ", text)


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
