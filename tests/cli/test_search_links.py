"""`worksonarm-bot search <link>`: the stories with that link, in the JSON and the text the command
prints for any search; a link no story has is searched as words, as before."""

from __future__ import annotations

import json

import pytest

from tests.support import cli

GO_STORY = ("2017-W19", "Golang 1.9 plan for ARM64 support")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "bot.db"
    done = cli(db, "index")  # the shipped issues
    assert done.returncode == 0, done.stderr
    return db


def test_search_for_a_link_prints_the_story_that_has_it(indexed):
    for link in (
        "https://github.com/golang/go/issues/19082",
        "http://www.github.com/golang/go/issues/19082/?utm_source=newsletter&utm_campaign=arm",
    ):
        done = cli(indexed, "search", link, "--json")
        hits = json.loads(done.stdout)
        assert [(h["issue"], h["section"]) for h in hits] == [GO_STORY]
        assert hits[0]["links"][0]["url"] == "https://github.com/golang/go/issues/19082"
    said = cli(indexed, "search", "is", "https://github.com/golang/go/issues/19082", "covered?").stdout
    assert said.startswith("Stories 1-1 of 1:") and "does not cover" not in said


def test_a_link_no_story_has_is_not_covered_as_before(indexed):
    done = cli(indexed, "search", "https://github.com/golang/go/issues/99999", "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []
    said = cli(indexed, "search", "https://github.com/golang/go/issues/99999").stdout
    assert "The archive does not cover that" in said
