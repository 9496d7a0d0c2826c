"""The key that groups what readers asked, and the topic ids made from it."""

from __future__ import annotations

from bot.questions.keys import question_key, topic_of


def test_keys_ignore_order_case_punctuation_plurals_and_stop_words():
    assert question_key("Graviton3 benchmarks?") == question_key("the benchmark of GRAVITON3!")
    assert question_key("RISC-V vs Arm") == question_key("arm vs risc v")
    assert question_key("graviton3") != question_key("graviton4")
    assert question_key("what is it") == "is it what"  # only stop words: they are the key


def test_a_topic_is_made_once_per_key(db):
    first = topic_of(db, question_key("graviton3 benchmarks"))
    assert topic_of(db, question_key("Benchmark: Graviton3")) == first
    assert topic_of(db, question_key("graviton4 benchmarks")) != first
