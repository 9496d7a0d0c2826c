"""The judge's question sets (bench/judged/*.json) name real stories: every Works on Arm grade is the
start of a story's "week|heading" in the indexed archive (or a bold lead or subheading inside one:
2018-W29 runs several under one heading), every DevOps'ish grade a link of the archive, nine in ten
of them indexed (what is not sits in an issue's introduction, before its first heading, or in a
section such as "About this newsletter", which the index leaves out). A judgment that names
nothing would score every engine lower, silently."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.judged import HERE, load, normalised
from bot.archive.links import normalize_url
from bot.archive.newsletter import is_boilerplate
from bot.db import open_db
from tests.corpus import CORPUS, ROOT, WOA_ARCHIVE, need_corpus
from tests.support import archive_database, clean_env

SETS = sorted(p.stem for p in HERE.glob("*.json") if p.stem != "keywords")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    base = tmp_path_factory.mktemp("judged_sets")
    woa = archive_database(base / "woa.db")
    devopsish = base / "devopsish.db"
    run = [
        sys.executable,
        "-m",
        "bot",
        "--db",
        str(devopsish),
        "index",
        str(need_corpus(CORPUS / "devopsish")),
    ]
    subprocess.run(run, cwd=ROOT, env=clean_env(), check=True, capture_output=True)
    with open_db(woa) as w, open_db(devopsish) as d:
        sql = "select i.week, s.heading, s.body from stories s join issues i on i.id = s.issue_id"
        stories = [(f"{r['week']}|{r['heading']}", r["body"]) for r in w.query(sql)]
        links = {normalize_url(r["url"]) for r in d.query("select url from links")}
        yield stories, links


@pytest.fixture(scope="module")
def written_links():
    """Every link written in the DevOps'ish archive's markdown, indexed or not."""
    found: set[str] = set()
    for path in need_corpus(CORPUS / "devopsish").rglob("*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        found.update(normalize_url(url) for url in re.findall(r"\]\((https?://[^)\s]+)", text))
        # and a reference's definition ("[3]: https://www.npr.org/…", issue 281 on)
        found.update(normalize_url(url) for url in re.findall(r"(?m)^\s*\[[^\]]+\]:\s*(https?://\S+)", text))
    return found


@pytest.fixture(scope="module")
def written_headings():
    """Every heading written in the Works on Arm archive's markdown, by week, indexed or not."""
    found: dict[str, set[str]] = {}
    for path in need_corpus(WOA_ARCHIVE).rglob("20*-W*.md"):
        text = path.read_text(encoding="utf-8", errors="replace")
        # down to a colophon's own "#### epigraph" (2017-W49), which a judge graded (holdout16)
        headings = re.findall(r"(?m)^#{2,4}\s+(.+)$", text)
        found[path.stem] = {" ".join(h.replace("**", "").split()) for h in headings}
    return found


def test_there_are_sets_of_both_archives_each_with_unanswerable_questions():
    assert any(s.startswith("woa_questions_") for s in SETS) and any(s.startswith("devopsish_") for s in SETS)
    for name in SETS:
        questions = load(name)
        assert len(questions) >= 10 and any(not q.answerable for q in questions), name


@pytest.mark.parametrize("name", SETS)
def test_every_grade_names_a_story_or_item_of_the_archive(indexed, written_links, written_headings, name):
    stories, links = indexed
    woa = name.startswith("woa")
    graded = not_indexed = 0
    for question in load(name):
        assert question.answerable == bool(question.grades), question.query
        for key in normalised(question, prefix=woa):
            graded += 1
            if woa:
                week, lead = key.split("|", 1)
                inside = [body for story, body in stories if story.startswith(f"{week}|") and lead in body]
                found = any(story.startswith(key) for story, _ in stories) or bool(inside)
                # or a heading the archive writes that the index leaves out ("About this newsletter")
                assert found or any(h.startswith(lead) for h in written_headings.get(week, ())), (name, key)
                # a question about the newsletter itself ("where is it written?") names its colophons:
                # left out on purpose, no slip of the judge's, and a story no search finds
                not_indexed += not found and not is_boilerplate(lead)
            else:
                assert key in written_links, (name, key)
                not_indexed += key not in links
    assert not_indexed <= 0.1 * graded, (name, not_indexed, graded)
