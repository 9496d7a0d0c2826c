"""Story search: BM25 over the FTS5 index, filters, snippets with the matched words, suggestions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.query import Query, Term, fts_expression, parse_query
from bot.schema import FTS_WEIGHTS

SNIPPET_WORDS = 36
MAX_OFFSET = 10_000  # paging deeper than this is no reading, and a huge offset must not reach SQL
Finder = Callable[[str], list[tuple[int, int]]]  # the spans of a text that match a query term
_STOPWORDS = {"the", "and", "for", "with", "not", "from", "that", "this", "are", "was", "but"}


@dataclass
class Hit:
    """One story found: the `search --json` shape of DESIGN.md, plus the publication."""

    issue: str
    number: int | None
    title: str
    date: str
    url: str | None
    section: str
    snippet: str
    links: list[dict[str, str]]
    score: float
    publication: str = "worksonarm"
    story_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    """A page of hits, the total, and what to say when there are none."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = 5
    suggestions: list[str] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total


def search_stories(
    db: Database,
    text: str,
    *,
    limit: int = 5,
    offset: int = 0,
) -> SearchResult:
    """Search the stories for any text. Never raises on user input."""
    query = parse_query(text)
    limit = max(1, min(int(limit), 50))
    offset = max(0, min(int(offset), MAX_OFFSET))
    result = SearchResult(query=query, offset=offset, limit=limit)
    if not query.terms and not query.has_filters:
        return result
    where, params = _filters(query)
    if query.terms:
        params["match"] = fts_expression(query.terms)
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        if where:
            ranked = (
                f"select s.id as story_id, -bm25(stories_fts, {weights}) as score "
                "from stories_fts join stories s on s.id = stories_fts.rowid "
                "join issues i on i.id = s.issue_id where stories_fts match :match" + where
            )
        else:  # no filter: rank the FTS rows alone, without a join per match
            ranked = (
                f"select rowid as story_id, -bm25(stories_fts, {weights}) as score "
                "from stories_fts where stories_fts match :match"
            )
        order = "order by score desc, story_id desc"
    else:
        ranked = (
            "select s.id as story_id, 0.0 as score, i.date, s.position "
            "from stories s join issues i on i.id = s.issue_id where 1 = 1" + where
        )
        order = "order by date desc, position"  # a filter alone lists issues newest first, in order
    # Rank only ids (small rows), with a window count for the total: the index is matched once.
    # bm25() cannot sit in a query with a window function, hence the subquery.
    page = list(
        db.query(
            f"select story_id, score, count(*) over () as total from ({ranked}) {order} "
            f"limit {limit} offset {offset}",
            params,
        )
    )
    if page:
        result.total = int(page[0]["total"])
    elif offset:  # paged past the end: the total is still worth telling
        result.total = int(next(iter(db.query(f"select count(*) as n from ({ranked})", params)))["n"])
    rows = _story_rows(db, [row["story_id"] for row in page])
    links = _links_of(db, list(rows))
    highlighters = _highlighters(query.terms)
    for ranked_row in page:
        row = rows[ranked_row["story_id"]]
        story_links = links.get(row["story_id"], [])
        score = float(ranked_row["score"])
        result.hits.append(_hit(row, story_links, query.terms, highlighters, score))
    if result.total == 0:
        result.suggestions = suggest_terms(db, query.terms)
    return result


def hit_for_story(db: Database, story_id: int, text: str = "") -> Hit | None:
    """One story as a hit (for "Share in channel"), its snippet marked for the query it was found by."""
    if not 0 <= story_id < 2**62:
        return None
    rows = _story_rows(db, [story_id])
    if story_id not in rows:
        return None
    terms = parse_query(text).terms
    links = _links_of(db, [story_id]).get(story_id, [])
    return _hit(rows[story_id], links, terms, _highlighters(terms), 0.0)


def _hit(
    row: dict[str, Any],
    links: list[dict[str, str]],
    terms: list[Term],
    highlighters: list[Finder],
    score: float,
) -> Hit:
    return Hit(
        issue=row["week"],
        number=row["number"],
        title=row["title"],
        date=row["date"],
        url=row["url"],
        section=row["heading"],
        snippet=make_snippet(row["body"], terms),
        links=_relevant_first(links, highlighters),
        score=round(score, 4),
        publication=row["publication"],
        story_id=row["story_id"],
    )


def _story_rows(db: Database, story_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    sql = (
        "select s.id as story_id, s.heading, s.body, i.week, i.number, i.title, i.date, i.url, "
        f"i.publication from stories s join issues i on i.id = s.issue_id where s.id in ({marks})"
    )
    return {row["story_id"]: row for row in db.query(sql, story_ids)}


def _filters(query: Query) -> tuple[str, dict[str, Any]]:
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


def _links_of(db: Database, story_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    if not story_ids:
        return {}
    marks = ", ".join("?" for _ in story_ids)
    out: dict[int, list[dict[str, str]]] = {}
    sql = f"select story_id, text, url from links where story_id in ({marks}) order by story_id, position"
    for row in db.query(sql, story_ids):
        out.setdefault(row["story_id"], []).append({"text": row["text"], "url": row["url"]})
    return out


def _relevant_first(links: list[dict[str, str]], finders: list[Finder]) -> list[dict[str, str]]:
    """The story's links, those that match the query first: Slack shows only the first three."""

    def matches(link: dict[str, str]) -> bool:
        text = f"{link['text']} {link['url'].replace('/', ' ')}"
        return any(find(text) for find in finders)

    return sorted(links, key=lambda link: not matches(link))


def _highlighters(terms: list[Term]) -> list[Finder]:
    patterns: list[Finder] = []
    for term in terms:
        if term.concept is not None:
            patterns.append(term.concept.spans)
            if " ".join(term.tokens) in term.concept.ambiguous:
                continue
        words = [re.escape(_stem_prefix(t)) + (r"\w*" if len(t) > 2 else r"\b") for t in term.tokens]
        patterns.append(_finder(re.compile(r"\b" + r"\W+".join(words), re.I)))
    return patterns


def _finder(pattern: re.Pattern[str]) -> Finder:
    def find(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text)]

    return find


def _stem_prefix(token: str) -> str:
    """A crude stand-in for the porter stem, good enough to mark 'benchmarks' for 'benchmark'."""
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def make_snippet(body: str, terms: list[Term], width: int = SNIPPET_WORDS) -> str:
    """About `width` words of the body around the most matches, each match marked *like this*."""
    spans: list[tuple[int, int]] = []
    for find in _highlighters(terms):
        spans += [(s, e) for s, e in find(body) if e > s]
    spans = _merge_spans(spans)
    words = list(re.finditer(r"\S+", body))
    if not words:
        return ""
    start_word = 0
    if spans:
        starts = [w.start() for w in words]
        best, best_count = 0, -1
        for i in range(len(words)):
            lo, hi = starts[i], words[min(i + width, len(words)) - 1].end()
            count = sum(1 for s, e in spans if s >= lo and e <= hi)
            if count > best_count:
                best, best_count = i, count
            if i > 0 and count < best_count and starts[i] > spans[-1][0]:
                break
        start_word = max(0, best - 4)
    end_word = min(len(words), start_word + width)
    lo, hi = words[start_word].start(), words[end_word - 1].end()
    out, pos = [], lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out += [body[pos:s], "*", body[s:e].strip(), "*"]
        pos = e
    out.append(body[pos:hi])
    text = "".join(out)
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(body) else "")


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def suggest_terms(db: Database, terms: list[Term], limit: int = 3) -> list[str]:
    """Close words from the index vocabulary, for a query that found nothing."""
    suggestions: list[str] = []
    for term in terms:
        for token in term.tokens:
            if len(token) < 3 or token in _STOPWORDS:
                continue
            # A range on the primary key (not LIKE) so the index is used.
            rows = db.query(
                "select word, count from vocabulary where word >= ? and word < ? "
                "and length(word) between ? and ?",
                [token[0], chr(ord(token[0]) + 1), len(token) - 2, len(token) + 2],
            )
            counts = {row["word"]: row["count"] for row in rows}
            if token in counts:  # a real word: the combination found nothing, not the spelling
                continue
            close = difflib.get_close_matches(token, list(counts), n=limit, cutoff=0.75)
            close.sort(key=lambda w: (-difflib.SequenceMatcher(None, token, w).ratio(), -counts[w]))
            suggestions += [w for w in close if w not in suggestions]
    return suggestions[:limit]
