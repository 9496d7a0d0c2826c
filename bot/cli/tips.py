"""Commands for the editors' tips: `tips list`, `export`, `accept` and `reject`."""

from __future__ import annotations

import click

from bot.cli.base import Context, cli, json_text, say
from bot.clock import utc_now
from bot.errors import WorksOnArmError
from bot.tips.draft import export_draft
from bot.tips.triage import STATUSES, list_tips, set_status


@cli.group("tips")
def tips_group() -> None:
    """Editor views of the tips for the next issue."""


@tips_group.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only tips in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of tips.")
@click.pass_obj
def tips_list_command(obj: Context, status: str | None, as_json: bool) -> None:
    """List the tips, newest first."""
    with obj.db() as db:
        tips = list_tips(db, status=status)
    if as_json:
        say(json_text(tips))
        return
    if not tips:
        say("No tips.")
    for tip in tips:
        flags = f" (duplicate of #{tip['duplicate_of']})" if tip["duplicate_of"] else ""
        if tip["covered"]:
            flags += f" (covered in {', '.join(tip['covered'])})"
        who = tip["user_name"] or tip["user_id"]
        say(f"#{tip['id']} {tip['created_at'][:10]} {tip['status']:<9} {who}{flags}")
        say(f"    {' '.join(tip['text'].split())[:200]}")


@tips_group.command("export")
@click.pass_obj
def tips_export_command(obj: Context) -> None:
    """Print a Hugo markdown draft of the next issue from the accepted tips."""
    with obj.db() as db:
        say(export_draft(db, utc_now().date()), nl=False)


def _triage(obj: Context, ids: tuple[int, ...], status: str) -> None:
    """Each tip that can be, is; then one line naming those that could not, and exit 1."""
    missing = []
    with obj.db() as db:
        for tip_id in ids:
            if set_status(db, tip_id, status):
                say(f"#{tip_id} {status}")
            else:
                missing.append(f"#{tip_id}")
    if missing:
        raise WorksOnArmError(f"no such tip, or already published: {', '.join(missing)}")


@tips_group.command("accept")
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(1, 2**62))
@click.pass_obj
def tips_accept_command(obj: Context, ids: tuple[int, ...]) -> None:
    """Accept tips for the next issue, as the Accept button does."""
    _triage(obj, ids, "accepted")


@tips_group.command("reject")
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(1, 2**62))
@click.pass_obj
def tips_reject_command(obj: Context, ids: tuple[int, ...]) -> None:
    """Reject tips, as the Reject button does."""
    _triage(obj, ids, "rejected")
