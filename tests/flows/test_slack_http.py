"""The Slack app end to end: signed requests through the real HTTP server, a fake Slack Web API."""

from __future__ import annotations

import json
import random
import string
import time

import pytest
import requests

from fakes.signing import FORM, JSON, command_body, post_signed
from fakes.slack import BOT_ID, BOT_USER
from tests.corpus import slack_payload
from tests.slack_requests import SECRET, dm, press, send_event, slash
from tests.support import all_text, running_app


@pytest.fixture
def app(db_path):
    with running_app(db_path) as running:
        yield running


def test_golang_command_answers_in_the_ack(app):
    response = slash(app, "golang")
    assert response.status_code == 200
    reply = response.json()
    assert reply["response_type"] == "ephemeral"
    text = all_text(reply["blocks"])
    assert "Languages and compilers" in text and "Golang 1.9 plan for ARM64 support" in text
    assert "https://golang.org/" in text and "https://github.com/golang/go/issues/19082" in text
    assert "*Go*" in text  # matched words in bold
    assert "2017-W17.md|Works on ARM news, Issue 1" in text  # the issue title as a link
    buttons = [b["accessory"] for b in reply["blocks"] if b.get("accessory")]
    assert {b["action_id"] for b in buttons} == {"share_hit"}


def test_bad_signature_and_stale_timestamp_get_401(app):
    assert slash(app, "golang", bad_signature=True).status_code == 401
    assert slash(app, "golang", timestamp=int(time.time()) - 301).status_code == 401
    assert slash(app, "golang", timestamp=int(time.time()) - 290).status_code == 200
    unsigned = requests.post(app.url + "/slack/events", data=command_body("x", "http://x"), timeout=5)
    assert unsigned.status_code == 401


def test_healthz_and_unknown_paths(app):
    health = requests.get(app.url + "/healthz", timeout=5)
    assert health.status_code == 200 and health.json()["ok"] is True and health.json()["issues"] == 3
    assert requests.get(app.url + "/nope", timeout=5).status_code == 404
    assert requests.get(app.url + "/slack/events", timeout=5).status_code == 405


def test_help_latest_and_issue(app):
    assert "issue:13" in all_text(slash(app, "").json()["blocks"])
    assert "issue:13" in all_text(slash(app, "help").json()["blocks"])
    latest = all_text(slash(app, "latest").json()["blocks"])
    assert "Issue 3" in latest and "Golang 1.9 plan for ARM64 support" in latest
    by_week = all_text(slash(app, "issue 2017-W18").json()["blocks"])
    assert "Single board computers: the Hikey 960" in by_week
    assert "Issue 2" in all_text(slash(app, "issue 2").json()["blocks"])
    missing = all_text(slash(app, "issue 99").json()["blocks"])
    assert "I found no issue" in missing


def test_a_typo_shows_results_for_the_fix_with_a_button_for_the_words_as_typed(app):
    reply = slash(app, "raspbery").json()
    assert reply["text"].startswith("Showing results for raspberry")
    buttons = [b["accessory"] for b in reply["blocks"] if b.get("accessory")]
    assert buttons[0]["action_id"] == "search_exactly"
    assert press(app, "search_exactly", buttons[0]["value"]).status_code == 200
    [exact] = app.slack.wait_for("hook:act")
    assert "No stories found for “raspbery”" in exact.body["text"] and exact.body["replace_original"] is True


def test_user_text_is_escaped_so_nobody_is_pinged(app):
    blocks = slash(app, "<!channel> <@U222> golang").json()["blocks"]
    # What Slack renders: every "text" of the blocks (a button's value, which carries the query for
    # "Share in channel", is never rendered). The Go stories answer: the markup is no topic.
    text = all_text(_rendered(blocks))
    assert "<!channel>" not in text and "<@U222>" not in text and "<!" not in text
    assert "“@channel @U222 golang”" in text and "Golang" in text  # shown as plain words


def _rendered(node):
    if isinstance(node, list):
        return [_rendered(item) for item in node]
    if isinstance(node, dict):
        return {key: _rendered(value) for key, value in node.items() if key != "value"}
    return node


def test_share_posts_the_hit_for_everyone_saying_who(app):
    reply = slash(app, "golang").json()
    button = next(b["accessory"] for b in reply["blocks"] if b.get("accessory"))
    assert press(app, "share_hit", button["value"], user="U777").status_code == 200
    [posted] = app.slack.wait_for("hook:act")
    assert posted.body["response_type"] == "in_channel"
    assert posted.body["replace_original"] is False
    text = all_text(posted.body["blocks"])
    assert "<@U777>" in text and "Golang 1.9 plan for ARM64 support" in text


def test_more_results_replaces_the_message_with_the_next_page(db_path):
    from tests.corpus import WOA_ARCHIVE, need_corpus

    with running_app(db_path, sources=[need_corpus(WOA_ARCHIVE)]) as app:
        first = slash(app, "docker").json()["blocks"]
        more = next(b for b in first if b["type"] == "actions")["elements"][0]
        assert more["action_id"] == "more_results"
        assert press(app, "more_results", more["value"]).status_code == 200
        [page] = app.slack.wait_for("hook:act")
        assert page.body["replace_original"] is True
        assert "Stories 6–10 of" in all_text(page.body["blocks"])
        assert all_text(page.body["blocks"]) != all_text(first)


def test_dm_is_a_search_answered_in_the_dm(app):
    assert send_event(app, dm("golang")).status_code == 200
    [reply] = app.slack.wait_for("chat.postMessage")
    assert reply.body["channel"] == "D111"
    assert "Golang 1.9 plan for ARM64 support" in all_text(reply.body["blocks"])


def test_bot_messages_edits_and_deletes_get_no_reply(app):
    own = slack_payload("event_message_from_app_bot.json")["event"]
    own.update({"channel_type": "im", "bot_id": BOT_ID, "user": BOT_USER})
    other_bot = slack_payload("event_message_subtype_bot_message.json")["event"]
    other_bot["channel_type"] = "im"
    changed = slack_payload("event_message_changed.json")["event"]
    changed["channel_type"] = "im"
    deleted = dm("gone", subtype="message_deleted")
    for event in (own, other_bot, changed, deleted):
        assert send_event(app, event).status_code == 200
    send_event(app, dm("golang"))  # a sentinel: once it is answered, the others had their chance
    app.slack.wait_for("chat.postMessage")
    time.sleep(0.2)
    assert len(app.slack.calls_to("chat.postMessage")) == 1


def test_app_home_opened_publishes_the_home_tab(app):
    event = slack_payload("event_app_home_opened_home_tab.inner_event.json")
    assert send_event(app, event).status_code == 200
    [published] = app.slack.wait_for("views.publish")
    assert published.body["user_id"] == event["user"]
    view = published.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home" and "Latest issue" in all_text(view["blocks"])


def test_rate_limited_slack_is_retried(app):
    app.slack.script("chat.postMessage", (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}))
    send_event(app, dm("golang"))
    calls = app.slack.wait_for("chat.postMessage", count=2, timeout=5)
    assert len(calls) == 2
    assert calls[1].at - calls[0].at >= 0.9  # Retry-After was honoured


def test_url_verification(app):
    body = json.dumps(slack_payload("url_verification.json"))
    response = post_signed(app.url + "/slack/events", body, SECRET, JSON)
    assert response.status_code == 200
    assert response.json()["challenge"] == json.loads(body)["challenge"]


def test_fuzzed_command_text_never_5xx_and_stays_within_limits(app):
    rng = random.Random(20261126)
    alphabet = string.printable + "“”€😀🦀<>&!@#*\"'\\"
    session = requests.Session()
    for i in range(60):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400 if i % 10 else 5000)))
        body = command_body(text, app.slack.hook_url("fuzz"))
        response = post_signed(app.url + "/slack/events", body, SECRET, FORM, session=session)
        assert response.status_code == 200, (text, response.text)
        reply = response.json()
        assert len(reply["blocks"]) <= 50
        for block in reply["blocks"]:
            if block.get("text"):
                assert len(block["text"]["text"]) <= 3000
        assert len(reply["text"]) <= 40000
