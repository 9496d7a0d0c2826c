"""Whether the archive answers a question at all (issue 21): the topic's words, weighed by their
rarity in the archive and their specificity in English, must be covered together by one of the
best stories, less what no story has; chat shorthand never counts."""

from __future__ import annotations

import logging

from bot.archive.answerable import counts, decide, topic_weight
from bot.archive.ranking import Evidence
from bot.archive.understanding import Word

STORIES = 3_000


def word(typed: str, df: int, zipf: float = 0.0, *, padding: bool = False) -> Word:
    w = Word(typed, f'"{typed}"', [], typed, padding=padding)
    w.zipf = zipf
    w.rate(df, STORIES)
    return w


def test_a_question_whose_topic_no_story_has_is_not_answered(caplog):
    # "arm" is everywhere; "mortgage" and "refinancing" nowhere: the stories with "arm" and "rate"
    # are about another arm.
    words = [word("arm", 1_500, 4.7), word("rate", 3, 5.1)]
    words += [word("mortgage", 0, 4.4), word("refinancing", 0, 2.9)]
    ranked = [Evidence(1, matched={0, 1}), Evidence(2, matched={0})]
    with caplog.at_level(logging.DEBUG, logger="bot.archive.answerable"):
        verdict = decide(words, ranked)
    assert not verdict.answered and set(verdict.uncovered) == {"mortgage", "refinancing"}
    assert "absent" in caplog.text and "coverage" in caplog.text


def test_a_story_with_the_topic_words_together_answers():
    words = [word("openstack", 12, 2.3), word("arm64", 400), word("servers", 200, 4.0)]
    assert decide(words, [Evidence(1, matched={0, 1, 2})]).answered
    # The same words, but no story has the rare one beside the others: only "servers" is covered.
    assert not decide(words, [Evidence(1, matched={2})]).answered


def test_a_long_question_is_answered_by_a_story_that_covers_its_core():
    # Twenty words of which a story has the four rarest: a long question is never covered whole.
    words = [word(f"term{n}", 5 + n, 2.0) for n in range(4)] + [word(f"w{n}", 60, 4.2) for n in range(16)]
    assert decide(words, [Evidence(1, matched={0, 1, 2, 3})]).answered


def test_chat_and_general_english_weigh_little_in_the_decision():
    thx = word("thx", 0, 3.2)
    assert not counts(thx) and topic_weight(thx) == 0  # short, and no story has it: chat shorthand
    assert not counts(word("2019", 0))
    assert counts(word("sore", 0, 4.0)) and counts(word("sbom", 0))  # four letters no story has count
    wondering, cobol = word("wondering", 0, 4.5), word("cobol", 0, 2.5)
    assert topic_weight(wondering) < topic_weight(cobol) / 2
    assert topic_weight(word("the", 2_900, 7.7, padding=True)) == 0


def test_nothing_to_weigh_or_nothing_found_is_not_answered():
    assert not decide([word("the", 2_900, 7.7, padding=True)], [Evidence(1, matched={0})]).answered
    assert not decide([word("docker", 80, 3.0)], []).answered


def test_a_long_question_naming_something_the_archive_has_rarely_is_answered_by_its_story():
    # A paragraph describing a situation: absent words ("dreadful", "culprits") and common ones,
    # and one name two stories have; the best story has the name and little else
    words = [word("quokkasoft", 2)]
    words += [word(typed, 0, 3.4) for typed in ("dreadful", "culprits", "batchy", "hammering")]
    words += [word(typed, 40, 4.5) for typed in ("storage", "patterns", "profiler", "machines", "lab")]
    assert decide(words, [Evidence(1, matched={0})]).answered
    assert not decide(words, [Evidence(1, matched={5})]).answered  # a common word alone: no answer
    # An English word as rare is no name
    english = [word("obscure", 2, 3.0), *words[1:]]
    assert not decide(english, [Evidence(1, matched={0})]).answered


def test_a_name_neither_the_archive_nor_english_has_is_what_the_question_is_about():
    # The stories have the rest of the question; the name they lack is one English never uses
    rest = [word("pipelines", 30, 3.9), word("arm64", 400), word("kubernetes", 60), word("cluster", 90, 4.0)]
    ranked = [Evidence(1, matched={1, 2, 3, 4}), Evidence(2, matched={2, 3})]
    kubeflow = word("kubeflow", 0)
    kubeflow.unheard = True  # as understanding finds it (test_understanding.py)
    verdict = decide([kubeflow, *rest], ranked)
    assert not verdict.answered and verdict.uncovered == ["kubeflow"]
    # A word English uses, or a misspelling, the archive lacks: may be how the asker puts what the
    # stories say, and weighs as before
    assert decide([word("smallish", 0), *rest], ranked).answered


def test_a_version_or_a_name_with_digits_that_no_story_has_is_the_topic():
    """Not chat, as a short word no story has may be: "ubuntu 20.04" in an archive of 2017 to 2019,
    "k0s", "3cx". A number alone is still no topic, nor a version the archive has."""
    version = word("20.04", 0)
    version.qualifier = True
    assert counts(version) and counts(word("k0s", 0)) and counts(word("3cx", 0))
    assert not counts(word("2019", 0)) and not counts(word("12", 0))
    present = word("18.04", 40)
    present.qualifier = True
    assert not counts(present)


def test_a_model_no_story_names_counts_wholly_against_with_its_name():
    """ "can the raspberry pi 5 boot from nvme?": the stories with "raspberry pi" are about its other
    models, and a rare name beside it ("nvme") is no answer about the Pi 5."""
    words = [word("raspberry pi", 300), word("boot", 60, 4.4), word("nvme", 2), word("ssd", 9)]
    words += [word("pcie", 12), word("connector", 8, 3.9)]
    model = Word("raspberry pi 5", '"raspberry pi 5"', [], "raspberry pi 5", of=(0, 1))
    model.rate(0, STORIES)
    ranked = [Evidence(1, matched={0, 1, 2, 3})]  # not pcie, nor the connector
    assert decide(words, ranked).answered
    verdict = decide(words, ranked, [model])
    assert not verdict.answered and verdict.uncovered[0] == "raspberry pi 5"


def test_a_subject_no_story_has_counts_wholly_against_the_answer():
    # "is there a chef client build for aarch64 servers?": one story has client, aarch64 and
    # servers, none has chef. As a word no story has, chef costs a share; as the subject, all of it.
    words = [word("chef", 0, 4.2), word("client", 9, 4.5), word("aarch64", 370), word("servers", 200, 4.0)]
    ranked = [Evidence(1, matched={1, 2, 3})]
    assert decide(words, ranked).answered
    assert not decide(words, ranked, subject=words[0]).answered


def test_a_rare_name_answers_for_a_subject_no_story_has_only_in_its_sentence():
    """holdout17: "is btop packaged for arm64 anywhere? want a nicer htop on my rockpro64" was
    answered by a story about boards: two stories name the RockPro64, which is where the asker
    would run btop, not what they ask about. "wireshark/npcap" and "does wireshark support npcap"
    ask about both names (the review of round 17)."""

    def question(*typed: tuple[str, int, float]) -> list[Word]:
        words = [word(text, df, zipf) for text, df, zipf in typed]
        for position, w in enumerate(words):
            w.position = position
        return words

    setting = question(
        ("zellij", 0, 0.0), ("packaged", 20, 3.2), ("arm64", 400, 0.0), ("nicer", 0, 3.6),
        ("terminal", 30, 4.0), ("rockpro64", 2, 0.0),
    )  # fmt: skip
    ranked = [Evidence(1, matched={2, 5})]
    assert decide(setting, ranked).answered  # no subject lacking: the long question's rare name
    setting[3].typed = "anywhere?"  # the rockpro64 is in the next sentence: where it would run
    assert not decide(setting, ranked, subject=setting[0]).answered
    setting[3].typed = "nicer"  # in the subject's sentence, it is asked with it ("does X support Y")
    assert decide(setting, ranked, subject=setting[0]).answered
    beside = question(
        ("wireshark", 0, 0.0), ("npcap", 2, 0.0), ("windows", 300, 4.5), ("laptops", 30, 3.6),
        ("sniff", 0, 2.9), ("packets", 25, 3.5),
    )  # fmt: skip
    assert decide(beside, [Evidence(1, matched={1, 2})], subject=beside[0]).answered
