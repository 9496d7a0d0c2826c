"""How common a word is in general English, from wordfreq's English list (its "small" list: the
29,000 words used at least once per million, from books, news, subtitles, the web, Reddit and
Twitter, so chat words such as "pls", "tbh" and "lol" are there). The search asks it whether a
word is how a question is put rather than what it is about, and whether a typed word is a real
word (never "fixed" into another) or a misspelling.

The list is read from the installed wheel, never downloaded, once per process (16 ms, 3 MB).
Whether English has a word at all (`in_use`) asks wordfreq's "large" list instead, read only when
a query has a word that neither the archive nor the small list knows. The lists are read through
msgpack, as wordfreq stores them (its documented "cBpack" format: after a header, one list of
words per centibel of frequency), because importing wordfreq itself costs 120 ms of language
tables the bot never uses, and a search from the command line has 150 ms in all.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import re
import threading
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
_FILE = ("data", "small_en.msgpack.gz")
_LARGE_FILE = ("data", "large_en.msgpack.gz")
DATA_FILES = ("/".join(_FILE), "/".join(_LARGE_FILE))  # what the image must keep of wordfreq's data
_lock = threading.Lock()
_table: list[dict[str, float]] = []
_large: list[bytes | None] = []
_alike: dict[tuple[str, int], list[str]] = {}
_DIGITS = re.compile(r"\d{2,}")

COMMON = 4.0  # Zipf: once in 100,000 words of English ("wondering", "mortgage", "flu")
_STRETCHED = re.compile(r"([^\W\d_])\1+")  # a letter held: "heyyy"
REAL_WORD = 3.0  # Zipf: a word of English, not a typo ("sore", "pile"); the list's own floor


def zipf(word: str) -> float:
    """The word's Zipf frequency in English: log10 of its uses per billion words; 0 when it is
    rarer than once per million words (or wordfreq is missing)."""
    table, lowered = _frequencies(), word.lower()
    found = table.get(lowered)
    if found is None and lowered.endswith("s"):  # a plural the list has only as its singular
        found = table.get(lowered[:-1])
    return found or 0.0


# How much more often the archive's stories have a word than English would put it there: a word in
# no more stories than its English frequency gives ("quick", "box") tells nothing of a topic, one
# in OVER_TOPICAL times more ("linux" in Works on Arm, 100 times) all its rarity says. Chosen on the
# judged sets of rounds 1 to 3 (bench/judged/): 30 against 100 and 300, Works on Arm 0.688, 0.686,
# 0.684, DevOps'ish 0.610, 0.605, 0.601, and no answerable DevOps'ish question empty (2 with 100).
OVER_TOPICAL = 30.0


def topicality(zipf_of_word: float, stories_with_it: int, stories: int, words_per_story: float) -> float:
    """Between 0 and 1: how far the archive uses a word of English more than English does, by
    the share of its stories that have it against the chance a story of that length would. A
    word the archive uses only as English does ("usable", "advance" in "thx in advance") is no
    topic there, however rare it is in the archive."""
    if zipf_of_word <= 0 or stories_with_it <= 0 or stories <= 0 or words_per_story <= 0:
        return 1.0
    by_chance = 1 - math.exp(-words_per_story * 10 ** (zipf_of_word - 9))
    over = (stories_with_it / stories) / by_chance
    return max(0.0, min(1.0, math.log(max(over, 1.0)) / math.log(OVER_TOPICAL)))


def words_like(first: str, length: int) -> list[str]:
    """The small list's words that start with the letter and are of about the length (one letter
    more or less): where a misspelling of English may be looked for."""
    with _lock:
        if not _alike:
            for word in _frequencies_unlocked():
                if word[:1].isalpha():
                    _alike.setdefault((word[0], len(word)), []).append(word)
            _alike.setdefault(("", 0), [])  # built, though the list be missing
    return [w for n in (length - 1, length, length + 1) for w in _alike.get((first, n), ())]


def is_real_word(word: str) -> bool:
    """A word of general English (used at least once per million words): never a typo of another."""
    return zipf(word) >= REAL_WORD


def unstretched(token: str) -> str | None:
    """A word typed with a letter held ("heyyy", "sooo", "coool"), as it is written, when that
    is a word of English and the typed form is not."""
    if not _STRETCHED.search(token) or is_real_word(token):
        return None
    for form in (_STRETCHED.sub(r"\1\1", token), _STRETCHED.sub(r"\1", token)):
        if is_real_word(form):
            return form
    return None


@lru_cache(maxsize=4_096)  # a miss scans the list (1 ms): a word asked again is not scanned again
def in_use(word: str) -> bool:
    """Whether English uses the word at all: wordfreq's large list, the 321,000 words of its
    sources used at least once per 100 million words ("heya", "smallish", "creds", "rabbitmq").
    A word that neither English nor the archive has is a name the archive never met ("kubeflow",
    "pgvector"), where one English has may be how the asker puts what the archive says otherwise.

    The list stays as wordfreq packs it, 2.6 MB of bytes, and a word is looked for as msgpack
    writes a short string: its length in one byte (0xa0 + length), then its UTF-8. Unpacked into
    Python strings it would cost 25 MB of memory to ask about a word or two per question. A word
    may be found inside another's UTF-8 (18 of 112,000 word endings tried): it then counts as
    English, as every word did before."""
    # as wordfreq keeps words: casefolded, a number of two digits or more as zeros ("win00")
    lowered = _DIGITS.sub(lambda m: "0" * len(m.group()), word.casefold())
    forms = (lowered, lowered[:-1]) if lowered.endswith("s") else (lowered,)  # as zipf() does
    packed = _large_list()
    if packed is None:  # without the list, every word counts as English: none is unheard of
        return True
    return any((found := _packed(form)) is not None and found in packed for form in forms)


def _packed(word: str) -> bytes | None:
    encoded = word.encode()
    # A longer word is packed another way; English has one ("supercalifragilisticexpialidocious")
    return bytes([0xA0 + len(encoded)]) + encoded if 0 < len(encoded) < 32 else None


def _large_list() -> bytes | None:
    with _lock:
        if not _large:
            path = _data_file(_LARGE_FILE)
            if path is None:
                log.warning("wordfreq's large English list is not installed: every word counts as English")
            import gzip

            _large.append(gzip.decompress(path.read_bytes()) if path else None)
        return _large[0]


def _data_file(name: tuple[str, str]) -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    return folder.joinpath(*name) if folder and folder.joinpath(*name).is_file() else None


def _frequencies() -> dict[str, float]:
    with _lock:
        return _frequencies_unlocked()


def _frequencies_unlocked() -> dict[str, float]:
    if not _table:
        _table.append(_load())
    return _table[0]


def _load() -> dict[str, float]:
    path = _data_file(_FILE)
    if path is None:
        log.warning("wordfreq's English list is not installed: every word counts as rare")
        return {}
    import gzip  # here, not at the top: a search that weighs no word never reads the list

    import msgpack

    packed = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    header, buckets = packed[0], packed[1:]
    if not isinstance(header, dict) or header.get("format") != "cB":
        log.warning("wordfreq's English list has an unknown format: every word counts as rare")
        return {}
    # Bucket i holds the words of frequency 10 ** (-i / 100): Zipf 9 - i / 100.
    return {word: 9.0 - i / 100 for i, words in enumerate(buckets) for word in words}
