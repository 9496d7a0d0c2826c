"""The editor's Hugo draft of the next issue, in the archive's own style, from accepted tips.

Tip text is a stranger's: in the draft it is inert. No raw HTML, no Hugo shortcode, no markdown
link or image of the submitter's making, no structure. The only links are the tip's own validated
http(s) URLs, listed under its story.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlite_utils import Database

from bot.archive import identity
from bot.archive.links import host_of, is_web_url
from bot.tips.triage import list_tips

# Any URL-like run in the text: the tip's links are listed apart, so none stays inline to be linkified.
_URLISH = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\b(?:javascript|data|vbscript|mailto|file):|\bwww\.)\S*", re.I
)
_STRUCTURE = re.compile(r"(^|\s)([#>]+|-{2,}|\+{3}|={2,})(?=\s|$)")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]()!|~])")


def next_issue_week(today: dt.date) -> str:
    """The week of the next Friday (today, on a Friday): the issue being prepared."""
    return identity.week_id(today + dt.timedelta(days=(4 - today.weekday()) % 7))


def export_draft(db: Database, today: dt.date) -> str:
    """Front matter, `#### In this issue`, and one `###` story per accepted tip with its links."""
    week = next_issue_week(today)
    friday = identity.friday_of(week)
    tips = sorted(list_tips(db, status="accepted", limit=1000), key=lambda t: t["id"])
    stories = [_story(tip) for tip in tips]
    lines = [
        "---",
        f"title: Works on Arm News {week}",
        f"date: {friday.isoformat()}",
        f"weight: {week[-2:]}",
        "draft: true",
        "---",
        "",
        "#### In this issue",
        "",
    ]
    lines += [f"* {heading}" for heading, _, _ in stories] or ["* (no accepted tips yet)"]
    for heading, body, urls in stories:
        lines += ["", f"### {heading}", "", body, ""]
        lines += [f"* <{url}>" for url in urls]
    return "\n".join(lines).rstrip() + "\n"


def _story(tip: dict[str, Any]) -> tuple[str, str, list[str]]:
    text = inert(tip["text"])
    note = inert(tip.get("note") or "")
    urls = [url for url in tip["urls"] if is_web_url(url) and not re.search(r"[\s<>]", url)]
    heading = _heading(note or text, urls)
    who = inert(tip.get("user_name") or tip["user_id"])
    body = " ".join(part for part in (text, note) if part and part != heading)
    body = (body + " " if body else "") + f"Suggested by {who}."
    return heading, body, urls


def inert(text: str) -> str:
    """One paragraph of plain words that markdown and Hugo render as exactly those words."""
    text = _URLISH.sub(" ", text)
    text = " ".join(text.split())
    text = _STRUCTURE.sub(" ", text).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    # Hugo reads shortcodes before markdown, so `{{<` and `{{%` must not survive even escaped.
    return text.replace("{{", "{\\{").replace("}}", "}\\}")


def _heading(text: str, urls: list[str]) -> str:
    if text:
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"
    if urls:
        return host_of(urls[0])
    return "Untitled tip"
