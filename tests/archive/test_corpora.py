"""The whole real archives, indexed: parsing every file is a test, not a hope."""

import re

import pytest

from bot.archive.files import find_issue_files, index_files
from tests.corpus import CORPUS, SHIPPED, WOA_ARCHIVE, need_corpus


@pytest.fixture
def archive_report(db):
    files = find_issue_files([need_corpus(WOA_ARCHIVE)])
    return files, index_files(db, files)


def test_works_on_arm_archive(db, archive_report):
    files, report = archive_report
    assert report.failed == []
    rows = list(db.query("select week from issues where publication = 'worksonarm'"))
    assert len(rows) == 99
    assert db.table("issues").count == 99
    # Every issue carries the week id of the file it came from.
    for row in db.query(
        "select i.week, s.path from issues i join sources s on s.issue_id = i.id where s.status = 'indexed'"
    ):
        assert re.search(rf"{row['week']}\.md$", row["path"]), row
    skipped = {path.rsplit("/", 1)[-1]: reason for path, reason in report.skipped}
    assert "stub" in skipped["2018-W30.md"] and "stub" in skipped["2018-W31.md"]
    assert len(report.indexed) + len(report.skipped) == len(files)
    assert db.table("stories").count >= 700
    distinct = next(iter(db.query("select count(distinct normalized) as n from links")))["n"]
    assert distinct >= 1500


def test_2018_bare_urls_are_links(db, archive_report):
    n = next(
        iter(
            db.query(
                "select count(*) as n from links l join issues i on i.id = l.issue_id "
                "where i.week like '2018-%'"
            )
        )
    )["n"]
    assert n >= 600


def test_seed_and_archive_are_one_issue_each(db):
    index_files(db, find_issue_files([SHIPPED]))
    report = index_files(db, find_issue_files([need_corpus(WOA_ARCHIVE)]))
    assert report.failed == []
    assert db.table("issues").count == 99
    # The archive's fuller 2017-W19 replaced the shipped one in place.
    w19 = next(iter(db.query("select id from issues where week = '2017-W19'")))["id"]
    headings = [r["heading"] for r in db.query("select heading from stories where issue_id = ?", [w19])]
    assert "Portainer – a management interface for Docker" in headings


@pytest.mark.parametrize(
    ("corpus", "issues", "stories", "links"),
    # What the index holds (one issue per week, the fuller file of a week wins): a drop is a regression.
    [
        ("devopsish", 313, 1302, 10199),  # one link fewer since http and https are one link
        ("this-week-in-rust", 657, 10217, 89048),
        ("hypriot-blog", 52, 263, 413),
    ],
)
def test_other_archives_index_whole(db, corpus, issues, stories, links):
    files = find_issue_files([need_corpus(CORPUS / corpus)])
    report = index_files(db, files)
    assert report.failed == []
    assert len(report.indexed) + len(report.skipped) == len(files)
    assert all(reason and "\n" not in reason for _, reason in report.skipped)
    assert db.table("issues").count == issues
    assert db.table("stories").count >= stories and db.table("links").count >= links
