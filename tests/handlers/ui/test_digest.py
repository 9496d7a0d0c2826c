"""The weekly note in Block Kit: every word from the core escaped, each section within Slack's limits."""

from __future__ import annotations

import json

from bot.digest.note import Section, WeeklyNote
from handlers.ui.blocks import SECTION_LIMIT
from handlers.ui.digest import core_message, note_blocks


def test_a_question_asked_can_ping_no_one_and_long_sections_are_clipped():
    asked = "graviton3 <!channel> <@U123> & <https://evil.example|click>"
    note = WeeklyNote(
        "2026-W50",
        "Your weekly note for 2026-W50: 1 unanswered question.",
        (Section("Asked and not found", (f"“{asked}”: asked 3 times",)), Section("Searches", ("x" * 5000,))),
    )
    text, blocks = core_message({"to": "UED1", "text": note.summary, "note": note.to_json()})
    shown = json.dumps(blocks)
    assert "<!channel>" not in shown and "<@U123>" not in shown and "<https://evil" not in shown
    assert "&lt;!channel&gt;" in shown and "&amp;" in shown
    assert text.startswith("Your weekly note for 2026-W50")
    assert [b["text"]["text"].split("\n")[0] for b in blocks[1:3]] == ["*Asked and not found*", "*Searches*"]
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks if b["type"] == "section")
    assert note_blocks(note)[0] == text


def test_other_messages_are_notices_as_before():
    text, blocks = core_message({"to": "UED1", "text": "Announcing 2017-W19 failed <!here>"})
    assert text == "Announcing 2017-W19 failed &lt;!here&gt;" and blocks[0]["type"] == "section"
