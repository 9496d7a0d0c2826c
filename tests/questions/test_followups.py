"""Matching a new issue: the standing questions its stories answer, one DM per member listing all
of theirs, with the announcement's status; "until covered" closes, a follow stays."""

from __future__ import annotations

import datetime as dt
import json

from bot.archive.index import save_issue
from bot.archive.newsletter import parse_issue
from bot.questions.asked import FOLLOW, UNTIL_COVERED, ask
from bot.questions.followups import followups_for_new_issue

NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
ISSUE = """---
title: Works on Arm News 2026-W41
---

## Zephyrix publishes Graviton benchmarks

Numbers for the new chips. * https://example.com/zephyrix/

## Quasar boards ship

A new board. * https://example.com/quasar/
"""


def _issue(db, tmp_path) -> int:
    path = tmp_path / "2026-W41.md"
    path.write_text(ISSUE)
    issue = parse_issue(path.read_text(), file_name=path.name)
    return save_issue(db, issue, source="file", now=lambda: NOW).id


def test_one_dm_per_member_with_all_their_matches_and_the_status_given(db, tmp_path):
    ask(db, "U1", "zephyrix graviton benchmarks", UNTIL_COVERED, NOW)
    ask(db, "U1", "quasar boards", FOLLOW, NOW)
    ask(db, "U1", "cobol mainframes", FOLLOW, NOW)  # not in this issue
    ask(db, "U2", "quasar boards", UNTIL_COVERED, NOW)
    issue = _issue(db, tmp_path)
    assert followups_for_new_issue(db, issue, "held", NOW) == 2
    rows = {r["key"]: r for r in db.query("select * from deliveries")}
    assert set(rows) == {f"followup:U1:{issue}", f"followup:U2:{issue}"}
    assert {r["status"] for r in rows.values()} == {"held"} and {r["issue_id"] for r in rows.values()} == {
        issue
    }
    mine = json.loads(rows[f"followup:U1:{issue}"]["payload"])
    assert [m["question"] for m in mine["matches"]] == ["zephyrix graviton benchmarks", "quasar boards"]
    assert mine["matches"][0]["stories"][0]["title"] == "Zephyrix publishes Graviton benchmarks"
    states = {(r["user_id"], r["text"]): r["state"] for r in db.query("select * from standing_questions")}
    assert states[("U1", "zephyrix graviton benchmarks")] == "answered"
    assert states[("U1", "quasar boards")] == "open" and states[("U1", "cobol mainframes")] == "open"
    assert states[("U2", "quasar boards")] == "answered"
    assert followups_for_new_issue(db, issue, "pending", NOW) == 0  # once per member and issue
