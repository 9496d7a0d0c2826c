"""The migrations from m009 on: the archive's sync state, the feed's images, words and identities,
the held removals, the stories' vectors, the standing questions and the address words. A new
migration goes at the end, and in STEPS."""

from __future__ import annotations

from sqlite_utils import Database

from bot.announcements.shown import identities, remember_shown
from bot.archive.fts import FTS_COLUMNS, FTS_TOKENIZE, address_words
from bot.archive.vocabulary import rebuild_vocabulary
from bot.logs import redact_url
from bot.schema.early import concepts_again, m008_one_link_identity


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


def m010_issue_images(db: Database) -> None:
    # The image a feed entry names (media:thumbnail, an image enclosure): a link card's thumbnail.
    db.table("issues").add_column("image", str)


def m011_tracking_list_and_news(db: Database) -> None:
    m008_one_link_identity(db)  # keys and tips again: only known tracking parameters are dropped now
    # When the feed showed an issue as news (after its first poll): what publishes tips sent before.
    db.table("issues").add_column("feed_new_at", str)


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


def m013_archive_held_removals(db: Database) -> None:
    # What the last sync removed, the mass removal it holds for an editor (the weeks, and the key
    # an editor's confirmation names), and the files it refused to read.
    table = db.table("archive_state")
    table.add_column("removed", int)
    for column in ("held_removals", "held_key", "confirmed_removals", "refused"):
        table.add_column(column, str)


def m014_feed_url_without_credentials(db: Database) -> None:
    # The feed's state is kept under its redacted URL: the credentials stay in the environment,
    # out of the database and every backup of it.
    for row in list(db.query("select url from feed_state")):
        shown = redact_url(row["url"])
        if shown != row["url"]:
            db.execute("delete from feed_state where url = ?", [shown])
            db.execute("update feed_state set url = ? where url = ?", [shown, row["url"]])


def m015_story_vectors(db: Database) -> None:
    # The semantic channel (bot/archive/semantic.py): a vector per story, with the model that made
    # it and the digest of the text it was made from, so that a change of model re-embeds and an
    # unchanged story is never embedded twice. Filled by the next index, sync or poll.
    db.execute(
        "create table story_vectors (story_id integer primary key, model text not null, "
        "digest text not null, vector blob not null)"
    )
    db.execute("create index story_vectors_digest on story_vectors (model, digest)")


def m016_feed_shown_once(db: Database) -> None:
    # What the feed showed is kept once, by the issue's identity (bot/announcements/shown.py): when
    # it first showed an issue, and when as news (which publishes the tips sent before). The issues'
    # own columns for the same move there, under every name of the issue, and go.
    db.table("feed_shown").add_column("news_at", str)
    for row in list(db.query("select * from issues where feed_seen_at is not null")):
        names = identities(row)
        remember_shown(db, names, row["id"], row["feed_seen_at"])
        if row["feed_new_at"]:
            marks = ", ".join("?" for _ in names)
            db.execute(
                f"update feed_shown set news_at = coalesce(news_at, ?) where identity in ({marks})",
                [row["feed_new_at"], *sorted(names)],
            )
    db.execute("alter table issues drop column feed_new_at")
    db.execute("alter table issues drop column feed_seen_at")


def m017_standing_questions(db: Database) -> None:
    # Standing questions (bot/questions/): a member's "tell me when it's covered" or follow, kept
    # with the member because the follow-up DM needs them; *Stop* deletes the row.
    db.execute(
        "create table standing_questions (id integer primary key, user_id text not null, "
        "text text not null, key text not null, kind text not null, state text not null default 'open', "
        "created_at text not null, closed_at text, answered_issue integer)"
    )
    db.execute("create index standing_questions_member on standing_questions (user_id, state)")
    db.execute("create index standing_questions_key on standing_questions (key, state)")
    # Searches that found nothing, for the editors' list: what was asked and when, never who asked;
    # pruned after WORKSONARM_QUESTION_DAYS.
    db.execute(
        "create table unanswered_searches (id integer primary key, text text not null, "
        "key text not null, asked_at text not null)"
    )
    db.execute("create index unanswered_searches_asked on unanswered_searches (asked_at)")
    db.execute("create index unanswered_searches_key on unanswered_searches (key)")
    # One row per thing asked (the normalized key): the id the editors' buttons and `questions
    # close ID` name, and their last decision (covered in an issue, or won't cover).
    db.execute(
        "create table question_topics (id integer primary key, key text not null unique, "
        "decision text, decided_at text, issue_id integer)"
    )
    # A follow-up DM belongs to its issue (held and released with its announcement): an issue then
    # has many deliveries to one destination, so only announcements stay one per destination.
    db.execute("drop index if exists idx_deliveries_issue_id_destination")
    db.execute(
        "create unique index deliveries_announce_once on deliveries (issue_id, destination) "
        "where kind = 'announce'"
    )


def m018_search_counts(db: Database) -> None:
    # Searches by outcome per UTC day (bot/archive/counted.py): numbers only, never the words.
    db.execute(
        "create table search_counts (day text not null, outcome text not null, n integer not null, "
        "primary key (day, outcome))"
    )


def m019_stories_by_heading(db: Database) -> None:
    # A heading found in other issues is a slot of the newsletter, not a story's subject
    # (bot/archive/ranking.py): looked up by heading at every search that weighs one.
    db.execute("create index if not exists stories_heading on stories (heading, issue_id)")


def m020_issue_files_read_again(db: Database) -> None:
    # An issue without headings that lists its items (DevOps'ish since 293) is now one story per
    # item (bot/archive/newsletter.py), not one story of thirty links: the next `index` or archive
    # sync reads every issue file again. Stories whose text is unchanged keep their vectors.
    db.execute("update sources set sha256 = '' where path not like 'feed:%'")


def m021_address_words(db: Database) -> None:
    # The words of a story's link addresses that its text lacks, in a full-text column of their own
    # weighed far below the body (bot/archive/fts.py): names that only a source's URL gives. The
    # index is made again with the column, from the stored links.
    stories = db.table("stories")
    stories.disable_fts()
    stories.add_column("links_fts", str)
    urls: dict[int, list[str]] = {}
    for link in db.query("select story_id, url from links order by story_id, position"):
        urls.setdefault(link["story_id"], []).append(link["url"])
    rows = list(db.query("select id, heading, body from stories"))
    db.conn.executemany(
        "update stories set links_fts = ? where id = ?",
        [(address_words(urls.get(r["id"], []), f"{r['heading']} {r['body']}"), r["id"]) for r in rows],
    )
    stories.enable_fts(list(FTS_COLUMNS), tokenize=FTS_TOKENIZE, create_triggers=True)


def m022_vocabulary_folded(db: Database) -> None:
    # The vocabulary folds diacritics as the index does (bot/archive/vocabulary.py): counted again
    # from every story, so "adelie" is known and "adelei" one typo from it.
    rebuild_vocabulary(db)


def m023_graviton_as_aws_names_it(db: Database) -> None:
    # Graviton is also "Amazon a1", "a1.* instances", m6g (bot/archive/synonyms.py): the stories
    # that say so get the concept's token.
    concepts_again(db)


def m024_lists_under_a_story_read_again(db: Database) -> None:
    # A list of linked items under a story's heading (DevOps'ish notes, This Week in Rust's "News &
    # Blog Posts") is now a story per item, not merged into the story above: as m020, the next
    # `index` or archive sync reads every issue file again.
    m020_issue_files_read_again(db)


def m027_introductions_gone_read_again(db: Database) -> None:
    # Commits of round 15 made the words before an issue's first heading a story (as m025 and
    # m026, since removed: a database that ran them has the stories); they are none again, so as
    # m020 every issue file is read again. Named after them, so that such a database runs it too.
    m020_issue_files_read_again(db)


STEPS = (
    m009_archive_state,
    m010_issue_images,
    m011_tracking_list_and_news,
    m012_feed_shown_by_identity,
    m013_archive_held_removals,
    m014_feed_url_without_credentials,
    m015_story_vectors,
    m016_feed_shown_once,
    m017_standing_questions,
    m018_search_counts,
    m019_stories_by_heading,
    m020_issue_files_read_again,
    m021_address_words,
    m022_vocabulary_folded,
    m023_graviton_as_aws_names_it,
    m024_lists_under_a_story_read_again,
    m027_introductions_gone_read_again,
)
