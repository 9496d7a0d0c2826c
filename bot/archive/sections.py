"""The block model every issue is read into, markdown or HTML: sections (a heading and what
follows it) holding items (paragraphs, list items, quotes, code) with their plain text and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.archive.links import Link, host_of, is_web_url

_URLISH = re.compile(r"\s*(?:https?://|www\.)\S+\s*", re.I)


@dataclass
class Item:
    """A paragraph, list item, quote or code block: its plain text and the links in it."""

    kind: str  # paragraph, bullet, quote or code
    text: str
    links: list[Link] = field(default_factory=list)
    depth: int = 0  # list nesting: 1 for a top-level list item
    item_start: bool = False  # the first paragraph of a list item
    first_line: str = ""


@dataclass
class Section:
    """A heading (level 0: the preamble before any) and the items up to the next heading."""

    level: int
    heading: str
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # reference definitions that sit here
    start_line: int = 0
    heading_links: list[Link] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return any(item.text or item.links for item in self.items)

    @property
    def text(self) -> str:
        return " ".join(item.text for item in self.items if item.text)

    @property
    def all_links(self) -> list[Link]:
        """The heading's links, the items' in order, then the definitions; each URL once."""
        unique: dict[str, Link] = {}
        for link in [*self.heading_links, *(x for item in self.items for x in item.links), *self.links]:
            unique.setdefault(link.normalized, link)
        return list(unique.values())

    @property
    def bullets(self) -> list[str]:
        """The text of each top-level list item (an "In this issue" outline)."""
        return [i.text for i in self.items if i.kind == "bullet" and i.depth == 1 and i.item_start and i.text]


def close_link(href: str, start: int, parts: list[str], links: list[Link]) -> None:
    """A link ends: `parts[start:]` is its text. Only web links count. A link whose text is its own
    URL is a link only: the URL is not searchable text, and the link is labelled by its host."""
    if not is_web_url(href):
        return
    label = " ".join("".join(parts[start:]).split())
    if not label or _URLISH.fullmatch(label):
        del parts[start:]
        parts.append(" ")
        label = host_of(href)
    links.append(Link(label, href))


def plain(parts: list[str]) -> str:
    return " ".join("".join(parts).split())
