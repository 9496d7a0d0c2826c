"""The subject of a question the archive lacks (bot/archive/subject.py): the first word of its
topic, when no story has it and none of the best stories spells a word nearly like it."""

from __future__ import annotations

import pytest

from bot.archive.files import index_files
from bot.archive.ranking import Evidence
from bot.archive.subject import SUBJECT_WORDS, lacking_subject, misspelt_names, subject_of
from bot.archive.understanding import Word
from tests.support import open_db

STORIES = 3_000
ISSUE = """---
title: Works on Arm News
date: 2019-01-10
---

## Johnny Mkhael cluster

A bare metal arm cluster, built by hand.

## Chef Infra on arm64

The configuration tool's client runs on arm64 servers, with a heat sink.

## VIM3 development board

* https://www.khadas.com/vim3

## Kubernetes dashboard

* https://k8s.io/dashboard
"""


@pytest.fixture
def indexed(tmp_path):
    """The issue above, indexed, and its stories' ids by heading."""
    issue = tmp_path / "2019-01-10.md"
    issue.write_text(ISSUE)
    with open_db(tmp_path / "bot.db") as db:
        index_files(db, [issue])
        yield db, {r["heading"]: r["id"] for r in db.query("select id, heading from stories")}


def word(typed: str, df: int, position: int, zipf: float = 0.0, *, padding: bool = False) -> Word:
    w = Word(typed, f'"{typed}"', [], typed, padding=padding, position=position)
    w.zipf = zipf
    w.rate(df, STORIES)
    return w


def test_the_subject_is_the_first_word_of_the_topic_never_chat_nor_a_number():
    words = [word("is", 2_900, 0, 7.0, padding=True), word("2019", 0, 1), word("emacs", 0, 2)]
    words += [word("arm64", 400, 3), word("usable", 3, 4, 3.5)]
    assert subject_of(words) is words[2]
    shuffled = [words[3], words[4], words[2], words[0], words[1]]  # as typed, not as listed
    assert subject_of(shuffled) is words[2]


def test_the_subject_is_a_name_after_any_opener():
    decent = [word("decent", 0, 0, 4.4), word("arm64", 400, 1), word("desktop", 20, 2, 3.9)]
    assert subject_of(decent) is None  # a word of English says how the thing is
    ahoy = [word("ahoy,", 0, 0), word("k0s", 0, 1), word("cluster", 40, 2, 4.0)]
    assert subject_of(ahoy) is ahoy[1]  # an opener set off by a mark is no subject
    dumb = [word("dumb", 0, 0, 4.5), word("question:", 30, 1, 5.0), word("emacs", 0, 2)]
    assert subject_of(dumb) is dumb[2]


def test_a_long_question_describes_a_situation_before_its_subject():
    words = [word(f"term{n}", 0 if n == 0 else 5, n) for n in range(SUBJECT_WORDS)]
    assert subject_of(words) is None
    assert subject_of(words[: SUBJECT_WORDS - 1]) is words[0]


def test_a_subject_the_best_stories_spell_nearly_the_same_is_their_word_misspelt(indexed):
    db, ids = indexed
    johnny, chef_story = [Evidence(ids["Johnny Mkhael cluster"])], [Evidence(ids["Chef Infra on arm64"])]
    cluster = word("cluster", 1, 1, 4.0)
    jhonny = word("jhonny", 0, 0)
    assert lacking_subject(db, [jhonny, cluster], johnny) is None  # "johnny", misspelt
    cheff = word("cheff", 0, 0)
    assert lacking_subject(db, [cheff, cluster], johnny) is cheff
    assert lacking_subject(db, [cheff, cluster], chef_story) is None  # "chef", misspelt
    heatsinks = word("heatsinks", 0, 0)
    assert lacking_subject(db, [heatsinks, cluster], chef_story) is None  # their "heat sink"
    first = word("cluster", 1, 0, 4.0)
    assert lacking_subject(db, [first, word("cheff", 0, 1)], johnny) is None  # the subject is there
    assert lacking_subject(db, [cheff, cluster], []) is None  # nothing found: decided elsewhere


def test_a_name_the_best_stories_spell_nearly_in_an_address_is_misspelt_not_unheard_of(indexed):
    # Khadas is only in the VIM3 story's link (khadas.com/vim3): the vocabulary, which the typo
    # fixer reads, leaves addresses out, so "khadass" was a name never met and emptied the answer
    db, ids = indexed
    vim3, johnny = [Evidence(ids["VIM3 development board"])], [Evidence(ids["Johnny Mkhael cluster"])]
    khadass, board = word("khadass", 0, 0), word("board", 1, 1, 4.5)
    khadass.unheard = True
    assert lacking_subject(db, [khadass, board], vim3) is None
    misspelt_names(db, [khadass, board], johnny)
    assert khadass.unheard and 0 not in johnny[0].matched  # no best story spells it: never met
    misspelt_names(db, [khadass, board], vim3)
    assert not khadass.unheard
    assert 0 in vim3[0].matched  # the VIM3 story has it, in its address: it covers the question
    # the text's words are the vocabulary's, which decided it is unheard of; two of them side
    # by side are no name ("ampereone" is not "ampere and": the review of round 15)
    heatsinkz = word("heatsinkz", 0, 0)
    heatsinkz.unheard = True
    chef_story = [Evidence(ids["Chef Infra on arm64"])]
    misspelt_names(db, [heatsinkz, board], chef_story)
    assert heatsinkz.unheard and not chef_story[0].matched
    # another number is another thing: "k9s" (a terminal UI) is no misspelt k8s.io
    k9s = word("k9s", 0, 0)
    assert lacking_subject(db, [k9s, board], [Evidence(ids["Kubernetes dashboard"])]) is k9s
