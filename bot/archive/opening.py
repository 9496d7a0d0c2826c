"""An issue's opening words, before its first heading, as a story of its own: DevOps'ish opens
most issues with an editorial ("When I found out about CentOS Stream…", "Docker gutted itself to
stay alive…") and a blog post with its introduction, and a search for what they discuss found
nothing of them while the rest of the issue had headings.

Not what is the newsletter's own: a short paragraph that names the newsletter or links its site
(This Week in Rust's "Hello and welcome to another issue…", Works on Arm's "Welcome to Works on
Arm News… Subscribe at…", the same every week), a sponsor's slot (a paragraph led by its link,
DevOps'ish's "[**Webinar: …**](…)", or marked "SPONSORED"), an outline that repeats the stories'
headings, nor a dateline, a photo's caption or an edition's credits: what is left must be
OPENING_WORDS words.

Headed "Introduction", not by the issue's title, which names every topic of the issue ("DevOps'ish
250: BGP, …") where the editorial discusses one or two: headed by the title (or by its first
sentence, often a prose outline), openings led "bgp" and "heptio vmware acquisition" (judged
DevOps'ish 0.643 to 0.636); headed "Introduction", 0.644.
"""

from __future__ import annotations

import re

from bot.archive.identity import PUBLICATIONS
from bot.archive.links import Link, host_of
from bot.archive.sections import Item, Section

# Fewer: a dateline ("week 2017-W51"), a caption, "This week's edition was edited by: nasa42…"
OPENING_WORDS = 25
INTRODUCTION = "Introduction"  # the story's heading
_LETTERS = re.compile(r"[^a-z]")
# "This issue has…", "suggestions for Issue 4", "this week's newsletter features…": a prose outline
# of the stories below, or how to write to the editor
_ITSELF = re.compile(
    r"\b(?:(?:this|next|last|another|today's|this week's) (?:issue|edition)|issue #?\d+|newsletter)\b", re.I
)
# A paragraph this long that names the newsletter is an editorial that mentions it in passing
# ("GitHub and GitLab are both used to manage DevOps'ish"), not a greeting: the review of round 15
EDITORIAL_WORDS = 80
_SPONSORED = re.compile(r"\b(?:sponsored|referral|advertisement)\b", re.I)


def opening(preamble: Section, publication: str, headings: list[str]) -> tuple[str, list[Link]]:
    """The opening's text and links, without what is the newsletter's own, or ("", []) when too
    little is left. `headings` are the stories' (an outline repeats them)."""
    named = dict(PUBLICATIONS).get(publication)
    site = _LETTERS.sub("", publication) if named else ""
    heads = {_squashed(h)[:30] for h in headings if _squashed(h)}
    kept: list[Item] = []
    for item in preamble.items:
        if _SPONSORED.search(item.text) or (item.kind == "paragraph" and _led_by_link(item)):
            continue  # a sponsor's slot, a survey, an event's ad: "[**Webinar: …**](…) Join our…"
        itself = _ITSELF.search(item.text) or (named and (named.search(item.text) or _links_to(item, site)))
        if itself and len(item.text.split()) < EDITORIAL_WORDS:
            continue  # the newsletter about itself: a greeting, how to subscribe, what this issue has
        if item.kind == "bullet" and any(_squashed(item.text).startswith(h) for h in heads):
            continue  # an outline: "In this issue", each a story's heading
        kept.append(item)
    text = " ".join(item.text for item in kept if item.text)
    links = list(dict.fromkeys(link for item in kept for link in item.links))
    if len(text.split()) < OPENING_WORDS:
        return "", []
    return text, links


def _led_by_link(item: Item) -> bool:
    return bool(item.links) and bool(item.links[0].text.strip()) and item.text.startswith(item.links[0].text)


def _links_to(item: Item, site: str) -> bool:
    return any(site in _LETTERS.sub("", host_of(link.url)) for link in item.links)


def _squashed(text: str) -> str:
    return _LETTERS.sub("", text.lower())
