"""The section a tip is filed under (bot/tips/triage.py): the one of the stories most like its words."""

from __future__ import annotations

from bot.archive.files import index_files
from bot.tips.triage import suggest_section

ISSUE = """---
title: Works on Arm News 2019-W20
---

## Events

### Meetup in Berlin

* https://events.example.com/2019/kernel-compiler-talk-quokka

## Software

### Quokka compiler release

The Quokka compiler ships, with a new kernel build mode.
"""


def test_a_tip_is_filed_by_what_the_stories_say_not_their_links_addresses(db, tmp_path):
    path = tmp_path / "2019-W20.md"
    path.write_text(ISSUE)
    assert index_files(db, [path]).indexed
    # The meetup's address has all four words; the release says three of them
    assert suggest_section(db, "a quokka kernel compiler talk") == "Software"
