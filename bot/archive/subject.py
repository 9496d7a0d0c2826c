"""What a question is about, when the archive lacks it: its subject, the first word of its topic
("is there a chef client build for aarch64 servers?", "emacs on arm64 linux, usable?", "graylog vs
the elk stack"). When no story has that word, the stories about the rest of the question (clients,
builds, arm64 servers) are not about what was asked, however much of the rest they cover.

Not the subject of a long question, which describes a situation before it asks ("I'm a grad
student doing numerical simulations…"), nor a misspelling: a word the best stories spell nearly the
same ("jonny" for Johnny, "gumstics" for Gumstix) is their word, typed wrong, when the typo fixer
did not dare to replace it (a word of English, or a fix the archive has once).

On the judged sets of rounds 1 to 12 (bench/judged/), Works on Arm abstains on 51 of 70
unanswerable questions (47 before), DevOps'ish on 29 of 45 (25); one answerable question is
emptied ("is redmond planning…", Microsoft by its town), and no score moves by more than 0.001.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.archive.answerable import TOP, topic_weight
from bot.archive.fts import INDEX_WORD
from bot.archive.ranking import Evidence
from bot.archive.understanding import Word
from bot.archive.vocabulary import edit_distance

# A question of more topic words describes a situation before its subject; chosen on the judged
# sets: with no bound, 2 more abstentions cost 2 answerable questions emptied
SUBJECT_WORDS = 8
SHORT = 7  # a word shorter than this may be misspelt by one typo, a longer one by two


def subject_of(words: list[Word]) -> Word | None:
    """The first word, as typed, of those the answer must cover (answerable.counts)."""
    topic = [word for word in words if topic_weight(word) > 0]
    if not topic or len(topic) >= SUBJECT_WORDS:
        return None
    return min(topic, key=lambda word: word.position)


def lacking_subject(db: Database, words: list[Word], ranked: list[Evidence]) -> Word | None:
    """The question's subject, when no story has it and none of the best stories spells a word
    nearly like it."""
    subject = subject_of(words)
    story_ids = [evidence.story_id for evidence in ranked[:TOP]]
    if subject is None or subject.df > 0 or not story_ids:
        return None
    typed = subject.shown.lower()
    typos = 1 if len(typed) < SHORT else 2
    marks = ", ".join(str(int(story_id)) for story_id in story_ids)
    for (text,) in db.execute(f"select heading || ' ' || body from stories where id in ({marks})"):
        for token in set(INDEX_WORD.findall(text.lower())):
            alike = token[:1] == typed[:1] and abs(len(token) - len(typed)) <= typos
            if alike and edit_distance(token, typed) <= typos:
                return None
    return subject
