"""Pathological archive files and feed entries (issue 19): each one's size, time and peak memory.

Run with `.venv/bin/python bench/pathological.py` (also part of `make bench`). Every input is read
the way the bot reads it: an archive file through the archive reader and parser (`index` of one
file into a fresh database), a feed entry through the feed's parser. Each runs in a process of
its own, so its peak RSS is its own; a run that takes longer than the time limit is stopped and
printed as such. `--scale 10` makes every input ten times larger: compare the two runs for a
cost that grows faster than the input. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: Works on Arm News 2019-W02\n---\n\n### A story\n\nWords about arm64.\n\n"


def _rows(n: int) -> str:
    return "| a | b |\n|---|---|\n" + "| x | y |\n" * n


def _links(n: int) -> str:
    return "".join(f"* [link {i}](https://example.com/{i})\n" for i in range(n))


def _headings_with_definitions(n: int) -> str:
    return "".join(f"### Heading {i}\n\nSee [r{i}].\n\n[r{i}]: https://example.com/{i}\n\n" for i in range(n))


def _subheadings(n: int) -> str:
    stories = "".join(f"## Story {i}\n\nWords about arm64.\n\n" for i in range(10))
    return stories + "".join(f"#### [Part {i}](https://e.com/{i})\n\n" for i in range(n))


def _yaml_aliases(n: int) -> str:
    """Billion laughs: each level a list of n aliases to the level below."""
    levels = ['a0: &a0 ["lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * n)}]" for i in range(1, 9)]
    return "---\ntitle: Works on Arm News 2019-W02\n" + "\n".join(levels) + "\n---\n\n### S\n\nWords.\n"


# name -> (kind, builder of the text at size n, the issue's n)
CASES: dict[str, tuple[str, Callable[[int], str], int]] = {
    "feed title of {n} unclosed {{{{<": ("title", lambda n: "{{<" * n, 60_000),
    "archive file of {n} unclosed {{{{<": ("file", lambda n: FRONT + "{{<" * n, 60_000),
    "archive file, compressible, {n} KB": (
        "file",
        lambda n: FRONT + ("arm64 servers " * 73 + "\n") * n,
        51_200,
    ),
    "table of {n} rows": ("file", lambda n: FRONT + _rows(n), 100_000),
    "{n} links": ("file", lambda n: FRONT + _links(n), 100_000),
    "{n} headings with definitions": ("file", lambda n: FRONT + _headings_with_definitions(n), 8_000),
    "{n} unclosed <!-- (markdown)": ("file", lambda n: FRONT + "<!--" * n, 100_000),
    "{n} unclosed <!-- (feed entry)": ("html", lambda n: "<p>Words about arm64.</p>" + "<!--" * n, 100_000),
    "{n} unclosed <![CDATA[ (feed entry)": ("html", lambda n: "<p>Words.</p>" + "<![CDATA[" * n, 40_000),
    "{n} unclosed </ (feed entry)": ("html", lambda n: "<p>Words.</p>" + "</" * n, 100_000),
    "{n} unclosed <a b=' (feed entry)": ("html", lambda n: "<p>Words.</p>" + "<a b='" * n, 40_000),
    "{n} [a](http:// in raw HTML": ("file", lambda n: FRONT + "<div>" + "[a](http://x" * n, 20_000),
    "{n} <http:// (markdown)": ("file", lambda n: FRONT + "<http://" * n, 30_000),
    "{n} subheadings under one story": ("file", lambda n: FRONT + _subheadings(n), 7_000),
    "YAML front matter, 9 levels of {n} aliases": ("file", _yaml_aliases, 9),
}


def measure_one(kind: str, path: Path) -> None:
    """In the child: read the input at `path` as the bot would (an archive file is indexed where it
    lies, read by the bot alone), print seconds, peak memory and the outcome as JSON."""
    started = time.perf_counter()
    if kind == "file":
        from bot.archive.files import find_issue_files, index_files
        from bot.db import open_db
        from bot.schema import migrations

        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            with open_db(Path(tmp) / "bench.db", migrations=migrations) as db:
                report = index_files(db, find_issue_files([path]), source="archive")
            refused = getattr(report, "refused", [])  # an older report (a run before the cap) has none
            outcome = _outcome(report.indexed, refused + report.skipped + report.failed)
    else:
        import datetime as dt

        from bot.announcements.feed import FeedEntry, entry_issue
        from bot.errors import NotAnIssue

        text = path.read_text()
        title, html = (text, "<p>Words.</p>") if kind == "title" else ("Works on Arm 2019-W02", text)
        entry = FeedEntry(title, "https://example.com/w02", "w02", dt.date(2019, 1, 11), html)
        started = time.perf_counter()
        try:
            issue = entry_issue(entry)
            outcome = f"an issue of {len(issue.stories)} stories"
        except NotAnIssue as exc:
            outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    peak = _peak_kb()
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "outcome": outcome[:100]}))


def _peak_kb() -> int:
    """This process's peak resident memory. Not getrusage: its ru_maxrss survives exec, so a
    child started by a parent holding a 50 MB text would report the parent's peak."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def _outcome(indexed: list[str], refused: list[tuple[str, str]]) -> str:
    return f"indexed {len(indexed)}" + "".join(f"; {reason}" for _, reason in refused[:1])


def under_cap(build: Callable[[int], str], n: int) -> int:
    """n scaled down until the text is under the archive's cap of 256 KB."""
    while n > 1 and len(build(n).encode()) > 250 * 1024:
        n = n * 250 * 1024 // len(build(n).encode()) if n > 20 else n - 1
    return n


def run_case(name: str, scale: int, limit: float, cap: bool) -> None:
    kind, build, n = CASES[name]
    n = under_cap(build, n) if cap else n * scale
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2019-W02.md"
        path.write_text(build(n))
        size = path.stat().st_size
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--child", kind, str(path)],
                cwd=ROOT, capture_output=True, text=True, timeout=limit,
            )  # fmt: skip
            if child.returncode:
                result = f"crashed: {child.stderr.strip().splitlines()[-1:]}"
            else:
                done = json.loads(child.stdout.strip().splitlines()[-1])
                rss = f"{done['peak_kb'] / 1024:.0f} MB"
                result = f"{done['seconds']:9.2f} s  {rss:>10}  {done['outcome']}"
        except subprocess.TimeoutExpired:
            result = f"  > {limit:.0f} s (stopped)"
    print(f"{name.format(n=n):<48} {size / 1024:>10.0f} KB  {result}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply every input's size by this")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a run is stopped")
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--under-cap", action="store_true", help="every input just under the 256 KB cap")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        measure_one(args.child[0], Path(args.child[1]))
        return
    print(f"{'input':<48} {'size':>13}  {'time':>11}  {'peak RSS':>10}  outcome")
    for name in CASES:
        if not args.only or args.only in name:
            run_case(name, args.scale, args.limit, args.under_cap)


if __name__ == "__main__":
    main()
