"""Another process holds the write lock: /healthz says 503, every Slack request is answered in
time with a short "try again", and the tip it carried is saved when the lock goes, not dropped."""

from __future__ import annotations

import sqlite3
import threading

import requests

from tests.support import all_text, dm, running_app, send_event, slash, tips_json, wait_until


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
        [dm_reply] = app.slack.wait_for("chat.postMessage")
        assert "saved for the next issue" in all_text(dm_reply.body["blocks"])
        assert requests.get(app.url + "/healthz", timeout=5).status_code == 200
    assert {t["urls"][0] for t in tips_json(db_path)} == {
        "https://example.com/locked",
        "https://example.com/dm-locked",
    }
