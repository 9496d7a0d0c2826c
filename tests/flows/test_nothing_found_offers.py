"""Every surface's "nothing found" offers the two buttons: a DM's reply and a thread reply too.
*Suggest it to the editors* files a tip that carries the question (no link needed, from this
button alone); in a thread everyone reads, the buttons answer only the one who pressed."""

from __future__ import annotations

import json

from fakes.slack import BOT_USER
from handlers.ui.questions import ACTION_SUGGEST, ACTION_UNTIL_COVERED
from tests.questions_support import button_value, text_of
from tests.slack_requests import dm, press, send_event, slash
from tests.support import running_app, tips_json

ASKED = "zephyrix quasar boards"


def test_a_dm_search_offers_both_and_suggest_files_a_tip_without_a_link(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        send_event(app, dm(ASKED))
        [reply] = app.slack.wait_for("chat.postMessage")
        value = button_value(reply.body["blocks"], ACTION_SUGGEST)
        assert button_value(reply.body["blocks"], ACTION_UNTIL_COVERED) == value
        press(app, ACTION_SUGGEST, value, hook="suggested")
        [answer] = app.slack.wait_for("hook:suggested")
        assert answer.body["replace_original"] is True
        assert f"I passed “{ASKED}” to the editors" in text_of(answer.body)
        # Typed as a tip, the same words are refused: a tip needs a link or a few more words.
        assert "A tip needs a link" in text_of(slash(app, f"tip {ASKED}").json())
    [tip] = tips_json(db_path)
    assert tip["text"] == ASKED and tip["source"] == "question" and tip["urls"] == []


def test_a_thread_reply_offers_both_and_answers_only_the_one_who_pressed(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        ts = "1700000001.000100"
        mention = {"type": "app_mention", "user": "U111", "text": f"<@{BOT_USER}> {ASKED}", "ts": ts,
                   "channel": "C111", "event_ts": ts}  # fmt: skip
        send_event(app, mention)
        [reply] = app.slack.wait_for("chat.postMessage")
        assert reply.body["thread_ts"] == ts
        value = button_value(reply.body["blocks"], ACTION_UNTIL_COVERED)
        press(app, ACTION_UNTIL_COVERED, value, user="U222", hook="told")
        [answer] = app.slack.wait_for("hook:told")
        assert answer.body["replace_original"] is False and answer.body["response_type"] == "ephemeral"
        assert f"I'll DM you when an issue covers *{ASKED}*" in text_of(answer.body)
        assert "<@U222>" not in text_of(answer.body)
        listed = slash(app, "following", user="U222").json()
        assert ASKED in text_of(listed)
        assert "You follow nothing" in text_of(slash(app, "following", user="U111").json())


def test_a_dm_speaks_the_slash_commands_follow_grammar(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        replies = []

        def say(text: str) -> str:
            send_event(app, dm(text))
            replies.append(app.slack.wait_for("chat.postMessage", count=len(replies) + 1)[-1])
            return text_of(replies[-1].body)

        assert "Following" in say("Follow graviton benchmarks")
        assert "graviton benchmarks" in say("following")
        assert "graviton benchmarks" not in say("following the arm64 port of golang")  # a search
        assert "Stopped and deleted" in say("unfollow benchmarks graviton")
        assert "You follow nothing" in text_of(slash(app, "following").json())


def _units(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2  # as Slack counts a button's 2,000 characters


def test_every_button_keeps_a_question_in_emoji_or_another_script_whole(tmp_path):
    """A value was JSON cut at 2,000 characters: 170 emoji (12 characters each, escaped) broke the
    "Share in channel" buttons and the reply was a 500; 400 Cyrillic letters broke the follow-up's
    JSON and "Tell me when it's covered" answered "Tell me what to follow…"."""
    with running_app(tmp_path / "bot.db") as app:
        emoji = slash(app, "docker " + "🙏" * 170)
        assert emoji.status_code == 200
        values = [button_value(emoji.json()["blocks"], "share_hit")]
        assert all(json.loads(v)["q"].startswith("docker 🙏") and _units(v) <= 2000 for v in values)
        asked = " ".join(["кубернетес"] * 40)  # 439 characters of a script no story has: nothing found
        offered = slash(app, asked).json()["blocks"]
        value = button_value(offered, ACTION_UNTIL_COVERED)
        assert _units(value) <= 2000 and json.loads(value)["q"] == asked
        press(app, ACTION_UNTIL_COVERED, value, hook="told")
        [answer] = app.slack.wait_for("hook:told")
        assert "I'll DM you when an issue covers *кубернетес кубернетес" in text_of(answer.body)


def test_a_question_too_long_to_follow_is_told_so_instead_of_offered_buttons_that_refuse_it(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        reply = slash(app, "zephyrix quasar boards " * 30).json()  # 690 characters, nothing found
        assert "No stories found" in text_of(reply)
        assert ACTION_UNTIL_COVERED not in json.dumps(reply) and ACTION_SUGGEST not in json.dumps(reply)
        assert "ask in a few words (500 characters at most)" in text_of(reply)


def test_a_filter_that_rules_the_topic_out_offers_nothing_to_follow(tmp_path):
    """The archive covers Packet; issue 3 does not mention it. No "Tell me when it's covered" for a
    topic the archive has, and no question kept for the editors."""
    with running_app(tmp_path / "bot.db") as app:
        reply = slash(app, "packet issue:3").json()
        assert "Nothing in issue 3. Outside that, 8 stories have it" in text_of(reply)
        assert ACTION_UNTIL_COVERED not in json.dumps(reply) and "does not cover" not in text_of(reply)
        assert "packet" not in text_of(slash(app, "following").json()).lower()
        empty = slash(app, "packet after:2017-05-01 before:2017-05-02").json()  # the range has no day
        assert "The range is empty" in text_of(empty) and ACTION_UNTIL_COVERED not in json.dumps(empty)
