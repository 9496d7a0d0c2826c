"""Commands for the operator and the outbox: `poll`, `status`, `announce`, `hold`, `release`,
`manifest`; and the runtime: `serve`, `run`, `shell`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from bot.cli.archive import index_command
from bot.cli.base import Context, cli, json_text, log_level, say
from bot.status import index_status


@cli.command("poll")
@click.option("--feed", "feed_url", help="Feed URL (default: $WORKSONARM_FEED_URL).")
@click.pass_obj
def poll_command(obj: Context, feed_url: str | None) -> None:
    """One feed cycle: fetch, index new issues, announce, deliver pending posts."""
    from bot.app import run_poll
    from bot.logs import configure_logging

    settings = obj.settings
    if not (feed_url or settings.feed_url):
        raise click.UsageError("no feed: set WORKSONARM_FEED_URL or pass --feed URL")
    configure_logging(settings.secrets, level=log_level())
    report = run_poll(settings, feed_url)
    # One line per event: the log has said what failed; this is the summary.
    parts = ["304 not modified" if report.not_modified else f"{report.entries} entries"]
    if report.error:
        parts = [f"feed failed: {report.error}"]
    if report.baseline:
        parts.append(f"first poll: {len(report.new_issues)} issues indexed, none announced")
    else:
        parts.append(f"{len(report.new_issues)} new ({', '.join(report.new_issues) or 'none'})")
    if report.held:
        parts.append("held for the editors (mass change)")
    parts.append(f"sent {', '.join(report.sent) or 'nothing'}")
    if report.deferred:
        parts.append(f"deferred {', '.join(report.deferred)}")
    if settings.dry_run:
        parts.append("dry run: nothing sent")
    say("; ".join(parts))
    if report.error:
        sys.exit(1)


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
    for key, value in status.items():
        say(f"{key.replace('_', ' ')}: {value}")


@cli.command("shell")
@click.option(
    "--editor", is_flag=True, help="Act as an editor: the tip queue, accept N / reject N, the draft."
)
@click.pass_obj
def shell_command(obj: Context, editor: bool) -> None:
    """A local console: `/worksonarm golang`, or a line to DM the bot. No Slack needed."""
    from bot.shell import EDITOR_WELCOME, WELCOME, console, run_shell

    settings = obj.settings
    interactive = sys.stdin.isatty()
    if interactive:
        say(WELCOME + ("\n" + EDITOR_WELCOME if editor else ""))
    with obj.db():
        pass  # created and migrated, its URLs current
    try:
        run_shell(
            console(settings, editor=editor), _input_lines(interactive), lambda text: say(text, nl=False)
        )
    except KeyboardInterrupt:
        click.echo("")


def _input_lines(interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from sys.stdin
        return
    while True:
        try:
            yield input("> ")
        except EOFError:
            click.echo("")
            return


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
    """Index the shipped issues, then serve when Slack is configured, else open the shell."""
    from bot.app import missing_slack_settings

    ctx.invoke(index_command, paths=())
    settings = ctx.obj.settings
    if missing_slack_settings(settings):
        say("No Slack credentials set (see .env.sample): starting the local shell.", err=True)
        ctx.invoke(shell_command, editor=False)
    else:
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


def _steer(obj: Context, word: str, ref: str) -> None:
    from bot.announcements.steering import steer
    from bot.app import courier_for, deliver_outbox

    settings = obj.settings
    courier = courier_for(settings)
    with obj.db() as db:
        reply, count = steer(db, word, ref, list(courier.publishers), courier.now())
    say(reply)
    if word in ("announce", "release") and count:
        from bot.logs import configure_logging

        configure_logging(settings.secrets, level=log_level())
        sent = deliver_outbox(settings, courier)
        say(
            f"sent {', '.join(sent.sent) or 'nothing'}"
            + (f"; deferred {', '.join(sent.deferred)}" if sent.deferred else "")
        )


@cli.command("announce")
@click.argument("issue")
@click.option(
    "--only",
    type=click.Choice(["slack", "x", "mastodon", "bluesky"]),
    help="Announce on this destination alone.",
)
@click.option("--again", is_flag=True, help="Post it once more where it is out already.")
@click.pass_obj
def announce_command(obj: Context, issue: str, only: str | None, again: bool) -> None:
    """Announce an issue (number or week) now, where it is not out yet (everywhere: --again)."""
    _steer(obj, "announce", f"{issue}{f' --only {only}' if only else ''}{' --again' if again else ''}")


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


@cli.command("sync")
@click.pass_obj
def sync_command(obj: Context) -> None:
    """Bring WORKSONARM_ARCHIVE up to date (git fetch, or re-read the folder) and index what changed."""
    from bot.archive.sync import SyncError
    from bot.logs import configure_logging
    from bot.syncing import run_sync

    settings = obj.settings
    if not settings.archive:
        raise click.UsageError("no archive: set WORKSONARM_ARCHIVE to a folder or a git URL")
    configure_logging(settings.secrets, level=log_level())
    with obj.db():
        pass  # created and migrated
    try:
        synced = run_sync(settings)
    except SyncError as exc:
        say(f"sync failed: {exc}")
        sys.exit(1)
    assert synced is not None
    report = synced.report
    head = f" at {synced.head[:12]}" if synced.head else ""
    say(
        f"{synced.source}{head}: {len(report.indexed)} issues indexed ({len(report.new_issues)} new), "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, {synced.pruned} removed"
    )


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup_command(obj: Context, path: Path) -> None:
    """Write a consistent copy of the database to PATH while the bot runs, and check it."""
    from bot.backup import backup_database

    size = backup_database(obj.db_path, path)
    say(f"backed up {obj.db_path} to {path} ({size / 1024 / 1024:.1f} MB), integrity check ok")
