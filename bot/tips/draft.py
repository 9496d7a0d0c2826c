"""The editor's Hugo draft of the next issue, in the archive's own style, from accepted tips."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlite_utils import Database

from bot.archive import identity
from bot.archive.links import BARE_URL, host_of
from bot.tips.intake import SLACK_LINK, list_tips, readable


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
        lines += [f"* {url}" for url in urls]
    return "\n".join(lines).rstrip() + "\n"


def _story(tip: dict[str, Any]) -> tuple[str, str, list[str]]:
    text = _plain(readable(SLACK_LINK.sub(" ", tip["text"])))
    text = _plain(BARE_URL.sub(" ", text))
    note = _plain(readable(tip.get("note") or ""))
    urls: list[str] = tip["urls"]
    heading = _heading(note or text, urls)
    who = tip.get("user_name") or tip["user_id"]
    body = " ".join(part for part in (text, note) if part and part != heading)
    body = (body + " " if body else "") + f"Suggested by {who}."
    return heading, body, urls


def _plain(text: str) -> str:
    """One paragraph that cannot turn into markdown structure: no headings, rules or front matter."""
    text = " ".join(text.split())
    return re.sub(r"(^|\s)([#>]+|-{2,}|\+{3})(?=\s|$)", " ", text).strip()


def _heading(text: str, urls: list[str]) -> str:
    if text:
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"
    if urls:
        return host_of(urls[0])
    return "Untitled tip"
