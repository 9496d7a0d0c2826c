"""The editors' part of the App Home: the tip queue, the announcements that wait for a decision,
when the feed was last polled and the archive last synced, and what readers asked and didn't find."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.outbox.editors import EditorChoice
from bot.questions.gaps import Gap
from handlers.ui.blocks import SECTION_LIMIT, action_button
from handlers.ui.mrkdwn import clip, escape
from handlers.ui.questions import gaps_blocks
from handlers.ui.tips import tips_list_blocks

ACTION_HOME_PAGE = "home_tips_page"
HOME_TIPS = 8  # tips per page: two blocks each, inside the home's 100 with everything else


@dataclass
class EditorHome:
    tips: list[dict[str, Any]]
    total_tips: int
    offset: int
    attention: list[dict[str, Any]]  # held, failed and unknown announcements (bot.status.needing_decision)
    status: dict[str, Any]  # bot.status.index_status
    gaps: list[Gap] = field(default_factory=list)  # what readers asked and didn't find


def editor_blocks(home: EditorHome) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="For editors"), *_health(home.status), DividerBlock()]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*Tips waiting for you*")]))
    blocks += tips_list_blocks(
        home.tips, home.total_tips, offset=home.offset, page_action=ACTION_HOME_PAGE, page_size=HOME_TIPS
    )[1]
    blocks += [DividerBlock(), ContextBlock(elements=[MarkdownTextObject(text="*Announcements to decide*")])]
    if not home.attention:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="Nothing waits for a decision.")))
    for row in home.attention:
        blocks += _delivery(row)
    if any(row["status"] == "held" for row in home.attention):
        choices = [("Announce newest only", EditorChoice.NEWEST), ("Announce all", EditorChoice.ALL)]
        choices.append(("Mark all seen", EditorChoice.SEEN))
        buttons = [action_button(label, choice, "held") for label, choice in choices]
        blocks.append(ActionsBlock(block_id="held", elements=buttons))
    return [*blocks, DividerBlock(), *gaps_blocks(home.gaps)]


def _health(status: dict[str, Any]) -> list[Block]:
    lines = []
    for feed in status.get("feeds") or []:
        when = feed["last_poll_at"] or "never"
        lines.append(f"*Last poll:* {escape(when)} ({escape(feed['last_result'] or '')})")
        if feed["failure_streak"]:
            lines[-1] += f", *{feed['failure_streak']} failures in a row*"
    if not status.get("feeds"):
        lines.append("*Last poll:* never")
    for archive in status.get("archive") or []:
        when = archive["last_sync_at"] or "never"
        lines.append(f"*Last archive sync:* {escape(when)} ({escape(archive['last_result'] or '')})")
        if archive["failure_streak"]:
            lines[-1] += f", *{archive['failure_streak']} failures in a row*"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), SECTION_LIMIT)))]
    for archive in status.get("archive") or []:
        if archive.get("held_removals"):
            blocks += _held_removals(archive)
    return blocks


def _held_removals(archive: dict[str, Any]) -> list[Block]:
    """A sync that would remove many issues at once, and the button that lets it."""
    weeks = archive["held_removals"]
    shown = ", ".join(weeks[:30]) + (", …" if len(weeks) > 30 else "")
    text = (
        f"*The archive sync holds {len(weeks)} removals:* {escape(archive['source'])} no longer has "
        f"{escape(shown)}. They stay searchable until you confirm."
    )
    button = action_button("Remove them from the index", EditorChoice.ARCHIVE_REMOVALS, archive["held_key"])
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_LIMIT))),
        ActionsBlock(block_id="archive-removals", elements=[button]),
    ]


def _delivery(row: dict[str, Any]) -> list[Block]:
    what = f"*{escape(row['week'])}* on *{escape(row['destination'])}*: {row['status']}"
    if row.get("error"):
        what += f"\n_{clip(escape(str(row['error'])), 300)}_"
    if row["status"] == "failed" and row.get("next_try_at"):
        what += f"\nNext try {escape(row['next_try_at'])}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=clip(what, SECTION_LIMIT)))]
    value = str(row["id"])
    if row["status"] == "unknown":
        buttons = [
            action_button("Post it", EditorChoice.POST_IT, value),
            action_button("It's already out", EditorChoice.ALREADY_OUT, value),
        ]
        blocks.append(ActionsBlock(block_id=f"delivery-{value}", elements=buttons))
    elif row["status"] == "failed":
        blocks.append(
            ActionsBlock(
                block_id=f"delivery-{value}",
                elements=[action_button("Try again now", EditorChoice.RETRY, value)],
            )
        )
    return blocks
