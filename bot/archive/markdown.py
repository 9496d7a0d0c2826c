"""Markdown, as the archive writes it: headings outside code, link syntaxes, and plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.archive.links import BARE_URL, Link, clean_bare_url, host_of, is_web_url

_HEADING = re.compile(r"^(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
REF_DEF = re.compile(
    r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
BULLET = re.compile(r"^[ \t]*(?:[*+-]|\d+[.)])[ \t]+(.*)$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_INLINE_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\](?:\[([^\]]*)\])?")
_NOISE = [
    re.compile(r"<!--.*?(-->|\Z)", re.S),
    re.compile(r"\{\{[<%].*?[%>]\}\}", re.S),
    re.compile(r"<(script|style|iframe)\b.*?(</\1\s*>|\Z)", re.S | re.I),
    re.compile(r"<img\b[^>]*>", re.I),
]
_ANCHOR = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.S | re.I)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


@dataclass
class Block:
    level: int
    heading: str
    lines: list[str]

    @property
    def has_content(self) -> bool:
        return any(line.strip() and not REF_DEF.match(line) for line in self.lines)


def strip_noise(body: str) -> str:
    """No HTML comments, Hugo shortcodes, scripts, iframes or images; `<a href>` becomes a link."""
    for pattern in _NOISE:
        body = pattern.sub(" ", body)
    body = _ANCHOR.sub(lambda m: f"[{_TAG.sub('', m.group(2)).strip()}]({m.group(1)})", body)
    body = _AUTOLINK.sub(r"\1", body)
    return _TAG.sub(" ", body)


def reference_definitions(body: str) -> dict[str, str]:
    """`[label]:url` definitions (with or without a space), keyed case-insensitively."""
    refs: dict[str, str] = {}
    for line in body.split("\n"):
        m = REF_DEF.match(line)
        if m and is_web_url(m.group(2)):
            refs.setdefault(label_key(m.group(1)), m.group(2))
    return refs


def label_key(label: str) -> str:
    """A reference label as markdown matches it: case and inner whitespace ignored."""
    return " ".join(label.lower().split())


def split_blocks(body: str) -> tuple[list[str], list[Block]]:
    """Split the body at ATX and setext headings, never inside fenced code."""
    preamble: list[str] = []
    blocks: list[Block] = []
    current = preamble
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading and heading.group(2).strip():
            blocks.append(Block(len(heading.group(1)), clean_inline(heading.group(2)), []))
            current = blocks[-1].lines
            continue
        setext = None if in_fence else re.match(r"^(={3,}|-{3,})[ \t]*$", line)
        if setext and current and current[-1].strip() and not BULLET.match(current[-1]):
            text = current.pop()
            blocks.append(Block(1 if setext.group(1)[0] == "=" else 2, clean_inline(text), []))
            current = blocks[-1].lines
            continue
        current.append(line)
    return preamble, blocks


def bullets(lines: list[str]) -> list[str]:
    """The text of each top-level list item."""
    items = []
    for line in lines:
        m = BULLET.match(line)
        if m and not line.startswith(("    ", "\t")):
            text = clean_inline(m.group(1))
            if text:
                items.append(text)
    return items


def extract_links(text: str, refs: dict[str, str]) -> tuple[str, list[Link]]:
    """Plain text and the links in it: inline, reference-style and bare URLs, in order."""
    found: list[tuple[int, Link]] = []
    text = _IMAGE.sub(" ", text)

    def inline(m: re.Match[str]) -> str:
        label = clean_inline(m.group(1))
        url = m.group(2)
        if is_web_url(url):
            found.append((m.start(), Link(label or host_of(url), url)))
        return label if not BARE_URL.fullmatch(label) else " "

    text = _INLINE_LINK.sub(inline, text)

    def reference(m: re.Match[str]) -> str:
        label = m.group(1)
        key = label_key(m.group(2) or label)
        url = refs.get(key)
        if url:
            found.append((m.start(), Link(clean_inline(label), url)))
        return label

    text = _REF_LINK.sub(reference, text)

    def bare(m: re.Match[str]) -> str:
        url = clean_bare_url(m.group(0))
        if is_web_url(url):
            found.append((m.start(), Link(host_of(url), url)))
        return " " + m.group(0)[len(url) :]

    text = BARE_URL.sub(bare, text)
    return clean_text(text), [link for _, link in sorted(found, key=lambda pair: pair[0])]


def clean_inline(text: str) -> str:
    """A heading or list item as plain text."""
    text = _IMAGE.sub(" ", text)
    text = _INLINE_LINK.sub(lambda m: m.group(1), text)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Markdown punctuation removed (emphasis, escapes, quotes, bullets), whitespace collapsed."""
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"^[ \t]*(?:>[ \t]?)+", "", text, flags=re.M)
    text = re.sub(r"^[ \t]*(?:[*+-]|\d+[.)])[ \t]+", "", text, flags=re.M)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())
