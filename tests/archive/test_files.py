"""Indexing is idempotent: unchanged files write nothing; a changed file updates its issue in place."""

import shutil

from bot.archive.files import find_issue_files, index_files
from bot.archive.links import normalize_url
from tests.corpus import SHIPPED

ISSUE = """---
title: Works on Arm News 2019-W02
---

#### In this issue

* Alpha
* Beta

### Alpha

Alpha story about arm64. https://alpha.example.com/a?utm_source=twitter

### Beta

Beta story. [Beta link](https://beta.example.com/)
"""


def test_reindexing_unchanged_files_writes_nothing(db):
    files = find_issue_files([SHIPPED])
    first = index_files(db, files)
    assert len(first.indexed) == 3 and len(first.new_issues) == 3
    before = db.conn.total_changes
    second = index_files(db, files)
    assert second.unchanged == 3 and second.indexed == []
    assert db.conn.total_changes == before


def test_changed_file_updates_in_place_and_removed_stories_disappear(db, tmp_path):
    path = tmp_path / "2019-W02.md"
    path.write_text(ISSUE)
    index_files(db, [path])
    issue_id = next(iter(db.query("select id from issues")))["id"]
    assert {r["heading"] for r in db.query("select heading from stories")} == {"Alpha", "Beta"}

    path.write_text(ISSUE.split("### Beta")[0] + "### Gamma\n\nGamma story. https://gamma.example.com\n")
    report = index_files(db, [path])
    assert report.indexed == ["2019-W02"] and report.new_issues == []
    assert next(iter(db.query("select id from issues")))["id"] == issue_id
    assert {r["heading"] for r in db.query("select heading from stories")} == {"Alpha", "Gamma"}
    urls = {r["normalized"] for r in db.query("select normalized from links")}
    assert urls == {"https://alpha.example.com/a", "https://gamma.example.com"}
    # The FTS index followed: the removed story cannot be found any more.
    assert list(db.query("select rowid from stories_fts where stories_fts match 'beta'")) == []
    assert len(list(db.query("select rowid from stories_fts where stories_fts match 'gamma'"))) == 1


def test_same_issue_from_two_files_is_one_issue(db, tmp_path):
    a = tmp_path / "seed" / "2017-W19.md"
    b = tmp_path / "archive" / "2017" / "2017-W19.md"
    for p in (a, b):
        p.parent.mkdir(parents=True)
        shutil.copy(SHIPPED / "2017-W19.md", p)
    with b.open("a") as f:
        f.write("\n## An extra story\n\nOnly in the archive copy.\n")
    report = index_files(db, [a, b])
    assert db.table("issues").count == 1
    assert report.skipped and "same issue 2017-W19" in report.skipped[0][1]
    assert "An extra story" in {r["heading"] for r in db.query("select heading from stories")}


def test_two_numbered_issues_in_one_week_do_not_overwrite_each_other(db, tmp_path):
    first = tmp_path / "2013-07-29-last-week-in-rust.md"
    first.write_text("Title: This Week in Rust 8\nDate: 2013-07-29\n\n## A\n\nFirst.\n")
    index_files(db, [first])
    second = tmp_path / "2013-08-04-this-week-in-rust.md"
    second.write_text("Title: This Week in Rust 9\nDate: 2013-08-04\n\n## B\n\nSecond.\n")
    report = index_files(db, [second])
    # Issue 21 changed the promise: two numbered issues in one ISO week are two issues (the second
    # qualified by its number), where the second used to be skipped.
    assert report.skipped == [] and len(report.new_issues) == 1
    assert sorted(r["heading"] for r in db.query("select heading from stories")) == ["A", "B"]
    assert {(r["number"], r["slot"]) for r in db.query("select number, slot from issues")} == {
        (8, ""),
        (9, "#9"),
    }


def test_links_are_stored_as_written_and_normalised(db, tmp_path):
    path = tmp_path / "2019-W02.md"
    path.write_text(ISSUE)
    index_files(db, [path])
    rows = {r["url"]: r["normalized"] for r in db.query("select url, normalized from links")}
    assert rows["https://beta.example.com/"] == "https://beta.example.com"
    assert rows["https://alpha.example.com/a?utm_source=twitter"] == normalize_url(
        "https://alpha.example.com/a"
    )


def stories_of(db, week: str) -> int:
    return int(
        next(
            iter(
                db.query(
                    "select count(*) as n from stories s join issues i on i.id = s.issue_id where i.week = ?",
                    [week],
                )
            )
        )["n"]
    )


def test_the_shipped_excerpt_never_replaces_the_archives_issue(db, tmp_path):
    from tests.corpus import WOA_ARCHIVE, need_corpus

    archive = need_corpus(WOA_ARCHIVE)
    index_files(db, find_issue_files([archive]), source="archive")
    full = stories_of(db, "2017-W19")
    assert full >= 10  # the whole issue; the shipped file is a 2-story excerpt
    # What `serve` does at every start: index the shipped issues (a 2-story excerpt of 2017-W19).
    shipped = find_issue_files([SHIPPED])
    copies = tmp_path / "shipped"
    copies.mkdir()
    for path in shipped:  # touched, so they are read again, as after an upgrade
        (copies / path.name).write_text(path.read_text() + "\n")
    report = index_files(db, find_issue_files([copies]), source="shipped")
    assert stories_of(db, "2017-W19") == full
    assert report.changed == [] and report.unchanged == 3


def test_the_archive_replaces_what_the_shipped_files_gave(db):
    from tests.corpus import WOA_ARCHIVE, need_corpus

    index_files(db, find_issue_files([SHIPPED]))
    assert stories_of(db, "2017-W19") == 2
    index_files(db, find_issue_files([need_corpus(WOA_ARCHIVE) / "2017"]), source="archive")
    assert stories_of(db, "2017-W19") >= 10
    assert db.table("issues").count == len({r["week"] for r in db.query("select week from issues")})


def test_notes_of_one_numbered_issue_dated_in_two_weeks_are_part_of_it(db, tmp_path):
    # DevOps'ish 157: re:Invent's page dated Sunday, the newsletter Monday, and notes.md undated
    folder = tmp_path / "archive" / "157"
    folder.mkdir(parents=True)
    page = "---\ntitle: '157: News from {0}'\ndate: '{1}'\n---\n\n## {0}\n\n[{0} item](https://{2}.example.com/a)\n"
    (folder / "reinvent.md").write_text(page.format("re:Invent", "2019-12-08", "reinvent"))
    (folder / "newsletter.md").write_text(page.format("Kubernetes", "2019-12-09", "kubernetes"))
    (folder / "notes.md").write_text("## Notes\n\n[Go Advent](https://gopheracademy.example.com/advent)\n")
    report = index_files(db, find_issue_files([tmp_path]))
    assert not [path for path, _ in report.skipped if str(path).endswith("notes.md")]
    assert [(r["number"], r["week"]) for r in db.query("select number, week from issues")] == [
        (157, "2019-W50")
    ]
    urls = {r["url"] for r in db.query("select url from links")}
    assert "https://gopheracademy.example.com/advent" in urls and len(urls) == 3
