"""How people type, understood: a query becomes its content words, each with every form that is
evidence for it, and a weight that says how much it tells (bot/archive/ranking.py ranks by them).

- Every word of the query counts, as typed and stemmed (the index's porter tokenizer), with its
  synonyms (bot/archive/synonyms.py), its split and joined forms ("hi key" is HiKey, "hikey960"
  is "HiKey 960", "pine 64" is Pine64), and, when the index does not know it, its typo fixes.
- A word's weight is its rarity in the index (inverse document frequency), times the square root
  of how specific it is in English (bot/archive/english.py: "hey", "friend", "quick" tell little
  of a topic, however rare in the archive; "pls" once in the archive no longer leads a ranking).
  Stop words (the stop-words package's English list, less the words that name a concept here)
  and words that ask about a thing rather than name it ("fast", "best") weigh a fraction. A word
  said again in the query weighs more: a question comes back to its topic.
- "heyyy" is "hey", "reddit's" is "reddit", and a slip the archive made ("terrafrom") its usual
  spelling too (bot/archive/slips.py).
- A word the index never saw, with no fix, matches nothing and costs nothing in the ranking; it still
  counts as what an answer should cover when the archive is asked for one (bot/archive/answerable.py).
- A typo fix never replaces a word the index knows well enough on its own, nor a word of English
  the index lacks ("hang" stays "hang", "sore" never becomes "core").
- The work is bounded: no word longer than the index's longest is fuzzed, nor past MAX_FUZZED.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.archive.compounds import JOIN_MIN, LETTER_DIGIT, one_word, split_into_words, unjoined, written_joined
from bot.archive.english import is_real_word, topicality, unstretched, zipf
from bot.archive.keyboard import may_mean_stop_word
from bot.archive.query import BARE_YEAR, Query, Term, fts_expression, parse_query
from bot.archive.slips import fix_in_context, fix_keeping_numbers, swapped, usual_spelling
from bot.archive.stopwords import is_address, is_greeting_variant, is_small_talk, stop_words
from bot.archive.versions import AROUND, UNITS, version_expression, version_of
from bot.archive.vocabulary import MAX_WORD, counts_of, typo_fixes, unheard_of

# Words that ask about a thing rather than name it ("how fast is the thunderx2"): they weigh little.
QUALIFIERS = frozenset(
    """fast faster fastest slow good better best new newest latest free cheap cheapest big small
    easy easily quick quickly simple available possible support supported supports official
    officially recommended popular""".split()
)
# How specific a word is, by its English frequency (Zipf, bot/archive/english.py): a word used
# more than once per 10,000 words ("hey", "quick", "friend") tells almost nothing of the topic,
# one used less than twice per million ("cobol", "ceph", a name) tells all its rarity says.
GENERAL_ZIPF = 5.5
SPECIFIC_ZIPF = 3.3
LEAST_SPECIFIC = 0.05
PADDING_SHARE = 0.15  # a stop word weighs this share of its rarity: a tie-breaker, never the topic
QUALIFIER_SHARE = 0.4
# A word said again weighs this much more each time, up to three times (BM25's query term frequency):
# a long question comes back to its topic ("chef ... chef infra"), not to its chat. Judged sets of
# rounds 1 to 10: Works on Arm 0.741 to 0.744, DevOps'ish 0.655 to 0.657; 0.25 and 1.0 no better.
SAID_AGAIN = 0.5
IDENTIFIER_DIGITS = 5  # a number this long names one thing (a bug, a CVE): no year, no "24/7"
KNOWN_ENOUGH = 3  # a word the index has this often is never replaced by a typo fix
MAX_FUZZED = 16  # unknown words looked up for typo fixes per query: a bound on one member's work


@dataclass
class Form:
    """An FTS5 expression and the terms to mark in snippets (exact search and filters use it)."""

    expr: str
    terms: list[Term]
    searched_for: str | None = None


@dataclass
class Word:
    """One content word of the query (or a run of words that name one thing) and its evidence."""

    typed: str
    expr: str  # FTS5: every form that counts for it, ORed
    marks: list[Term]  # what to mark in snippets
    shown: str  # as "Showing results for" shows it
    replaced: bool = False  # the typed form is unknown: a typo fix stands for it
    known: bool = True  # the index has it in some form
    padding: bool = False  # a stop word: weighs a fraction, and an answer need not cover it
    qualifier: bool = False
    of: tuple[int, ...] = ()  # evidence of where these words stand (bot/archive/placement.py)
    position: int = 0  # of its first term in the query
    zipf: float = 0.0  # how common it is in English: 0 for names, terms and concepts
    df: int = 0  # stories that have it
    rarity: float = 0.0  # in the index: BM25's idf, the highest for a word no story has
    weight: float = 0.0
    unheard: bool = False  # a word neither the archive nor English has (vocabulary.unheard_of)
    said: int = 1  # times typed in the query

    @property
    def specificity(self) -> float:
        """How much of its rarity the word tells about the topic: 1 for a term, less for a word
        of everyday English, whatever the archive's own frequency of it ("pls" once is no topic)."""
        share = (GENERAL_ZIPF - self.zipf) / (GENERAL_ZIPF - SPECIFIC_ZIPF)
        return max(LEAST_SPECIFIC, min(1.0, share))

    def rate(self, df: int, stories: int, words_per_story: float = 0.0) -> None:
        """Its weight from its document frequency: BM25's idf, scaled down for padding, and for a
        word of English as far as the archive uses it no more than English does."""
        self.df = df
        self.rarity = math.log(1 + (stories - df + 0.5) / (df + 0.5))
        # A year beside the topic says when, as a qualifier says how: "docker 2020" led with five
        # stories that name 2020 (a roadmap, Xen 4.10) and not Docker, the year being the rarer
        qualifies = self.qualifier or bool(BARE_YEAR.fullmatch(self.shown))
        share = PADDING_SHARE if self.padding else QUALIFIER_SHARE if qualifies else 1.0
        told = self.specificity
        if self.zipf > 0 and words_per_story > 0:
            # Where the archive says how it uses the word, that decides: "code" and "laptop" are
            # topics of Works on Arm (7 and 13 times their English share), "usable" is not.
            told = max(LEAST_SPECIFIC, topicality(self.zipf, df, stories, words_per_story))
        # Half its say (the square root): the archive's own rarity still ranks "government"
        # beside "labs", but a chat word the archive has once ("pls") no longer leads.
        self.weight = self.rarity * share * math.sqrt(told) if df else 0.0
        self.weight *= 1 + SAID_AGAIN * (min(self.said, 3) - 1)


@dataclass
class Understood:
    """The content words, and the typed words the index never saw (for the explanation)."""

    words: list[Word] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def searched_for(self) -> str | None:
        """The words searched instead of the typed ones, when a fix replaced any."""
        if not any(w.replaced for w in self.words):
            return None
        return " ".join(w.shown for w in self.words if w.known and not w.padding) or None


def as_typed(query: Query) -> Form:
    """Every word must match, exactly as typed: for "Search exactly as typed"."""
    return Form(fts_expression(query.terms), query.terms)


def understand(db: Database, query: Query) -> Understood:
    words = _words(db, query.terms)
    seen: dict[str, Word] = {}
    unique = []
    for word in words:  # a word typed twice is one piece of evidence, weighed more (Word.said)
        if word.expr in seen:
            seen[word.expr].said += 1
        else:
            seen[word.expr] = word
            unique.append(word)
    opener = unique[0] if unique else None
    if opener and opener.position == 0 and not opener.known and is_address(opener.typed, opener.zipf):
        opener.padding = True
    # A greeting typed its own way, first or last after a word of the topic: not "celery or huey"
    ends = {words[0].position} if len(words) > 1 else set()
    ends |= {words[-1].position} if len(words) > 1 and not words[-2].padding else set()
    # unknown as typed, even where a typo fix was found: "heyo" is no "hero"
    at_ends = [w for w in unique if w.position in ends and (w.replaced or not w.known)]
    greeted = [w for w in at_ends if is_greeting_variant(w.typed)]
    for word in greeted:
        word.padding = True
    said = ["hey" if w in greeted else p for w in unique for p in w.shown.split()]  # quoted: searched
    talk = not any(t.phrase for t in query.terms) and is_small_talk(said)
    if talk or all(w.padding for w in unique):  # stop words alone are the topic ("microsoft", "c++")
        for word in unique:
            word.padding = talk
    unknown = [w.typed for w in unique if not w.known and not w.padding]
    return Understood(unique, unknown)


def _words(db: Database, terms: list[Term]) -> list[Word]:
    terms = unjoined(db, terms)
    singles = [t.tokens[0] for t in terms if _plain(t)]
    one_words = [t.tokens[0] if one_word(t) else "" for t in terms]
    candidates = singles + [a + b for a, b in itertools.pairwise(one_words) if a and b]
    candidates += [p for s in singles for p in [*LETTER_DIGIT.split(s), *swapped(s)] if p]
    counts = counts_of(db, [c for c in candidates if len(c) <= MAX_WORD])
    words: list[Word] = []
    decided: dict[str, bool] = {}  # a pair typed again in a long message is looked up once

    def joins_as_written(first: Term, second: Term) -> bool:
        key = f"{first.tokens[0]} {second.tokens[0]}"
        if key not in decided:
            decided[key] = written_joined(db, first, second)
        return decided[key]

    fuzzed = 0
    i = 0
    while i < len(terms):
        term = terms[i]
        nxt = terms[i + 1] if i + 1 < len(terms) else None
        if one_word(term) and nxt is not None and one_word(nxt):
            joined = term.tokens[0] + nxt.tokens[0]
            # "hi key" is HiKey, "pine 64" Pine64; two stop words are never a name ("how to"), nor
            # is a stop word and a word that make a word of English: "on a pi" is not "on api"
            first_padding = _is_padding(term.tokens[0])
            apart = first_padding and (_is_padding(nxt.tokens[0]) or zipf(joined) > 0)
            if counts.get(joined, 0) >= JOIN_MIN and not apart and joins_as_written(term, nxt):
                typed = f"{term.text} {nxt.text}"
                phrase = f'"{term.tokens[0]} {nxt.tokens[0]}"'
                marks = [term, nxt, *_terms(joined)]
                words.append(Word(typed, f'({phrase} OR "{joined}")', marks, joined, position=i))
                i += 2
                continue
        may_fuzz = fuzzed < MAX_FUZZED
        beside = [*(terms[i - 1].tokens[-1:] if i > 0 else ()), *(nxt.tokens[:1] if nxt else ())]
        word = _word(db, term, counts, may_fuzz, [t for t in beside if not _is_padding(t)])
        if word.qualifier and nxt is not None and nxt.text.lower().strip(AROUND) in UNITS:  # "11.6 inch"
            word.padding, word.qualifier = True, False
        word.position = i
        fuzzed += may_fuzz and _plain(term) and counts.get(term.tokens[0], 0) < KNOWN_ENOUGH
        words.append(word)
        i += 1
    return words


def _plain(term: Term) -> bool:
    """One word, not a concept, not in quotes: the kind that may be split, joined or fixed."""
    return term.concept is None and len(term.tokens) == 1 and not term.phrase


def _is_padding(token: str) -> bool:
    return token in stop_words()


def _word(db: Database, term: Term, counts: dict[str, int], may_fuzz: bool, beside: list[str]) -> Word:
    expr = fts_expression([term])
    if not _plain(term):
        word = Word(term.text, expr, [term], term.text.lower())
        if term.concept is None and not term.phrase:
            # "5/1", "it's"; not a bug's or a CVE's number ("2018-1002105"), a name of the thing
            word.padding = all(_is_padding(t) or _short_number(t) for t in term.tokens)
            if version := version_of(term.text):
                word.padding, word.qualifier, word.expr = False, True, version_expression(version)
            if not any(t.isdigit() for t in term.tokens):
                # "old-school", "on-prem": as common as its words; "us-east-1", a code, is a name
                word.zipf = sum(map(zipf, term.tokens)) / len(term.tokens)
        return word
    token = term.tokens[0]
    if counts.get(token, 0) == 0 and not _is_padding(token) and (plain := unstretched(token)):  # "heyyy"
        return _word(db, Term(term.text, (plain,)), counts | counts_of(db, [plain]), may_fuzz, beside)
    padding, qualifier = _is_padding(token), token in QUALIFIERS
    parts = [p for p in LETTER_DIGIT.split(token) if p]
    if len(parts) > 1 and len(token) <= MAX_WORD:  # "hikey960" is also "hikey 960", not where a
        # stop word is apart: "a 1" and "s 3" are English ("a $1 billion", "PagerDuty's 3-year")
        splits = [] if any(_is_padding(p) for p in parts) else [" ".join(parts)]
        if counts.get(token, 0) == 0 and may_fuzz and (halves := split_into_words(db, token)):
            splits.append(halves)
        forms = " OR ".join([expr, *(f'"{split}"' for split in splits)])
        marks = [term, *(mark for split in splits for mark in _terms(split))]
        word = Word(term.text, f"({forms})", marks, token)
        # "any1" is chat; a letter or two of the stop-words list with digits a name: "m1", "a72", "ec2"
        word.padding = padding or all(p.isdigit() or _chat(p) for p in parts)  # or itself: "eli5", "n00b"
        # Unknown whole, though its letters are a word: "arch64" is aarch64 ("arch 64" is kept too)
        unknown = counts.get(token, 0) == 0 and may_fuzz and not word.padding
        if unknown and (fix := fix_keeping_numbers(db, token)):
            word.expr, word.marks = f'({word.expr} OR "{fix}")', [*marks, *_terms(fix)]
            word.replaced, word.shown = True, fix
        return word
    count = counts.get(token, 0)
    if count == 0 and may_fuzz and not padding and (halves := split_into_words(db, token)):  # "microsd"
        return Word(term.text, f'({expr} OR "{halves}")', [term, *_terms(halves)], token)
    word = Word(term.text, expr, [term], token, known=count > 0 or token.isdigit(), padding=padding)
    word.qualifier, word.zipf = qualifier, zipf(token)
    if count < KNOWN_ENOUGH and not token.isdigit() and may_fuzz:
        # Likely a typo of a far commoner spelling; never of a contraction's piece ("wasm", "wasn't")
        fixes = [f for f in typo_fixes(db, token) if f.count >= 10 * count]
        fixes = [f for f in fixes if is_real_word(f.word) or not _is_padding(f.word)]
        fixes = [f for f in fixes if not _is_padding(f.word) or may_mean_stop_word(token, f.word)]
        if fixes and is_real_word(token):
            fixes = []  # a real word ("hang", "sore"), rare or missing here, not a misspelling
        if fixes:
            fix = fix_in_context(db, [f.word for f in fixes if f.typos == fixes[0].typos], beside)
            word.expr = f'({expr} OR "{fix}")'
            word.marks = [term, *_terms(fix)]
            word.known = True
            word.padding = padding or _is_padding(fix)  # "somthing" is "something": padding
            word.zipf = max(word.zipf, zipf(fix))
            if count == 0:
                word.replaced, word.shown = True, fix
    elif count >= KNOWN_ENOUGH and not padding and (usual := usual_spelling(token, counts)):
        word.expr, word.marks = f'({expr} OR "{usual}")', [term, *_terms(usual)]
    word.unheard = count == 0 and may_fuzz and not word.known and word.zipf == 0 and unheard_of(db, token)
    return word


def _short_number(token: str) -> bool:
    return token.isdigit() and len(token) < IDENTIFIER_DIGITS


def _chat(part: str) -> bool:
    """An everyday stop word, in "any1" or "no1" (not "m", "a" or "ec", a country's code)."""
    return _is_padding(part) and len(part) > 1 and zipf(part) >= GENERAL_ZIPF


def _terms(text: str) -> list[Term]:
    return parse_query(text).terms
