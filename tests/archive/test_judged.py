"""The judged queries (bench/judged/keywords.py) on the real archive: how people type finds what
the clean keywords find, questions find answers, and questions the archive cannot answer find
nothing. Floors, not targets: `make bench` prints the scores."""

from __future__ import annotations

import pytest

from bench.judged.keywords import JUDGED, score
from bot.archive.files import find_issue_files, index_files
from bot.archive.search import search_stories
from bot.config import DEFAULT_ISSUE_URL
from tests.corpus import SHIPPED, WOA_ARCHIVE, need_corpus
from tests.support import open_db


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("judged") / "archive.db"
    with open_db(path) as db:
        index_files(
            db, find_issue_files([SHIPPED, need_corpus(WOA_ARCHIVE)]), issue_url_template=DEFAULT_ISSUE_URL
        )
    with open_db(path) as db:
        yield db


def ranked(db, text: str, exact: bool = False) -> list[tuple[str, str]]:
    return [(h.issue, h.section) for h in search_stories(db, text, limit=10, exact=exact).hits]


def test_the_judged_set_is_big_enough_and_half_variants_half_questions():
    kinds = [j.kind for j in JUDGED]
    variants = kinds.count("typo") + kinds.count("spacing")
    questions = kinds.count("question") + kinds.count("none")
    assert len(JUDGED) >= 40 and variants >= 20 and questions >= 20 and kinds.count("none") >= 3


@pytest.mark.parametrize(("kind", "floor"), [("typo", 0.8), ("spacing", 0.8), ("question", 0.5)])
def test_how_people_type_finds_what_the_clean_keywords_find(archive, kind, floor):
    queries = [j for j in JUDGED if j.kind == kind]
    ours = score(queries, lambda q: ranked(archive, q))
    as_typed = score(queries, lambda q: ranked(archive, q, exact=True))
    clean = score(queries, lambda q: ranked(archive, q), clean=True)
    assert ours.ndcg >= floor and ours.mrr >= floor, (ours, clean)
    assert ours.ndcg > as_typed.ndcg + 0.3, "understanding the query must beat matching it literally"
    assert ours.ndcg >= clean.ndcg - 0.1


@pytest.mark.parametrize("question", [j.query for j in JUDGED if j.kind == "none"])
def test_a_question_the_archive_never_covered_finds_nothing(archive, question):
    result = search_stories(archive, question)
    assert result.hits == [] and result.explanation and "No story mentions" in result.explanation
