"""The search query language: words, "phrases", issue:, year:, before:, after:. Never raises."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bot.archive import identity
from bot.archive.fts import INDEX_WORD as _TOKEN  # "docker_compose" is two words
from bot.archive.stopwords import asks_of_a_time, is_small_talk, stop_words
from bot.archive.synonyms import MAX_ALIAS_WORDS, Concept, concept_for, is_go_verb
from bot.archive.vocabulary import fold

MAX_QUERY_CHARS = 4_000  # Slack's limit for a slash command's text: the whole query is read
MAX_TERMS = 1_000  # a bound on the work, never reached by text within MAX_QUERY_CHARS
# A possessive or a contraction's tail ("reddit's", "we'd", "how's"): the word is its stem. The
# index splits "reddit's" into "reddit" and "s" too, so the phrase of both finds less, never more.
_CLITIC = re.compile(r"(?<=\w)['’](?:s|d|ll|re|ve|m)(?=\W*$)", re.I)
_PART = re.compile(r'"([^"]*)"|(\S+)')  # an unclosed quote is just a character
FILTER = re.compile(r"^(issue|year|before|after):(.*)$", re.I)
# An emoji's characters: the symbol, a skin tone, a variation selector, a joiner (Unicode categories)
_FEELING = frozenset({"So", "Sk", "Mn", "Cf"})


@dataclass(frozen=True)
class Term:
    """One thing to match: a word, a phrase, or a synonym concept with the text it came from."""

    text: str
    tokens: tuple[str, ...]
    concept: Concept | None = None
    phrase: bool = False  # typed in "quotes": matched as written, never fuzzed, split or joined


@dataclass
class Query:
    """A parsed query. `notes` explains what was ignored, for the reply."""

    terms: list[Term] = field(default_factory=list)
    issue: str | None = None  # a week id, or a number as text
    year: int | None = None
    before: str | None = None
    after: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return any(v is not None for v in (self.issue, self.year, self.before, self.after))


def parse_query(text: str) -> Query:
    """Parse any text into a Query; what cannot be understood becomes a note, not an error."""
    query = Query()
    text = _plain_letters(text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notes.append(f"only the first {MAX_QUERY_CHARS} characters were searched")
    words: list[tuple[str, bool]] = []  # (text, is_phrase)
    for m in _PART.finditer(text):
        if m.group(1) is not None:
            words.append((m.group(1), True))
            continue
        part = m.group(2)
        if words and not words[-1][1] and _is_exclamation(part):
            words[-1] = (words[-1][0] + "!", False)  # "hiya 👋" is "hiya!", as "hiya !" is
            continue
        f = FILTER.match(part)
        if f and _apply_filter(query, f.group(1).lower(), f.group(2)):
            continue
        words.append((part, False))
    query.terms = _terms(words)
    years = [t for t in query.terms if not t.phrase and BARE_YEAR.fullmatch(" ".join(t.tokens))]
    rest = [token for t in query.terms if t not in years for token in t.tokens]
    talk = not rest or is_small_talk(rest) or asks_of_a_time(rest)
    if len(years) == 1 and talk and not query.has_filters:  # "2018", "news 2018?": no topic, a year
        query.year, query.terms = int(years[0].tokens[0]), []
        query.notes.append(f"`{query.year}` alone is read as `year:{query.year}`")
    if len(query.terms) > MAX_TERMS:
        query.terms = query.terms[:MAX_TERMS]
        query.notes.append(f"only the first {MAX_TERMS} words were searched")
    return query


BARE_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _plain_letters(text: str) -> str:
    """Letters as the index has them (NFKC): "ｆｉｒｅｆｏｘ" from a CJK keyboard, "ﬁ" pasted from a
    PDF. A symbol is no letters, though its plain form is ("Engine™" is not "EngineTM"), and half a
    surrogate pair, which Slack's JSON may carry, is nothing."""
    if text.isascii():
        return text
    text = text.encode("utf-8", "ignore").decode()
    marks = {
        c for c in set(text) if unicodedata.category(c) == "So" and unicodedata.normalize("NFKC", c) != c
    }
    return unicodedata.normalize("NFKC", text.translate({ord(c): " " for c in marks}) if marks else text)


def _is_exclamation(part: str) -> bool:
    """Marks of feeling and no word: "!", "!!", an emoji with its modifiers ("👋", "🙏🏽")."""
    return not _TOKEN.search(part) and all(c == "!" or unicodedata.category(c) in _FEELING for c in part)


def _apply_filter(query: Query, name: str, value: str) -> bool:
    value = value.strip()
    if not value:
        query.notes.append(f"`{name}:` needs a value")
        return True
    if name == "issue":
        try:
            week = identity.parse_week(value)
        except identity.NoSuchWeek as exc:
            query.notes.append(f"`issue:{value}`: no such week, {exc}")
            return True
        number = value.lstrip("#")
        if week or re.fullmatch(r"[0-9]+", number):
            # Kept as text: a number of any size is "no such issue", never an overflow.
            query.issue = week or (number.lstrip("0") or "0")
        else:
            query.notes.append(f"`issue:{value}` is not a number or a week like 2018-W20")
    elif name == "year":
        if re.fullmatch(r"[0-9]{4}", value):
            query.year = int(value)
        else:
            query.notes.append(f"`year:{value}` is not a year")
    else:
        try:
            bound = _date_bound(value, upper=(name == "after"))
        except identity.NoSuchWeek as exc:
            query.notes.append(f"`{name}:{value}`: no such week, {exc}")
            return True
        if bound is None:
            query.notes.append(f"`{name}:{value}` is not a date like 2018-06-01")
        elif name == "before":
            query.before = bound
        else:
            query.after = bound
    return True


def _date_bound(value: str, *, upper: bool) -> str | None:
    """A date, month, year or week as a YYYY-MM-DD bound (`after:2018` means after 2018-12-31).
    Raises NoSuchWeek for a week no calendar has."""
    week = identity.parse_week(value)
    if week:
        return identity.friday_of(week).isoformat()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value)
    if not m:
        day = identity.date_from_text(value)
        return day.isoformat() if day else None
    year, month, day_of = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day_of:
            return dt.date(year, int(month or 1), int(day_of)).isoformat()
        if month:
            first = dt.date(year, int(month), 1)
            if not upper:
                return first.isoformat()
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        return dt.date(year, 12, 31).isoformat() if upper else dt.date(year, 1, 1).isoformat()
    except ValueError:
        return None


def _terms(words: list[tuple[str, bool]]) -> list[Term]:
    """Tokenise the words and fold runs of words that name a concept ("raspberry pi")."""
    terms: list[Term] = []
    i = 0
    while i < len(words):
        text, is_phrase = words[i]
        matched = False
        if not is_phrase:
            for n in range(min(MAX_ALIAS_WORDS, len(words) - i), 1, -1):
                run = words[i : i + n]
                if any(p for _, p in run):
                    continue
                phrase = " ".join(t for t, _ in run)
                concept = concept_for(phrase)
                if concept:
                    terms.append(Term(phrase, tuple(_TOKEN.findall(phrase.lower())), concept))
                    i += n
                    matched = True
                    break
        if matched:
            continue
        said = _CLITIC.sub("", text.lower()) if not is_phrase else text.lower()
        tokens = tuple(fold(token) for token in _TOKEN.findall(said))  # as the index folds them
        if tokens:
            terms.append(Term(text, tokens, _concept_said(words, i), phrase=is_phrase))
        i += 1
    return terms


def _concept_said(words: list[tuple[str, bool]], i: int) -> Concept | None:
    """The concept the word at i stands for, where it stands: "go" (or "go?") is the language but
    in "go public" or "how did it go?" (synonyms.is_go_verb), where it is a stop word."""
    text = words[i][0]
    typed = concept_for(text)
    bare = " ".join(_TOKEN.findall(text.lower()))
    concept = typed if typed is not None or bare == text.lower() else concept_for(bare)  # "go?"
    if concept is None or bare not in concept.ambiguous:
        return typed
    before = [token for said, _ in words[max(0, i - 6) : i] for token in _TOKEN.findall(said.lower())]
    after: list[str] = []
    for j, (said, _) in enumerate(words[i : i + 3]):  # to the end of its sentence, two words at most
        after += _TOKEN.findall(said.lower()) if j else []
        if re.search(r"[?.!]$", said):
            break
    return None if is_go_verb(before, after[:2], lambda w: w in stop_words()) else concept


def fts_expression(terms: list[Term]) -> str:
    """An FTS5 MATCH expression in which every piece of user text is a quoted string."""
    parts = []
    for term in terms:
        literal = '"' + " ".join(term.tokens) + '"'
        if term.concept is None:
            parts.append(literal)
        elif " ".join(term.tokens) in term.concept.ambiguous or term.text.lower() in term.concept.ambiguous:
            parts.append(f'"{term.concept.token}"')
        elif literal == f'"{term.concept.token}"':  # "rust" is its own concept's token
            parts.append(literal)
        else:
            parts.append(f'("{term.concept.token}" OR {literal})')
    return " AND ".join(parts)


def filter_sql(query: Query) -> tuple[str, dict[str, Any]]:
    """The query's filters as SQL on `issues i`: " and …" conditions and their parameters."""
    where = ""
    params: dict[str, Any] = {}
    if query.issue is not None:
        if query.issue.isdecimal():
            where += " and i.number = :issue_number"
            # A number no issue can have matches nothing, instead of overflowing SQLite's integers.
            params["issue_number"] = int(query.issue) if len(query.issue) <= 7 else -1
        else:
            where += " and i.week = :issue_week"
            params["issue_week"] = query.issue
    if query.year is not None:
        where += " and i.date >= :year_start and i.date <= :year_end"
        params["year_start"], params["year_end"] = f"{query.year}-01-01", f"{query.year}-12-31"
    if query.before is not None:
        where += " and i.date < :before"
        params["before"] = query.before
    if query.after is not None:
        where += " and i.date > :after"
        params["after"] = query.after
    return where, params
