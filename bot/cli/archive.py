"""Commands for the archive: `index` files, `search` them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from sqlite_utils import Database

from bot.archive.search import SearchResult, search_stories
from bot.cli.base import Context, cli, json_text, say


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def index_command(obj: Context, paths: tuple[Path, ...]) -> None:
    """Index markdown issue files or folders (default: the shipped data/issues)."""
    from bot.archive.files import SHIPPED_ISSUES, find_issue_files, index_files

    refused: list[tuple[str, str]] = []
    try:
        files = find_issue_files(paths or [SHIPPED_ISSUES], refused)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from exc
    from bot.indexed import after_index

    started = time.monotonic()
    template = obj.settings.issue_url_template
    with obj.db() as db:
        if sys.stderr.isatty() and len(files) > 20:
            with click.progressbar(length=len(files), label="Indexing", file=sys.stderr) as bar:
                report = index_files(
                    db, files, lambda _path: bar.update(1), issue_url_template=template, refused=refused
                )
        else:  # no bar in pipes, logs and CI
            report = index_files(db, files, issue_url_template=template, refused=refused)
        embedded = _embed(db)
        published = after_index(db, report.changed)
    elapsed = time.monotonic() - started
    for path, reason in report.skipped:
        say(f"skipped {path}: {reason}", err=True)
    for path, reason in report.refused:
        say(f"refused {path}: {reason}", err=True)
    for path, reason in report.failed:
        say(f"failed {path}: {reason}", err=True)
    say(
        f"{len(report.indexed)} issues indexed ({len(report.new_issues)} new), "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, {len(report.refused)} refused, "
        f"{len(report.failed)} failed; "
        f"{report.stories} stories, {report.links} links from {report.files} files in {elapsed:.2f}s"
    )
    if embedded:
        say(f"{embedded} stories embedded for the semantic search", err=True)
    if published:
        say(f"{len(published)} tips published in these issues", err=True)
    _deliver_messages(obj)
    if report.failed:
        sys.exit(1)


def _deliver_messages(obj: Context) -> None:
    """Send what the outbox holds (the thank-you DMs of published tips), when Slack is configured."""
    settings = obj.settings
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
@click.option("--exact", is_flag=True, help="Every word as typed: no typo fixes, nothing dropped.")
@click.pass_obj
def search_command(
    obj: Context, query: tuple[str, ...], limit: int, offset: int, as_json: bool, exact: bool
) -> None:
    """Search every indexed issue, as the slash command does."""
    started = time.perf_counter()
    with obj.db() as db:
        result = search_stories(db, " ".join(query), limit=limit, offset=min(offset, 10_000), exact=exact)
    # A command's process ends before any scrape: the histogram counts where one is kept (the
    # shell, tests), and a cold `search` never imports prometheus for nothing (issue 20).
    if (metrics := sys.modules.get("bot.metrics")) is not None:
        metrics.SEARCHES.labels("cli").observe(time.perf_counter() - started)
    if as_json:
        say(json_text([hit.to_json() for hit in result.hits]))
    else:
        say(format_result(result))


def format_result(result: SearchResult) -> str:
    """Search results as plain text for a terminal."""
    lines: list[str] = [f"note: {note}" for note in result.query.notes]
    if not result.hits:
        lines.append("No stories found." + (f" {result.explanation}" if result.explanation else ""))
        return "\n".join(lines)
    first = result.offset + 1
    if result.searched_for:
        lines.append(
            f"Showing results for {result.searched_for} (nothing has the words as typed; --exact for them)."
        )
    lines.append(f"Stories {first}-{result.offset + len(result.hits)} of {result.total_text}:")
    for n, hit in enumerate(result.hits, start=first):
        lines.append("")
        found_for = f"  [for {hit.searched_for}]" if hit.searched_for and not result.searched_for else ""
        lines.append(f"{n}. {hit.section}{found_for}")
        lines.append(f"   {hit.title} ({hit.issue}, {hit.date})")
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
        lines += [f"   - {link['text']}: {link['url']}" for link in hit.links[:3]]
        if hit.url:
            lines.append(f"   {hit.url}")
    return "\n".join(lines)


def _embed(db: Database) -> int:
    """The semantic channel's vectors for the stories that lack one, with a bar on a terminal."""
    from bot.archive.semantic import embed_missing

    if not sys.stderr.isatty():
        return embed_missing(db)
    with click.progressbar(length=1, label="Embedding", file=sys.stderr) as bar:

        def moved(done: int, todo: int) -> None:
            bar.length = todo
            bar.update(done - bar.pos)

        return embed_missing(db, progress=moved)
