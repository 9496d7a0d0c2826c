"""The first migrations, m001 to m008: the archive, the tips, the feed and the one outbox, the
vocabulary for typos, the concepts and the one link identity (see `bot/schema/__init__.py`)."""

from __future__ import annotations

from sqlite_utils import Database

from bot.archive.fts import FTS_TOKENIZE
from bot.archive.index import refresh_link_keys
from bot.archive.links import normalize_url
from bot.archive.synonyms import story_with_concepts
from bot.archive.vocabulary import rebuild_vocabulary
from bot.tips.coverage import reassess_all_tips


def m001_archive(db: Database) -> None:
    db.table("issues").create(
        {
            "id": int,
            "publication": str,
            "week": str,
            "number": int,
            "title": str,
            "date": str,
            "permalink": str,
            "outline": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"publication", "week", "title", "date"},
    )
    db.table("issues").create_index(["publication", "week"], unique=True)
    db.table("issues").create_index(["number"])
    db.table("stories").create(
        {
            "id": int,
            "issue_id": int,
            "position": int,
            "heading": str,
            "section": str,
            "body": str,
            "heading_fts": str,
            "body_fts": str,
        },
        pk="id",
        foreign_keys=[("issue_id", "issues", "id")],
    )
    db.table("stories").create_index(["issue_id", "position"])
    # The columns of the time; m021 adds the links column (bot/archive/fts.py)
    db.table("stories").enable_fts(["heading_fts", "body_fts"], tokenize=FTS_TOKENIZE, create_triggers=True)
    db.table("links").create(
        {
            "id": int,
            "story_id": int,
            "issue_id": int,
            "position": int,
            "text": str,
            "url": str,
            "normalized": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id"), ("issue_id", "issues", "id")],
    )
    db.table("links").create_index(["normalized"])
    db.table("links").create_index(["story_id"])
    db.table("sources").create(
        {
            "path": str,
            "sha256": str,
            "issue_id": int,
            "status": str,
            "reason": str,
            "indexed_at": str,
        },
        pk="path",
    )
    db.table("vocabulary").create({"word": str, "count": int}, pk="word")


def m002_tips(db: Database) -> None:
    db.table("tips").create(
        {
            "id": int,
            "user_id": str,
            "user_name": str,
            "text": str,
            "note": str,
            "source": str,  # dm, command or shortcut
            "channel": str,
            "ts": str,
            "permalink": str,
            "created_at": str,
            "status": str,  # new, accepted, rejected or published
            "section": str,
            "duplicate_of": int,
            "published_issue_id": int,
            "replied_at": str,
            "thanked_at": str,  # "sending" while a thank-you DM is in flight
            "event_key": str,  # what Slack sent, once: a retried event must not make a second tip
        },
        pk="id",
        not_null={"user_id", "text", "source", "created_at", "status"},
        defaults={"status": "new"},
        foreign_keys=[("duplicate_of", "tips", "id"), ("published_issue_id", "issues", "id")],
    )
    db.table("tips").create_index(["event_key"], unique=True)
    db.table("tips").create_index(["user_id", "created_at"])
    db.table("tips").create_index(["status"])
    db.table("tip_urls").create(
        {"tip_id": int, "position": int, "url": str, "normalized": str},
        pk=("tip_id", "position"),
        foreign_keys=[("tip_id", "tips", "id")],
    )
    db.table("tip_urls").create_index(["normalized"])


def m003_feed_and_outbox(db: Database) -> None:
    # Feed items that are posts, not numbered issues, can share a week: `slot` tells them apart.
    db.table("issues").add_column("slot", str, not_null_default="")
    db.execute('drop index if exists "idx_issues_publication_week"')
    db.table("issues").create_index(["publication", "week", "slot"], unique=True)
    db.table("issues").create_index(["permalink"])
    db.table("feed_state").create(
        {
            "url": str,
            "etag": str,
            "last_modified": str,
            "last_poll_at": str,
            "last_success_at": str,
            "last_result": str,
            "failure_streak": int,
            "alerted": int,  # 1 while the editors know the feed is failing
            "baseline_at": str,  # when the first poll indexed everything and announced nothing
            "entries_seen": int,
        },
        pk="url",
        defaults={"failure_streak": 0, "alerted": 0, "entries_seen": 0},
    )
    db.table("deliveries").create(
        {
            "id": int,
            "issue_id": int,
            "destination": str,  # a row of bot/publishers/destinations.py
            "status": str,  # pending, sending, sent, failed, held, skipped, unknown
            "attempts": int,
            "next_try_at": str,
            "claimed_by": str,
            "claimed_at": str,
            "remote_id": str,
            "error": str,
            "rendered": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("issue_id", "issues", "id")],
        defaults={"status": "pending", "attempts": 0},
    )
    db.table("deliveries").create_index(["issue_id", "destination"], unique=True)
    db.table("deliveries").create_index(["status", "next_try_at"])
    db.table("notices").create({"key": str, "sent_at": str}, pk="key")


def m004_tip_coverage(db: Database) -> None:
    # The issues that already covered a tip's links, as a JSON list of issue ids, fixed at intake.
    db.table("tips").add_column("covered_issues", str)


def m005_one_outbox(db: Database) -> None:
    # "New means new in the feed": when the feed first showed an issue, whatever the index knew.
    db.table("issues").add_column("feed_seen_at", str)
    # Issue URLs are resolved once, when the issue is saved (or the template changes), not per reply.
    db.table("issues").add_column("url", str)
    db.execute("update issues set url = permalink where permalink is not null and permalink != ''")
    # Which source an issue was last written from (see SOURCE_RANK in bot/archive/index.py), and its
    # permalink as the one link identity compares it.
    db.table("issues").add_column("source", str)
    db.execute(
        "update issues set source = case when exists (select 1 from sources s where s.issue_id = issues.id "
        "and s.path like 'feed:%') then 'feed' when exists (select 1 from sources s where s.issue_id = "
        "issues.id and (s.path like '%/data/issues/%' or s.path like '%/share/worksonarm-bot/issues/%')) "
        "then 'shipped' else 'archive' end"
    )
    db.table("issues").add_column("link_key", str)
    refresh_link_keys(db)
    db.table("issues").create_index(["link_key"])
    db.execute(
        "update issues set feed_seen_at = (select min(s.indexed_at) from sources s "
        "where s.issue_id = issues.id and s.path like 'feed:%')"
    )
    # One outbox for every side effect that must happen once: announcements, thank-you DMs,
    # editor notices and replies. The key says what happens once.
    deliveries = db.table("deliveries")
    deliveries.add_column("key", str)
    deliveries.add_column("kind", str, not_null_default="announce")
    deliveries.add_column("payload", str)
    db.execute("update deliveries set key = 'announce:' || issue_id || ':' || destination")
    deliveries.create_index(["key"], unique=True)
    now = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
    # Thank-you DMs already sent stay sent; one left "sending" by a crash stays in doubt, never doubled.
    db.execute(
        "insert into deliveries (key, kind, destination, status, attempts, error, created_at, updated_at) "
        "select 'thanks:' || id, 'message', 'slack', case when thanked_at = 'sending' then 'unknown' "
        f"else 'sent' end, 1, 'before the outbox', {now}, {now} from tips where thanked_at is not null"
    )
    # A tip is assessed once, at intake, and the reply and the editors' queue read that.
    db.table("tips").add_column("assessment", str)
    reassess_all_tips(db)
    db.execute("alter table tips drop column thanked_at")
    db.execute("alter table tips drop column replied_at")
    db.execute("drop table if exists notices")


def m006_vocabulary_for_typos(db: Database) -> None:
    # Words as the full-text index splits them, every one counted, kept up to date as issues are
    # saved; and the typo index (bot/archive/vocabulary.py), built once here.
    db.execute(
        "create table vocabulary_variants (variant text, word text, primary key (variant, word)) "
        "without rowid"
    )
    rebuild_vocabulary(db)


def m007_concepts_cloud_and_server(db: Database) -> None:
    # New concepts (bot/archive/synonyms.py): every story's full-text columns once more.
    concepts_again(db)


def concepts_again(db: Database) -> None:
    """Each story's full-text columns with the concepts as bot/archive/synonyms.py finds them now,
    written where they changed (the index is updated row by row)."""
    rows = list(db.query("select s.id, s.heading, s.body, s.heading_fts, s.body_fts from stories s"))
    urls: dict[int, list[str]] = {}
    for link in db.query("select story_id, url from links order by story_id, position"):
        urls.setdefault(link["story_id"], []).append(link["url"])
    changed = []
    for r in rows:
        written = story_with_concepts(r["heading"], r["body"], urls.get(r["id"], []))
        if written != (r["heading_fts"], r["body_fts"]):
            changed.append((*written, r["id"]))
    db.conn.executemany("update stories set heading_fts = ?, body_fts = ? where id = ?", changed)


def m008_one_link_identity(db: Database) -> None:
    # The link identity now folds schemes, www., tracking parameters and aliases: every stored
    # key is recomputed once, and every tip's assessment with it.
    for table, key in (("links", "url"), ("tip_urls", "url")):
        rows = [(normalize_url(r[key]), r["r"]) for r in db.query(f"select rowid as r, {key} from {table}")]
        db.conn.executemany(f"update {table} set normalized = ? where rowid = ?", rows)
    refresh_link_keys(db)
    reassess_all_tips(db)


STEPS = (
    m001_archive,
    m002_tips,
    m003_feed_and_outbox,
    m004_tip_coverage,
    m005_one_outbox,
    m006_vocabulary_for_typos,
    m007_concepts_cloud_and_server,
    m008_one_link_identity,
)
