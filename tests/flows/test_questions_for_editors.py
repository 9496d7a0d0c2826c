"""What readers asked and didn't find, for the editors: three phrasings of one question are one row
of the App Home with count 3; "Covered in issue…" sends each waiting member one DM, "Won't cover"
one polite note; `questions --json` and `questions close` do the same from the command line."""

from __future__ import annotations

import copy
import json

import pytest

from fakes.signing import FORM, JSON, interactive_body, post_signed
from handlers.ui.questions import ACTION_COVERED, ACTION_UNTIL_COVERED, ACTION_WONT, MODAL_COVERED
from tests.corpus import slack_payload
from tests.questions_support import button_value, dms_to, text_of
from tests.slack_requests import SECRET, event_envelope, press, slash
from tests.support import cli, open_db, running_app

PHRASINGS = {"UA": "graviton3 benchmarks", "UB": "Benchmarks of Graviton3?", "UC": "GRAVITON3, benchmark"}


@pytest.fixture
def app(db_path):
    with running_app(db_path, editors=("UEDITOR",)) as running:
        yield running


def _ask_three_ways(app) -> None:
    """Three members search one thing three ways; the first two want to be told."""
    for n, (user, words) in enumerate(PHRASINGS.items()):
        reply = slash(app, words, user=user).json()
        if user != "UC":
            value = button_value(reply["blocks"], ACTION_UNTIL_COVERED)
            press(app, ACTION_UNTIL_COVERED, value, user=user, hook=f"h{n}")
            app.slack.wait_for(f"hook:h{n}")


def _editors_home(app, count: int) -> str:
    home = {"type": "app_home_opened", "user": "UEDITOR", "channel": "D1", "tab": "home"}
    post_signed(app.url + "/slack/events", event_envelope(home), SECRET, JSON)
    return json.dumps(app.slack.wait_for("views.publish", count)[-1].body["view"], ensure_ascii=False)


def _press_in_home(app, action_id: str, value: str) -> None:
    payload = copy.deepcopy(slack_payload("block_actions_home_tab_button_with_confirm.json"))
    payload["user"]["id"] = "UEDITOR"
    payload["view"]["private_metadata"] = "0"
    payload["actions"][0] |= {"action_id": action_id, "value": value}
    assert post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM).status_code == 200


def _submit_covered(app, topic: str, issue: str):
    submission = copy.deepcopy(slack_payload("view_submission.json"))
    submission["user"]["id"] = "UEDITOR"
    submission["view"].update(
        {
            "callback_id": MODAL_COVERED,
            "private_metadata": topic,
            "state": {"values": {"issue": {"value": {"type": "plain_text_input", "value": issue}}}},
        }
    )
    return post_signed(app.url + "/slack/events", interactive_body(submission), SECRET, FORM)


def _topic(db_path) -> str:
    listed = cli(db_path, "questions", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    return str(row["id"])


def test_three_phrasings_are_one_row_with_count_3_and_covered_tells_each_waiting_member_once(app, db_path):
    _ask_three_ways(app)
    view = _editors_home(app, 1)
    assert "What readers asked and didn't find" in view
    assert view.count(ACTION_COVERED) == 1 and "asked 3×" in view and "2 waiting" in view
    listed = json.loads(cli(db_path, "questions", "--json").stdout)
    assert [(r["asked"], r["waiting"], len(r["phrasings"])) for r in listed] == [(3, 2, 3)]
    assert set(listed[0]) == {"id", "text", "asked", "waiting", "first_asked", "last_asked", "phrasings"}
    topic = str(listed[0]["id"])

    _press_in_home(app, ACTION_COVERED, topic)
    [opened] = app.slack.wait_for("views.open")
    assert opened.body["view"]["private_metadata"] == topic
    refused = _submit_covered(app, topic, "2099-W01")
    assert refused.json()["response_action"] == "errors" and "2099-W01" in refused.json()["errors"]["issue"]
    for _ in range(2):  # a replayed submission tells no one twice
        assert _submit_covered(app, topic, "2017-W19").status_code == 200
    app.slack.wait_for("chat.postMessage", 2, timeout=10)
    for member in ("UA", "UB"):
        [dm] = dms_to(app.slack, member)
        assert "2017-W19" in text_of(dm) and PHRASINGS[member] in text_of(dm)
    assert dms_to(app.slack, "UC") == []  # searched, never asked to be told: nobody knows who
    assert json.loads(cli(db_path, "questions", "--json").stdout) == []


def test_wont_cover_tells_each_waiting_member_politely_once(app, db_path):
    _ask_three_ways(app)
    topic = _topic(db_path)
    for _ in range(2):
        _press_in_home(app, ACTION_WONT, topic)
        app.slack.wait_for("views.publish", 1)
    app.slack.wait_for("chat.postMessage", 2, timeout=10)
    for member in ("UA", "UB"):
        [note] = dms_to(app.slack, member)
        assert "not something Works on Arm News plans to cover" in text_of(note)
    assert cli(db_path, "questions", "--json").stdout.strip() == "[]"


def test_questions_close_on_the_command_line_has_the_buttons_outcome(app, db_path):
    _ask_three_ways(app)
    topic = _topic(db_path)
    unknown = cli(db_path, "questions", "close", "999", "--wont")
    assert unknown.returncode == 2 and "No question has the id 999" in unknown.stderr
    no_issue = cli(db_path, "questions", "close", topic, "--issue", "2099-W01")
    assert no_issue.returncode == 1 and "2099-W01" in no_issue.stderr
    done = cli(db_path, "questions", "close", topic, "--issue", "3")
    assert done.returncode == 0, done.stderr
    assert "The 2 members waiting for it get a DM naming it" in done.stdout
    again = cli(db_path, "questions", "close", topic, "--wont")
    assert again.returncode == 0 and "Nobody was waiting for it" in again.stdout
    with open_db(db_path) as db:
        keys = sorted(r["key"].split(":")[0] for r in db.query("select key from deliveries"))
    assert keys == ["covered", "covered"]
