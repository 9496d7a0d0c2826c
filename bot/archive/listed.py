"""A section that is a list of linked items (DevOps'ish: "[Title](url)" and a comment, item after
item; This Week in Rust's jobs and crates) read as a story per item, so a search finds the item and
not only the section; and the story every issue is read into."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.archive.links import Link
from bot.archive.sections import Item, Section

LIST_ITEMS = 4  # linked items in a section that make it a list of items
LED_SHARE = 0.6  # of its paragraphs and list items, those that start with their link
LABEL_WORDS = 12  # a label over items says what they are in a few words
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width spaces and joiners, a word joiner, a BOM
WHOLE_SHARE = 0.9  # of a list under a story's heading: a "[video]" tag is no report's prose


@dataclass
class Story:
    """A story of an issue: its heading, searchable text, links, and the section it sits in."""

    heading: str
    body: str
    links: list[Link] = field(default_factory=list)
    section: str = ""


def linked_items(block: Section, section: str, *, opening: bool = False, whole: bool = False) -> list[Story]:
    """A long list of linked items (DevOps'ish: "[Title](url)" and a comment, item after item) as a
    story per item, headed by its link and filed under the section, so a search finds the item; else
    []. An issue without headings may open with words of its own (`opening`), and a section with a
    bold label over a list (`_is_label`, "**The Linus Torvalds Apology**:"); a list under a story's
    heading must be `whole` (a team's report stays). Linear: identity sets, no dataclass equality."""
    items = [item for item in block.items if item.text and (item.kind != "bullet" or item.item_start)]
    led = {id(i) for i in items if i.links and _led_by(i, i.links[0])}
    # The paragraph right after an item is its comment ("[Title](url) (5 minute read)", then words)
    listed = sum(1 for n, item in enumerate(items) if id(item) in led or (n and id(items[n - 1]) in led))
    enough = len(led) >= WHOLE_SHARE * len(items) if whole else listed >= LED_SHARE * len(items)
    if len(led) < LIST_ITEMS or not enough:
        return []
    # Words ending in a colon over words with links are the item above's ("Three issues at hand
    # here:" over a numbered list, DevOps'ish 266); a bold name heads them ("**TrueLayer**")
    labels = {id(i) for i, a in itertools.pairwise(items) if _is_label(i, a) and (id(a) in led or _bold(i))}
    if id(items[0]) not in led and not opening and not (id(items[0]) in labels and _bold(items[0])):
        return []  # a story with its sources listed below it (Works on Arm) stays one story

    heads: list[tuple[str, list[str], list[Link]]] = []  # heading, body parts, links
    opening_parts: list[str] = []
    opening_links: list[Link] = []  # the opening's own links ("the government weighed in")
    label = ""  # the words over the list below them: each of its items is read with them
    for item in block.items:
        if id(item) in labels:
            # the label heads what under it is no item ("**TrueLayer**" over jobs written as words
            # with links); a label whose list is all items heads nothing, and is no story
            label = item.text.strip().rstrip(":").strip()
            heads.append((label, [], []))
            continue
        if item.kind != "bullet":
            label = ""  # the list under the label has ended
        if id(item) in led:
            heading = item.links[0].text.lstrip(INVISIBLE)
            comment = _text(item)[len(heading) :].lstrip(" :–—-")
            heads.append((heading, [label, comment], list(item.links)))
        elif heads:  # a comment in a paragraph of its own belongs to the item above
            heads[-1][1].append(item.text)
            heads[-1][2].extend(item.links)
        else:
            opening_parts.append(item.text)
            opening_links.extend(item.links)
    stories = [
        Story(h, _joined(parts), _distinct(links), block.heading or section)
        for h, parts, links in heads
        if any(parts) or links
    ]
    if any(opening_parts) or opening_links:
        stories.insert(0, Story(block.heading, _joined(opening_parts), _distinct(opening_links), section))
    return stories


def _is_label(item: Item, after: Item) -> bool:
    """Words of their own over the bulleted list of linked items after them, no item themselves:
    "**The Linus Torvalds Apology**:" over ten links (DevOps'ish 094), a company's name in bold
    over its jobs (This Week in Rust). Short, and ending with a colon or bold throughout. Only over
    a list, which says where the label's items end: over paragraphs, a label would hold for the rest
    of the section ("**Events**" over 19 of DevOps'ish 299's items), and a bold comment of the item
    above ("**Highly recommended**") would be taken from it."""
    return (
        item.kind == "paragraph"
        and after.kind == "bullet"
        and not item.links
        and len(item.text.split()) <= LABEL_WORDS
        and (_bold(item) or item.text.rstrip().endswith(":"))
    )


def _led_by(item: Item, link: Link) -> bool:
    """Whether the item opens with the link's words (a link of invisible marks alone has none)."""
    words = link.text.strip(INVISIBLE + " \t")
    return bool(words) and _text(item).startswith(link.text.lstrip(INVISIBLE))


def _text(item: Item) -> str:
    """The item's text without the invisible marks an editor may leave before its link (DevOps'ish
    094's "Linus Torvalds takes a break" opens with a zero-width space)."""
    return item.text.lstrip(INVISIBLE)


def _bold(item: Item) -> bool:
    line = item.first_line.rstrip()
    return line.startswith(("**", "__")) and line.rstrip(":").endswith(("**", "__"))


def _joined(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)


def _distinct(links: list[Link]) -> list[Link]:
    return list(dict.fromkeys(links))  # Link is frozen: hashable, first of each kept in order
