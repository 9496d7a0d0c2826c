"""Stories and links the parser finds in every corpus: markdown archives and feeds. Prints a table.

Run with `.venv/bin/python bench/parser_counts.py` (also part of `make bench`). Each file is parsed
on its own (no database), so the count is the parser's alone.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.announcements.feed import entry_issue, parse_feed
from bot.archive.files import find_issue_files
from bot.archive.newsletter import Issue, parse_issue
from bot.errors import NotAnIssue

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ARCHIVES = ["worksonarm-news", "devopsish", "this-week-in-rust", "hypriot-blog/content"]
FEEDS = [
    "hypriot-github-io/index.xml",
    "hypriot-blog/public/index.xml",
    "nixos-weekly/feeds/all.atom.xml",
    "nixos-weekly/feeds/all.rss.xml",
]


def counts(parsers: list[Callable[[], Issue]]) -> tuple[int, int, int]:
    """Issues, stories and links of the documents that are issues."""
    issues = stories = links = 0
    for parse in parsers:
        try:
            issue = parse()
        except NotAnIssue:
            continue
        issues += 1
        stories += len(issue.stories)
        links += len(issue.links)
    return issues, stories, links


def archive_counts(root: Path) -> tuple[int, int, int]:
    return counts(
        [
            functools.partial(parse_issue, p.read_text(errors="replace"), file_name=p.name, path_hint=str(p))
            for p in find_issue_files([root])
        ]
    )


def feed_counts(path: Path) -> tuple[int, int, int]:
    entries, _ = parse_feed(path.read_bytes(), str(path))
    return counts([functools.partial(entry_issue, entry) for entry in entries])


def main() -> None:
    print(f"{'corpus':42} {'issues':>7} {'stories':>8} {'links':>7}")
    for name in ARCHIVES:
        print(f"{name:42} " + " ".join(f"{n:>7}" for n in archive_counts(CORPUS / name)))
    for name in FEEDS:
        print(f"{name + ' (feed)':42} " + " ".join(f"{n:>7}" for n in feed_counts(CORPUS / name)))


if __name__ == "__main__":
    main()
