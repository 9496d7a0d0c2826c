"""The words of a message that are how it is said, not what it is about: stop words (a kept list,
the stop-words package, and this field's question words and greetings), and small talk, the words a
message may be made of and still ask for nothing ("hi there", "thanks a lot", "who are you?").

The stop-words package's English list has 1,300 words, names among them ("microsoft", "c", "r",
"http", "kind"): a message of those alone is a topic. Only a message of small talk alone has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

# Question words, greetings, contractions typed without the apostrophe and stop words of queries,
# beside the library's list (tips use them too).
QUESTION_AND_STOP_WORDS = frozenset(
    """a an the and or of for to in on at by with about from into is are was were be been being do does did
    can could should would will shall may might must i me my we us our you your it its this that these
    those there here what where when who whom which why how any some get got find use using there's
    what's how's anyone anybody someone please know tell show me run runs running have has need want try
    make buy hello hey hiya heya howdy yo morning afternoon evening thanks thank cheers folks dont doesnt
    didnt isnt wasnt arent werent hasnt havent wouldnt couldnt shouldnt youre thats whats""".split()
)
# What else a message of small talk is made of: courtesy, chat shorthand, the pieces of a contraction
# ("doesn" of "doesn't"), and whom it is said to ("hi team", "hello bot").
SMALL_TALK = QUESTION_AND_STOP_WORDS | frozenset(
    """hi bye goodbye thx ty tia lol ok okay yes no yep nope sure cool nice good great day lot all
    everyone guys team mate bot going doing up well much help helped helps appreciate appreciated don
    doesn didn isn wasn aren weren hasn haven won wouldn couldn shouldn""".split()
)


@cache
def stop_words() -> frozenset[str]:
    """English stop words of a kept list (the stop-words package), less any that name a concept
    of this field ("go", "ci", "ml", "net"): those are topics here."""
    from stop_words import get_stop_words

    from bot.archive.synonyms import concept_for

    listed = set(get_stop_words("en")) | QUESTION_AND_STOP_WORDS
    return frozenset(w for w in listed if concept_for(w) is None)


def is_small_talk(words: Iterable[str]) -> bool:
    """Whether every word (lower-cased, as the index reads it) is small talk: nothing to look for."""
    return all(word in SMALL_TALK for word in words)
