"""Another process holds the write lock: /healthz says 503, every Slack request is answered in
time with a short "try again", and the tip it carried is saved when the lock goes, not dropped."""

from __future__ import annotations

import sqlite3
import threading
import time

import requests

from tests.slack_requests import dm, send_event, slash
from tests.support import all_text, running_app, tips_json, wait_until

LOCK_HELD = 5.0  # seconds: a long `index` or `sync` batch in another process


class WriteLock:
    """Hold SQLite's write lock from another connection, as a long `index` in another process does."""

    def __init__(self, path) -> None:
        self.conn = sqlite3.connect(str(path), timeout=0, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.rollback()
        self.conn.close()


def test_health_tips_and_dms_while_another_writer_holds_the_lock(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        assert requests.get(app.url + "/healthz", timeout=5).status_code == 200
        lock = WriteLock(db_path)
        released = False
        try:
            health = requests.get(app.url + "/healthz", timeout=5)
            assert health.status_code == 503 and health.json()["ok"] is False
            # Slack gives up after 3 s: the client here does too.
            reply = slash(app, "tip Locked out https://example.com/locked", timeout=3).json()
            assert "not lost" in all_text(reply["blocks"])
            assert send_event(app, dm("a DM tip https://example.com/dm-locked")).status_code == 200
            threading.Timer(1.0, lock.release).start()
            released = True
        finally:
            if not released:
                lock.release()
        assert wait_until(lambda: len(tips_json(db_path)) == 2)
        [confirmed] = app.slack.wait_for("hook:cmd")
        assert "saved for the next issue" in all_text(confirmed.body)
        dm_replies = app.slack.wait_for("chat.postMessage", count=2)
        assert "in a moment" in all_text(dm_replies[0].body["blocks"])
        assert "saved for the next issue" in all_text(dm_replies[-1].body["blocks"])
        assert requests.get(app.url + "/healthz", timeout=5).status_code == 200
    assert {t["urls"][0] for t in tips_json(db_path)} == {
        "https://example.com/locked",
        "https://example.com/dm-locked",
    }


def test_a_dm_tip_is_answered_while_the_lock_is_held_and_saved_when_it_goes(tmp_path):
    """Slack waits 3 s for an answer: the member hears "in a moment" while the lock is held, and
    "saved" (once) after it goes, with the tip saved as promised."""
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        lock = WriteLock(db_path)
        released: list[float] = []

        def release() -> None:
            released.append(time.monotonic())
            lock.release()

        threading.Timer(LOCK_HELD, release).start()
        assert send_event(app, dm("tip a new board https://example.com/held")).status_code == 200
        acked = time.monotonic()
        first, final = app.slack.wait_for("chat.postMessage", count=2, timeout=LOCK_HELD + 15)
        assert wait_until(lambda: released)
        # Measured against the lock, not a clock: the ack and the first word come while it is held.
        assert acked < released[0] and first.at < released[0] and final.at > released[0]
        assert "in a moment" in all_text(first.body["blocks"]) and "saved" not in first.body["text"]
        assert "saved for the next issue" in all_text(final.body["blocks"])
        time.sleep(0.5)
        assert len(app.slack.calls_to("chat.postMessage")) == 2
    [tip] = tips_json(db_path)
    assert tip["urls"] == ["https://example.com/held"] and tip["channel"] == "D111"
