"""Feed HTML turned into the markdown the issue parser reads, so feeds and files parse alike."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "br",
    "hr",
}
_SKIP = {"script", "style", "iframe", "noscript", "svg", "head", "title"}


class _MarkdownWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.href_stack: list[str | None] = []
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.out.append("\n* ")
        elif tag == "a":
            href = dict(attrs).get("href")
            self.href_stack.append(href)
            if href:
                self.out.append("[")
        elif tag == "pre":
            self.in_pre += 1
            self.out.append("\n\n")
        elif tag in _BLOCK:
            self.out.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n\n")
        elif tag == "a" and self.href_stack:
            href = self.href_stack.pop()
            if href:
                self.out.append(f"]({href})")
        elif tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
            self.out.append("\n\n")
        elif tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_pre:
            # Code lines starting with '#' must not become headings.
            self.out.append(re.sub(r"(?m)^(\s*)#", r"\1\\#", data))
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Headings, list items, paragraphs and links of an HTML fragment, as markdown text."""
    writer = _MarkdownWriter()
    writer.feed(html)
    writer.close()
    text = "".join(writer.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
