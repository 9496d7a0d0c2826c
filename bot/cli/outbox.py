"""The editors' outbox on the command line, every choice its buttons offer: `announce`, `hold` and
`release` an issue; and `outbox list`, `newest-only`, `all`, `seen`, `post-it`, `already-out`,
`retry` for the announcements that wait for an editor (bot/outbox/editors.py does each)."""

from __future__ import annotations

from collections.abc import Callable

import click
from sqlite_utils import Database

from bot.cli.base import Context, cli, json_text, one_shot_logging, say
from bot.errors import ConfigError, WorksOnArmError
from bot.outbox import editors
from bot.publishers.destinations import NAMES


def _steer(obj: Context, word: str, issue: str, only: str | None = None, *, again: bool = False) -> None:
    from bot.app import courier_for
    from bot.archive.issues import find_issue

    destinations = list(courier_for(obj.settings).publishers)
    if only and only not in destinations:
        configured = ", ".join(destinations) or "none"
        raise ConfigError(f"{only} is not configured (configured: {configured}); see .env.sample")
    with obj.db() as db:
        if find_issue(db, issue) is None:
            raise WorksOnArmError(f"no issue “{issue[:100]}”: give its number or week, like 63 or 2019-W30")
        ref = f"{issue}{f' --only {only}' if only else ''}{' --again' if again else ''}"
        reply, count = editors.steer(db, word, ref, destinations, obj.now())
    say(reply)
    if word in ("announce", "release") and count:
        _deliver(obj)


def _deliver(obj: Context) -> None:
    """Send what the choice queued, now, and say what went out."""
    from bot.app import deliver_outbox

    one_shot_logging(obj.settings)
    sent = deliver_outbox(obj.settings)
    say(
        f"sent {', '.join(sent.sent) or 'nothing'}"
        + (f"; deferred {', '.join(sent.deferred)}" if sent.deferred else "")
    )


@cli.command("announce")
@click.argument("issue")
@click.option("--only", type=click.Choice(NAMES), help="Announce on this destination alone.")
@click.option("--again", is_flag=True, help="Post it once more where it is out already.")
@click.pass_obj
def announce_command(obj: Context, issue: str, only: str | None, again: bool) -> None:
    """Announce an issue (number or week) now, where it is not out yet (everywhere: --again)."""
    _steer(obj, "announce", issue, only, again=again)


@cli.command("hold")
@click.argument("issue")
@click.pass_obj
def hold_command(obj: Context, issue: str) -> None:
    """Keep an issue's waiting announcements from going out."""
    _steer(obj, "hold", issue)


@cli.command("release")
@click.argument("issue")
@click.pass_obj
def release_command(obj: Context, issue: str) -> None:
    """Let an issue's held announcements go out, now."""
    _steer(obj, "release", issue)


@cli.group("outbox")
def outbox_group() -> None:
    """The announcements that wait for an editor, and the editors' buttons about them."""


@outbox_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_obj
def outbox_list_command(obj: Context, as_json: bool) -> None:
    """Announcements held (a mass change), failed or in doubt, newest issue first, with their ids."""
    from bot.status import needing_decision

    with obj.db() as db:
        rows = needing_decision(db, limit=1000)
    if as_json:
        say(json_text(rows))
        return
    if not rows:
        say("Nothing waits for a decision.")
    for row in rows:
        said = f"#{row['id']} {row['week']} {row['destination']:<9} {row['status']:<8} {row['title']}"
        say(said + (f"\n    {' '.join(str(row['error']).split())[:200]}" if row["error"] else ""))


def _choose(obj: Context, choice: Callable[[Database], str], *, deliver: bool) -> None:
    """Make the choice, say its sentence; nothing to do is an error (exit 1)."""
    with obj.db() as db:
        said = choice(db)
    if said == editors.SETTLED:
        raise WorksOnArmError("nothing to do: no such delivery waits for that choice (see `outbox list`)")
    say(said)
    if deliver:
        _deliver(obj)


@outbox_group.command("newest-only")
@click.pass_obj
def newest_only_command(obj: Context) -> None:
    """The newest held issue is announced now, the others never ("Announce newest only")."""
    _choose(obj, lambda db: editors.announce_newest(db, obj.now()), deliver=True)


@outbox_group.command("all")
@click.pass_obj
def all_command(obj: Context) -> None:
    """Every held announcement goes out now ("Announce all")."""
    _choose(obj, lambda db: editors.announce_all(db, obj.now()), deliver=True)


@outbox_group.command("seen")
@click.pass_obj
def seen_command(obj: Context) -> None:
    """The held announcements never go out ("Mark all seen")."""
    _choose(obj, lambda db: editors.mark_seen(db, obj.now()), deliver=False)


DELIVERY = click.argument("delivery", type=click.IntRange(1, 2**62))


@outbox_group.command("post-it")
@DELIVERY
@click.pass_obj
def post_it_command(obj: Context, delivery: int) -> None:
    """A post in doubt did not go out: post it now ("Post it")."""
    _choose(obj, lambda db: editors.post_it(db, delivery, obj.now()), deliver=True)


@outbox_group.command("already-out")
@DELIVERY
@click.pass_obj
def already_out_command(obj: Context, delivery: int) -> None:
    """A post in doubt is out: never post it again ("It's already out")."""
    _choose(obj, lambda db: editors.already_out(db, delivery, obj.now()), deliver=False)


@outbox_group.command("retry")
@DELIVERY
@click.pass_obj
def retry_command(obj: Context, delivery: int) -> None:
    """A failed announcement is tried again now ("Try again now")."""
    _choose(obj, lambda db: editors.retry(db, delivery, obj.now()), deliver=True)
