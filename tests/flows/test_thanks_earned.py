"""A tip is published (and its sender thanked, once) only by an issue that came after it: new in
the feed since the tip was sent, or dated after it. An old issue indexed, synced or edited later
holds the link too, but not because of the tip."""

from __future__ import annotations

import datetime as dt
import shutil

from bot.app import run_poll
from bot.archive import identity
from bot.tips.intake import save_tip
from fakes.feed import rss
from tests.corpus import WOA_ARCHIVE, need_corpus
from tests.slack_requests import dm, send_event
from tests.support import W17, W18, W19, all_text, cli, open_db, running_app, tips_json

ADOPT = "https://adoptopenjdk.net/"  # Issue 1 (shipped), and again in 2017-W50, 2018-W18, -W39, -W40
RELEASES = "https://adoptopenjdk.net/releases.html"  # only in the archive's 2018-W06
FRESH = "https://example.com/fresh-arm64-news"  # in no issue yet


def thanks_to(slack, user: str) -> list:
    return slack.posts_to("D" + user)  # a message to a user lands in the app's DM with them


def week_after(days: int) -> str:
    return identity.week_id(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=days))


def issue_file(folder, week: str, url: str):
    path = folder / f"{week}.md"
    path.write_text(f"---\ntitle: Works on Arm News {week}\n---\n\n### Fresh news\n\nRead it.\n\n* {url}\n")
    return path


def test_old_issues_indexed_synced_or_edited_later_thank_no_one(db_path, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(need_corpus(WOA_ARCHIVE), archive)
    with running_app(db_path, editors=("UEDITOR",)) as app:  # the shipped issues only, for now
        send_event(app, dm(f"the JDK for arm64 {ADOPT}"))
        send_event(app, dm(f"releases {RELEASES}", channel="D112", ts="1.000002"))
        send_event(app, dm(f"news {FRESH}", channel="D113", ts="1.000003"))
        replies = app.slack.wait_for("chat.postMessage", count=3)
        first = next(r for r in replies if r.body["channel"] == "D111")
        assert "already covered in" in all_text(first.body["blocks"]) and "Issue 1" in all_text(first.body)
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": app.slack.base_url}
        # The older archive indexed: 2018-W18 repeats the first link, 2018-W06 has the second.
        assert cli(db_path, "index", str(archive), env=env).returncode == 0
        # Synced, with an old issue edited to hold the third.
        old = archive / "2018" / "2018-W18.md"
        old.write_text(old.read_text() + f"\n* {FRESH}\n")
        synced = cli(db_path, "sync", env=env | {"WORKSONARM_ARCHIVE": str(archive)})
        assert synced.returncode == 0, synced.stderr
        assert {t["status"] for t in tips_json(db_path)} == {"new"}
        assert thanks_to(app.slack, "U111") == []
        # A new issue, dated after the tips, with the third link: that one is thanked, once.
        issue_file(archive / "2018", week_after(7), FRESH)
        for _ in range(2):
            assert cli(db_path, "sync", env=env | {"WORKSONARM_ARCHIVE": str(archive)}).returncode == 0
    published = {t["urls"][0]: t["status"] for t in tips_json(db_path)}
    assert published == {ADOPT: "new", RELEASES: "new", FRESH: "published"}
    [thanks] = thanks_to(app.slack, "U111")
    assert week_after(7) in thanks["text"]


def test_an_issue_new_in_the_feed_after_the_tip_publishes_it_and_the_first_poll_does_not(world):
    settings, feed, slack, x = world
    now = dt.datetime.now(dt.UTC)
    with open_db(settings.db_path) as db:
        for n, url in enumerate(("https://minio.io", "https://github.com/golang/go/issues/19082")):
            save_tip(db, user_id=f"U{n}", text=url, source="dm", event_key=f"k{n}", now=now)
    feed.body = rss([W18, W17])  # the first poll: 2017-W17 links minio, but is no news
    assert run_poll(settings).baseline
    assert [t["status"] for t in tips_json(settings.db_path)] == ["new", "new"]
    feed.body = rss([W19, W18, W17])  # 2017-W19 is news, though dated 2017: it came after the tip
    assert run_poll(settings).published_tips
    statuses = {t["urls"][0]: t["status"] for t in tips_json(settings.db_path)}
    assert statuses == {"https://minio.io": "new", "https://github.com/golang/go/issues/19082": "published"}
    assert thanks_to(slack, "U0") == [] and len(thanks_to(slack, "U1")) == 1
    run_poll(settings)  # and once only
    assert len(thanks_to(slack, "U1")) == 1
