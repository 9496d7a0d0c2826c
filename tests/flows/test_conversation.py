"""The bot in the conversation, through the real HTTP server with signed requests and the fake
Slack: @mentions answered once in a thread, the newsletter's links unfurled, the editors' home."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time

import yaml

from bot.archive.issues import find_issue
from bot.tips.intake import save_tip
from fakes.signing import FORM, JSON, interactive_body, post_signed
from fakes.slack import BOT_USER
from tests.corpus import slack_payload
from tests.slack_requests import SECRET, event_envelope, tip_submission
from tests.support import cli, open_db, running_app, tips_json, wait_until


def signed_event(app, event: dict, *, retry: int | None = None, envelope: str | None = None):
    body = envelope or event_envelope(event)
    return post_signed(app.url + "/slack/events", body, SECRET, JSON, retry=retry), body


def mention(text: str, ts: str = "1700000001.000100") -> dict:
    return {
        "type": "app_mention",
        "user": "U111",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": "C111",
        "event_ts": ts,
        "client_msg_id": "0f0e0d0c-0000-4000-8000-000000000001",
    }


def thread_replies(app, ts: str) -> list:
    return [c for c in app.slack.calls_to("chat.postMessage") if c.body.get("thread_ts") == ts]


def test_a_mention_is_answered_once_in_its_thread_and_a_tip_gets_its_permalink(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        answer, body = signed_event(app, mention("golang"))
        assert answer.status_code == 200
        app.slack.wait_for("chat.postMessage")
        resent, _ = signed_event(app, {}, retry=1, envelope=body)  # Slack's retry of the same event
        assert resent.status_code == 200
        time.sleep(1.0)
        [reply] = thread_replies(app, "1700000001.000100")
        assert reply.body["channel"] == "C111"
        text = json.dumps(reply.body["blocks"])
        searched = json.loads(cli(tmp_path / "bot.db", "search", "golang", "--json", "--limit", "3").stdout)
        assert searched[0]["section"] == "Golang 1.9 plan for ARM64 support"
        for hit in searched:  # the compact answer: the top stories, as search ranks them
            assert json.dumps(hit["section"])[1:-1] in text
        assert "results_privately" in text and "share_hit" not in text

        signed_event(app, mention("tip https://example.com/new-arm-board a board", ts="1700000002.000200"))
        deadline = time.monotonic() + 5
        while not thread_replies(app, "1700000002.000200") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Thanks! Your tip is saved" in thread_replies(app, "1700000002.000200")[0].body["text"]
        assert wait_until(lambda: tips_json(tmp_path / "bot.db")[0]["permalink"])  # asked after the reply
    [tip] = tips_json(tmp_path / "bot.db")
    assert (
        tip["source"] == "mention"
        and tip["permalink"] == "https://example.slack.com/archives/C111/p1700000002000200"
    )


SLOW_SLACK = 5.0  # seconds chat.getPermalink takes: longer than Slack waits for an ack (3 s)


def test_a_tip_is_acked_and_answered_before_a_slow_slack_gives_its_permalink(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        app.slack.slow["chat.getPermalink"] = SLOW_SLACK
        answer, _ = signed_event(
            app, mention("tip https://example.com/slow-slack a board", ts="1700000003.000300")
        )
        acked = time.monotonic()
        submission = tip_submission("https://example.com/modal-slow", channel="C222", ts="1700000004.000400")
        submitted = post_signed(app.url + "/slack/events", interactive_body(submission), SECRET, FORM)
        closed = time.monotonic()
        assert answer.status_code == 200 and submitted.status_code == 200
        asked = app.slack.wait_for("chat.getPermalink", count=2, timeout=10)
        # Measured against the slow call, not a clock: both acks came before Slack answered it.
        first_answered = min(call.at for call in asked) + SLOW_SLACK
        assert acked < first_answered and closed < first_answered
        assert wait_until(lambda: thread_replies(app, "1700000003.000300"))
        [reply] = thread_replies(app, "1700000003.000300")
        assert reply.at < first_answered and "Thanks! Your tip is saved" in reply.body["text"]
        assert wait_until(lambda: all(t["permalink"] for t in tips_json(db_path)), timeout=SLOW_SLACK + 10)
        assert len(app.slack.calls_to("chat.getPermalink")) == 2  # no retry made Slack ask twice
    permalinks = {t["source"]: t["permalink"] for t in tips_json(db_path)}
    assert permalinks == {
        "mention": "https://example.slack.com/archives/C111/p1700000003000300",
        "shortcut": "https://example.slack.com/archives/C222/p1700000004000400",
    }


def test_a_link_to_an_issue_unfurls_and_an_unknown_link_does_not(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        with open_db(tmp_path / "bot.db") as db:
            issue = find_issue(db, "2017-W19")
        assert issue is not None and issue.url
        event = {
            "type": "link_shared",
            "channel": "C111",
            "is_bot_user_member": True,
            "user": "U111",
            "message_ts": "1700000003.000300",
            "unfurl_id": "C111.1700000003.000300.abc",
            "source": "conversations_history",
            "links": [{"domain": "github.com", "url": issue.url}],
            "event_ts": "1700000003.000400",
        }
        assert signed_event(app, event)[0].status_code == 200
        [unfurl] = app.slack.wait_for("chat.unfurl")
        unfurls = unfurl.body["unfurls"]
        unfurls = json.loads(unfurls) if isinstance(unfurls, str) else unfurls
        assert list(unfurls) == [issue.url]
        assert "Golang 1.9 plan for ARM64 support" in json.dumps(unfurls[issue.url])
        other = event | {"links": [{"domain": "github.com", "url": "https://github.com/golang/go"}]}
        signed_event(app, other)
        time.sleep(1.0)
        assert len(app.slack.calls_to("chat.unfurl")) == 1


def test_the_home_of_an_editor_and_of_a_member_and_accept_republishes(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path, editors=("UEDITOR",)) as app:
        for user in ("UEDITOR", "U111"):
            signed_event(app, {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
        published = app.slack.wait_for("views.publish", 2)
        views = {c.body["user_id"]: json.dumps(c.body["view"]) for c in published}
        assert (
            "Announcements to decide" in views["UEDITOR"] and "Announcements to decide" not in views["U111"]
        )
        assert "Latest issue" in views["U111"]

        with open_db(db_path) as db:
            tip = save_tip(
                db,
                user_id="U9",
                text="https://example.com/a a board",
                source="dm",
                event_key="k1",
                now=dt.datetime.now(dt.UTC),
            )
        # a real home-tab button payload: the container is the view, and there is no response_url
        payload = copy.deepcopy(slack_payload("block_actions_home_tab_button_with_confirm.json"))
        payload["user"]["id"] = "UEDITOR"
        payload["view"]["private_metadata"] = "0"
        payload["actions"][0] |= {"action_id": "tip_accept", "value": str(tip.id)}
        pressed = post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM)
        assert pressed.status_code == 200
        republished = app.slack.wait_for("views.publish", 3)
        assert len(republished) == 3 and republished[-1].body["user_id"] == "UEDITOR"
        assert "No new tips" in json.dumps(republished[-1].body["view"])
    assert tips_json(db_path)[0]["status"] == "accepted"


def test_manifest_lists_the_events_scopes_and_the_configured_domains(tmp_path):
    env = {
        "WORKSONARM_ISSUE_URL": "https://www.worksonarm.com/news/{id}/",
        "WORKSONARM_FEED_URL": "https://feeds.example.org/worksonarm.xml",
    }
    done = cli(tmp_path / "none.db", "manifest", "--url", "https://bot.example.com", env=env)
    assert done.returncode == 0, done.stderr
    manifest = yaml.safe_load(done.stdout)
    assert {"app_mention", "link_shared"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mentions:read", "links:read", "links:write"} <= set(
        manifest["oauth_config"]["scopes"]["bot"]
    )
    assert manifest["features"]["unfurl_domains"] == ["worksonarm.com", "feeds.example.org"]
    assert not (tmp_path / "none.db").exists()


def test_a_thread_reply_left_in_doubt_is_found_in_the_thread_not_the_history(tmp_path):
    """A thread's replies are not in conversations.history: after a crash the outbox asks
    conversations.replies, so a mention's answer is not posted twice."""
    from slack_sdk import WebClient

    from bot.publishers.slack import SlackMessenger
    from fakes.slack import FakeSlack
    from handlers.ui.blocks import notice_blocks

    slack = FakeSlack()
    try:
        messenger = SlackMessenger(WebClient(token="xoxb-test", base_url=slack.base_url), notice_blocks)
        payload = {"to": "C111", "text": "the answer", "blocks": [], "thread_ts": "1700000001.000100"}
        since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        assert messenger.find_sent(payload, "reply:mention:C111:1700000001.000100", since) is None
        ts = messenger.send(payload, "reply:mention:C111:1700000001.000100")
        assert messenger.find_sent(payload, "reply:mention:C111:1700000001.000100", since) == ts
        assert (
            messenger.find_sent(payload | {"thread_ts": ""}, "reply:mention:C111:1700000001.000100", since)
            is None
        )
        assert slack.calls_to("conversations.replies")
    finally:
        slack.close()


def test_small_talk_gets_how_to_ask_never_a_page_of_stories(tmp_path):
    """A DM's "Hi!", "@worksonarm hi there" and `/worksonarm how's it going?` have no topic: the
    reply says how to search. They listed unrelated stories (matched on "there", Go for "going")."""
    from tests.slack_requests import dm, send_event, slash

    with running_app(tmp_path / "bot.db") as app:
        for n, text in enumerate(["Hi!", "thanks!", "good morning"], 1):
            send_event(app, dm(text))
            reply = app.slack.wait_for("chat.postMessage", count=n)[-1]
            said = json.dumps(reply.body)
            assert "Search every issue" in said and "share_hit" not in said
        signed_event(app, mention("hi there", ts="1700000009.000100"))
        wait_until(lambda: thread_replies(app, "1700000009.000100"))
        [answer] = thread_replies(app, "1700000009.000100")
        assert "Search every issue" in json.dumps(answer.body)
        for text in ("how's it going?", "who are you?"):
            assert "Search every issue" in json.dumps(slash(app, text).json())
        assert "Golang" in json.dumps(slash(app, "golang").json())
