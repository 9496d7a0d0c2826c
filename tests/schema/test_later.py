"""The later migrations on a database made before each of them (bot/schema/later.py)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.announcements import shown
from bot.archive.files import find_issue_files, index_files
from bot.schema import migrations
from bot.schema.early import concepts_again
from tests.corpus import SHIPPED
from tests.support import open_db

SEEN, NEWS = "2019-08-09T10:00:00+00:00", "2019-08-09T10:00:00+00:00"


def test_what_the_feed_showed_moves_to_the_identities_of_its_issues(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m016_feed_shown_once")  # as it was before the migration
    issues = db.table("issues")
    row = {"publication": "worksonarm", "week": "2019-W32", "slot": "", "number": 95, "title": "A"}
    news = issues.insert(
        {**row, "date": "2019-08-09", "permalink": "https://x.example/95", "link_key": "https://x.example/95"}
        | {"feed_seen_at": SEEN, "feed_new_at": NEWS}
    ).last_pk
    first_poll = issues.insert(
        {**row, "week": "2019-W31", "number": 94, "date": "2019-08-02", "feed_seen_at": SEEN}
    ).last_pk
    never = issues.insert({**row, "week": "2019-W30", "number": 93, "date": "2019-07-26"}).last_pk
    migrations.apply(db)
    assert "feed_seen_at" not in issues.columns_dict and "feed_new_at" not in issues.columns_dict
    held = {r["identity"]: (r["first_shown_at"], r["news_at"]) for r in db.query("select * from feed_shown")}
    assert held == {
        "link:https://x.example/95": (SEEN, NEWS),
        "week:worksonarm:2019-W32": (SEEN, NEWS),
        "number:worksonarm:95": (SEEN, NEWS),
        "week:worksonarm:2019-W31": (SEEN, None),
        "number:worksonarm:94": (SEEN, None),
    }
    assert shown.news_at(db, news) == NEWS
    assert shown.news_at(db, first_poll) is None and shown.news_at(db, never) is None
    assert not shown.shown_before(db, shown.identities(issues.get(never)))


def test_issue_files_are_read_again_once_after_the_parser_learns_headingless_issues(tmp_path):
    issue = tmp_path / "2019-W10.md"
    issue.write_text("---\ntitle: Works on Arm News 2019-W10\n---\n\n### A story\n\nIts words.\n")
    # What an index of the time recorded (today's code writes today's stories, not the old schema's)
    now = Database(tmp_path / "now.db")
    migrations.apply(now)
    assert len(index_files(now, [issue]).indexed) == 1 and index_files(now, [issue]).unchanged == 1
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m020_issue_files_read_again")
    db.table("sources").insert_all(now.table("sources").rows)
    feed = {"path": "feed:https://x.example/95", "sha256": "abc", "status": "indexed", "reason": ""}
    db.table("sources").insert(feed)
    migrations.apply(db)
    assert len(index_files(db, [issue]).indexed) == 1  # read again, as the parser reads it now
    assert index_files(db, [issue]).unchanged == 1  # and once only
    assert db.table("sources").get(feed["path"])["sha256"] == "abc"  # a feed entry is not a file


@pytest.mark.parametrize(
    "step",
    [
        "m024_lists_under_a_story_read_again",
        "m027_introductions_gone_read_again",
    ],
)
def test_issue_files_are_read_again_once_after_the_parser_changes(tmp_path, step):
    # m024: lists under a story's heading split; m027: the words before the first heading no story again
    issue = tmp_path / "2019-W11.md"
    issue.write_text("---\ntitle: Works on Arm News 2019-W11\n---\n\n### A story\n\nIts words.\n")
    now = Database(tmp_path / "now.db")
    migrations.apply(now)
    index_files(now, [issue])
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=step)
    db.table("sources").insert_all(now.table("sources").rows)
    assert index_files(db, [issue]).unchanged == 1  # before: an unchanged file is never read again
    migrations.apply(db)
    assert len(index_files(db, [issue]).indexed) == 1 and index_files(db, [issue]).unchanged == 1


def test_the_words_of_stored_link_addresses_are_searchable_after_the_migration(tmp_path):
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m021_address_words")
    issue = {"id": 1, "publication": "worksonarm", "week": "2019-W23", "title": "t", "date": "x"}
    db.table("issues").insert(issue)
    db.table("stories").insert(
        {"id": 7, "issue_id": 1, "position": 0, "heading": "VIM3 development board", "section": "",
         "body": "", "heading_fts": "VIM3 development board", "body_fts": ""}
    )  # fmt: skip
    db.table("links").insert(
        {"story_id": 7, "issue_id": 1, "position": 0, "text": "", "url": "https://www.khadas.com/vim3",
         "normalized": "khadas.com/vim3"}
    )  # fmt: skip
    migrations.apply(db)
    assert db.table("stories").get(7)["links_fts"] == "khadas"  # vim3 is the heading's already
    match = "select rowid from stories_fts where stories_fts match ?"
    assert [r[0] for r in db.execute(match, ["khadas"])] == [7]
    assert [r[0] for r in db.execute(match, ["development"])] == [7]  # the text's columns, as before
    db.table("stories").update(7, {"links_fts": "quokka"})  # and the index follows the table
    assert [r[0] for r in db.execute(match, ["quokka"])] == [7]


def _stories_before(tmp_path, migration: str, stories: dict[int, tuple[str, str]]) -> Database:
    """A database as it was before the migration, with an issue of these stories (id: heading, text)
    written as the index wrote them then."""
    db = Database(tmp_path / "old.db")
    migrations.apply(db, stop_before=migration)
    db.table("issues").insert(
        {"id": 1, "publication": "worksonarm", "week": "2018-W27", "title": "t", "date": "x"}
    )
    db.table("stories").insert_all(
        {"id": n, "issue_id": 1, "position": n, "heading": h, "section": "", "body": b, "heading_fts": h,
         "body_fts": b, "links_fts": ""}
        for n, (h, b) in stories.items()
    )  # fmt: skip
    return db


def test_the_vocabulary_folds_diacritics_after_the_migration(tmp_path):
    db = _stories_before(tmp_path, "m022_vocabulary_folded", {1: ("Adélie Linux", "Adélie.")})
    db.table("vocabulary").insert_all([{"word": "adélie", "count": 2}, {"word": "linux", "count": 1}])
    migrations.apply(db)
    assert {r["word"]: r["count"] for r in db.table("vocabulary").rows} == {"adelie": 2, "linux": 1}


def test_stories_that_name_aws_s_arm_servers_otherwise_are_graviton_after_the_migration(tmp_path):
    stories = {
        1: ("NGINX on Amazon EC2 a1.* Arm instances", "A load balancer on the new a1.* instances."),
        2: ("A1 paper", "Posters in A1."),
    }
    db = _stories_before(tmp_path, "m023_graviton_as_aws_names_it", stories)
    migrations.apply(db)
    match = "select rowid from stories_fts where stories_fts match ?"
    assert [r[0] for r in db.execute(match, ["graviton"])] == [1]
    assert db.table("stories").get(2)["body_fts"] == "Posters in A1."  # unchanged, not written again


def test_the_concepts_written_again_are_the_ones_the_index_writes(tmp_path):
    """m023 (and m007) write a story's concepts with the index's own function: on a fresh index
    they change no row."""
    with open_db(tmp_path / "fresh.db") as db:
        assert index_files(db, find_issue_files([SHIPPED])).indexed
        before = db.conn.total_changes
        concepts_again(db)
        assert db.conn.total_changes == before
