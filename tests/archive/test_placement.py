"""Where the typed words stand in the stories (bot/archive/placement.py): a version as it is
written, and a model by its number, which the no-answer decision asks about."""

from __future__ import annotations

from bot.archive.placement import models_lacking, placements, versions_as_written
from bot.archive.ranking import stories_in_index, weigh
from bot.archive.search import search_stories
from tests.archive.test_understanding import one_issue, words_of


def test_a_version_counts_where_it_is_written_as_one(db, tmp_path):
    stories = [
        "### Kernel news\n\nFixed with kernel 4.19.10 and later.\n",
        "### Ubuntu on servers\n\nUbuntu 18.04 on arm64 servers, and 18.10.1 soon.\n",
        *(f"### Other {n}\n\nUbuntu on boards, story {n}.\n" for n in range(6)),
    ]
    one_issue(db, tmp_path, stories, "2019-W31")
    words = words_of(db, "ubuntu 19.10 18.10 4.19.10").words
    assert [w.df for w in words] == [7, 1, 1, 1]  # the index has each number side by side
    versions_as_written(db, words, stories_in_index(db))
    assert [w.df for w in words] == [7, 0, 1, 1]  # "19.10" only inside "4.19.10"
    lacking = search_stories(db, "ubuntu 19.10")
    assert not lacking.hits and "“19.10”" in lacking.explanation
    assert search_stories(db, "ubuntu 18.10").hits[0].section == "Ubuntu on servers"


def test_a_model_lacks_when_no_story_names_it_apart_or_joined(db, tmp_path):
    stories = [
        "### Khadas VIM3\n\nThe VIM3 board with an Amlogic A311D.\n",
        "### Jetson Nano\n\nThe Jetson Nano developer kit, and the Jetson TX2.\n",
        *(f"### Other {n}\n\nBoards and more boards, story {n}.\n" for n in range(6)),
    ]
    one_issue(db, tmp_path, stories, "2019-W31")
    cases = [("jetson tx2 kubernetes", []), ("khadas vim 3", []), ("jetson nano 2 board", ["nano 2"])]
    for typed, lacking in cases:
        words = words_of(db, typed).words
        placed = placements(words)
        weigh(db, placed)
        assert [m.typed for m in models_lacking(db, words, placed)] == lacking, typed
    assert search_stories(db, "khadas vim 3").hits[0].section == "Khadas VIM3"
    assert not search_stories(db, "jetson nano 2 board").hits
    assert search_stories(db, "jetson 2019 boards").hits  # a year is no model's number
