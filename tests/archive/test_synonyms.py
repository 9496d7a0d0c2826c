"""Synonyms as concepts (bot/archive/synonyms.py): a concept token per mention for the index, the
concept a typed word stands for, and "Go" the language told from the verb by how it is written."""

from __future__ import annotations

import pytest

from bot.archive.synonyms import concept_for, with_concepts
from tests.cost import assert_linear


def tokens_of(text: str) -> list[str]:
    """The concept tokens `with_concepts` adds after the text (nothing added: none)."""
    indexed = with_concepts(text)
    assert indexed.startswith(text)  # the text itself is kept as it was
    return indexed[len(text) :].split()


def test_each_mention_adds_its_concepts_token_once():
    assert tokens_of("aarch64 builds, then arm64v8 images") == ["arm64", "arm64"]
    assert tokens_of("Kubernetes on a Raspberry Pi 4") == ["kubernetes", "raspberrypi"]
    assert with_concepts("nothing to see here") == "nothing to see here"
    assert with_concepts("plain", extra="k8s") == "plain\nkubernetes"  # the extra text counts too


def test_go_the_language_is_found_by_how_it_is_written_never_in_going():
    assert tokens_of("Go 1.9 is out, and the Go runtime got faster") == ["golang", "golang"]
    assert tokens_of("written in Go") == ["golang"]
    assert tokens_of("we are going to go home. Go away") == []


def test_a_typed_word_or_phrase_is_its_concept_as_the_index_would_find_it():
    assert concept_for("Raspberry  Pi").token == "raspberrypi"  # spaces and case as typed
    assert concept_for("raspberry pis?").token == "raspberrypi"
    assert concept_for("graviton2").token == "graviton"
    assert concept_for("x86_64").token == "amd64"
    assert concept_for("going") is None and concept_for("") is None
    assert concept_for("cloud native") is None  # a cloud native app is not one rented in the cloud


def test_aws_s_arm_servers_are_graviton_however_the_archive_names_them():
    """Works on Arm wrote "Amazon a1", "a1.* instances", "the a1 EC2 instance type": only "a1
    instances" was Graviton, so `/worksonarm graviton` found four of its seven stories."""
    for text in (
        "Amazon AWS announces new a1.* instances running 64-bit Arm",
        "NetBSD running on Amazon a1 arm64",
        "Services targeting the new a1 EC2 instance type",
        "moved to m6g, then c7g",
    ):
        assert "graviton" in tokens_of(text), text
    assert tokens_of("moved to m6g, then c7g") == ["graviton", "graviton"]
    for text in (
        "A1 paper on the wall",
        "release 1.12.0-beta1",
        "5G and 4G networks",
        "Cortex-A72 cores",
        "For instance, cell A1 holds the total.",  # an instance, but not of AWS
        "Oracle's Ampere A1 compute, cheaper than Amazon's",  # another cloud's A1
    ):
        assert tokens_of(text) == [], text
    assert tokens_of("x2gd, g5g, im4gn and is4gen") == ["graviton"] * 4
    assert concept_for("m6g").token == "graviton" and concept_for("a1") is None


@pytest.mark.parametrize("word", ["cloud ", "servers "])
def test_concepts_are_found_in_time_linear_in_their_mentions(word):
    assert_linear(with_concepts, lambda n: word * n, 3_000)
    assert with_concepts("cloud native servers learning").count("\n") == 0  # neither is the concept
