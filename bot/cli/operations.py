"""Commands for the operator: `poll`, `status`, `sync`, `manifest`, `backup`; and the runtime:
`serve`, `run`, `shell`. The editors' outbox commands are in outbox.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bot.cli.archive import index_command
from bot.cli.base import Context, cli, json_text, log_level, one_shot_logging, say
from bot.errors import WorksOnArmError
from bot.status import index_status, status_lines


@cli.command("poll")
@click.option("--feed", "feed_url", help="Feed URL (default: $WORKSONARM_FEED_URL).")
@click.pass_obj
def poll_command(obj: Context, feed_url: str | None) -> None:
    """One feed cycle: fetch, index new issues, announce, deliver pending posts."""
    from bot.app import run_poll

    settings = obj.settings
    if not (feed_url or settings.feed_url):
        raise click.UsageError("no feed: set WORKSONARM_FEED_URL or pass --feed URL")
    one_shot_logging(settings)
    report = run_poll(settings, feed_url)
    # One line per event: the log has said what failed; this is the summary.
    parts = ["304 not modified" if report.not_modified else f"{report.entries} entries"]
    if report.error:
        parts = [f"feed failed: {report.error}"]
    if report.baseline:
        parts.append(f"first poll: {len(report.new_issues)} issues indexed, none announced")
    elif not report.error:
        parts.append(f"{len(report.new_issues)} new ({', '.join(report.new_issues) or 'none'})")
    if report.refused:
        parts.append(f"refused {'; '.join(report.refused)}")
    if report.held:
        parts.append("held for the editors (mass change)")
    parts.append(f"sent {', '.join(report.sent) or 'nothing'}")
    if report.deferred:
        parts.append(f"deferred {', '.join(report.deferred)}")
    if settings.dry_run:
        parts.append("dry run: nothing sent")
    for title, why in report.skipped:  # the log is off for a one-shot command: say it here
        say(f"feed entry “{title}” skipped: {why}", err=True)
    if report.error:  # one line on stderr, what was delivered all the same included
        raise WorksOnArmError("; ".join(parts))
    say("; ".join(parts))


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status_command(obj: Context, as_json: bool) -> None:
    """The feed (last poll, ETag, failures), the deliveries, and the index size."""
    with obj.db() as db:
        status: dict[str, Any] = {"db": obj.db_path, **index_status(db, obj.settings.destinations)}
    if as_json:
        say(json_text(status))
        return
    for line in status_lines(status, obj.settings):
        say(line)


@cli.command("shell")
@click.option(
    "--editor", is_flag=True, help="Act as an editor: the tip queue, accept N / reject N, the draft."
)
@click.pass_obj
def shell_command(obj: Context, editor: bool) -> None:
    """A local console: `/worksonarm golang`, or a line to DM the bot. No Slack needed; it keeps
    its own database beside the bot's (worksonarm-console.db), with the shipped issues."""
    from bot.shell import EDITOR_WELCOME, WELCOME, open_console, run_shell, typed_lines

    interactive = sys.stdin.isatty()
    bot = open_console(obj.settings, editor=editor)
    if interactive:
        say(WELCOME + ("\n" + EDITOR_WELCOME if editor else ""))
    try:
        run_shell(bot, typed_lines() if interactive else sys.stdin, lambda text: say(text, nl=False))
    except KeyboardInterrupt:
        click.echo("")


@cli.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), help="HTTP port (default: $PORT or 3000).")
@click.option("--no-scheduler", is_flag=True, help="Do not poll the feed in this process.")
@click.pass_obj
def serve_command(obj: Context, host: str, port: int | None, no_scheduler: bool) -> None:
    """Run the Slack app: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set."""
    from bot.logs import configure_logging
    from bot.serving import serve

    settings = obj.settings
    configure_logging(settings.secrets, level=log_level())
    serve(settings, host, settings.port if port is None else port, poll=not no_scheduler)


@cli.command("run")
@click.pass_context
def run_command(ctx: click.Context) -> None:
    """Serve when Slack is configured (the shipped issues indexed first), else open the local
    console. Half a Slack setup is refused, naming what is missing."""
    from bot.app import require_slack, slack_wanted
    from bot.shell import console_db_path

    settings = ctx.obj.settings
    if not slack_wanted(settings):
        own = console_db_path(settings)
        say(f"No Slack credentials set (see .env.sample): starting the local shell, on {own}.", err=True)
        ctx.invoke(shell_command, editor=False)
        return
    require_slack(settings, "run")
    ctx.invoke(index_command, paths=())
    ctx.invoke(serve_command, host="0.0.0.0", port=None, no_scheduler=False)


@cli.command("manifest")
@click.option("--url", help="Public base URL for HTTP mode; without it, a Socket Mode manifest.")
@click.pass_obj
def manifest_command(obj: Context, url: str | None) -> None:
    """Print the Slack app manifest (YAML), with the unfurl domains of the configured newsletter:
    the issue URL template's host, the feed's, and those of the feed's issue links in the database."""
    from bot.manifest import build_manifest, unfurl_domains

    if url and not url.startswith("https://"):
        raise click.BadParameter("Slack needs an https:// URL", param_hint="--url")
    settings = obj.settings
    permalinks: list[str] = []
    if Path(settings.db_path).is_file():  # never create a database just to print a manifest
        with obj.db() as db:
            rows = db.query("select distinct permalink from issues where permalink > '' limit 100")
            permalinks = [r["permalink"] for r in rows]
    domains = unfurl_domains(settings.issue_url_template, settings.feed_url, permalinks)
    say(build_manifest(url, domains), nl=False)


@cli.command("sync")
@click.option(
    "--allow-removals", is_flag=True, help="Remove what the archive lost, even many issues (held otherwise)."
)
@click.pass_obj
def sync_command(obj: Context, allow_removals: bool) -> None:
    """Bring WORKSONARM_ARCHIVE up to date (git fetch, or re-read the folder) and index what changed.
    More than 3 issues gone at once (or over half the archive) stay until --allow-removals."""
    from bot.app import courier_for
    from bot.archive.sync import SyncError
    from bot.syncing import run_sync

    settings = obj.settings
    if not settings.archive:
        raise click.UsageError("no archive: set WORKSONARM_ARCHIVE to a folder or a git URL")
    one_shot_logging(settings)
    with obj.db():
        pass  # created and migrated
    try:
        synced = run_sync(settings, courier_for(settings), allow_removals=allow_removals)
    except SyncError as exc:  # one line on stderr; the log (--debug) has the rest
        raise WorksOnArmError(f"sync failed: {exc}") from exc
    assert synced is not None
    report = synced.report
    for path, reason in report.refused:
        say(f"refused {path}: {reason}", err=True)
    head = f" at {synced.head[:12]}" if synced.head else ""
    say(
        f"{synced.source}{head}: {len(report.indexed)} issues indexed ({len(report.new_issues)} new), "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, {len(report.refused)} refused, "
        f"{synced.pruned} removed"
    )
    if synced.held:
        say(
            f"held: the archive no longer has {len(synced.held)} issues ({', '.join(synced.held)}); "
            "they stay in the index until an editor confirms with `sync --allow-removals`"
        )


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup_command(obj: Context, path: Path) -> None:
    """Write a consistent copy of the database to PATH while the bot runs, and check it."""
    from bot.backup import backup_database

    size = backup_database(obj.db_path, path)
    say(f"backed up {obj.db_path} to {path} ({size / 1024 / 1024:.1f} MB), integrity check ok")
