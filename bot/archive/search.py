"""Story search: the words of a query as people type them (bot/archive/understanding.py), ranked by
their evidence and the semantic channel (bot/archive/ranking.py), unless the archive has no answer
(bot/archive/answerable.py); filters; and "Search exactly as typed", where every word must match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.archive.answerable import decide
from bot.archive.by_link import archived_links, linked_hits, searched_words, stories_with_links
from bot.archive.comparison import compare_first, comparison_sides
from bot.archive.explain import NO_TOPIC, explain_empty, explain_filtered, explain_unanswered
from bot.archive.fts import FTS_WEIGHTS
from bot.archive.hits import READ_FOR_REPEATS, Hit, links_of, story_hit, story_rows, without_repeats
from bot.archive.lead import favour_leads
from bot.archive.placement import MAX_PAIRS, models_lacking, placements, weigh_placements
from bot.archive.query import Query, filter_sql, parse_query
from bot.archive.ranking import (
    ADMIT_BELOW,
    SEMANTIC_K,
    fuse,
    lexical,
    stories_in_index,
    weigh,
)
from bot.archive.snippets import highlighters
from bot.archive.subject import lacking_subject, misspelt_names
from bot.archive.understanding import Form, Understood, as_typed, understand
from bot.archive.versions import versions_as_written

SEMANTIC_FROM = 3  # informative words from which the semantic channel is asked too
MAX_OFFSET = 10_000  # paging deeper than this is no reading, and a huge offset must not reach SQL
_WEIGHTS = ", ".join(str(w) for w in FTS_WEIGHTS)


@dataclass
class SearchResult:
    """A page of hits, the total, and what to say when the words as typed found nothing."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    offset: int = 0
    limit: int = 5
    searched_for: str | None = None  # every hit came from these words, not the typed ones
    explanation: str | None = None  # why there is nothing
    topicless: bool = False  # small talk ("hi there", "who are you?", "👍"): no search
    total_is_floor: bool = False  # a word had more stories than are read for it: "300 or more"
    outside_filters: int = 0  # nothing within the filters, this many stories without them
    ruled_out: bool = False  # the filters alone leave nothing: no question to follow

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def total_text(self) -> str:  # "300 or more" when a word had more stories than are read for it
        return f"{self.total} or more" if self.total_is_floor else str(self.total)


def search_stories(
    db: Database,
    text: str,
    *,
    limit: int = 5,
    offset: int = 0,
    exact: bool = False,
    within_issue: int | None = None,
) -> SearchResult:
    """Search the stories for any text. Never raises on user input. `exact`: every word as typed;
    `within_issue`: the stories of that issue only (a standing question against a new issue). A
    link the archive has is answered by the stories with it (bot/archive/by_link.py)."""
    asked = searched_words(db, text)  # the words, where links are not the question (bot/archive/by_link.py)
    query = parse_query(text if asked is None else asked)
    limit = max(1, min(int(limit), 50))
    offset = max(0, min(int(offset), MAX_OFFSET))
    result = SearchResult(query=query, offset=offset, limit=limit)
    if not query.terms and not query.has_filters:
        if text.strip() and not query.notes:  # an emoji alone ("👍"); a filter it could not read says so
            result.topicless, result.explanation = True, NO_TOPIC
        return result
    where, params = filter_sql(query)
    if within_issue is not None:
        where += " and i.id = :within_issue"
        params["within_issue"] = within_issue
    linked = archived_links(db, text) if query.terms and asked is None else []
    if not query.terms:
        _run(db, result, [], where, params)
    elif linked:
        _by_link(db, result, linked, where, params)
    elif exact:
        _run(db, result, [as_typed(query)], where, params)
    else:
        understood = understand(db, query)
        if query.has_filters and all(w.padding for w in understood.words):
            _run(db, result, [], where, params)  # "hi there year:2018": small talk and filters, the filters
        else:
            _ranked(db, result, understood, where, params)
    if result.total == 0 and where and within_issue is None and not result.topicless:
        _ruled_out(db, result, exact, linked)
    elif result.total == 0 and (exact or not query.terms):
        result.explanation = explain_empty(db, query, [])
    return result


def _by_link(db: Database, result: SearchResult, keys: list[str], where: str, params: dict[str, Any]) -> None:
    found = stories_with_links(db, keys, where, params)
    result.total = len(found)
    result.hits = linked_hits(db, keys, found[result.offset : result.offset + result.limit])


def _ruled_out(db: Database, result: SearchResult, exact: bool, linked: list[str]) -> None:
    """Whether the filters alone leave nothing: filters no story meets (an empty range, an issue
    that is not), or words that find stories outside them. Say so, never that the archive lacks
    the topic, and there is nothing to follow."""
    if (reason := explain_empty(db, result.query, [])) is not None:
        result.explanation, result.ruled_out = reason, True
        return
    if not result.query.terms:
        return
    unfiltered = SearchResult(query=result.query, limit=1)
    if linked:
        unfiltered.total = len(stories_with_links(db, linked, "", {}))
    elif exact:
        _run(db, unfiltered, [as_typed(result.query)], "", {})
    else:
        _ranked(db, unfiltered, understand(db, result.query), "", {})
    if unfiltered.total:
        result.outside_filters, result.ruled_out = unfiltered.total, True
        result.explanation = explain_filtered(result.query, unfiltered.total, unfiltered.total_is_floor)


def _ranked(
    db: Database, result: SearchResult, understood: Understood, where: str, params: dict[str, Any]
) -> None:
    """Rank by the evidence of every word and the semantic channel, unless the archive has no answer."""
    words = understood.words
    if all(w.padding for w in words):  # small talk (bot/archive/stopwords.py): nothing to look for
        result.topicless = True
        result.explanation = NO_TOPIC
        return
    weigh(db, words)
    versions_as_written(db, words, stories_in_index(db), MAX_PAIRS)
    placed = placements(words)  # after the words' weights: a rare stop word may start a name
    weigh(db, placed)
    weigh_placements(words, placed)
    found = lexical(db, words + placed, where, params)  # a placement's index is past the words'
    favour_leads(db, words, found)
    about = " ".join(w.shown for w in words if not w.padding)
    admit = len(found) < ADMIT_BELOW or bool(understood.unknown)
    # A keyword or two the index has plenty of is answered by the words: the semantic channel,
    # which reorders nothing there (the judged keywords score the same without it), is for
    # questions, paraphrases and words the index lacks.
    informative = sum(1 for w in words if w.weight > 0 and not w.padding)
    near = _near(db, about, where, params) if admit or informative >= SEMANTIC_FROM else []
    ranked = fuse(found, near, admit=admit)
    sides = comparison_sides(words)
    if sides:
        ranked = compare_first(ranked, sides, words)
    misspelt_names(db, words, ranked)
    verdict = decide(words, ranked, models_lacking(db, words, placed), lacking_subject(db, words, ranked))
    if not verdict.answered:
        unseen = [w for w in verdict.uncovered if w in understood.unknown]  # not "hey", not "thx"
        result.explanation = explain_empty(db, result.query, unseen) or explain_unanswered(
            db, verdict.uncovered
        )
        return
    by_id = {e.story_id: e for e in ranked}
    distinct = without_repeats(db, list(by_id))
    result.total, result.total_is_floor = len(distinct), found.capped
    result.searched_for = understood.searched_for
    page = [by_id[i] for i in distinct[result.offset : result.offset + result.limit]]
    rows = story_rows(db, [e.story_id for e in page])
    links = links_of(db, list(rows))
    marks = [m for w in words if not w.padding for m in w.marks]
    finders = highlighters(marks)  # once for the page, not per hit
    for evidence in page:
        row = rows[evidence.story_id]
        hit = story_hit(row, links.get(evidence.story_id, []), marks, evidence.fused, finders)
        hit.searched_for = result.searched_for
        result.hits.append(hit)


def _near(db: Database, about: str, where: str, params: dict[str, Any]) -> list[tuple[int, float]]:
    """The semantic channel's stories for the query's content words, within the filters."""
    from bot.archive.semantic import nearest  # only questions ask it: a keyword's start stays light

    near = nearest(db, about, SEMANTIC_K)
    if not near or not where:
        return near
    marks = ", ".join(str(story_id) for story_id, _ in near)
    sql = f"select s.id from stories s join issues i on i.id = s.issue_id where s.id in ({marks}){where}"
    allowed = {row["id"] for row in db.query(sql, params)}
    return [(story_id, sim) for story_id, sim in near if story_id in allowed]


def _run(db: Database, result: SearchResult, forms: list[Form], where: str, params: dict[str, Any]) -> None:
    """One ranked pass over the forms as tiers. The forms are nested, each matching all that the
    ones before it do (a fix adds an alternative, relaxing drops a word), so the last one is
    matched and ranked once, and a story's tier is the first form that has it."""
    params = dict(params)
    if forms:
        last = len(forms) - 1
        params[f"m{last}"] = forms[last].expr
        inside = "rowid in (select rowid from stories_fts where stories_fts match :m{n})"
        tiers = "".join(
            f"when {inside.format(n=n)} then {len(forms) - n} "
            for n in range(last)
            if params.setdefault(f"m{n}", forms[n].expr)
        )
        tier = f"case {tiers}else 1 end" if tiers else "1"
        if where:
            parts = [
                f"select s.id as story_id, -bm25(stories_fts, {_WEIGHTS}) as score, {tier} as tier "
                "from stories_fts join stories s on s.id = stories_fts.rowid "
                f"join issues i on i.id = s.issue_id where stories_fts match :m{last}" + where
            ]
        else:  # no filter: rank the FTS rows alone, without a join per match
            parts = [
                f"select rowid as story_id, -bm25(stories_fts, {_WEIGHTS}) as score, {tier} as tier "
                f"from stories_fts where stories_fts match :m{last}"
            ]
        ranked = " union all ".join(parts)
        order = "order by tier desc, score desc, story_id desc"
    else:
        ranked = (
            "select s.id as story_id, 0.0 as score, 1 as tier, i.date, s.position "
            "from stories s join issues i on i.id = s.issue_id where 1 = 1" + where
        )
        order = "order by date desc, position"  # a filter alone lists issues newest first, in order
    # Rank only ids (small rows), with a window count for the total: the index is matched once.
    # bm25() cannot sit in a query with a window function, hence the subquery. The best stories are
    # read whole to drop their repeats (a sponsor's item run week after week, listed eight times
    # when typed exactly), so the total is the same on every page; a page past them follows in SQL.
    listed = f"select story_id, score, tier, count(*) over () as total from ({ranked}) {order}"
    head = list(db.query(f"{listed} limit {READ_FOR_REPEATS}", params))
    by_id = {row["story_id"]: row for row in head}
    distinct = without_repeats(db, list(by_id))
    repeats = len(head) - len(distinct)
    result.total = int(head[0]["total"]) - repeats if head else 0
    page = [by_id[i] for i in distinct[result.offset : result.offset + result.limit]]
    if len(page) < result.limit and len(head) == READ_FOR_REPEATS:
        after = max(result.offset + repeats, READ_FOR_REPEATS)
        page += db.query(f"{listed} limit {result.limit - len(page)} offset {after}", params)
    rows = story_rows(db, [row["story_id"] for row in page])
    links = links_of(db, list(rows))
    for ranked_row in page:
        found_by: Form | None = forms[len(forms) - int(ranked_row["tier"])] if forms else None
        row = rows[ranked_row["story_id"]]
        terms = found_by.terms if found_by else []
        hit = story_hit(row, links.get(row["story_id"], []), terms, float(ranked_row["score"]))
        hit.searched_for = found_by.searched_for if found_by else None
        result.hits.append(hit)
