"""An issue as it is announced in the channel: the title as a link, the date, "In this issue"."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.archive.issues import IssueSummary
from handlers.ui.blocks import as_dicts, story_list, validated
from handlers.ui.mrkdwn import escape, link


def announcement_text(post: IssueSummary) -> str:
    """The fallback text: escaped like the blocks, so a feed title can never ping the channel."""
    return escape(f"New issue: {post.title} ({post.date}) {post.url or ''}".strip())


def announcement_blocks(post: IssueSummary) -> list[Block]:
    """The issue title as a link, the date, and its "In this issue" list."""
    head = f"*{link(post.url, post.title)}*\n{escape(post.date)}" + (
        f" · Issue {post.number}" if post.number else ""
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    if post.headings:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*In this issue*")]))
        blocks += story_list(post.headings)
    return validated(blocks[:50])


def announcement_message(post: IssueSummary) -> tuple[str, list[dict[str, Any]]]:
    """The announcement as the Slack publisher posts it (the composition root hands it this)."""
    return announcement_text(post), as_dicts(announcement_blocks(post))
