"""The schema as data: the stories' full-text index and the named migrations, each applied once,
in order, in its own transaction (see `bot.db.ensure_schema`)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

# FTS5 config as data: the stories' searchable columns and their BM25 weights (heading above body).
# The *_fts columns hold the display text plus one synonym token per mention (see synonyms.py).
FTS_COLUMNS = ("heading_fts", "body_fts")
FTS_WEIGHTS = (6.0, 1.0)
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

migrations = Migrations("worksonarm")


@migrations()
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
    db.table("stories").enable_fts(list(FTS_COLUMNS), tokenize=FTS_TOKENIZE, create_triggers=True)
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


@migrations()
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


@migrations()
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
            "destination": str,  # slack or x
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


@migrations()
def m004_tip_coverage(db: Database) -> None:
    # The issues that already covered a tip's links, as a JSON list of issue ids, fixed at intake.
    db.table("tips").add_column("covered_issues", str)


@migrations()
def m005_one_outbox(db: Database) -> None:
    from bot.archive.index import refresh_link_keys  # here: the archive imports this module
    from bot.tips.coverage import reassess_all_tips

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


@migrations()
def m006_vocabulary_for_typos(db: Database) -> None:
    # Words as the full-text index splits them, every one counted, kept up to date as issues are
    # saved; and the typo index (bot/archive/vocabulary.py), built once here.
    from bot.archive.vocabulary import rebuild_vocabulary

    db.execute(
        "create table vocabulary_variants (variant text, word text, primary key (variant, word)) "
        "without rowid"
    )
    rebuild_vocabulary(db)


@migrations()
def m007_concepts_cloud_and_server(db: Database) -> None:
    # New concepts (bot/archive/synonyms.py): every story's full-text columns once more.
    from bot.archive.synonyms import with_concepts

    rows = list(db.query("select s.id, s.heading, s.body from stories s"))
    links: dict[int, str] = {}
    for link in db.query("select story_id, url from links"):
        links[link["story_id"]] = links.get(link["story_id"], "") + " " + link["url"].replace("/", " ")
    db.conn.executemany(
        "update stories set heading_fts = ?, body_fts = ? where id = ?",
        [
            (with_concepts(r["heading"]), with_concepts(r["body"], links.get(r["id"], "")), r["id"])
            for r in rows
        ],
    )


@migrations()
def m008_one_link_identity(db: Database) -> None:
    # The link identity now folds schemes, www., tracking parameters and aliases: every stored
    # key is recomputed once, and every tip's assessment with it.
    from bot.archive.index import refresh_link_keys
    from bot.archive.links import normalize_url
    from bot.tips.coverage import reassess_all_tips

    for table, key in (("links", "url"), ("tip_urls", "url")):
        rows = [(normalize_url(r[key]), r["r"]) for r in db.query(f"select rowid as r, {key} from {table}")]
        db.conn.executemany(f"update {table} set normalized = ? where rowid = ?", rows)
    refresh_link_keys(db)
    reassess_all_tips(db)


@migrations()
def m009_archive_state(db: Database) -> None:
    # The last sync of WORKSONARM_ARCHIVE, for status, /metrics and the editors' alert.
    db.table("archive_state").create(
        {
            "source": str,  # as shown, credentials redacted
            "head": str,
            "last_sync_at": str,
            "last_success_at": str,
            "last_result": str,
            "failure_streak": int,
            "alerted": int,
        },
        pk="source",
        defaults={"failure_streak": 0, "alerted": 0},
    )


@migrations()
def m010_issue_images(db: Database) -> None:
    # The image a feed entry names (media:thumbnail, an image enclosure): a link card's thumbnail.
    db.table("issues").add_column("image", str)


@migrations()
def m011_tracking_list_and_news(db: Database) -> None:
    m008_one_link_identity(db)  # keys and tips again: only known tracking parameters are dropped now
    # When the feed showed an issue as news (after its first poll): what publishes tips sent before.
    db.table("issues").add_column("feed_new_at", str)


@migrations()
def m012_feed_shown_by_identity(db: Database) -> None:
    # What the feed showed, by the issue's names (see bot/announcements/shown.py), so that an
    # index row removed and made again (an archive file moved or deleted) is not new in the feed.
    db.table("feed_shown").create({"identity": str, "issue_id": int, "first_shown_at": str}, pk="identity")
    shown = "from issues where feed_seen_at is not null"
    db.execute(
        "insert or ignore into feed_shown select 'link:' || link_key, id, feed_seen_at "
        f"{shown} and link_key is not null and link_key != ''"
    )
    db.execute(
        "insert or ignore into feed_shown select 'week:' || publication || ':' || week, id, feed_seen_at "
        f"{shown} and slot = ''"
    )
    db.execute(
        "insert or ignore into feed_shown select 'number:' || publication || ':' || number, id, "
        f"feed_seen_at {shown} and slot = '' and number is not null"
    )
    # The words the feed entry showed (title, date, number, headings, link): what is announced.
    db.table("issues").add_column("feed_words", str)
    # Slack requests that must act once (an editor's `announce … again`): a replay does nothing.
    db.table("requests_done").create({"key": str, "done_at": str}, pk="key")


@migrations()
def m013_archive_held_removals(db: Database) -> None:
    # What the last sync removed, the mass removal it holds for an editor (the weeks, and the key
    # an editor's confirmation names), and the files it refused to read.
    table = db.table("archive_state")
    table.add_column("removed", int)
    for column in ("held_removals", "held_key", "confirmed_removals", "refused"):
        table.add_column(column, str)


@migrations()
def m014_feed_url_without_credentials(db: Database) -> None:
    # The feed's state is kept under its redacted URL: the credentials stay in the environment,
    # out of the database and every backup of it.
    from bot.logs import redact_url

    for row in list(db.query("select url from feed_state")):
        shown = redact_url(row["url"])
        if shown != row["url"]:
            db.execute("delete from feed_state where url = ?", [shown])
            db.execute("update feed_state set url = ? where url = ?", [shown, row["url"]])


@migrations()
def m015_story_vectors(db: Database) -> None:
    # The semantic channel (bot/archive/semantic.py): a vector per story, with the model that made
    # it and the digest of the text it was made from, so that a change of model re-embeds and an
    # unchanged story is never embedded twice. Filled by the next index, sync or poll.
    db.execute(
        "create table story_vectors (story_id integer primary key, model text not null, "
        "digest text not null, vector blob not null)"
    )
    db.execute("create index story_vectors_digest on story_vectors (model, digest)")
