"""The query language (bot/archive/query.py): words, "phrases", issue:, year:, before:, after:.
What cannot be understood becomes a note for the reply; no text makes it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.archive.query import MAX_QUERY_CHARS, fts_expression, parse_query
from bot.archive.stopwords import stop_words


def test_words_a_quoted_phrase_and_a_concepts_words_are_terms():
    query = parse_query('nixos\'s images "Raspberry Pi" "unclosed quote')
    assert [(t.tokens, t.phrase) for t in query.terms] == [
        (("nixos",), False),  # a possessive is its word
        (("images",), False),
        (("raspberry", "pi"), True),
        (("unclosed",), False),  # an unclosed quote is just a character
        (("quote",), False),
    ]
    assert not query.has_filters and query.notes == []
    # words that name a concept together are one term
    (term,) = parse_query("raspberry pi").terms
    assert term.concept is not None and term.concept.token == "raspberrypi" and not term.phrase
    assert term.tokens == ("raspberry", "pi")


def test_filters_are_read_into_bounds_and_never_searched_as_words():
    query = parse_query("golang issue:2018w20 year:2018 before:2018-06 after:2017")
    assert [t.tokens for t in query.terms] == [("golang",)]
    assert (query.issue, query.year) == ("2018-W20", 2018)
    assert query.before == "2018-06-01"  # the start of a month before which
    assert query.after == "2017-12-31"  # after 2017: after its last day
    assert parse_query("after:2018-02").after == "2018-02-28"
    assert parse_query("before:2018-W20").before == "2018-05-18"  # that week's Friday
    assert parse_query("ISSUE:#007").issue == "7"
    assert parse_query("issue:" + "9" * 40).issue == "9" * 40  # "no such issue" later, never an overflow


def test_what_cannot_be_understood_is_a_note_and_the_rest_is_searched():
    query = parse_query("arm64 issue:2018-W53 year:18 before:someday after: issue:latest")
    assert [t.tokens for t in query.terms] == [("arm64",)]
    assert not query.has_filters
    notes = " ".join(query.notes)
    assert "no such week, 2018 has no week 53" in notes
    assert "`year:18` is not a year" in notes and "`before:someday` is not a date" in notes
    assert "`after:` needs a value" in notes and "`issue:latest` is not a number or a week" in notes
    assert parse_query("before:2018-02-30").notes  # a day no month has is a note, not an error


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1 \"':#-wW\n\x00é🎉") | st.characters(), max_size=300))
def test_hostile_text_never_raises(text):
    query = parse_query(text)
    assert all(t.tokens for t in query.terms)  # no empty term reaches the index
    for name in ("issue", "year", "before", "after"):
        parse_query(f"{name}:{text}")


def test_a_query_longer_than_slack_sends_is_cut_with_a_note():
    query = parse_query("arm " * MAX_QUERY_CHARS)
    assert len(query.terms) == MAX_QUERY_CHARS // 4
    assert query.notes == [f"only the first {MAX_QUERY_CHARS} characters were searched"]


def test_an_emoji_or_a_mark_set_apart_after_a_word_exclaims_it():
    assert [t.text for t in parse_query("hiya 👋 need a board").terms] == ["hiya!", "need", "a", "board"]
    assert [t.text for t in parse_query("heya ! 🙏🏽 golang").terms] == ["heya!!", "golang"]
    assert [t.text for t in parse_query('👋 hiya "docker" 🎉').terms] == ["hiya", "docker"]  # nothing before
    # a dash is no feeling
    assert [t.text for t in parse_query("golang - docker").terms] == ["golang", "docker"]


def test_words_split_as_the_index_splits_them():
    # unicode61 splits at "_": "docker_compose" is the index's "docker compose", "_docker_" Slack's italics
    assert parse_query("docker_compose").terms[0].tokens == ("docker", "compose")
    assert [t.tokens for t in parse_query("_docker_ on *thunderx*").terms] == [
        ("docker",),
        ("on",),
        ("thunderx",),
    ]


def test_a_words_diacritics_are_folded_as_the_index_folds_them():
    assert [t.tokens for t in parse_query('adélie "Zürich" Käldström').terms] == [
        ("adelie",),
        ("zurich",),
        ("kaldstrom",),
    ]


def test_letters_typed_in_compatibility_forms_are_the_plain_letters():
    # a CJK keyboard's fullwidth letters, a PDF's ligature, a styled letter pasted from a profile
    typed = parse_query("ｆｉｒｅｆｏｘ　ｏｎ　ａｒｍ６４ ﬁle 𝐝𝐨𝐜𝐤𝐞𝐫")
    assert [t.tokens for t in typed.terms] == [("firefox",), ("on",), ("arm64",), ("file",), ("docker",)]
    # but a mark is no letters, and half a surrogate pair (valid in Slack's JSON) is nothing
    assert [t.tokens for t in parse_query("Jetson™ TX2 thunder\udc00x2").terms] == [
        ("jetson",),
        ("tx2",),
        ("thunderx2",),
    ]
    expanded = parse_query("ﷺ" * 400)  # 18 letters each in plain form: past Slack's length, then cut
    assert expanded.notes == [f"only the first {MAX_QUERY_CHARS} characters were searched"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("rust or go?", True),  # before, "go?" with its mark was the word "go", not the language
        ("did go ever get fast on arm64", True),
        ("go on arm64", True),
        ("my go code won't build", True),
        ("when did arm holdings go public?", False),  # before, Go stories answered an IPO question
        ("did the deal ever go through?", False),
        ("why did the subreddits go dark", False),
        ("wouldn't let go of the namespace", False),
        ("how did the ipo go?", False),
        ("how'd the migration go", False),
        # The hostile review's: the language after a word that takes it as its object, or first,
        # or before a particle that more words of the topic follow
        ("how do i get started with go?", True),
        ("how did you learn go?", True),
        ("how do you write tests in go?", True),
        ("go by example", True),
        ("go private modules", True),
        ("go through channels tutorial", True),
        ("how do i deploy go", True),
        # The second review's: after an auxiliary or a verb of choosing, the language
        ("is go up to speed on arm64?", True),
        ("did go ahead of python in popularity?", True),
        ("why we chose go over the jvm", True),
        ("is it worth porting our cli to go?", True),
        ("migrating from python to go", True),
        # and the verb after a modal and its subject, or as an infinitive
        ("should we go serverless?", False),
        ("which arm board should i go for", False),
        ("time to go back to bare metal?", False),
        ("when to go multi-region", False),
        ("where do i go for k8s help", False),
        ("why did the subreddits go dark over the api pricing", False),
        # after an auxiliary and a subject that is not a pronoun (the first review's note)
        ("why did docker go closed source?", False),
        ("will arm servers finally go mainstream this year", False),
        ("does anyone like go", True),
        ("why does go need a runtime", True),
        ("do arm64 go binaries run on graviton?", True),
        ("does kubernetes go client retry", True),  # the review of round 14
        ("does ubuntu go 1.10 support arm64", True),
        ("do distroless go images work with kubernetes", True),
    ],
)
def test_go_is_the_language_except_where_it_is_the_verb(text, language):
    said = [t for t in parse_query(text).terms if t.tokens == ("go",)]
    assert len(said) == 1 and (said[0].concept is not None) == language
    assert ("go" in stop_words()) and (fts_expression(said) == '"golang"') == language
