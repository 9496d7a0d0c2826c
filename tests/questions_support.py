"""What the standing questions' tests share: a feed entry for a made-up issue with the stories
they need, the buttons of a reply, and the follow-up DMs a member got."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakes.feed import issue_item
from fakes.slack import FakeSlack


def feed_issue(folder: Path, week: str, *stories: str) -> dict[str, str]:
    """A feed entry, as Hugo publishes one, for an issue of `week` with these story headings."""
    body = "\n\n".join(
        f"## {heading}\n\nAll about {heading.lower()}.\n\n* https://example.com/{week}/{n}/"
        for n, heading in enumerate(stories)
    )
    path = folder / f"{week}.md"
    path.write_text(f"---\ntitle: Works on Arm News {week}\n---\n\n{body}\n")
    return issue_item(path)


def button_value(blocks: list[dict[str, Any]], action_id: str) -> str:
    """The value of the button `action_id` in a reply's blocks."""
    for block in blocks:
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in {json.dumps(blocks)[:500]}")


def dms_to(slack: FakeSlack, member: str) -> list[dict[str, Any]]:
    """The messages the bot posted in its DM with `member`."""
    return slack.posts_to("D" + member)


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or message.get("text"), ensure_ascii=False)
