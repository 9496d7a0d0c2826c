"""Versions and models typed in a query (bot/archive/versions.py, bot/archive/placement.py): a
version counts where a story writes it as one, and a model newer than every one the archive
numbers is what the archive lacks. The hostile review's cases: a number beside a name is most
often no model ("clang 8" where the archive has "Clang 7/8", "32 cores", "step 2")."""

from __future__ import annotations

from bot.archive.placement import models_lacking, placements
from bot.archive.ranking import stories_in_index, weigh
from bot.archive.search import search_stories
from bot.archive.versions import version_of, versions_as_written
from tests.archive.test_understanding import one_issue, words_of


def test_a_version_counts_where_it_is_written_as_one(db, tmp_path):
    stories = [
        "### Kernel news\n\nFixed with kernel 4.19.10 and later.\n",
        "### Ubuntu on servers\n\nUbuntu 18.04 on arm64 servers, and 18.10.1 soon.\n",
        "### Kubernetes v1.36: user namespaces\n\nNow stable.\n",
        *(f"### Other {n}\n\nUbuntu on boards, story {n}.\n" for n in range(6)),
    ]
    one_issue(db, tmp_path, stories, "2019-W31")
    words = words_of(db, "ubuntu 19.10 18.10 4.19.10 1.36").words
    assert [w.df for w in words] == [7, 1, 1, 1, 1]  # the index has each number side by side
    versions_as_written(db, words, stories_in_index(db), 8)
    assert [w.df for w in words] == [7, 0, 1, 1, 1]  # "19.10" only inside "4.19.10"
    lacking = search_stories(db, "ubuntu 19.10")
    assert not lacking.hits and "“19.10”" in lacking.explanation
    assert search_stories(db, "ubuntu 18.10").hits[0].section == "Ubuntu on servers"
    assert search_stories(db, "kubernetes 1.36").hits[0].section == "Kubernetes v1.36: user namespaces"
    assert search_stories(db, "ubuntu 18.04.1").hits[0].section == "Ubuntu on servers"  # its point release


def test_an_address_or_a_number_in_another_script_is_no_version():
    assert version_of("(V3.6).") == "3.6" and version_of("19.10?") == "19.10"
    assert version_of("192.168.1.1") is None and version_of("10.0.0.1") is None
    assert version_of("٣.٦") is None and version_of("3") is None and version_of("...") is None


def test_a_model_lacks_when_it_is_newer_than_every_one_the_archive_numbers(db, tmp_path):
    stories = [
        "### Khadas VIM3\n\nThe VIM3 board with an Amlogic A311D.\n",
        "### Raspberry Pi 3 and 4\n\nThe Raspberry Pi 3 B+, then the Raspberry Pi 4.\n",
        "### A cluster\n\nA cluster of 5 Raspberry Pi 3 nodes, Clang 7/8 built.\n",
        "### ThunderX2\n\nDual ThunderX2 processors of 32 cores, on Fedora 28 and Fedora 29.\n",
        "### Apps\n\nThe 12-factor app, after factor 3 of the old way.\n",
        *(f"### Other {n}\n\nBoards and more boards, story {n}, from layer 0 up.\n" for n in range(6)),
    ]
    one_issue(db, tmp_path, stories, "2019-W31")
    cases = {
        "raspberry pi 5 board": ["raspberry pi 5"],  # newer than the 3 and the 4
        "fedora 31 boards": ["fedora 31"],
        "raspberry pi 4": [],  # the archive has it
        "khadas vim 3": [],  # joined: "VIM3"
        "clang 8": [],  # "Clang 7/8"
        "thunderx2 32 cores": [],  # a count, a few words after the name
        "fedora 27": [],  # older than the archive's: not a model it lacks
        "layer 2 boards": [],  # numbered from 0 alone: no line of models
        "replicas 3 boards": [],  # never numbered in the archive
        "factor 12 apps": [],  # "12-factor"
        "boards ٣": [],  # a digit of another script
    }
    for typed, lacking in cases.items():
        words = words_of(db, typed).words
        placed = placements(words)
        weigh(db, placed)
        assert [m.typed for m in models_lacking(db, words, placed)] == lacking, typed
    assert search_stories(db, "khadas vim 3").hits[0].section == "Khadas VIM3"
    assert not search_stories(db, "raspberry pi 5 board").hits
    assert search_stories(db, "fedora 2019 boards").hits  # a year is no model's number


def test_a_decimal_before_a_unit_is_a_measure_not_a_version(db, tmp_path):
    """ "pinebook 11.6 inch" said that no story was about "11.6", a version the archive lacked."""
    one_issue(db, tmp_path, ['### Pinebook\n\nThe Pinebook, an 11.6" laptop.\n'], "2019-W31")
    qualified = {w.typed: w.qualifier for w in words_of(db, "pinebook 11.6 inch 1.8GHz 3.6 (2.0) ghz").words}
    versions = [typed for typed, qualifier in qualified.items() if qualifier]
    assert versions == ["3.6"], qualified  # not "11.6" before "inch", nor "(2.0)" before "ghz"


def test_a_model_s_number_typed_onto_its_name_is_that_model(db, tmp_path):
    """ "rpi5" and "raspberry pi5" listed every Pi story, where "raspberry pi 5" said the archive
    lacks it: the concept took "rpi\\d" as its own spelling and dropped the number."""
    stories = [
        "### Raspberry Pi 4 released\n\nThe Raspberry Pi 4 is out.\n",
        "### Raspberry Pi 3 B+\n\nThe Raspberry Pi 3 B+ is out.\n",
        *(f"### Raspberry Pi cluster {n}\n\nA cluster of Raspberry Pi boards, {n}.\n" for n in "abcdef"),
    ]
    one_issue(db, tmp_path, stories, "2019-W31")
    for typed in ["rpi5", "raspberry pi5", "RPi5?", "raspberry pi 5"]:
        lacking = search_stories(db, typed)
        assert not lacking.hits and "5”" in lacking.explanation, typed
    # a model the archive has stays a spelling of the name: every Pi story (the review of round 16:
    # split, "rpi3" found 3 of 29 Pi 3 stories)
    for typed in ["rpi", "rpi3", "rpi4", "raspberry pi4"]:
        assert len(search_stories(db, typed, limit=10).hits) == 8, typed


def test_a_model_a_story_names_by_the_name_s_last_word_is_in_the_archive(db, tmp_path):
    """DevOps'ish has "The Pi 5 16GB now costs double": "rpi5 price" and "raspberry pi 5" said the
    archive lacks the Pi 5 (the review of round 16)."""
    stories = [
        "### Raspberry Pi 4 released\n\nThe Raspberry Pi 4 is out.\n",
        "### Raspberry Pi price hikes\n\nThe Pi 5 16GB now costs double.\n",
        *(f"### Raspberry Pi cluster {n}\n\nA cluster of Raspberry Pi boards, {n}.\n" for n in "abcdef"),
    ]
    one_issue(db, tmp_path, stories, "2026-W14")
    for typed in ["rpi5 price", "raspberry pi 5"]:
        assert "Raspberry Pi price hikes" in [h.section for h in search_stories(db, typed).hits], typed
    assert search_stories(db, "raspberry pi5").hits  # the Pi's stories, as "rpi3" finds them
