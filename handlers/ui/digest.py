"""Block Kit for the editors' weekly note (bot/digest/), and the outbox's renderer of the core's
messages: a weekly note as its sections, anything else as handlers/ui/questions.py shows it."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.digest.note import WeeklyNote
from handlers.ui.blocks import SECTION_LIMIT, as_dicts, validated
from handlers.ui.mrkdwn import clip, escape
from handlers.ui.questions import outbox_message


def note_blocks(note: WeeklyNote) -> tuple[str, list[Block]]:
    """The summary, then one section per part of the note: its title in bold, a line per fact.
    Every word from the core is escaped: a question someone asked can ping no one."""
    summary = clip(escape(note.summary), SECTION_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=summary))]
    for section in note.sections:
        lines = "\n".join(f"• {escape(line)}" for line in section.lines)
        text = clip(f"*{escape(section.title)}*\n{lines}", SECTION_LIMIT)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="The weekly note: `WORKSONARM_DIGEST` sets when.")])
    )
    return summary, validated(blocks)


def core_message(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A message the core queued with no blocks of its own: a weekly note, or what the questions'
    renderer shows (a follow-up DM, or a notice)."""
    if payload.get("note"):
        text, blocks = note_blocks(WeeklyNote.from_json(payload["note"]))
        return text, as_dicts(blocks)
    return outbox_message(payload)
