"""A query that is a link: the stories with it, by the one link identity (bot/archive/by_link.py).
The shipped issues have https://github.com/golang/go/issues/19082 as the headline link of 2017-W19's
"Golang 1.9 plan for ARM64 support", and https://twitter.com/kubernetesonarm as the headline link
of 2017-W17's "Conference reports" and the eighth link of 2017-W18's."""

import pytest

from bot.archive.by_link import searched_words
from bot.archive.files import find_issue_files, index_files
from bot.archive.search import search_stories
from bot.config import DEFAULT_ISSUE_URL
from tests.corpus import SHIPPED

GO_ISSUE = "https://github.com/golang/go/issues/19082"
GO_STORY = ("2017-W19", "Golang 1.9 plan for ARM64 support")


@pytest.fixture
def seeded(db):
    index_files(db, find_issue_files([SHIPPED]), issue_url_template=DEFAULT_ISSUE_URL)
    return db


def sections(result):
    return [(h.issue, h.section) for h in result.hits]


@pytest.mark.parametrize(
    "query",
    [
        GO_ISSUE,
        "http://github.com/golang/go/issues/19082",
        "https://www.github.com/golang/go/issues/19082/",
        "https://github.com/golang/go/issues/19082?utm_source=twitter&utm_medium=social&fbclid=abc",
        "https://GitHub.com/GoLang/Go/issues/19082#issuecomment-1",
    ],
)
def test_a_link_written_any_way_the_identity_folds_finds_the_story_with_it(seeded, query):
    """It was "The archive does not cover that: no story is about “https://…”", while a tip of the
    same link was told it ran in 2017-W19."""
    result = search_stories(seeded, query)
    assert sections(result) == [GO_STORY] and result.total == 1
    assert result.explanation is None and not result.searched_for
    assert result.hits[0].links[0]["url"] == GO_ISSUE


def test_words_around_a_link_ask_about_it(seeded):
    """The link names one page; "is … covered?", "did you write about …" only ask about it."""
    for query in (f"is {GO_ISSUE} covered?", f"did you write about {GO_ISSUE}?", f"was {GO_ISSUE} featured?"):
        assert sections(search_stories(seeded, query)) == [GO_STORY], query


@pytest.mark.parametrize(
    "query",
    [
        f"I read {GO_ISSUE} but is there anything on kubernetes?",
        f"kubernetes stories, not {GO_ISSUE}",
        f"{GO_ISSUE} vs kubernetes",
    ],
)
def test_a_question_about_something_else_that_names_a_link_is_searched_as_words(seeded, query):
    """The review of round 16: a link swallowed the question around it ("I read https://… but is
    there anything on terraform?" listed the stories with the link). The words are the question."""
    hits = search_stories(seeded, query, limit=10).hits
    assert hits and all("kubernetes" in (hit.section + hit.snippet).lower() for hit in hits), query


def test_a_site_s_front_page_is_searched_as_its_words(db, tmp_path):
    """ "https://honeycomb.io" listed the stories that link the front page: its sponsor lines."""
    sponsor = "Brought to you by [our sponsor](https://hivemind.example.com/)."
    stories = [f"### Other news {n}\n\nNews of the week {n}. {sponsor}\n" for n in "abc"]
    stories.append(
        "### Hivemind raises money\n\n[Hivemind](https://hivemind.example.com/blog/raise) grows.\n"
    )
    path = tmp_path / "2019-W31.md"
    path.write_text("---\ntitle: Works on Arm News 2019-W31\n---\n\n" + "\n".join(stories))
    index_files(db, [path])
    assert search_stories(db, "https://hivemind.example.com/").hits[0].section == "Hivemind raises money"


def test_a_story_headed_by_the_link_comes_before_one_citing_it_and_the_named_link_shows_first(seeded):
    result = search_stories(seeded, "https://twitter.com/kubernetesonarm")
    # 2017-W17 is older, but the link is its headline; 2017-W18 names it eighth, in passing
    assert sections(result) == [("2017-W17", "Conference reports"), ("2017-W18", "Conference reports")]
    assert result.hits[1].links[0]["url"] == "https://twitter.com/kubernetesonarm"


def test_link_answers_page_and_take_the_filters(seeded):
    link = "https://twitter.com/kubernetesonarm"
    second = search_stories(seeded, link, limit=1, offset=1)
    assert sections(second) == [("2017-W18", "Conference reports")]
    assert second.total == 2 and not second.has_more
    assert sections(search_stories(seeded, f"{link} issue:2017-W18")) == [("2017-W18", "Conference reports")]
    outside = search_stories(seeded, f"{GO_ISSUE} issue:2017-W18")
    assert not outside.hits and outside.ruled_out and outside.outside_filters == 1
    assert outside.explanation.startswith("Nothing in 2017-W18. Outside that, 1 story has it")


def test_several_links_find_the_stories_of_each(seeded):
    result = search_stories(seeded, f"{GO_ISSUE} https://twitter.com/kubernetesonarm")
    assert set(sections(result)) == {
        GO_STORY,
        ("2017-W17", "Conference reports"),
        ("2017-W18", "Conference reports"),
    }


def test_a_link_the_archive_lacks_is_searched_as_before(seeded):
    lacking = search_stories(seeded, "https://github.com/golang/go/issues/99999")
    assert not lacking.hits and "does not cover" in (lacking.explanation or "")
    # no story has the list of Go's issues: the words of its address find what they found before
    words = search_stories(seeded, "https://github.com/golang/go/issues")
    assert words.hits and all(h.score > 0 for h in words.hits)  # ranked by the words, not listed by link


ASKING = ["search {}", "hey did you guys cover {}? thx", "was {} in an issue?", "which issue had {}"]
ASKING += ["any coverage of {}?", "check this out {}", "dupe? {}", "anyone remember {}?", "did you post {}"]
ASKING += ["did worksonarm cover {}"]  # the newsletter's own name, as the index has it


@pytest.mark.parametrize("asked", ASKING)
def test_a_link_asked_about_in_everyday_words_is_the_stories_with_it(seeded, asked):
    """The review of round 16: one word off a short list ("guys", "coverage", "search") lost the
    link, and the answer was built from the filler, or was the usage."""
    assert sections(search_stories(seeded, asked.format(GO_ISSUE))) == [GO_STORY], asked


def test_front_pages_are_their_sites_names_where_they_stand(seeded):
    """ "https://cilium.io vs calico" searched "vs calico"; "is http://jvns.ca covered?" said no
    story mentions "covered"; "/index.html" is the front page too."""
    assert searched_words(seeded, "https://cilium.io vs calico").split() == ["cilium", "vs", "calico"]
    assert searched_words(seeded, "is http://jvns.ca covered?") == "jvns"
    assert searched_words(seeded, "https://honeycomb.io/index.html") == "honeycomb"
    assert searched_words(seeded, "https://honeycomb.io year:2020") == "honeycomb year:2020"  # its filters
    assert searched_words(seeded, f"hey did you guys cover {GO_ISSUE}? thx") is None  # the page's stories
    read = f"I read {GO_ISSUE} but is there anything on terraform?"
    assert searched_words(seeded, read).split()[-1] == "terraform?"
