"""The /worksonarm listener, called directly."""

from __future__ import annotations

import json
from dataclasses import replace
from unittest.mock import Mock

from handlers.commands.worksonarm import WorksonarmCommand
from tests.support import reply_of


def command(text: str, user: str = "U111", trigger: str = "t1") -> dict:
    return {"text": text, "user_id": user, "user_name": "ann", "channel_id": "C1", "trigger_id": trigger}


def test_search_answers_in_the_ack(services, log):
    ack = Mock()
    WorksonarmCommand(services).ack(ack=ack, command=command("golang"), logger=log)
    reply = reply_of(ack)
    assert reply["response_type"] == "ephemeral"
    assert "Golang 1.9 plan for ARM64 support" in json.dumps(reply["blocks"])


def test_share_in_channel_only_where_there_is_a_channel(services, log):
    in_channel, in_dm = Mock(), Mock()
    WorksonarmCommand(services).ack(ack=in_channel, command=command("golang"), logger=log)
    WorksonarmCommand(services).ack(ack=in_dm, command=command("golang") | {"channel_id": "D1"}, logger=log)
    assert "share_hit" in json.dumps(reply_of(in_channel)["blocks"])
    assert "share_hit" not in json.dumps(reply_of(in_dm)["blocks"])


def test_help_for_members_and_for_editors(services, log):
    member, editor = Mock(), Mock()
    listener = WorksonarmCommand(services)
    listener.ack(ack=member, command=command("help"), logger=log)
    listener.ack(ack=editor, command=command("help", user="UEDITOR"), logger=log)
    assert "tips export" not in json.dumps(reply_of(member)["blocks"])
    assert "tips export" in json.dumps(reply_of(editor)["blocks"])


def test_issue_without_a_number_explains_issue(services, log):
    ack = Mock()
    WorksonarmCommand(services).ack(ack=ack, command=command("issue"), logger=log)
    assert "shows one issue" in reply_of(ack)["text"]


def test_tip_is_saved_before_the_ack_and_finish_has_nothing_left(services, log):
    ack, respond = Mock(), Mock()
    listener = WorksonarmCommand(services)
    cmd = command("tip Ampere eMAG https://example.com/emag")
    listener.ack(ack=ack, command=cmd, logger=log)
    listener.finish(command=cmd, respond=respond, logger=log)
    assert "saved for the next issue" in reply_of(ack)["text"]
    respond.assert_not_called()


def test_a_failure_is_a_friendly_reply_never_a_traceback(services, log, tmp_path):
    gone = replace(services, settings=replace(services.settings, db_path=str(tmp_path / "gone" / "bot.db")))
    ack = Mock()
    WorksonarmCommand(gone).ack(ack=ack, command=command("golang"), logger=log)
    assert "Sorry" in reply_of(ack)["text"] and "gone" not in json.dumps(reply_of(ack))


def test_a_reply_slack_would_refuse_is_a_friendly_reply_too(services, log):
    """The blocks become Slack's JSON inside the guard: a limit overrun (a button's value too long)
    raised after it once, and the member got Slack's own failure notice instead of ours."""
    from slack_sdk.models.blocks import ActionsBlock, ButtonElement

    class Overrun(WorksonarmCommand):
        def route(self, text, command):
            return "x", [ActionsBlock(elements=[ButtonElement(text="x", action_id="a", value="v" * 2001)])]

    ack = Mock()
    Overrun(services).ack(ack=ack, command=command("golang"), logger=log)
    assert "Sorry" in reply_of(ack)["text"]


def test_a_search_that_starts_with_an_editors_word_is_a_search(services, log):
    """`release`, `hold` and `announce` take an issue: followed by anything else they are words to
    search for ("release notes for golang" was refused as an editors' command)."""
    listener = WorksonarmCommand(services)

    def reply(text: str, user: str = "U111") -> str:
        ack = Mock()
        listener.ack(ack=ack, command=command(text, user), logger=log)
        return json.dumps(reply_of(ack), ensure_ascii=False)

    for text in ("release notes for golang", "announce golang 1.9", "hold golang", "release"):
        assert "only the newsletter's editors" not in reply(text), text
    assert "Golang 1.9 plan for ARM64 support" in reply("release notes for golang")
    for text in ("release 2017-W19", "announce 3 --only slack", "hold #2", "release week 19, 2017 again"):
        assert "only the newsletter's editors" in reply(text), text
    assert "Which issue?" in reply("release", user="UEDITOR")
    assert "only the newsletter's editors" not in reply("release 2017-W19", user="UEDITOR")
    for text in ("release issue 3!", "hold #2.", "hold Issue 2", "announce 3?"):  # an issue as written
        steered = reply(text, user="UEDITOR")
        assert "Golang" not in steered and "I found no issue" not in steered
    assert "only the newsletter's editors" not in reply("release ٣")  # no issue in another script's digits
