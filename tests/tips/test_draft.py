"""The Hugo draft of the next issue: accepted tips, in the archive's style, inert."""

from __future__ import annotations

import datetime as dt

from bot.archive.newsletter import parse_issue
from bot.tips.draft import export_draft
from bot.tips.intake import save_tip


def test_export_survives_hostile_tip_text(db):
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    hostile = "# Heading?\n---\n### injected story\n+++ <!channel> https://example.com/a"
    saved = save_tip(db, user_id="U1", text=hostile, source="dm", event_key="h", now=now)
    db.execute("update tips set status = 'accepted' where id = ?", [saved.id])
    issue = parse_issue(export_draft(db, now.date()))
    assert len(issue.stories) == 1 and issue.stories[0].links[0].url == "https://example.com/a"
