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
    []. An issue without headings may open with words of its own (`opening`), and any list with a
    label over it (`_is_label`); a list under a story's heading must be `whole` (a team's report
    stays). Linear: identity sets, no dataclass equality."""
    items = [item for item in block.items if item.text and (item.kind != "bullet" or item.item_start)]
    led = {id(i) for i in items if i.links and i.links[0].text.strip() and i.text.startswith(i.links[0].text)}
    # The paragraph right after an item is its comment ("[Title](url) (5 minute read)", then words)
    listed = sum(1 for n, item in enumerate(items) if id(item) in led or (n and id(items[n - 1]) in led))
    enough = len(led) >= WHOLE_SHARE * len(items) if whole else listed >= LED_SHARE * len(items)
    if len(led) < LIST_ITEMS or not enough:
        return []
    if id(items[0]) not in led and not opening and not _is_label(items[0]):
        return []  # a story with its sources listed below it (Works on Arm) stays one story

    heads: list[tuple[str, list[str], list[Link]]] = []  # heading, body parts, links
    opening_parts: list[str] = []
    opening_links: list[Link] = []  # the opening's own links ("the government weighed in")
    labels = {id(i) for i, after in itertools.pairwise(items) if id(after) in led and _is_label(i)}
    label, under = "", ""  # the words over the items below them, and the kind of those items
    for item in block.items:
        if id(item) in led:
            # a label is over its list: the paragraphs after the list are not under it
            label = label if item.kind == under or not under else ""
            under = item.kind if label else ""
            heading = item.links[0].text
            comment = item.text[len(heading) :].lstrip(" :–—-")
            heads.append((heading, [label, comment], list(item.links)))
        elif id(item) in labels:
            label, under = item.text.strip().rstrip(":").strip(), ""
        elif heads:  # a comment in a paragraph of its own belongs to the item above
            heads[-1][1].append(item.text)
            heads[-1][2].extend(item.links)
        else:
            opening_parts.append(item.text)
            opening_links.extend(item.links)
    stories = [
        Story(h, _joined(parts), _distinct(links), block.heading or section) for h, parts, links in heads
    ]
    if any(opening_parts) or opening_links:
        stories.insert(0, Story(block.heading, _joined(opening_parts), _distinct(opening_links), section))
    return stories


def _is_label(item: Item) -> bool:
    """Words of their own over the linked items below them, no item themselves: "**The Linus
    Torvalds Apology**:" or "Other articles on Dan's passing:" over the links of DevOps'ish 094 and
    191. A comment of the item above is no label ("Great read."): a label ends with a colon or is
    bold throughout, and is short (a paragraph that ends with a colon is the section's opening)."""
    line = item.first_line.rstrip()
    bold = line.startswith(("**", "__")) and line.rstrip(":").endswith(("**", "__"))
    return (
        item.kind == "paragraph"
        and not item.links
        and len(item.text.split()) <= LABEL_WORDS
        and (bold or item.text.rstrip().endswith(":"))
    )


def _joined(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)


def _distinct(links: list[Link]) -> list[Link]:
    return list(dict.fromkeys(links))  # Link is frozen: hashable, first of each kept in order
