"""How people type, understood: a query becomes the forms to search, best first.

- Question words and stop words need not match ("where can i rent arm64 machines").
- Split and joined words are the same word: "hi key" finds HiKey, "hikey960" finds "HiKey 960",
  "pine 64" finds Pine64; a letter-digit boundary is a place to split.
- A word the index does not know (or knows once or twice, beside a far commoner spelling) is
  also matched to its closest words: one typo from 4 letters, two from 9 (bot/archive/vocabulary.py).
  Short words, numbers and the words inside "phrases" are never fuzzed.
- When nothing matches, the least informative words are dropped first (the most common in the
  index), as Meilisearch's matching strategy and Typesense's drop_tokens_threshold do; the rarest
  always stays, and a word the index has never seen, with no fix, is never dropped: a question
  about something the archive never covered finds nothing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.archive.query import Query, Term, fts_expression, parse_query
from bot.archive.vocabulary import counts_of, typo_fixes

QUESTION_AND_STOP_WORDS = frozenset(
    """a an the and or of for to in on at by with about from into is are was were be been being
    do does did can could should would will shall may might must i me my we us our you your it
    its this that these those there here what where when who whom which why how any some get got
    find use using there's what's how's anyone anybody someone please know tell show me
    run runs running have has need want try make buy""".split()
)
# Words that ask about a thing rather than name it ("how fast is the thunderx2"): relaxing drops
# them first, and never keeps one of them alone.
QUALIFIERS = frozenset(
    """fast faster fastest slow good better best new newest latest free cheap cheapest big small
    easy easily quick quickly simple available possible support supported supports official
    officially recommended popular""".split()
)
RARE_SHARE = 0.005  # a word in fewer than 0.5% of stories is rare: relaxing never drops it
JOIN_MIN = 3  # a joined or split form counts when the index has it at least this often
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@dataclass
class Form:
    """One way to search the query: an FTS5 expression, the terms to mark in snippets, and the
    words it searched for when they are not the query as typed."""

    expr: str
    terms: list[Term]
    searched_for: str | None = None


@dataclass
class _Word:
    typed: str
    expr: str  # as typed, with its split or joined form
    marks: list[Term]
    fixed: str | None = None  # the typo fix
    known: bool = True  # the index has it (or a fix for it)
    df: int = 0  # stories that match it, for relaxing

    @property
    def best_expr(self) -> str:
        return f'({self.expr} OR "{self.fixed}")' if self.fixed else self.expr

    @property
    def shown(self) -> str:
        return self.fixed or self.typed


@dataclass
class Understood:
    """The forms of a query: `first` as typed (stop words aside), then `fixed` (typos fixed),
    and `relaxed`, searched only when both find nothing."""

    first: Form
    fixed: Form | None = None
    relaxed: list[Form] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # words the index never saw, with no fix


def as_typed(query: Query) -> Form:
    """Every word must match, exactly as typed: for "Search exactly as typed"."""
    return Form(fts_expression(query.terms), query.terms)


def understand(db: Database, query: Query) -> Understood:
    content = [t for t in query.terms if not _is_stop(t)] or query.terms
    words = _words(db, content)
    first = Form(" AND ".join(w.expr for w in words), [m for w in words for m in w.marks])
    understood = Understood(first, unknown=[w.typed for w in words if not w.known])
    if any(w.fixed for w in words):
        shown = " ".join(w.shown for w in words)
        understood.fixed = Form(" AND ".join(w.best_expr for w in words), _marks(words, fixed=True), shown)
    if not understood.unknown and len(words) > 1:
        understood.relaxed = _relaxations(db, words)
    return understood


def _is_stop(term: Term) -> bool:
    return term.concept is None and len(term.tokens) == 1 and term.tokens[0] in QUESTION_AND_STOP_WORDS


def _words(db: Database, terms: list[Term]) -> list[_Word]:
    singles = [t.tokens[0] for t in terms if _plain(t)]
    candidates = singles + [a + b for a, b in itertools.pairwise(singles)]
    candidates += [p for s in singles for p in _LETTER_DIGIT.split(s) if p]
    counts = counts_of(db, candidates)
    words: list[_Word] = []
    i = 0
    while i < len(terms):
        term = terms[i]
        nxt = terms[i + 1] if i + 1 < len(terms) else None
        if _plain(term) and nxt is not None and _plain(nxt):
            joined = term.tokens[0] + nxt.tokens[0]
            if counts.get(joined, 0) >= JOIN_MIN:  # "hi key" is HiKey, "pine 64" Pine64
                typed = f"{term.text} {nxt.text}"
                phrase = f'"{term.tokens[0]} {nxt.tokens[0]}"'
                words.append(_Word(typed, f'({phrase} OR "{joined}")', [term, nxt, *_terms(joined)]))
                i += 2
                continue
        words.append(_word(db, term, counts))
        i += 1
    return words


def _plain(term: Term) -> bool:
    """One word, not a concept, not in quotes: the kind that may be split, joined or fixed."""
    return term.concept is None and len(term.tokens) == 1 and not term.phrase


def _word(db: Database, term: Term, counts: dict[str, int]) -> _Word:
    expr = fts_expression([term])
    if not _plain(term):
        return _Word(term.text, expr, [term])
    token = term.tokens[0]
    parts = [p for p in _LETTER_DIGIT.split(token) if p]
    if len(parts) > 1:  # "hikey960" is also "hikey 960"
        split = " ".join(parts)
        return _Word(term.text, f'({expr} OR "{split}")', [term, *_terms(split)])
    count = counts.get(token, 0)
    if count == 0 and (halves := _split_into_words(db, token)):  # "microsd" is the archive's "micro sd"
        return _Word(term.text, f'({expr} OR "{halves}")', [term, *_terms(halves)])
    word = _Word(term.text, expr, [term], known=count > 0 or token.isdigit())
    if count < JOIN_MIN and not token.isdigit():
        # Unknown, or so rare beside a common spelling that it is likely a typo of it.
        fixes = [f for f in typo_fixes(db, token) if f.count >= max(2, 10 * count)]
        if fixes:
            word.fixed = fixes[0].word
            word.known = True
    return word


def _split_into_words(db: Database, token: str) -> str | None:
    """The two words a joined word is made of, when the index has them side by side ("micro sd"
    for "microsd"); never two halves that merely exist apart ("deb ain" for "debain")."""
    if len(token) < 6:
        return None
    halves = [(token[:i], token[i:]) for i in range(3, len(token) - 2)]
    counts = counts_of(db, [part for pair in halves for part in pair])
    scored = sorted(((min(counts[a], counts[b]), f"{a} {b}") for a, b in halves), reverse=True)
    for score, phrase in scored[:3]:
        if score < JOIN_MIN:
            break
        if list(db.query("select 1 from stories_fts where stories_fts match ? limit 1", [f'"{phrase}"'])):
            return phrase
    return None


def _terms(text: str) -> list[Term]:
    return parse_query(text).terms


def _marks(words: list[_Word], fixed: bool) -> list[Term]:
    marks: list[Term] = []
    for word in words:
        marks += _terms(word.fixed) if fixed and word.fixed else word.marks
    return marks


def _relaxations(db: Database, words: list[_Word]) -> list[Form]:
    """Fewer and fewer words, the least informative dropped first, the rare ones never."""
    total = int(next(iter(db.query("select count(*) as n from stories")))["n"]) or 1
    for word in words:
        matched = db.query(
            "select count(*) as n from stories_fts where stories_fts match ?", [word.best_expr]
        )
        word.df = int(next(iter(matched))["n"])
    rare = max(3, int(total * RARE_SHARE))
    naming = [w for w in words if w.typed.lower() not in QUALIFIERS] or words
    keep = min(naming, key=lambda w: w.df)
    droppable = sorted(
        (w for w in words if w is not keep and (w.df > rare or w.typed.lower() in QUALIFIERS)),
        key=lambda w: (w.typed.lower() not in QUALIFIERS, -w.df),
    )
    forms: list[Form] = []
    remaining = list(words)
    for word in droppable:
        remaining = [w for w in remaining if w is not word]
        shown = " ".join(w.shown for w in remaining)
        forms.append(Form(" AND ".join(w.best_expr for w in remaining), _marks(remaining, fixed=True), shown))
    return forms
