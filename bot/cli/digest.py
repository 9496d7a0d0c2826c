"""`digest`: the editors' weekly note, now, for the operator (serve sends it on its own schedule)."""

from __future__ import annotations

import click

from bot.cli.base import Context, cli, one_shot_logging, say
from bot.clock import parse_weekly, parse_zone
from bot.errors import ConfigError


@cli.command("digest")
@click.option(
    "--dry-run", is_flag=True, help="Print this week's note as the editors would get it; send nothing."
)
@click.pass_obj
def digest_command(obj: Context, dry_run: bool) -> None:
    """The editors' weekly note for this week, now: one DM to each editor who has not had it this
    week (WORKSONARM_DIGEST sets when serve sends it; WORKSONARM_TIMEZONE whose week it is)."""
    from bot.app import courier_for, run_weekly_notes
    from bot.digest.note import gather_note
    from bot.outbox import store

    settings = obj.settings
    if dry_run:
        weekly = settings.weekly_note or parse_weekly("mon 09:00", parse_zone(settings.timezone))
        now = obj.now()
        with obj.db() as db:
            note = gather_note(db, weekly.week_of(now), now)
        to = ", ".join(settings.editors) or "no one (WORKSONARM_EDITORS is not set)"
        say(f"To {to}; dry run, not sent:\n")
        say(note.plain_text())
        return
    if settings.weekly_note is None:
        raise ConfigError("the weekly note is off (WORKSONARM_DIGEST=off); set a time like `mon 09:00`")
    if not settings.editors:
        raise ConfigError("the weekly note goes to the editors: set WORKSONARM_EDITORS")
    if not settings.slack_bot_token:
        raise ConfigError("the weekly note is a Slack DM: set SLACK_BOT_TOKEN")
    one_shot_logging(settings)
    done = run_weekly_notes(settings, courier_for(settings), at_once=True)
    with obj.db() as db:
        states = {e: store.by_key(db, store.digest_key(e, done.week)) for e in settings.editors}
    for editor, delivery in states.items():
        status = delivery.status if delivery else "not queued"
        when = "this run" if editor in done.queued else "before"
        shown = {"sent": "sent", "pending": "queued", "failed": "failed; serve tries again"}.get(
            status, status
        )
        say(f"weekly note {done.week} to {editor}: {shown} ({when})")
