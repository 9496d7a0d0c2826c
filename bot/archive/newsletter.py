"""One newsletter issue, as markdown or feed HTML, turned into an Issue, its Stories and Links. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.archive import identity
from bot.archive.frontmatter import split_front_matter
from bot.archive.htmlblocks import html_sections
from bot.archive.links import Link
from bot.archive.listed import Story, linked_items
from bot.archive.markdown import markdown_inline, markdown_sections
from bot.archive.sections import Section
from bot.errors import NotAnIssue, Refused

# Issues are under 45 KB (a feed entry 22 KB): a larger file is refused unread, never parsed
MAX_ISSUE_BYTES = 256 * 1024


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
    image: str | None = None  # the picture a feed entry names, for link cards

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


def is_boilerplate(heading: str) -> bool:
    """A section about the newsletter itself, the same every week ("Colophon", "Subscribe"): the
    index leaves it out, or every search for "newsletter" would list it once per issue."""
    return bool(_BOILERPLATE.match(heading))


def parse_issue(
    text: str,
    *,
    file_name: str = "",
    path_hint: str = "",
    meta: dict[str, str] | None = None,
    html: bool = False,
) -> Issue:
    """Parse one issue. Raises NotAnIssue (with a one-line reason) for stubs and non-issue pages,
    Refused for a text over MAX_ISSUE_BYTES."""
    refuse_if_too_large(len(text) if len(text) > MAX_ISSUE_BYTES else len(text.encode()))
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if html:
        front, sections = dict(meta or {}), html_sections(text)
    else:
        front, body = split_front_matter(text)
        front.update(meta or {})
        sections = markdown_sections(body)
    words = " ".join(f"{s.heading} {s.text}" for s in sections)
    if len(words.strip()) < 300 and _STUB.search(words):
        raise NotAnIssue("a 'no issue this week' stub")
    preamble, blocks = sections[0], sections[1:]
    title = _title(front, preamble, blocks)
    ident = _identity(title, front, file_name, path_hint)
    outline, stories = _stories(preamble, blocks, title)
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


def refuse_if_too_large(size: int) -> None:
    """Raise Refused for a document of `size` bytes over MAX_ISSUE_BYTES."""
    if size > MAX_ISSUE_BYTES:
        cap = MAX_ISSUE_BYTES // 1024
        raise Refused(f"too large: {size / 1024:,.0f} KB, over the cap of {cap} KB per issue")


@dataclass
class _Identity:
    publication: str
    week: str
    number: int | None
    date: str


def _identity(title: str, front: dict[str, str], file_name: str, path_hint: str) -> _Identity:
    publication = identity.publication_of(title, front, file_name, path_hint)
    file_date = identity.date_in_name(file_name)
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
    number = int(raw_number) if raw_number.isdecimal() else identity.number_from_title(title, publication)
    return _Identity(publication, week, number, date.isoformat())


def _title(front: dict[str, str], preamble: Section, blocks: list[Section]) -> str:
    if front.get("title", "").strip():
        return markdown_inline(front["title"])
    if blocks and blocks[0].level == 1 and not preamble.has_content:
        return blocks[0].heading
    for item in preamble.items:
        if item.text:
            is_plain = item.kind == "paragraph" and item.first_line and len(item.first_line) <= 150
            return markdown_inline(item.first_line) if is_plain else ""
    return ""


def _stories(preamble: Section, blocks: list[Section], title: str) -> tuple[list[str], list[Story]]:
    if blocks and blocks[0].level == 1 and _same_text(blocks[0].heading, title):
        first = blocks[0]
        preamble = Section(0, "", preamble.items + first.items, preamble.links + first.links)
        blocks = blocks[1:]
    outline: list[str] = []
    candidates: list[Section] = []
    for block in blocks:
        if _TOC.match(block.heading):
            outline += block.bullets
        elif not is_boilerplate(block.heading):
            candidates.append(block)
    level = _story_level(candidates)
    stories: list[Story] = []
    deeper: list[list[Story]] = []  # per story, the sections under it, merged once at the end
    section, owner = "", -1  # owner: the story that sections under it join, a list under it or not
    skip_below = 0  # while > 0, headings deeper than this belong to a skipped (ToC/boilerplate) block
    for block in blocks:
        if skip_below and block.level > skip_below:
            continue
        skip_below = 0
        if _TOC.match(block.heading) or is_boilerplate(block.heading):
            skip_below = block.level
            continue
        if block.level < level and not block.has_content:
            section = block.heading
        elif block.level <= level:
            found = linked_items(block, section) or [_story(block.heading, block, section)]
            stories += found
            deeper += [[] for _ in found]
            owner = len(stories) - 1  # what lies under the block goes with its last item
        elif stories and (found := linked_items(block, section, whole=True)):  # a list under a story
            stories += found
            deeper += [[] for _ in found]
            # the heading's link stays the story's ("### [RFCs](…)"); its words are the items' section
            deeper[owner].append(Story("", "", block.heading_links, section))
        elif stories:
            deeper[owner].append(_story(block.heading, block, section))
    stories = [_merge(story, subs) for story, subs in zip(stories, deeper, strict=True)]
    stories = [s for s in stories if s.body or s.links]
    if not outline:
        outline = preamble.bullets
    if not stories and preamble.has_content:
        # An issue with no headings at all (DevOps'ish since 293) may still be a list of items
        whole = Section(0, title, preamble.items, preamble.links)
        stories = linked_items(whole, "", opening=True) or [
            s for s in [_story(title, preamble, "")] if s.body or s.links
        ]
    return outline, stories


def _story_level(candidates: list[Section]) -> int:
    """The heading level that carries the most headed paragraphs: ## in 2017, ### later."""
    counts: dict[int, int] = {}
    for block in candidates:
        if block.has_content:
            counts[block.level] = counts.get(block.level, 0) + 1
    if not counts:
        return 6
    return max(sorted(counts), key=lambda lvl: counts[lvl])


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).strip(" .") == " ".join(b.lower().split()).strip(" .")


def _merge(story: Story, subs: list[Story]) -> Story:
    """A story with the deeper sections under it: their headings, text and new links, all at once
    (one by one, 7,000 subheadings copied the growing story 7,000 times: 8 s for 230 KB)."""
    if not subs:
        return story
    body = " ".join(
        part for part in (story.body, *(p for sub in subs for p in (sub.heading, sub.body))) if part
    )
    links = list(story.links)
    seen = {link.normalized for link in links}
    for link in (link for sub in subs for link in sub.links):
        if link.normalized not in seen:
            seen.add(link.normalized)
            links.append(link)
    return Story(story.heading, body, links, story.section)


def _story(heading: str, block: Section, section: str) -> Story:
    return Story(heading=heading, body=block.text, links=block.all_links, section=section)
