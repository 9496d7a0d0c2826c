"""HTML as a stream of start tags, end tags and text, in one pass over the text. A feed entry or
raw HTML in an archive file is untrusted, and CPython's html.parser (before 3.11.13 and 3.12.11)
reads the rest of the document again for every unclosed `<!--`, `</a x` or `<a b='`: 100,000
`<!--` took 110 s. Here no tag is scanned past the next `<`, and the end of a comment, a CDATA
section or a script's text is searched once: found, the scan is consumed; not found, the
construct runs to the end of the document, as in a browser. A `<` that opens nothing is text."""

from __future__ import annotations

import html
import re
from collections.abc import Generator, Iterator

# A tag and its attributes up to `>`, never past a `<`: a failed match costs no more than the text
# up to the next tag. Quoted values may hold `>` but not `<`.
_START = re.compile(r"""<([a-zA-Z][^\s/><\x00]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>""")
_END = re.compile(r"</([a-zA-Z][^\s/><\x00]*)[^<>]*>")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT = {"script", "style"}  # their text is not markup, up to their own end tag

Event = tuple[str, str, list[tuple[str, str | None]]]  # ("start" | "end" | "data", tag or text, attrs)


def html_events(text: str) -> Iterator[Event]:
    """The start tags (lower-cased names, unescaped attribute values), end tags and unescaped
    text of `text`, in order. Comments, CDATA, doctypes and processing instructions are dropped."""
    i, n = 0, len(text)
    while i < n:
        j = text.find("<", i)
        j = n if j < 0 else j
        if j > i:
            yield "data", html.unescape(text[i:j]), []
        if j == n:
            return
        if start := _START.match(text, j):
            tag, attrs = start.group(1).lower(), start.group(2)
            yield "start", tag, _attributes(attrs)
            i = start.end()
            if attrs.rstrip().endswith("/"):
                yield "end", tag, []
            elif tag in _RAW_TEXT:
                i = yield from _raw_text(text, i, tag)
        elif end := _END.match(text, j):
            yield "end", end.group(1).lower(), []
            i = end.end()
        elif text.startswith("<!--", j):
            close = _COMMENT_END.search(text, j + 4)
            i = close.end() if close else n
        elif text.startswith("<![CDATA[", j):
            close_at = text.find("]]>", j + 9)
            i = close_at + 3 if close_at >= 0 else n
        elif text.startswith(("<!", "<?"), j) or (
            text.startswith("</", j) and not text[j + 2 : j + 3].isalpha()
        ):
            close_at = text.find(">", j)  # a doctype, `<?xml …?>`, `</>`: a bogus comment, up to `>`
            i = close_at + 1 if close_at >= 0 else n
        else:
            yield "data", "<", []
            i = j + 1


def _raw_text(text: str, at: int, tag: str) -> Generator[Event, None, int]:
    """The text of a script or style up to its end tag, then the end tag; returns where it ends."""
    close = re.compile(rf"</{tag}[\s/>]", re.I).search(text, at)
    stop = close.start() if close else len(text)
    if stop > at:
        yield "data", text[at:stop], []
    if close is None:
        return stop
    yield "end", tag, []
    after = text.find(">", close.start())
    return after + 1 if after >= 0 else len(text)


def _attributes(source: str) -> list[tuple[str, str | None]]:
    attrs: list[tuple[str, str | None]] = []
    for found in _ATTR.finditer(source):
        name, value = found.group(1).lower(), found.group(2)
        if value is not None and value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        attrs.append((name, html.unescape(value) if value else value))
    return attrs
