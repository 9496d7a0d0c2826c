"""What readers asked and the archive did not answer, on the command line: `questions [--json]`
lists it as the editors' App Home does, and `questions close ID --issue W` / `--wont` decides, with
the outcomes of the buttons (bot/questions/decisions.py does both)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from bot.cli.base import Context, cli, json_text, say
from bot.clock import iso
from bot.questions.gaps import Gap, top_unanswered


def gaps_json(gap: Gap) -> dict[str, Any]:
    """One row of `questions --json` (DESIGN.md)."""
    return {
        "id": gap.id,
        "text": gap.text,
        "asked": gap.asked,
        "waiting": gap.waiting,
        "first_asked": gap.first_asked,
        "last_asked": gap.last_asked,
        "phrasings": list(gap.phrasings),
    }


@cli.group("questions", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def questions_group(ctx: click.Context, as_json: bool) -> None:
    """What readers asked and didn't find, grouped, most asked first, with their ids."""
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    since = iso(obj.now() - dt.timedelta(days=obj.settings.question_days))
    with obj.db() as db:
        gaps = top_unanswered(db, since=since, limit=0, include_waiting=True)
    if as_json:
        say(json_text([gaps_json(gap) for gap in gaps]))
        return
    if not gaps:
        say("Nothing waits: every recent search found something, and no question is open.")
    for gap in gaps:
        say(
            f"#{gap.id} {gap.text[:100]}  (asked {gap.asked}, {gap.waiting} waiting, "
            f"first {gap.first_asked[:10]}, last {gap.last_asked[:10]})"
        )


@questions_group.command("close")
@click.argument("topic", metavar="ID", type=click.IntRange(1, 2**62))
@click.option("--issue", metavar="W", help="The issue (number or week) that covers it: the waiting are told.")
@click.option("--wont", is_flag=True, help="It will not be covered: the waiting are told politely.")
@click.pass_obj
def close_command(obj: Context, topic: int, issue: str | None, wont: bool) -> None:
    """Close a question of `questions` by its id: covered in an issue, or won't cover."""
    from bot.app import deliver_outbox
    from bot.questions.decisions import UnknownTopic, covered, wont_cover

    if bool(issue) == wont:
        raise click.UsageError("give --issue W (the issue that covers it) or --wont, one of them")
    try:
        with obj.db() as db:
            said = wont_cover(db, topic, obj.now()) if wont else covered(db, topic, str(issue), obj.now())
    except UnknownTopic as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from exc
    say(said)
    sent = deliver_outbox(obj.settings)
    if sent.sent or sent.deferred:
        say(f"sent {len(sent.sent)}" + (f"; deferred {len(sent.deferred)}" if sent.deferred else ""))
