"""What is kept about a question, and what is not: after *Stop* nothing of the member's question is
left in the database file; with WORKSONARM_QUESTION_LOG=off no searched words are stored anywhere;
and the bad inputs of `follow` and `unfollow` get a clear reply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.app import run_poll
from bot.questions.asked import prune_unanswered
from fakes.feed import rss
from handlers.ui.questions import ACTION_STOP
from tests.questions_support import button_value, feed_issue, text_of
from tests.slack_requests import dm, press, send_event, slash
from tests.support import W17, editors_app, open_db, running_app

ASKED = "Zephyrix quasar boards, any benchmarks?"


def file_bytes(db_path: Path) -> bytes:
    """Everything SQLite keeps on disk for the database: the file, its log, its shared memory."""
    with open_db(db_path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def test_after_stop_nothing_of_the_question_remains(world, tmp_path):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    db_path = Path(settings.db_path)
    with editors_app(settings) as app:
        assert "Following" in text_of(slash(app, f"follow {ASKED}", user="UFAN").json())
        # A mass change holds the follow-up that names it: unsent, it carries the question's words.
        moved = [feed_issue(tmp_path, f"2026-W4{n}", f"Story {n} of a site move") for n in range(4)]
        covering = feed_issue(tmp_path, "2026-W45", "Zephyrix quasar boards benchmarked")
        feed.body = rss([covering, *moved, W17])
        assert run_poll(settings).held
        assert ASKED.encode() in file_bytes(db_path)  # the check below can fail
        listed = slash(app, "following", user="UFAN").json()
        assert "everything I keep about you" in text_of(listed) and ASKED in text_of(listed)
        stop = button_value(listed["blocks"], ACTION_STOP)
        press(app, ACTION_STOP, stop, user="UFAN", hook="stop")
        [stopped] = app.slack.wait_for("hook:stop")
        assert "Stopped and deleted" in text_of(stopped.body)
        assert "You follow nothing" in text_of(slash(app, "following", user="UFAN").json())
    with open_db(db_path) as db:
        assert list(db.query("select * from standing_questions")) == []
        assert list(db.query("select * from question_topics")) == []
        assert list(db.query("select * from deliveries where key like 'followup:%'")) == []
    stored = file_bytes(db_path)
    for words in (ASKED, "quasar boards, any", "UFAN"):
        assert words.encode() not in stored, words


def test_with_the_question_log_off_no_searched_words_are_stored(tmp_path):
    searched = "zephyrix quasar boards"
    for log_on in (True, False):
        db_path = tmp_path / f"{log_on}" / "bot.db"
        db_path.parent.mkdir()
        with running_app(db_path, question_log=log_on) as app:
            assert "No stories found" in text_of(slash(app, searched).json())
            send_event(app, dm("ampere quasar zephyrix board"))
            app.slack.wait_for("chat.postMessage")
        stored = file_bytes(db_path)
        assert (b"zephyrix" in stored) is log_on and (b"ampere quasar" in stored) is log_on


def test_searches_that_found_nothing_are_kept_for_the_days_set_then_pruned(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path, question_days=30) as app:
        slash(app, "zephyrix quasar boards")
    with open_db(db_path) as db:
        [kept] = list(db.query("select * from unanswered_searches"))
        assert set(kept) == {"id", "text", "key", "asked_at"}  # never who asked
        now = dt.datetime.fromisoformat(kept["asked_at"])
        assert prune_unanswered(db, now + dt.timedelta(days=29), 30) == 0
        assert prune_unanswered(db, now + dt.timedelta(days=31), 30) == 1
        assert list(db.query("select * from question_topics")) == []


def test_bad_follows_and_unfollows_get_a_clear_reply(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        assert "Tell me what to follow" in text_of(slash(app, "follow").json())
        long = text_of(slash(app, "follow " + "arm64 " * 667).json())
        assert "4,001 characters; the limit is 500" in long or "the limit is 500" in long
        for n in range(20):
            assert "Following" in text_of(slash(app, f"follow topic{n} board").json())
        refused = text_of(slash(app, "follow one more board").json())
        assert "You already have 20 open questions" in refused
        assert "You asked me this before" in text_of(slash(app, "follow Board TOPIC3").json())
        missing = text_of(slash(app, "unfollow quasar").json())
        assert "You do not follow “quasar”" in missing
        assert "Stopped and deleted: “topic3 board”" in text_of(slash(app, "unfollow board topic3").json())
        assert "Following" in text_of(slash(app, "follow one more board").json())
        assert "Tell me what to stop following" in text_of(slash(app, "unfollow").json())
