"""A thank-you DM is an outbox delivery like any announcement: killed mid-send, it is found in the
DM's history after the restart, and the submitter gets exactly one."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from bot.archive import identity
from bot.tips.intake import save_tip
from fakes.slack import FakeSlack
from tests.corpus import ROOT
from tests.support import clean_env, open_db, wait_until

# An issue of next week: it came after the tip, so it publishes it (an older one would not).
WEEK = identity.week_id(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7))
ISSUE = (
    f"---\ntitle: Works on Arm News {WEEK}\n---\n\n### A brand new chip\n\nIt is fast.\n\n"
    "* https://example.com/brand-new-chip/\n"
)


def thanks_to(slack: FakeSlack, user: str) -> list:
    return slack.posts_to("D" + user)


def test_kill_9_during_a_thank_you_dm_then_restart_thanks_once(tmp_path):
    slack = FakeSlack()
    db_path = tmp_path / "bot.db"
    with open_db(db_path) as db:
        text = "new chip https://example.com/brand-new-chip"
        save_tip(db, user_id="UTIPPER", text=text, source="dm", event_key="k", now=dt.datetime.now(dt.UTC))
    issue = tmp_path / f"{WEEK}.md"
    issue.write_text(ISSUE)
    env = clean_env(SLACK_BOT_TOKEN="xoxb-test", SLACK_API_URL=slack.base_url)
    index = [sys.executable, "-m", "bot", "--db", str(db_path), "index", str(issue)]
    try:
        slack.slow["chat.postMessage"] = 60
        proc = subprocess.Popen(
            index, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert wait_until(lambda: thanks_to(slack, "UTIPPER")), "the thank-you never left"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        slack.slow.clear()
        with open_db(db_path) as db:
            assert [
                r["status"] for r in db.query("select status from deliveries where key like 'thanks:%'")
            ] == ["sending"]
        again = subprocess.run(index, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert len(thanks_to(slack, "UTIPPER")) == 1
        assert slack.calls_to("conversations.history"), "the DM was checked before any re-send"
        with open_db(db_path) as db:
            assert [
                r["status"] for r in db.query("select status from deliveries where key like 'thanks:%'")
            ] == ["sent"]
    finally:
        slack.close()
