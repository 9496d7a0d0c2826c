"""The App Home tab: how to use the bot, the latest issue, and the user's own tips."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.archive.issues import IssueSummary
from bot.questions.asked import StandingQuestion
from handlers.ui.blocks import HELP_TEXT, SECTION_LIMIT, issue_blocks
from handlers.ui.editors_home import EditorHome, editor_blocks
from handlers.ui.mrkdwn import clip, escape
from handlers.ui.questions import member_home_blocks


def home_view(
    latest: IssueSummary | None,
    tips: list[dict[str, Any]] | None = None,
    editor: EditorHome | None = None,
    questions: list[StandingQuestion] | None = None,
) -> View:
    """The App Home tab: how to use the bot, the latest issue, the user's own tips, questions and
    follows. An editor sees first what waits for them (see `editors_home`)."""
    blocks: list[Block] = [*editor_blocks(editor), DividerBlock()] if editor else []
    blocks += [
        HeaderBlock(text="Works on Arm News"),
        SectionBlock(text=MarkdownTextObject(text=HELP_TEXT)),
        DividerBlock(),
    ]
    if latest:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*Latest issue*")]))
        blocks += issue_blocks(latest)[1][: 40 if editor is None else 6]
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No issue is indexed yet.")))
    blocks += [DividerBlock(), ContextBlock(elements=[MarkdownTextObject(text="*Your tips*")])]
    if tips:
        lines = []
        for tip in tips:
            what = clip(escape(tip["urls"][0] if tip["urls"] else tip["text"]), 120)
            lines.append(f"• {tip['created_at'][:10]} · *{tip['status']}* · {what}")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), SECTION_LIMIT))))
    else:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text="No tips yet. Send me a link, or use `/worksonarm tip <link>`.")
            )
        )
    blocks += [DividerBlock(), *member_home_blocks(questions or [])]
    # the page of the queue shown, so a button pressed on it republishes the same page
    view = View(type="home", blocks=blocks[:100], private_metadata=str(editor.offset) if editor else None)
    view.validate_json()
    return view
