"""The index's vocabulary (bot/archive/vocabulary.py): words as the full-text index splits them,
counts kept up to date in both directions, and typo fixes by the real edit distance."""

from __future__ import annotations

from collections import Counter

from bot.archive.vocabulary import (
    apply_counts,
    count_words,
    counts_of,
    edit_distance,
    is_slip,
    typo_fixes,
    words_of,
)


def test_words_are_split_as_the_index_splits_them_without_numbers_or_single_letters():
    assert words_of("Graviton2 on AWS: 64 cores, a_b x86_64 & Ünïcode") == [
        "graviton2",
        "on",
        "aws",
        "cores",
        "x86",  # "_" splits, as unicode61 does; "64", "a" and "b" are no vocabulary
        "unicode",  # folded as the index folds it
    ]
    assert words_of("x" * 41) == [] and words_of("x" * 40) == ["x" * 40]


def test_words_fold_their_diacritics_as_the_index_does_but_a_script_of_syllables_stays_whole():
    assert words_of("Adélie Linux, Lucas Käldström, Zoë, jalapeño") == [
        "adelie", "linux", "lucas", "kaldstrom", "zoe", "jalapeno"
    ]  # fmt: skip
    assert words_of("한국어 문서") == ["한국어", "문서"]  # a Hangul syllable decomposes into letters


def test_a_typo_of_a_name_written_with_a_diacritic_is_one_slip_from_its_plain_spelling(db):
    apply_counts(db, count_words(["Adélie Linux"] * 3))
    assert [f.word for f in typo_fixes(db, "adelei")] == ["adelie"]  # was two edits from "adélie"
    assert counts_of(db, ["adelie"]) == {"adelie": 3}


def test_edit_distance_counts_a_swap_of_neighbours_as_one_typo():
    assert edit_distance("emga", "emag") == 1
    assert edit_distance("kubernetes", "kuberentes") == 1
    assert edit_distance("golang", "golang") == 0 and edit_distance("", "abc") == 3
    assert edit_distance("postgress", "postgresql") == 2


def test_a_typo_finds_the_most_used_word_one_edit_away_but_never_a_shorter_common_word(db):
    apply_counts(db, count_words(["kubernetes " * 5, "kubernets " * 2, "cool " * 9, "emag " * 3, "ubuntu"]))
    assert [f.word for f in typo_fixes(db, "kuberntes")] == ["kubernetes", "kubernets"]
    (fix,) = typo_fixes(db, "emga")
    assert (fix.word, fix.typos, fix.count) == ("emag", 1, 3)
    assert typo_fixes(db, "cobol") == []  # "cool" is one letter less, and a different word
    assert typo_fixes(db, "ubunto") == []  # "ubuntu" occurs once: a typo of the archive's own
    assert typo_fixes(db, "k8s") == [] and typo_fixes(db, "emga!") == []


def test_a_long_typo_may_mean_a_word_the_archive_has_once(db):
    apply_counts(db, count_words(["torizon", "toradex " * 3, "quokkas"]))
    assert [f.word for f in typo_fixes(db, "torizen")] == ["torizon"]  # Toradex's, in one story
    assert [f.word for f in typo_fixes(db, "quokkaz")] == ["quokkas"]
    assert typo_fixes(db, "torizn") == []  # six letters: too many neighbours seen once


def test_two_typos_keep_the_first_letter(db):
    """holdout17: "glusterfs", a name the archive lacks, was fixed into "clusters": a "c" for its
    "g" and an "f" more. Two typos that keep the first letter still fix a long word."""
    apply_counts(db, count_words(["clusters " * 40, "kubernetes " * 40]))
    assert typo_fixes(db, "glusterfs") == []
    assert [f.word for f in typo_fixes(db, "kubrenetse")] == ["kubernetes"]  # two swaps
    assert [f.word for f in typo_fixes(db, "klusters")] == ["clusters"]  # one typo, the first letter


def test_of_fixes_as_far_a_slip_of_the_finger_comes_before_a_commoner_word(db):
    apply_counts(db, count_words(["reddit " * 20, "redis " * 9, "docker " * 4, "decker " * 30]))
    # "reddis": a "d" struck twice (redis), or an "s" for a "t", keys apart (reddit)
    assert [f.word for f in typo_fixes(db, "reddis")] == ["redis", "reddit"]
    # "dpcker": the "p" beside the "o" (docker), not an "e" for a "p"
    assert typo_fixes(db, "dpcker")[0].word == "docker"


def test_a_slip_never_outweighs_a_word_far_commoner_than_it(db):
    # Works on Arm's counts: "dabian" is "debian" (47) with an "a" for an "e", or "fabian" (2) with
    # the "f" key's neighbour; "linex" is "linux" (235) or "lines" (3), "x" beside "s". The rare
    # slip led: "dabian on arm64" searched for "fabian arm64" and found no Debian story
    apply_counts(db, count_words(["debian " * 47, "fabian " * 2, "linux " * 235, "lines " * 3]))
    assert typo_fixes(db, "dabian")[0].word == "debian"
    assert typo_fixes(db, "linex")[0].word == "linux"


def test_slips_are_swaps_skips_neighbouring_keys_and_doubled_letters():
    assert is_slip("dokcer", "docker") and is_slip("dockr", "docker") and is_slip("dpcker", "docker")
    assert is_slip("reddis", "redis") and is_slip("dockerr", "docker") and is_slip("jenkinz", "jenkins")
    assert not is_slip("reddis", "reddit") and not is_slip("dockery", "docker")
    assert not is_slip("ubunto", "ubuntu") and not is_slip("docker", "docker")
    assert is_slip("dicker", "docker")  # "i" is beside "o"


def test_counts_taken_away_remove_the_word_and_its_typo_fixes(db):
    apply_counts(db, Counter({"wireguard": 3, "rust": 2}))
    assert counts_of(db, ["wireguard", "rust", "never"]) == {"wireguard": 3, "rust": 2, "never": 0}
    apply_counts(db, Counter({"wireguard": -3, "rust": 1}))
    assert counts_of(db, ["wireguard", "rust"]) == {"wireguard": 0, "rust": 3}
    assert typo_fixes(db, "wiregaurd") == []
    left = db.execute("select count(*) from vocabulary_variants where word = 'wireguard'").fetchone()[0]
    assert left == 0
