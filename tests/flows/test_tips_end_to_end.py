"""Tips end to end: DMs, the command and the shortcut, archive-aware replies, editors, thanks."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import threading
import time

import pytest

from bot.archive.newsletter import parse_issue
from bot.tips.draft import next_issue_week
from fakes.signing import FORM, interactive_body, post_signed
from tests.corpus import slack_payload
from tests.slack_requests import SECRET, dm, press, send_event, slash
from tests.support import (
    all_text,
    clean_env,
    cli,
    free_port,
    running_app,
    start_serve,
    tips_json,
    wait_healthy,
)

GOLANG_ISSUE = "https://github.com/golang/go/issues/19082"


@pytest.fixture
def app(db_path):
    with running_app(db_path, editors=("UEDITOR",)) as running:
        yield running


def test_dm_tip_already_covered(app, db_path):
    send_event(app, dm(f"Go got arm64 support {GOLANG_ISSUE}"))
    [reply] = app.slack.wait_for("chat.postMessage")
    assert reply.body["channel"] == "D111"
    text = all_text(reply.body["blocks"])
    assert "already covered in" in text and "2017-W19" in text
    assert "Golang 1.9 plan for ARM64 support" in text
    [tip] = tips_json(db_path)
    assert tip["source"] == "dm" and tip["user_id"] == "U111" and tip["urls"] == [GOLANG_ISSUE]
    assert tip["status"] == "new" and tip["channel"] == "D111" and tip["ts"]
    assert len(tip["covered_issues"]) == 1  # the link to 2017-W19, kept with the tip


def test_second_submitter_hears_who_was_first(app, db_path):
    send_event(app, dm(f"look {GOLANG_ISSUE}"))
    app.slack.wait_for("chat.postMessage")
    send_event(app, dm(f"<{GOLANG_ISSUE}|this one>", user="U222", channel="D222"))
    replies = app.slack.wait_for("chat.postMessage", count=2)
    second = all_text(replies[1].body["blocks"])
    assert replies[1].body["channel"] == "D222"
    assert "already suggested by <@U111>" in second
    first, dup = sorted(tips_json(db_path), key=lambda t: t["id"])
    assert first["duplicate_of"] is None and dup["duplicate_of"] == first["id"]


def test_the_same_person_sending_a_link_again_hears_so_and_it_is_kept_once(app, db_path):
    send_event(app, dm("Ampere eMAG https://example.com/emag"))
    app.slack.wait_for("chat.postMessage")
    send_event(app, dm("look http://www.example.com/emag/?utm_source=twitter great numbers"))
    second = all_text(app.slack.wait_for("chat.postMessage", count=2)[1].body["blocks"])
    assert "You sent me this before" in second and "suggested by" not in second
    [tip] = tips_json(db_path)
    assert tip["urls"] == ["https://example.com/emag"] and "great numbers" in tip["note"]
    # another door, the same person: the same one tip
    assert "You sent me this before" in all_text(command(app, "tip https://example.com/emag")["blocks"])
    # a new link beside one sent before: a tip with the new link only, the old one named
    send_event(app, dm("both https://example.com/emag and https://example.com/altra"))
    third = all_text(app.slack.wait_for("chat.postMessage", count=3)[2].body["blocks"])
    assert "Thanks! Your tip is saved" in third and "you sent me before" in third and "by <@" not in third
    assert sorted((t["urls"], t["duplicate_of"]) for t in tips_json(db_path)) == [
        (["https://example.com/altra"], None),  # its only link is new: no duplicate
        (["https://example.com/emag"], None),
    ]
    # someone else is told who was first, as before
    send_event(app, dm("https://example.com/altra", user="U222", channel="D222"))
    fourth = all_text(app.slack.wait_for("chat.postMessage", count=4)[3].body["blocks"])
    assert "already suggested by <@U111>" in fourth and len(tips_json(db_path)) == 3


def test_channel_pings_are_never_echoed(app, db_path):
    send_event(app, dm("<!channel> look at https://example.com/new-arm-thing"))
    [reply] = app.slack.wait_for("chat.postMessage")
    raw = json.dumps(reply.body)
    assert "<!channel>" not in raw and "<!here>" not in raw
    [tip] = tips_json(db_path)
    assert tip["urls"] == ["https://example.com/new-arm-thing"]


def test_retried_event_makes_no_second_tip_or_reply(app, db_path):
    event = dm("retry me https://example.com/retry")
    # Slack retries when it thinks we did not answer, sometimes while the first is still running.
    threads = [threading.Thread(target=send_event, args=(app, event)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    app.slack.wait_for("chat.postMessage")
    send_event(app, event)
    time.sleep(0.5)
    assert len(app.slack.calls_to("chat.postMessage")) == 1
    assert len(tips_json(db_path)) == 1


def command(app, text, user="U111"):
    return slash(app, text, user=user).json()


def test_tip_command_and_its_limits(app, db_path):
    reply = all_text(command(app, "tip Ampere eMAG https://example.com/emag")["blocks"])
    assert "saved for the next issue" in reply
    assert "empty" in all_text(command(app, "tip")["blocks"])
    long = all_text(command(app, "tip " + "x" * 4001)["blocks"])
    assert "4,001 characters" in long and "4,000" in long
    assert len(tips_json(db_path)) == 1


def test_message_shortcut_opens_the_modal_and_submission_saves_with_permalink(app, db_path):
    shortcut = slack_payload("message_action_shortcut.json")
    shortcut["callback_id"] = "suggest_tip"
    shortcut["response_url"] = app.slack.hook_url("sc")
    shortcut["message"]["text"] = "Neoverse N1 benchmarks <https://example.com/n1|here>"
    response = post_signed(app.url + "/slack/events", interactive_body(shortcut), SECRET, FORM)
    assert response.status_code == 200
    [opened] = app.slack.wait_for("views.open")
    assert opened.body["trigger_id"] == shortcut["trigger_id"]
    view = opened.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "suggest_tip_modal"
    assert "https://example.com/n1" in json.dumps(view)  # prefilled with the message text

    submission = slack_payload("view_submission.json")
    submission["view"].update(
        {
            "callback_id": "suggest_tip_modal",
            "private_metadata": view["private_metadata"],
            "state": {
                "values": {
                    "tip_text": {
                        "value": {"type": "plain_text_input", "value": "Neoverse N1 https://example.com/n1"}
                    },
                    "note": {"value": {"type": "plain_text_input", "value": "Good numbers"}},
                }
            },
        }
    )
    response = post_signed(app.url + "/slack/events", interactive_body(submission), SECRET, FORM)
    assert response.status_code == 200
    assert app.slack.wait_for("chat.getPermalink")
    [tip] = tips_json(db_path)
    assert tip["source"] == "shortcut" and tip["note"] == "Good numbers"
    assert (
        tip["permalink"]
        == f"https://example.slack.com/archives/C111/p{shortcut['message']['ts'].replace('.', '')}"
    )
    [thanks] = app.slack.wait_for("chat.postMessage")  # the submitter hears back in a DM
    assert thanks.body["channel"] == submission["user"]["id"]


def test_empty_modal_submission_gets_a_field_error(app, db_path):
    submission = slack_payload("view_submission.json")
    submission["view"].update(
        {
            "callback_id": "suggest_tip_modal",
            "state": {"values": {"tip_text": {"value": {"type": "plain_text_input", "value": " "}}}},
        }
    )
    response = post_signed(app.url + "/slack/events", interactive_body(submission), SECRET, FORM)
    assert response.json()["response_action"] == "errors" and "tip_text" in response.json()["errors"]
    assert tips_json(db_path) == []


def triage(app, action_id, value, user):
    return press(app, action_id, value, user=user, hook="triage")


def test_editors_triage_and_export_a_draft_that_parses(app, db_path):
    command(
        app, "tip Kubernetes 1.12 ships arm64 images https://example.com/k8s https://example.com/k8s-notes"
    )
    command(app, "tip Ampere eMAG is out https://example.com/emag", user="U222")
    command(app, "tip Not for us https://example.com/nope", user="U333")
    refused = all_text(command(app, "tips", user="U111")["blocks"])
    assert "only the newsletter's editors" in refused
    queue = command(app, "tips", user="UEDITOR")["blocks"]
    assert "3 new tips" in all_text(queue)
    buttons = {
        e["value"]: e
        for b in queue
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "tip_accept"
    }
    ids = sorted(int(v) for v in buttons)
    assert triage(app, "tip_accept", str(ids[0]), "UEDITOR").status_code == 200
    app.slack.wait_for("hook:triage", 1)
    triage(app, "tip_accept", str(ids[1]), "UEDITOR")
    triage(app, "tip_reject", str(ids[2]), "UEDITOR")
    triage(app, "tip_accept", str(ids[2]), "U111")  # not an editor: refused, nothing changes
    app.slack.wait_for("hook:triage", 4)
    statuses = {t["id"]: t["status"] for t in tips_json(db_path)}
    assert statuses == {ids[0]: "accepted", ids[1]: "accepted", ids[2]: "rejected"}

    in_slack = all_text(command(app, "tips export", user="UEDITOR")["blocks"])
    assert "#### In this issue" in in_slack
    draft = cli(db_path, "tips", "export").stdout
    issue = parse_issue(draft)
    assert issue.title.startswith("Works on Arm News ")
    assert issue.week == next_issue_week(dt.datetime.now(dt.UTC).date())
    assert len(issue.stories) == 2
    assert [link.url for link in issue.stories[0].links] == [
        "https://example.com/k8s",
        "https://example.com/k8s-notes",
    ]
    assert [link.url for link in issue.stories[1].links] == ["https://example.com/emag"]
    assert "Suggested by" in issue.stories[1].body


def test_published_tip_gets_exactly_one_thank_you(app, db_path, tmp_path):
    send_event(app, dm("new chip https://example.com/brand-new-chip"))
    app.slack.wait_for("chat.postMessage")
    week = next_issue_week(dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7))  # after the tip
    issue_file = tmp_path / f"{week}.md"
    issue_file.write_text(
        f"---\ntitle: Works on Arm News {week}\n---\n\n### A brand new chip\n\nIt is fast.\n\n"
        "* https://example.com/brand-new-chip/\n"
    )
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": app.slack.base_url}
    for _ in range(2):
        result = cli(db_path, "index", str(issue_file), env=env)
        assert result.returncode == 0, result.stderr
        issue_file.write_text(issue_file.read_text() + "\nMore words.\n")  # changed: indexed again
    [tip] = tips_json(db_path)
    assert tip["status"] == "published" and tip["published_issue_id"]
    thanks = [c for c in app.slack.calls_to("chat.postMessage") if c.body.get("channel") == "U111"]
    assert len(thanks) == 1
    assert week in thanks[0].body["text"]


def test_tip_survives_kill_9_right_after_the_reply(tmp_path):
    from fakes.slack import FakeSlack

    slack = FakeSlack()
    db = tmp_path / "bot.db"
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.base_url,
        WORKSONARM_DB=str(db),
    )
    proc = start_serve(env, port, tmp_path, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)

        class App:
            pass

        target = App()
        target.url = url
        send_event(target, dm("durable https://example.com/durable"))
        slack.wait_for("chat.postMessage", timeout=5)
        os.kill(proc.pid, signal.SIGKILL)  # right after the reply went out
        proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
        slack.close()
    [tip] = tips_json(db)
    assert tip["urls"] == ["https://example.com/durable"]
