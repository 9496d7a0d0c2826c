"""Markdown into the block model (bot/archive/sections.py), from markdown-it-py's tokens:
CommonMark, with linkify for the bare URLs of 2018. Raw HTML inside goes through the HTML mapper.

The archive's quirks are small steps around the parser, each named and tested: Hugo shortcodes
go before parsing (Hugo renders them first); a reference definition right under its paragraph
gets the blank line CommonMark needs; a definition no text uses is still a link of the section
it sits in.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.archive.htmlblocks import html_sections, tag_href
from bot.archive.linkify import bounded_linkify
from bot.archive.links import Link, bare_urls, host_of, is_web_url
from bot.archive.sections import Item, Section, close_link, plain

_MD = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
# Only what is written as a URL: "README.md" is a file name, not a site in Moldova.
_MD.linkify.set({"fuzzy_link": False, "fuzzy_email": False})  # type: ignore[union-attr]
# Links are kept as written: the index has its own link identity (links.normalize_url), and
# markdown-it's percent-encoding and punycode cost a sixth of the parse.
_MD.normalizeLink = lambda url: url  # type: ignore[method-assign]
_MD.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
_MD.inline.ruler.at("linkify", bounded_linkify)  # the library's reads the whole text per `://`
# Shortcodes are found opener by opener, each closer searched once: `\{\{[<%].*?[%>]\}\}` read
# the rest of the text again for every unclosed `{{<` (60,000 of them: over a minute).
_SHORTCODE_OPEN = re.compile(r"\{\{[<%]")
_SHORTCODE_CLOSE = re.compile(r"[%>]\}\}")
REF_DEF = re.compile(
    r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LONE_TAG = re.compile(r"^ {0,3}</?(?!script|style|pre|textarea)[A-Za-z][\w-]*(?:\s[^<>]*)?/?>\s*$", re.I)
_SKIPPED_INLINE = re.compile(r"<(script|style|iframe|noscript)\b", re.I)


def markdown_sections(text: str) -> list[Section]:
    """Markdown as sections; the first is the preamble (level 0)."""
    text = _prepare(_without_shortcodes(text))
    tokens = _MD.parse(text)
    sections = [Section(0, "")]
    _walk(tokens, sections)
    _place_definitions(sections, text.split("\n"))
    return sections


def _without_shortcodes(text: str) -> str:
    """Each Hugo shortcode (`{{< tweet … >}}`, `{{% notice %}}`) replaced by a space."""
    parts: list[str] = []
    done = 0
    while (opened := _SHORTCODE_OPEN.search(text, done)) and (
        closed := _SHORTCODE_CLOSE.search(text, opened.end())
    ):
        parts += [text[done : opened.start()], " "]
        done = closed.end()
    return "".join(parts) + text[done:] if parts else text


def _prepare(text: str) -> str:
    """Two quirks of hand-written archives, fixed line by line outside fenced code:
    - a `[label]:url` right under its paragraph gets a blank line before it, or CommonMark would
      read it as more of the paragraph;
    - a lone HTML tag line (`</br>`, `<br>`) gets a blank line after it, or CommonMark would read
      the markdown up to the next blank line (a heading, say) as raw HTML."""
    out: list[str] = []
    in_fence = False
    glued = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (_definition_under_text(out, line) or (glued and line.strip())):
            out.append("")
        out.append(line)
        glued = not in_fence and bool(_LONE_TAG.match(line))
    return "\n".join(out)


def _definition_under_text(before: list[str], line: str) -> bool:
    return bool(before and before[-1].strip() and REF_DEF.match(line) and not REF_DEF.match(before[-1]))


def _walk(tokens: list[Token], sections: list[Section]) -> None:
    depth = quote = 0
    item_start = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "heading_open":
            heading, links = inline_text(tokens[i + 1].children or [])
            line = token.map[0] if token.map else 0
            sections.append(Section(int(token.tag[1]), heading, start_line=line, heading_links=links))
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open":
            item_start = True
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "inline":
            text, links = inline_text(token.children or [])
            where = "bullet" if depth else "quote" if quote else "paragraph"
            first = _first_line(token.content)
            sections[-1].items.append(Item(where, text, links, depth, item_start, first))
            item_start = False
        elif kind in ("fence", "code_block"):
            # URLs in code (a download, a command's output) are links too: readers search for them.
            links = [Link(host_of(u), u) for u in bare_urls(token.content)]
            sections[-1].items.append(Item("code", " ".join(token.content.split()), links, depth))
        elif kind == "html_block":
            _splice(sections, html_sections(token.content, markdown_inside=True))
        i += 1


def _splice(sections: list[Section], more: list[Section]) -> None:
    sections[-1].items += more[0].items
    sections += more[1:]


def markdown_inline(text: str) -> str:
    """One line of markdown (a front matter title) as plain text."""
    tokens = _MD.parseInline(_without_shortcodes(text))
    return inline_text(tokens[0].children or [])[0] if tokens else ""


def _first_line(source: str) -> str:
    return source.split("\n", 1)[0].strip()


def inline_text(children: list[Token]) -> tuple[str, list[Link]]:
    """The plain text of an inline run and its web links, in order."""
    parts: list[str] = []
    links: list[Link] = []
    opened: list[tuple[str, int]] = []
    in_tag = False  # the innermost open link is an HTML `<a>`
    skipping = ""
    for child in children:
        kind = child.type
        if skipping:
            if kind == "html_inline" and child.content.lower().startswith(f"</{skipping}"):
                skipping = ""
            continue
        if kind == "text":
            parts.append(child.content)
        elif kind == "code_inline":  # `curl https://nixos.org/nix/install | bash`: a link too
            parts.append(child.content)
            links += [Link(host_of(url), url) for url in bare_urls(child.content)]
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "link_open":
            opened.append((str(child.attrGet("href") or ""), len(parts)))
        elif kind == "link_close" and opened:
            close_link(*opened.pop(), parts, links)
        elif kind == "html_inline":
            content = child.content
            if (skip := _SKIPPED_INLINE.match(content)) is not None:
                skipping = skip.group(1).lower()
            elif (href := tag_href(content)) is not None:
                if in_tag and opened:  # an `<a>` in an `<a>` closes it, as in a browser: never deep
                    close_link(*opened.pop(), parts, links)
                opened.append((href, len(parts)))
                in_tag = True
            elif content.lower().startswith("</a") and opened:
                close_link(*opened.pop(), parts, links)
                in_tag = False
    return plain(parts), links


def _place_definitions(sections: list[Section], lines: list[str]) -> None:
    """Every `[label]:url` line is a link of the section that holds it, used or not, defined once
    or twice (2017-W18 defines [Packet] twice): CommonMark keeps only the first for the text."""
    # The last section that starts at or before each line, in one pass: lines and starts in order
    # (sections of raw HTML start at 0). A search per definition was quadratic in headings.
    by_start = sorted(range(len(sections)), key=lambda n: sections[n].start_line)
    started = index = 0
    in_fence = False
    for number, line in enumerate(lines):
        while started < len(by_start) and sections[by_start[started]].start_line <= number:
            index = max(index, by_start[started])
            started += 1
        if _FENCE.match(line):
            in_fence = not in_fence
        definition = None if in_fence else REF_DEF.match(line)
        if definition and is_web_url(definition.group(2)):
            sections[index].links.append(Link(" ".join(definition.group(1).split()), definition.group(2)))
