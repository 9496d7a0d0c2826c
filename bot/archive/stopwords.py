"""The words of a message that are how it is said, not what it is about: stop words (a kept list,
the stop-words package, and this field's question words and greetings), and small talk, the words a
message may be made of and still ask for nothing ("hi there", "thanks a lot", "who are you?"). A
word that may be a name ("mate", "bot", "make") is small talk only beside others.

The stop-words package's English list has 1,300 words, names among them ("microsoft", "c", "r",
"http", "kind"): a message of those alone is a topic. Only a message of small talk alone has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# What a question asks for, not what about: every story is a link, an article, a post. In "anyone
# got links?" and "any good writeups on the lastpass breach?", "links" and "writeups" led colophons
# ("follow the links") and stories that say "writeup" over the topic (judged DevOps'ish 0.641 to
# 0.645, holdout14's "anyone follow carlosedp? … got links" 0.00 to 0.34; no question worse). Only
# plurals that name no topic: "article 13", "washington post", "kubecon recap", "kubernetes
# resources" and "reading list" are topics (the review of round 14).
ASKED_FOR = frozenset("links writeups writeup articles posts".split())
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
# Chat shorthand: how a message is said, never what it asks about, and in no list of the
# stop-words package. A short word no story has costs nothing (bot/archive/answerable.py), but one
# of four letters or more counted: "docker on raspberry pi imho" and "afaik kubernetes on arm
# works?" found nothing, and a review of round 16 found 14 more that emptied 84 of 480 questions
# ("golang on arm64 asap", "newbie question: docker on arm64"). Not "tldr", "wtf", "nvm" or "irl",
# which are also names (tldr pages, the WTF dashboard, the node version manager, "K8s IRL"), nor
# "yolo" (the object detector) or "ping", nor "idc" (the analysts), "nbd" (network block devices),
# "smb", "sth" (ServeTheHome) or "coz" (the profiler): topics of the archives (the review of round 17).
SHORTHAND = frozenset(
    """imho imo afaik afaict afaiu iirc iiuc tbh btw lmk ngl fyi pls plz ppl idk omg smh ikr brb afk
    ftw fwiw ofc jk wyd wdyt hbu ymmv otoh rn ty thx tia tyvm lol lmao rofl np imma gonna wanna
    lemme gimme dunno kinda sorta tho ya yall ur lolz lulz lmfao roflmao hehe hehehe kthx kthxbye ttyl
    asap hmu omw srsly rly sry tbf bruh peeps noob n00b newb newbie eli5 ugh meh hmm hmmm argh welp oof
    yikes gtg g2g kk abt b4 tmr tmrw obv obvs smth mfw mrw dyk yr yrs iow istg idts gr8 yw cya bbl
    tyt wbu jic fml""".split()
)
# Said alone, nothing but talk: greetings, thanks, chat shorthand, contractions ("don't", "im").
CHAT = SHORTHAND | frozenset(
    """hi hello hey hiya heya howdy yo sup morning afternoon evening bye goodbye thanks thank
    cheers welcome haha hahaha ok okay nvm gotcha cool awesome perfect don't doesn't
    didn't isn't wasn't aren't weren't hasn't haven't won't wouldn't couldn't shouldn't can't i'm i've
    i'll you're it's that's who's let's im ive hows whos cant wont aint yall theyre dont doesnt didnt
    isnt wasnt arent werent hasnt havent wouldnt couldnt shouldnt youre thats whats""".split()
)
# Small talk beside chat or question words, never alone: a word such as "mate" (Ubuntu MATE), "bot"
# or "make" searched by itself is a topic; in "cheers mate", "hello bot" or "make it so", it is not.
AROUND_CHAT = (
    QUESTION_AND_STOP_WORDS
    | ASKED_FOR
    | frozenset(
        """yes no yep nope sure nice good great day lot all everyone guys folks team mate bot going doing
    up well much so very you see never mind sounds help helped helps appreciate appreciated news
    stories story happened happen happening don doesn didn isn wasn aren weren hasn haven won wouldn
    couldn shouldn""".split()
    )
)
# Beside a year and small talk, words that ask what the year brought: "news 2020", "what's new in
# 2020" and "anything from 2020?" are the year, as "what happened in 2020?" is. Not "year": "year
# 2000" is the Y2K bug, "new year 2019" a holiday (the review of round 16)
OF_A_TIME = frozenset("new news anything everything".split())
# Said alone, function words ask for nothing either: "who", "it", "the and of"; a verb may be a name
ALONE = CHAT | (QUESTION_AND_STOP_WORDS - {"make", "run", "runs", "running", "use", "using", "buy", "find"})


# Greetings and thanks that people type their own way ("heyo", "helo", "mornin", "hallo", "thnx")
GREETINGS = frozenset(
    "hi hello hey hiya heya howdy morning afternoon evening thanks thank thx cheers".split()
)
_HELD = re.compile(r"([^\W\d_])\1{2,}")  # a letter held: "heyyyo", "hellooo"; not "hipaa"


def is_address(typed: str, zipf: float) -> bool:
    """A word of English (its Zipf frequency above 0) exclaimed before the message: "hiya!",
    "howdy!". Not a name English lacks ("podman! on a pi?"), nor after a comma ("flutter, does it
    run on arm64?"), where a subject is set off as often as a greeting."""
    return typed.endswith("!") and zipf > 0


def is_greeting_variant(typed: str) -> bool:
    """A greeting or thanks typed its own way: its first letter, and one letter more, fewer or
    other than a greeting's, a letter held three times or more read once ("heyyyo" is "heyo"; a
    doubled letter is spelling: "hipaa"); only one more than a greeting of three letters ("hey" is
    "heyo", not "hex"). Asked of a word the archive lacks, first in a message or last after a word
    of the topic: "think tank reports" and "celery or huey" are no greetings."""
    token = "".join(c for c in typed.lower() if c.isalnum())
    for form in {token, _HELD.sub(r"\1", token)}:
        for greeting in GREETINGS:
            if form[:1] != greeting[:1] or len(form) < 3:
                continue
            if form == greeting or (_one_edit(form, greeting) and (len(greeting) > 3 or len(form) > 3)):
                return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """One letter added, taken away or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a != b and a[i + (len(a) == len(b)) :] == b[i + 1 :]


@cache
def stop_words() -> frozenset[str]:
    """English stop words of a kept list (the stop-words package) and chat shorthand, less any
    that name a concept of this field ("ci", "ml", "net"): those are topics here. Not "go", which
    names the language only where it is not the verb (bot/archive/query.py asks)."""
    from stop_words import get_stop_words

    from bot.archive.synonyms import concept_for

    listed = set(get_stop_words("en")) | QUESTION_AND_STOP_WORDS | SHORTHAND | ASKED_FOR
    return frozenset(w for w in listed if (c := concept_for(w)) is None or w in c.ambiguous)


def asks_of_a_time(words: Iterable[str]) -> bool:
    """Whether the words (lower-cased) beside a year only ask what it brought: small talk and a
    word of OF_A_TIME ("news", "what's new in"). Not "make" alone, which may be a name."""
    said = list(words)
    talk = OF_A_TIME | AROUND_CHAT | CHAT
    return any(w in OF_A_TIME for w in said) and all(w in talk for w in said)


def is_small_talk(words: Iterable[str]) -> bool:
    """Whether the words (lower-cased) are small talk, nothing to look for: chat and question words
    ("thanks a lot", "who are you?", "hello bot"), or alone, one of those ("hi", "it", not "mate")."""
    said = list(words)
    if len(said) == 1:
        return said[0] in ALONE
    return bool(said) and all(word in AROUND_CHAT or word in CHAT for word in said)
