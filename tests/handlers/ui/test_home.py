"""The App Home tab (handlers/ui/home.py): within Slack's 100 blocks whatever the latest issue
holds, and the member's "Your questions and follows" always there, for a member and an editor."""

from __future__ import annotations

import pytest

from bot.archive.issues import IssueSummary
from bot.questions.asked import StandingQuestion
from bot.questions.gaps import Gap
from handlers.ui.editors_home import HOME_TIPS, EditorHome
from handlers.ui.home import home_view
from handlers.ui.questions import HOME_QUESTIONS

MAX_HOME_BLOCKS = 100  # Slack's limit for a Home tab


def long_issue() -> IssueSummary:
    """Hundreds of long story headings: the issue alone would need far more than 100 blocks."""
    headings = [f"story {i} " + "graviton " * 40 for i in range(800)]
    return IssueSummary(1, "2019-W31", 63, "Works on Arm News 63", "2019-08-02", None, headings, [])


def questions(n: int) -> list[StandingQuestion]:
    return [
        StandingQuestion(i, f"question {i} " + "x" * 300, "follow", "open", "2026-01-01T00:00:00Z")
        for i in range(n)
    ]


def tips(n: int) -> list[dict]:
    return [
        {
            "id": i, "user_id": "U1", "created_at": "2026-01-01", "status": "new", "text": "t " * 900,
            "urls": [f"https://example.com/{i}/{'p' * 300}"] * 5, "section": "Cloud", "note": "n " * 300,
            "duplicate_of": 1, "covered": ["2019-W31"],
        }
        for i in range(n)
    ]  # fmt: skip


def busy_editor() -> EditorHome:
    """Everything an editor's part of the Home can hold at once, each list at its fullest."""
    attention = [
        {"id": i, "week": "2019-W31", "destination": "x", "status": status, "error": "e " * 400,
         "next_try_at": "2026-01-01T00:00:00Z"}
        for i, status in enumerate(["held"] + ["failed", "unknown"] * 5)
    ][:10]  # fmt: skip  # bot.outbox.store.needing_decision's limit
    archive = {
        "source": "../shared/corpus", "last_sync_at": None, "last_result": "held", "failure_streak": 3,
        "held_removals": [f"2018-W{w:02d}" for w in range(1, 50)], "held_key": "k",
    }  # fmt: skip
    feed = {"last_poll_at": None, "last_result": "error", "failure_streak": 2}
    gaps = [Gap(i, f"k{i}", "gap " * 100, 3, 2, "2026-01-01", "2026-01-02", ("a", "b")) for i in range(20)]
    return EditorHome(tips(HOME_TIPS), 200, 8, attention, {"feeds": [feed], "archive": [archive]}, gaps)


def texts_of(view) -> str:
    return repr(view.to_dict())


@pytest.mark.parametrize("editor", [None, busy_editor()], ids=["member", "editor"])
def test_a_long_latest_issue_leaves_room_for_the_members_questions(editor):
    view = home_view(long_issue(), tips(30), editor=editor, questions=questions(20))
    blocks = view.to_dict()["blocks"]
    assert len(blocks) <= MAX_HOME_BLOCKS
    shown = texts_of(view)
    assert "*Your questions and follows*" in shown
    assert all(f"question {i} " in shown for i in range(HOME_QUESTIONS))  # the first ten, each
    assert f"and {20 - HOME_QUESTIONS} more: `/worksonarm following` lists them all." in shown
    assert blocks[-1]["type"] == "context"  # the "and 10 more" line is the last: nothing cut after it


def test_the_latest_issue_is_shown_in_part_and_the_tips_within_a_section():
    view = home_view(long_issue(), tips(30))
    shown = texts_of(view)
    assert "Works on Arm News 63" in shown and "story 0 graviton" in shown
    assert "story 799 " not in shown  # cut to fit: the issue command shows it whole
    sections = [b["text"]["text"] for b in view.to_dict()["blocks"] if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    assert "None. `/worksonarm follow <words>` follows a topic." in shown  # no questions yet
