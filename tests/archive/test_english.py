"""General English, read from wordfreq's lists in the installed wheel (bot/archive/english.py)."""

from __future__ import annotations

import tracemalloc

from bot.archive import english
from bot.archive.english import in_use, is_real_word


def test_english_uses_chat_and_rare_words_but_not_names_it_never_met():
    # the large list: chat and rare words too ("heya", "smallish", "creds"), and a plural of its own
    for word in ("heya", "Smallish", "creds", "the", "laptops", "rabbitmq"):
        assert in_use(word), word
    for word in ("kubeflow", "clickhouse", "pgvector", "zzqxv", "", "a" * 40):
        assert not in_use(word), word
    assert in_use("heya") and not is_real_word("heya")  # used, but not a word of the small list
    # as wordfreq keeps them: a number of two digits or more as zeros, letters casefolded
    assert in_use("win64") and in_use("x509") and in_use("Straße")


def test_asking_whether_english_has_a_word_keeps_the_list_packed():
    english._large.clear()
    in_use.cache_clear()
    tracemalloc.start()
    try:
        assert not in_use("kubeflow")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the list's 2.6 MB of bytes and its decompression, not 321,000 strings (25 MB)
    packed = english._large[0]
    assert packed is not None and len(packed) > 2_000_000 and peak < 15_000_000


def test_without_the_large_list_every_word_counts_as_english(monkeypatch):
    monkeypatch.setattr(english.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(english, "_large", [])
    in_use.cache_clear()
    assert in_use("kubeflow") and in_use("heya")
    in_use.cache_clear()
