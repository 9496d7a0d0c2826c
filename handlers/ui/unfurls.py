"""Block Kit for unfurls of the newsletter's own links: an issue with its date and stories, or one
story with its links. Built by the same builders as search and `issue`, so every word is escaped:
an unfurl never pings anyone, whatever the story text says."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject

from bot.archive.hits import Hit
from bot.archive.issues import IssueSummary
from handlers.ui.blocks import as_dicts, hit_blocks, issue_blocks, validated

UNFURL_BLOCKS = 20  # an unfurl is a preview: the whole issue is one click away


def issue_unfurl(issue: IssueSummary) -> dict[str, Any]:
    _, blocks = issue_blocks(issue)
    return {"blocks": as_dicts(validated(_preview(blocks)))}


def story_unfurl(hit: Hit) -> dict[str, Any]:
    blocks = hit_blocks(hit, "", shareable=False)
    return {"blocks": as_dicts(validated(_preview(blocks)))}


def _preview(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= UNFURL_BLOCKS:
        return blocks
    more = ContextBlock(elements=[MarkdownTextObject(text="…and more in the issue")])
    return [*blocks[: UNFURL_BLOCKS - 1], more]
