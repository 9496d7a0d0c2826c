"""HTML (a feed entry, or raw HTML inside markdown) mapped straight into the block model: headings
open sections; paragraphs, list items, quotes and code become items; `<a href>` are links.
Scripts, styles, frames, images and comments are not text. The HTML is read by
bot/archive/htmltokens.py, in time linear in its size whatever it holds."""

from __future__ import annotations

import re

from bot.archive.htmltokens import html_events
from bot.archive.links import Link, bare_urls, host_of, is_web_url, without_urls
from bot.archive.sections import Item, Section, close_link, plain

_SKIP = {"script", "style", "iframe", "noscript", "svg", "head", "title", "template"}
_ITEM = {"p", "div", "section", "article", "table", "tr", "td", "th", "dd", "dt", "figcaption", "br", "hr"}
_HEADING = re.compile(r"h[1-6]")
# The URL stops at a bracket too: else each `[a](http://x` read the rest of the text again.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?(https?://[^)\s>\[\]]+)>?\s*\)")
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def tag_href(tag: str) -> str | None:
    """The href of an `<a …>` opening tag, or None when the tag is no such thing."""
    m = _HREF.match(tag)
    return next((g for g in m.groups() if g is not None), "") if m else None


class _Mapper:
    def __init__(self, markdown_inside: bool) -> None:
        self.markdown_inside = markdown_inside
        self.sections: list[Section] = [Section(0, "")]
        self.parts: list[str] = []
        self.links: list[Link] = []
        self.opened: list[tuple[str, int]] = []
        self.heading = 0
        self.depth = 0  # list nesting
        self.quote = 0
        self.pre = 0
        self.skip = 0
        self.item_start = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if _HEADING.fullmatch(tag):
            self._flush()
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self._flush()
            self.depth += 1
        elif tag == "li":
            self._flush()
            self.item_start = True
        elif tag == "blockquote":
            self._flush()
            self.quote += 1
        elif tag == "pre":
            self._flush()
            self.pre += 1
        elif tag == "a":
            if self.opened:  # an `<a>` in an `<a>` closes it, as in a browser: never deep
                close_link(*self.opened.pop(), self.parts, self.links)
            self.opened.append((dict(attrs).get("href") or "", len(self.parts)))
        elif tag in _ITEM:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if _HEADING.fullmatch(tag) and self.heading:
            text, links = self._take()
            self.sections.append(Section(self.heading, text, heading_links=links))
            self.heading = 0
        elif tag == "a" and self.opened:
            close_link(*self.opened.pop(), self.parts, self.links)
        elif tag in ("ul", "ol"):
            self._flush()
            self.depth = max(0, self.depth - 1)
        elif tag == "blockquote":
            self._flush()
            self.quote = max(0, self.quote - 1)
        elif tag == "pre":
            self._flush(kind="code")
            self.pre = max(0, self.pre - 1)
        elif tag in _ITEM or tag == "li":
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def _take(self) -> tuple[str, list[Link]]:
        text = plain(self.parts)
        links = self.links
        self.parts, self.links, self.opened = [], [], []
        return text, links

    def _flush(self, kind: str | None = None) -> None:
        if self.heading:
            return  # a heading's text is taken whole at its end tag
        text, links = self._take()
        if not text and not links:
            return
        # URLs written as text are links, as linkify makes them in markdown; in raw HTML from a
        # markdown file, so are its authors' markdown links (`<div>… [tmib](https://…)</div>`).
        text, links = _text_links(text, links, self.markdown_inside)
        where = kind or (
            "code" if self.pre else "bullet" if self.depth else "quote" if self.quote else "paragraph"
        )
        self.sections[-1].items.append(Item(where, text, links, self.depth, self.item_start, text[:150]))
        self.item_start = False

    def read(self, html: str) -> None:
        for kind, value, attrs in html_events(html):
            if kind == "start":
                self.handle_starttag(value, attrs)
            elif kind == "end":
                self.handle_endtag(value)
            else:
                self.handle_data(value)
        self._flush()


def _text_links(text: str, links: list[Link], markdown: bool) -> tuple[str, list[Link]]:
    """The URLs (and, in markdown authors' HTML, the markdown links) that a text carries."""
    found = list(links)

    def inline(m: re.Match[str]) -> str:
        if is_web_url(m.group(2)):
            found.append(Link(m.group(1).strip() or host_of(m.group(2)), m.group(2)))
        return m.group(1)

    if markdown:
        text = _MD_LINK.sub(inline, text)
    urls = bare_urls(text)
    if not urls:
        return text, found
    return " ".join(without_urls(text).split()), found + [Link(host_of(url), url) for url in urls]


def html_sections(html: str, *, markdown_inside: bool = False) -> list[Section]:
    """HTML as sections; the first is whatever comes before the first heading. `markdown_inside`:
    raw HTML from a markdown file, whose authors wrote markdown links inside it."""
    mapper = _Mapper(markdown_inside)
    mapper.read(html)
    return mapper.sections
