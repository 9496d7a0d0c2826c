"""The `worksonarm-bot` command line. Core errors become one line on stderr and an exit code."""

from __future__ import annotations

import json
import re
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from bot.archive.files import SHIPPED_ISSUES, find_issue_files, index_files
from bot.archive.issues import refresh_issue_urls
from bot.archive.search import SearchResult, search_stories
from bot.config import Settings, load_settings
from bot.db import open_db
from bot.errors import ConfigError, WorksOnArmError
from bot.status import index_status
from bot.tips.draft import export_draft
from bot.tips.triage import STATUSES, list_tips

# Terminal control: C0 (but newline and tab), DEL and C1. User text must not retitle or rewrite
# an editor's terminal, even through a pipe.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print, with terminal control characters removed."""
    click.echo(_CONTROL.sub("", text), err=err, nl=nl)


def json_text(data: Any) -> str:
    """JSON for a terminal: readable Unicode, but control characters escaped, never raw."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Context:
    def __init__(self, db_override: str | None) -> None:
        self._db_override = db_override
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def db_path(self) -> str:
        return self._db_override or self.settings.db_path

    @contextmanager
    def db(self) -> Iterator[Database]:
        """The database, its issue URLs current with WORKSONARM_ISSUE_URL."""
        with open_db(self.db_path) as db:
            refresh_issue_urls(db, self.settings.issue_url_template)
            yield db


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", metavar="PATH", help="SQLite file (default: $WORKSONARM_DB).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, debug: bool) -> None:
    """worksonarm-bot: search, tips and announcements for Works on Arm News."""
    ctx.obj = _Context(db_path)


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def index_command(obj: _Context, paths: tuple[Path, ...]) -> None:
    """Index markdown issue files or folders (default: the shipped data/issues)."""
    try:
        files = find_issue_files(paths or [SHIPPED_ISSUES])
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    from bot.app import after_index

    started = time.monotonic()
    template = obj.settings.issue_url_template
    with obj.db() as db:
        if sys.stderr.isatty() and len(files) > 20:
            with click.progressbar(length=len(files), label="Indexing", file=sys.stderr) as bar:
                report = index_files(
                    db, files, progress=lambda _path: bar.update(1), issue_url_template=template
                )
        else:  # no bar in pipes, logs and CI
            report = index_files(db, files, issue_url_template=template)
        published = after_index(db, report.changed)
    elapsed = time.monotonic() - started
    for path, reason in report.skipped:
        say(f"skipped {path}: {reason}", err=True)
    for path, reason in report.failed:
        say(f"failed {path}: {reason}", err=True)
    say(
        f"{len(report.indexed)} issues indexed ({len(report.new_issues)} new), "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, {len(report.failed)} failed; "
        f"{report.stories} stories, {report.links} links from {report.files} files in {elapsed:.2f}s"
    )
    if published:
        say(f"{len(published)} tips published in these issues", err=True)
    _deliver_messages(obj)
    if report.failed:
        sys.exit(1)


def _deliver_messages(obj: _Context) -> None:
    """Send what the outbox holds (the thank-you DMs of published tips), when Slack is configured."""
    settings = _with_db(obj)
    if not settings.slack_bot_token:
        return
    from bot.app import courier_for, deliver_outbox

    courier = courier_for(settings)
    courier.publishers.clear()  # `index` never announces: that is the feed's job
    deliver_outbox(settings, courier)


@cli.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--offset", default=0, type=click.IntRange(0, None), help="Skip this many hits.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.pass_obj
def search_command(obj: _Context, query: tuple[str, ...], limit: int, offset: int, as_json: bool) -> None:
    """Search every indexed issue, as the slash command does."""
    with obj.db() as db:
        result = search_stories(db, " ".join(query), limit=limit, offset=offset)
    if as_json:
        say(json_text([hit.to_json() for hit in result.hits]))
    else:
        say(format_result(result))


def format_result(result: SearchResult) -> str:
    """Search results as plain text for a terminal."""
    lines: list[str] = [f"note: {note}" for note in result.query.notes]
    if not result.hits:
        lines.append("No stories found.")
        if result.suggestions:
            lines.append("Did you mean: " + ", ".join(result.suggestions) + "?")
        return "\n".join(lines)
    first = result.offset + 1
    lines.append(f"Stories {first}-{result.offset + len(result.hits)} of {result.total}:")
    for n, hit in enumerate(result.hits, start=first):
        lines.append("")
        lines.append(f"{n}. {hit.section}")
        lines.append(f"   {hit.title} ({hit.issue}, {hit.date})")
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
        lines += [f"   - {link['text']}: {link['url']}" for link in hit.links[:3]]
        if hit.url:
            lines.append(f"   {hit.url}")
    return "\n".join(lines)


@cli.command("poll")
@click.option("--feed", "feed_url", help="Feed URL (default: $WORKSONARM_FEED_URL).")
@click.pass_obj
def poll_command(obj: _Context, feed_url: str | None) -> None:
    """One feed cycle: fetch, index new issues, announce, deliver pending posts."""
    from bot.app import run_poll
    from bot.logs import configure_logging

    settings = _with_db(obj)
    if not (feed_url or settings.feed_url):
        raise click.UsageError("no feed: set WORKSONARM_FEED_URL or pass --feed URL")
    configure_logging(settings.secrets, level=_level())
    report = run_poll(settings, feed_url)
    if report.error:
        say(f"worksonarm-bot: feed failed: {report.error}", err=True)
    parts = ["304 not modified" if report.not_modified else f"{report.entries} entries"]
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


@cli.group("tips")
def tips_group() -> None:
    """Editor views of the tips for the next issue."""


@tips_group.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only tips in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of tips.")
@click.pass_obj
def tips_list_command(obj: _Context, status: str | None, as_json: bool) -> None:
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
def tips_export_command(obj: _Context) -> None:
    """Print a Hugo markdown draft of the next issue from the accepted tips."""
    with obj.db() as db:
        say(export_draft(db, datetime.now(UTC).date()), nl=False)


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_obj
def status_command(obj: _Context, as_json: bool) -> None:
    """The feed (last poll, ETag, failures), the deliveries, and the index size."""
    with obj.db() as db:
        status: dict[str, Any] = {"db": obj.db_path, **index_status(db)}
    if as_json:
        say(json_text(status))
        return
    for key, value in status.items():
        say(f"{key.replace('_', ' ')}: {value}")


@cli.command("shell")
@click.pass_obj
def shell_command(obj: _Context) -> None:
    """A local console: `/worksonarm golang`, or a line to DM the bot. No Slack needed."""
    from bot.shell import WELCOME, console, run_shell

    settings = _with_db(obj)
    interactive = sys.stdin.isatty()
    if interactive:
        say(WELCOME)
    with obj.db():
        pass  # created and migrated, its URLs current
    try:
        run_shell(console(settings), _input_lines(interactive), lambda text: say(text, nl=False))
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
def serve_command(obj: _Context, host: str, port: int | None, no_scheduler: bool) -> None:
    """Run the Slack app: HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set."""
    from bot.logs import configure_logging
    from bot.serving import serve

    settings = _with_db(obj)
    configure_logging(settings.secrets, level=_level())
    serve(settings, host, settings.port if port is None else port, poll=not no_scheduler)


@cli.command("run")
@click.pass_context
def run_command(ctx: click.Context) -> None:
    """Index the shipped issues, then serve when Slack is configured, else open the shell."""
    from bot.app import missing_slack_settings

    ctx.invoke(index_command, paths=())
    settings = _with_db(ctx.obj)
    if missing_slack_settings(settings):
        click.echo("No Slack credentials set (see .env.sample): starting the local shell.", err=True)
        ctx.invoke(shell_command)
    else:
        ctx.invoke(serve_command, host="0.0.0.0", port=None, no_scheduler=False)


@cli.command("manifest")
@click.option("--url", help="Public base URL for HTTP mode; without it, a Socket Mode manifest.")
def manifest_command(url: str | None) -> None:
    """Print the Slack app manifest (YAML)."""
    from bot.manifest import build_manifest

    if url and not url.startswith("https://"):
        raise click.BadParameter("Slack needs an https:// URL", param_hint="--url")
    say(build_manifest(url), nl=False)


def _level() -> int:
    import logging

    return logging.DEBUG if click.get_current_context().find_root().params.get("debug") else logging.INFO


def _with_db(obj: _Context) -> Settings:
    """The settings, with --db taking the place of WORKSONARM_DB."""
    return replace(obj.settings, db_path=obj.db_path)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into a one-line message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="worksonarm-bot", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else 1)
    except click.exceptions.Abort:
        click.echo("worksonarm-bot: aborted", err=True)
        sys.exit(1)
    except ConfigError as exc:
        _fail(f"configuration error: {exc}", 2, debug)
    except WorksOnArmError as exc:
        _fail(str(exc), 1, debug)
    except Exception as exc:
        _fail(f"{type(exc).__name__}: {exc}", 1, debug)
    sys.exit(0)


def _fail(message: str, code: int, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    say(f"worksonarm-bot: {message}", err=True)
    sys.exit(code)
