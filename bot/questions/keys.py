"""The key that groups what readers asked: the same words in any order, case, punctuation and
plural aside, stop words left out. "Graviton3 benchmarks?" and "benchmark graviton3" are one."""

from __future__ import annotations

from sqlite_utils import Database

from bot.archive.fts import INDEX_WORD
from bot.archive.stopwords import stop_words

MAX_TEXT = 4000  # what a member may ask or follow, in characters: more is no question


def question_key(text: str) -> str:
    """The words that name the topic, folded and sorted; the plain words when all are stop words."""
    words = [_singular(w) for w in INDEX_WORD.findall(text.casefold())]
    topical = sorted({w for w in words if w not in stop_words()})
    return " ".join(topical or sorted(set(words)))


def _singular(word: str) -> str:
    """A plural's singular, the simple cases only: keys must agree, not be good English."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def topic_of(db: Database, key: str) -> int:
    """The id of the thing asked under `key` (what the editors' buttons and `questions close ID`
    name), made on first use. In the caller's transaction."""
    db.execute("insert or ignore into question_topics (key) values (?)", [key])
    return int(next(iter(db.query("select id from question_topics where key = ?", [key])))["id"])
