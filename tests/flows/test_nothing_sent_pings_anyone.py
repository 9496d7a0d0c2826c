"""Nothing the bot sends creates a mention or a foreign link: not the blocks, not the fallback
`text` Slack shows in notifications, not the tweet. Feed text and user text are data."""

from __future__ import annotations

import json
import re

from bot.app import run_poll
from fakes.feed import rss
from tests.slack_requests import press, slash
from tests.support import W17, W18, announcements, running_app

PINGS = "<!channel> @everyone <@U0ADMIN> <!subteam^S1> <!here|here> #crypto ＃scam @channel"
HOSTILE = PINGS + " <https://evil.example|https://worksonarm.example>"
# A live Slack mention, or a link to where the hostile text points.
LIVE_SLACK = re.compile(r"<[!@#]|<(?:javascript:|https?://evil)", re.I)
# What X and Mastodon would make live: an @name or #tag that starts a word.
MENTION = re.compile(r"(?<![\w!#$%&*@＠])[@＠]\w")
HASHTAG = re.compile(r"(?<![\w&])[#＃](\w+)")


def test_a_hostile_feed_title_pings_nobody_anywhere(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    hostile = dict(W18, title=f"Works on Arm News, Issue 2 {HOSTILE}", link="javascript:alert(1)")
    feed.body = rss([hostile, W17])
    report = run_poll(settings)
    assert sorted(report.sent) == ["2017-W18 slack", "2017-W18 x"]
    [post] = announcements(slack)
    assert not LIVE_SLACK.search(post["text"]), post["text"]
    assert not LIVE_SLACK.search(json.dumps(post["blocks"])), post["blocks"]
    assert "javascript:" not in json.dumps(post)
    [tweet] = x.tweets
    assert not MENTION.search(tweet["text"]), tweet["text"]
    assert set(HASHTAG.findall(tweet["text"])) <= {"arm64", "WorksOnArm"}
    assert "javascript:" not in tweet["text"]


def test_share_in_channel_never_broadcasts(tmp_path):
    issue = tmp_path / "2019-W30.md"
    issue.write_text(
        "---\ntitle: Works on Arm News 2019-W30\n---\n\n"
        f"### Big news {PINGS}\n\nA story about arm64 servers.\n\n* https://example.com/big\n"
    )
    with running_app(tmp_path / "bot.db", sources=[issue]) as app:
        reply = slash(app, "arm64 servers").json()
        button = next(b["accessory"] for b in reply["blocks"] if b.get("accessory"))
        forged = json.dumps({"s": json.loads(button["value"])["s"], "q": f"Big news {HOSTILE}"})
        assert press(app, "share_hit", forged, user="U777").status_code == 200
        [shared] = app.slack.wait_for("hook:act")
    assert shared.body["response_type"] == "in_channel"
    assert not LIVE_SLACK.search(shared.body["text"]), shared.body["text"]
    blocks = json.dumps(shared.body["blocks"])
    assert "<@U777>" in blocks  # the one mention we mean: who shared it
    assert not LIVE_SLACK.search(blocks.replace("<@U777>", "")), blocks


def test_every_reply_text_is_escaped(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        for text in (HOSTILE, f"issue {HOSTILE}", f"tip {HOSTILE} https://example.com/x", "latest"):
            reply = slash(app, text).json()
            assert not LIVE_SLACK.search(reply["text"]), (text, reply["text"])
