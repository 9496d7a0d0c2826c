"""Words typed apart or together as the archive writes them: a compound no story has is its words
("centos/fedora/openshift"), two words the archive writes joined are that word ("hi key" is HiKey,
"mini kube" minikube), and a joined word the archive writes apart is its two words ("microsd").
Each is looked up in the index, never guessed: bot/archive/understanding.py asks."""

from __future__ import annotations

import re

from sqlite_utils import Database

from bot.archive.english import zipf
from bot.archive.fts import TEXT_COLUMNS
from bot.archive.query import Term, fts_expression, parse_query
from bot.archive.vocabulary import MAX_WORD, counts_of

JOIN_MIN = 2  # a joined or split form counts when the index has it twice ("free ipa": FreeIPA, twice)
MAX_COMPOUNDS = 16  # compounds looked up per query: a bound on one member's work
MIN_SPLIT = 5  # "xgene": shorter unknown words are typos or chat shorthand, never two words
SHORT_HALF = 3  # a half this short is a prefix ("i.MX"), found side by side by chance as well
MAX_COUNTED = 1_000  # stories counted for a joined form: more says "the usual spelling" as well
_SLASHED = re.compile(r"[^\W_]+(?:/[^\W_]+)+")  # words between slashes, nothing else
_AROUND = "?!.,;:()[]\"'"  # punctuation typed around a word
LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")  # "hikey960": "hikey", "960"


def _alternatives(term: Term) -> list[Term] | None:
    """Words typed with slashes between them, each a word of the question however the index has
    them side by side: a slash offers alternatives ("mesos/marathon vs docker swarm", where one
    story lists "Mesos, Marathon" and the Mesos stories were left out; "devops/cloud stuff"). Two
    of them side by side in a story still count there as a pair (bot/archive/placement.py). Not a
    letter or a number ("i/o", "24/7"), nor a concept ("ci/cd")."""
    text = term.text.strip(_AROUND)
    if not _SLASHED.fullmatch(text):
        return None
    parts = text.split("/")
    if any(len(part) < 2 or not any(c.isalpha() for c in part) for part in parts):
        return None
    return [word for part in parts for word in parse_query(part).terms]


def unjoined(db: Database, terms: list[Term]) -> list[Term]:
    """A compound typed with hyphens or slashes that no story has as written is its words, each
    evidence on its own: "centos/fedora/openshift" is three distributions, "weakly-ordered" and
    "content-delivery" two words each, where a phrase would match nothing. One the index has
    ("on-prem", "x86-64") stays one phrase, and so does a code with a number ("cve-2024-6387",
    "5/1"): its parts are no evidence of it, unless the archive writes it joined or apart at its
    numbers (`_written_otherwise`)."""
    out: list[Term] = []
    looked = 0
    for term in terms:
        compound = term.concept is None and not term.phrase and len(term.tokens) > 1
        if compound and (offered := _alternatives(term)) is not None:
            out.extend(offered)
            continue
        if not compound or looked >= MAX_COMPOUNDS:
            out.append(term)
            continue
        looked += 1
        if stories_with(db, fts_expression([term]), at_most=1):
            out.append(term)
        elif not all(t.isdigit() for t in term.tokens) and (spelt := _written_otherwise(db, term.tokens)):
            # a number is not another joined ("3.99" is no "$399"), a name may be ("rock-64")
            out.append(Term(term.text, tuple(spelt.split())))
        elif any(token.isdigit() for token in term.tokens):
            out.append(term)
        else:
            out.extend(Term(token, (token,)) for token in term.tokens)
    return out


def _written_otherwise(db: Database, tokens: tuple[str, ...]) -> str | None:
    """How the archive writes a name typed with a hyphen or a dot that it lacks as typed: joined
    ("rock-64" is Rock64, "thunderx-2" ThunderX2) or apart at its numbers ("ubuntu18.04")."""
    joined = "".join(tokens)
    if len(joined) <= MAX_WORD and stories_with(db, f'"{joined}"', at_most=1):
        return joined
    apart = " ".join(part for token in tokens for part in LETTER_DIGIT.split(token) if part)
    return apart if apart != " ".join(tokens) and stories_with(db, f'"{apart}"', at_most=1) else None


def one_word(term: Term) -> bool:
    """Typed as one word, a concept's alias included: "kube" of "mini kube" joins into minikube."""
    return len(term.tokens) == 1 and not term.phrase


def written_joined(db: Database, first: Term, second: Term) -> bool:
    """Whether the archive writes the two words joined at least as often as apart: "free ipa" is
    FreeIPA, but "online security" stays two words though a title glued to its source has
    "onlineSecurity". Counted only as far as the answer needs."""
    a, b = first.tokens[0], second.tokens[0]
    joined = stories_with(db, f'"{a}{b}"', at_most=MAX_COUNTED)
    return stories_with(db, f'"{a} {b}"', at_most=joined + 1) <= joined


def split_into_words(db: Database, token: str) -> str | None:
    """The two words a joined word is made of, when the index has them side by side ("micro sd"
    for "microsd"); never two halves that merely exist apart ("deb ain" for "debain"). A half of
    one or two letters is a name's prefix written with a dot or a hyphen ("xgene" is X-Gene,
    "imx8m" i.MX8M) where the archive writes the pair as a name (`_prefixed`)."""
    if not MIN_SPLIT <= len(token) <= MAX_WORD:
        return None
    if found := _split(db, token):
        return found
    # "heatsinks" is "heat sink" too: the index stems "sinks", the vocabulary counts it apart. Not a
    # plural of English ("workouts" is no "worked out", "candies" no "can die")
    plural = token.endswith("s") and len(token) > MIN_SPLIT and zipf(token) == 0
    return _split(db, token[:-1]) if plural else None


def _split(db: Database, token: str) -> str | None:
    halves = [(token[:i], token[i:]) for i in range(1, len(token))]
    counts = counts_of(db, [part for pair in halves for part in pair])
    counts |= {pair[0]: counts[pair[1]] for pair in halves if len(pair[0]) == 1}  # letters are no
    counts |= {pair[1]: counts[pair[0]] for pair in halves if len(pair[1]) == 1}  # vocabulary
    scored = sorted(((min(counts[a], counts[b]), f"{a} {b}") for a, b in halves), reverse=True)
    for score, phrase in scored[:3]:
        if score < JOIN_MIN:
            break
        short = min(len(half) for half in phrase.split()) < SHORT_HALF
        if _prefixed(db, phrase) if short else stories_with(db, f'"{phrase}"', at_most=1) > 0:
            return phrase
    return None


def _prefixed(db: Database, phrase: str) -> bool:
    """Whether a short half and a word are one name: side by side in at least JOIN_MIN stories, and
    in most of the stories that have either ("x gene" is most "gene"; "a docker" is a typo's
    "docker", not a name), or in the one story that has either ("odroid n2", "risc v")."""
    together = stories_with(db, f'"{phrase}"', at_most=MAX_COUNTED)
    # the prefix's word ("gene" of "x gene"), or a short model after a name ("n2" of "odroid n2")
    alone = [stories_with(db, f'"{w}"', at_most=2 * together + 1) for w in phrase.split() if len(w) > 1]
    # in most of a half's stories, twice at least; or once, in the only story that has the half
    return together > 0 and any(n <= 2 * together if together >= JOIN_MIN else n == together for n in alone)


def stories_with(db: Database, expr: str, *, at_most: int) -> int:
    """How many stories' text matches (how the archive writes a word, never a link's address, where
    hosts glue names together), counting no further than `at_most`: a common phrase's whole doclist
    is never walked to answer "any?" or "more than these?"."""
    sql = "select count(*) from (select 1 from stories_fts where stories_fts match ? limit ?)"
    return int(db.execute(sql, [f"{TEXT_COLUMNS} : ({expr})", at_most]).fetchone()[0])
