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
    # What the index holds: a drop is a regression. Issue 21: two issues in one ISO week are two
    # issues (DevOps'ish 313 issues became 328, This Week in Rust 657 became 667), a section that is
    # a list of linked items is a story per item, and notes.md is a part of its folder's issue
    # (DevOps'ish 1302 stories became 13627), in an issue without headings as well (14303), and
    # under a story's heading (DevOps'ish notes' "This week's notes" under their title: 14671;
    # This Week in Rust's "News & Blog Posts" under "Updates from Rust Community": 21244 to 27075,
    # links 89633 to 89632: a link the story above had twice, no issue lost one).
    [
        ("devopsish", 328, 14671, 17124),
        ("this-week-in-rust", 667, 27075, 89632),
        ("hypriot-blog", 53, 264, 418),
    ],
)
def test_other_archives_index_whole(db, corpus, issues, stories, links):
    files = find_issue_files([need_corpus(CORPUS / corpus)])
    report = index_files(db, files)
    assert report.failed == []
    # Every file is an issue, a part of one, or skipped with its reason: none is dropped unsaid.
    assert len(report.indexed) + len(report.skipped) + len(report.parts) == len(files)
    assert all(reason and "\n" not in reason for _, reason in report.skipped + report.parts)
    assert db.table("issues").count == issues
    assert db.table("stories").count >= stories and db.table("links").count >= links


def test_two_issues_in_one_week_are_two_and_stay_two(db):
    """DevOps'ish 114 and 115 share 2019-W07; the IBM/Red Hat special edition shares 2018-W44 with
    issue 100. Each is its own issue, found again as itself when indexed again."""
    archive = need_corpus(CORPUS / "devopsish") / "content" / "archive"
    files = [archive / "114" / "newsletter.md", archive / "115" / "newsletter.md"]
    files += [archive / "100" / "index.md", archive / "ibm-red-hat-acquisition-index" / "index.md"]
    report = index_files(db, files)
    assert report.skipped == [] and len(report.new_issues) == 4
    rows = {(r["week"], r["number"]) for r in db.query("select week, number from issues")}
    assert {("2019-W07", 114), ("2019-W07", 115), ("2018-W44", 100), ("2018-W44", None)} == rows
    for path in files:  # edited: each updates its own issue in place
        path_copy = db.table("sources").get(str(path.resolve()))
        db.table("sources").update(path_copy["path"], {"sha256": "changed"})
    again = index_files(db, files)
    assert again.new_issues == [] and len(again.changed) == 4 and db.table("issues").count == 4


def test_a_list_of_linked_items_is_a_story_per_item(db):
    index_files(db, [need_corpus(CORPUS / "devopsish") / "content" / "archive" / "040" / "index.md"])
    equifax = list(db.query("select heading, section from stories where heading like '%Equifax%'"))
    assert equifax == [
        {
            "heading": "The hackers who broke into Equifax exploited a flaw in open-source server software",
            "section": "Process",
        }
    ]


def test_a_list_under_a_story_is_a_story_per_item_and_what_follows_stays_the_storys(db):
    # DevOps'ish 278's notes: 36 links under "This week's notes", under the notes' title; 266's
    # "EKS users" tools follow a list of items and went into its last item
    archive = need_corpus(CORPUS / "devopsish") / "content" / "archive"
    for number in ("278", "266", "267"):
        index_files(db, [archive / number / "newsletter.md", archive / number / "notes.md"])
    found = list(db.query("select section from stories where heading like 'Cloud clocksync showdown%'"))
    assert found == [{"section": "This week's notes"}]
    sql = "select count(*) from links l join stories s on s.id = l.story_id where s.heading like ?"
    assert db.execute(sql, ["Storage Capacity Tracking reaches GA%"]).fetchone()[0] == 1


@pytest.mark.parametrize(
    ("number", "heading", "comment"),
    [
        # "[Title](url) - comment" after the opening paragraphs, and "[**Title**](url) (5 minute
        # read)" with its comment in the paragraph below: DevOps'ish has no headings since 293
        ("313", "Arch Linux's AUR Sees More Than 400 Packages Compromised With Malware", "compromised AUR"),
        ("323", "Go 1.27 is released", "type parameters"),
    ],
)
def test_an_issue_without_headings_is_a_story_per_item(db, number, heading, comment):
    index_files(db, [need_corpus(CORPUS / "devopsish") / "content" / "archive" / number / "index.md"])
    found = list(db.query("select body from stories where heading = ?", [heading]))
    assert len(found) == 1 and comment in found[0]["body"]
    assert db.table("stories").count > 10


def test_notes_beside_an_issue_are_part_of_it_and_saved_whole(db, tmp_path):
    source = need_corpus(CORPUS / "devopsish") / "content" / "archive" / "167"
    folder = tmp_path / "167"
    folder.mkdir()
    for name in ("newsletter.md", "notes.md"):
        (folder / name).write_bytes((source / name).read_bytes())
    report = index_files(db, [folder / "newsletter.md", folder / "notes.md"])
    assert report.skipped == [] and [p for p, _ in report.parts] == [str((folder / "notes.md").resolve())]
    before = db.table("stories").count

    def equifax() -> list[str]:
        return [
            r["heading"] for r in db.query("select heading from stories where heading like '%Equifax hack%'")
        ]

    assert equifax() and db.table("issues").count == 1
    (folder / "notes.md").write_text(
        (source / "notes.md").read_text() + "\n[One more note](https://example.com/n)\n"
    )
    again = index_files(db, [folder / "newsletter.md", folder / "notes.md"])
    assert len(again.changed) == 1 and db.table("issues").count == 1
    assert db.table("stories").count >= before and equifax()  # the unchanged newsletter.md kept
