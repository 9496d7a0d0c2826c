"""One newsletter issue, as markdown or feed HTML, turned into an Issue, its Stories and Links. Pure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot import identity
from bot.errors import NotAnIssue
from bot.frontmatter import split_front_matter
from bot.htmltext import html_to_markdown
from bot.links import BARE_URL, Link, clean_bare_url, host_of, is_web_url, normalize_url


@dataclass
class Story:
    """A story of an issue: its heading, searchable text, links, and the section it sits in."""

    heading: str
    body: str
    links: list[Link] = field(default_factory=list)
    section: str = ""


@dataclass
class Issue:
    """An issue: identity (publication, ISO week), number, title, date, outline and stories."""

    publication: str
    week: str
    number: int | None
    title: str
    date: str
    outline: list[str]
    stories: list[Story]
    permalink: str | None = None
    slot: str = ""  # tells apart feed posts that share a week; "" for numbered or weekly issues

    @property
    def links(self) -> list[Link]:
        return [link for story in self.stories for link in story.links]


_TOC = re.compile(r"^(in this (issue|edition|week)|in the news|contents|table of contents)\W*$", re.I)
_BOILERPLATE = re.compile(
    r"^(colophon|subscri\w*|unsubscribe|photo credits?\b.*|how to (subscribe|contribute)|"
    r"about (this|the) newsletter|feedback|share this)\W*$",
    re.I,
)
_STUB = re.compile(r"\bno (edition|issue|newsletter)\b", re.I)
_HEADING = re.compile(r"^(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_REF_DEF = re.compile(
    r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
_BULLET = re.compile(r"^[ \t]*(?:[*+-]|\d+[.)])[ \t]+(.*)$")
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
class _Block:
    level: int
    heading: str
    lines: list[str]

    @property
    def has_content(self) -> bool:
        return any(line.strip() and not _REF_DEF.match(line) for line in self.lines)


def parse_issue(
    text: str,
    *,
    file_name: str = "",
    path_hint: str = "",
    meta: dict[str, str] | None = None,
    html: bool = False,
) -> Issue:
    """Parse one issue. Raises NotAnIssue (with a one-line reason) for stubs and non-issue pages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if html:
        front, body = dict(meta or {}), html_to_markdown(text)
    else:
        front, body = split_front_matter(text)
        front.update(meta or {})
    for pattern in _NOISE:
        body = pattern.sub(" ", body)
    body = _ANCHOR.sub(lambda m: f"[{_TAG.sub('', m.group(2)).strip()}]({m.group(1)})", body)
    body = _AUTOLINK.sub(r"\1", body)
    body = _TAG.sub(" ", body)

    if len(body.strip()) < 300 and _STUB.search(body):
        raise NotAnIssue("a 'no issue this week' stub")
    refs = _reference_definitions(body)
    preamble, blocks = _blocks(body)
    title = _title(front, preamble, blocks)
    ident = _identity(title, front, file_name, path_hint)
    outline, stories = _stories(preamble, blocks, refs, title)
    if not stories:
        raise NotAnIssue("no stories in it")
    if not title:
        name = "Works on Arm News" if ident.publication == "worksonarm" else ident.publication
        title = f"{name} {ident.week}"
    return Issue(
        publication=ident.publication,
        week=ident.week,
        number=ident.number,
        title=title,
        date=ident.date,
        outline=outline or [s.heading for s in stories],
        stories=stories,
        permalink=front.get("link") or None,
    )


@dataclass
class _Identity:
    publication: str
    week: str
    number: int | None
    date: str


def _identity(title: str, front: dict[str, str], file_name: str, path_hint: str) -> _Identity:
    publication = identity.publication_of(title, front, file_name, path_hint)
    file_date = _date_in_name(file_name)
    meta_date = identity.date_from_text(front.get("date", ""))
    title_date = identity.date_from_text(title)
    name_week = identity.week_from_text(file_name) if re.match(r"\d{4}-[Ww]\d", file_name) else None
    week = (
        name_week
        or (identity.week_id(file_date) if file_date else None)
        or (identity.week_id(meta_date) if meta_date else None)
        or identity.week_from_text(title)
        or (identity.week_id(title_date) if title_date else None)
        or identity.week_n_from_title(title, path_hint)
    )
    if week is None:
        raise NotAnIssue("no week id, date or dated title to identify it")
    dates = [d for d in (meta_date, file_date, title_date) if d and identity.week_id(d) == week]
    date = dates[0] if dates else identity.friday_of(week)
    raw_number = front.get("number", "").strip()
    number = int(raw_number) if raw_number.isdigit() else identity.number_from_title(title, publication)
    return _Identity(publication, week, number, date.isoformat())


def _date_in_name(file_name: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})\b", file_name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _reference_definitions(body: str) -> dict[str, str]:
    refs: dict[str, str] = {}
    for line in body.split("\n"):
        m = _REF_DEF.match(line)
        if m and is_web_url(m.group(2)):
            refs.setdefault(_label_key(m.group(1)), m.group(2))
    return refs


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


def _blocks(body: str) -> tuple[list[str], list[_Block]]:
    """Split the body at ATX and setext headings, never inside fenced code."""
    preamble: list[str] = []
    blocks: list[_Block] = []
    current = preamble
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading and heading.group(2).strip():
            blocks.append(_Block(len(heading.group(1)), _clean_inline(heading.group(2)), []))
            current = blocks[-1].lines
            continue
        setext = None if in_fence else re.match(r"^(={3,}|-{3,})[ \t]*$", line)
        if setext and current and current[-1].strip() and not _BULLET.match(current[-1]):
            text = current.pop()
            blocks.append(_Block(1 if setext.group(1)[0] == "=" else 2, _clean_inline(text), []))
            current = blocks[-1].lines
            continue
        current.append(line)
    return preamble, blocks


def _title(front: dict[str, str], preamble: list[str], blocks: list[_Block]) -> str:
    if front.get("title", "").strip():
        return _clean_inline(front["title"])
    if blocks and blocks[0].level == 1 and not any(line.strip() for line in preamble):
        return blocks[0].heading
    for line in preamble:
        if line.strip():
            is_plain = not (_BULLET.match(line) or _REF_DEF.match(line))
            return _clean_inline(line) if is_plain and len(line) <= 150 else ""
    return ""


def _stories(
    preamble: list[str], blocks: list[_Block], refs: dict[str, str], title: str
) -> tuple[list[str], list[Story]]:
    if blocks and blocks[0].level == 1 and _same_text(blocks[0].heading, title):
        preamble = preamble + blocks[0].lines
        blocks = blocks[1:]
    outline: list[str] = []
    candidates: list[_Block] = []
    for block in blocks:
        if _TOC.match(block.heading):
            outline += _bullets(block.lines)
        elif not _BOILERPLATE.match(block.heading):
            candidates.append(block)
    level = _story_level(candidates)
    stories: list[Story] = []
    section = ""
    skip_below = 0  # while > 0, headings deeper than this belong to a skipped (ToC/boilerplate) block
    for block in blocks:
        if skip_below and block.level > skip_below:
            continue
        skip_below = 0
        if _TOC.match(block.heading) or _BOILERPLATE.match(block.heading):
            skip_below = block.level
            continue
        if block.level < level and not block.has_content:
            section = block.heading
        elif block.level <= level:
            stories.append(_story(block.heading, block.lines, refs, section))
        elif stories:
            stories[-1] = _merge(stories[-1], _story(block.heading, block.lines, refs, section))
    stories = [s for s in stories if s.body or s.links]
    if not outline:
        outline = _bullets(preamble)
    if not stories and any(line.strip() for line in preamble):
        whole = _story(title, preamble, refs, "")
        stories = [whole] if whole.body or whole.links else []
    return outline, stories


def _story_level(candidates: list[_Block]) -> int:
    """The heading level that carries the most headed paragraphs: ## in 2017, ### later."""
    counts: dict[int, int] = {}
    for block in candidates:
        if block.has_content:
            counts[block.level] = counts.get(block.level, 0) + 1
    if not counts:
        return 6
    return max(sorted(counts), key=lambda lvl: counts[lvl])


def _same_text(a: str, b: str) -> bool:
    return _label_key(a).strip(" .") == _label_key(b).strip(" .")


def _bullets(lines: list[str]) -> list[str]:
    items = []
    for line in lines:
        m = _BULLET.match(line)
        if m and not line.startswith(("    ", "\t")):
            text = _clean_inline(m.group(1))
            if text:
                items.append(text)
    return items


def _merge(story: Story, sub: Story) -> Story:
    body = " ".join(part for part in (story.body, sub.heading, sub.body) if part)
    seen = {link.normalized for link in story.links}
    links = story.links + [link for link in sub.links if link.normalized not in seen]
    return Story(story.heading, body, links, story.section)


def _story(heading: str, lines: list[str], refs: dict[str, str], section: str) -> Story:
    links: list[Link] = []
    text_lines: list[str] = []
    for line in lines:
        m = _REF_DEF.match(line)
        if m:
            if is_web_url(m.group(2)):
                links.append(Link(_clean_inline(m.group(1)), m.group(2)))
            continue
        text_lines.append(line)
    text, inline = _extract_links("\n".join(text_lines), refs)
    used = inline + links
    unique: list[Link] = []
    seen: set[str] = set()
    for link in used:
        key = normalize_url(link.url)
        if key not in seen:
            seen.add(key)
            unique.append(link)
    return Story(heading=heading, body=text, links=unique, section=section)


def _extract_links(text: str, refs: dict[str, str]) -> tuple[str, list[Link]]:
    found: list[tuple[int, Link]] = []
    text = _IMAGE.sub(" ", text)

    def inline(m: re.Match[str]) -> str:
        label = _clean_inline(m.group(1))
        url = m.group(2)
        if is_web_url(url):
            found.append((m.start(), Link(label or host_of(url), url)))
        return label if not BARE_URL.fullmatch(label) else " "

    text = _INLINE_LINK.sub(inline, text)

    def reference(m: re.Match[str]) -> str:
        label = m.group(1)
        key = _label_key(m.group(2) or label)
        url = refs.get(key)
        if url:
            found.append((m.start(), Link(_clean_inline(label), url)))
        return label

    text = _REF_LINK.sub(reference, text)

    def bare(m: re.Match[str]) -> str:
        url = clean_bare_url(m.group(0))
        if is_web_url(url):
            found.append((m.start(), Link(host_of(url), url)))
        return " " + m.group(0)[len(url) :]

    text = BARE_URL.sub(bare, text)
    return _clean_text(text), [link for _, link in sorted(found, key=lambda pair: pair[0])]


def _clean_inline(text: str) -> str:
    text = _IMAGE.sub(" ", text)
    text = _INLINE_LINK.sub(lambda m: m.group(1), text)
    return _clean_text(text)


def _clean_text(text: str) -> str:
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"^[ \t]*(?:>[ \t]?)+", "", text, flags=re.M)
    text = re.sub(r"^[ \t]*(?:[*+-]|\d+[.)])[ \t]+", "", text, flags=re.M)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())
