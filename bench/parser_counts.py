"""Stories and links the parser finds in every corpus: markdown archives and feeds. Prints a table.

Run with `.venv/bin/python bench/parser_counts.py` (also part of `make bench`). Each file is parsed
on its own (no database), so the count is the parser's alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.announcements.feed import entry_issue, parse_feed  # noqa: E402
from bot.archive.files import find_issue_files  # noqa: E402
from bot.archive.newsletter import parse_issue  # noqa: E402
from bot.errors import NotAnIssue  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ARCHIVES = ["worksonarm-news", "devopsish", "this-week-in-rust", "hypriot-blog/content"]
FEEDS = ["hypriot-github-io/index.xml", "hypriot-blog/public/index.xml", "nixos-weekly/feeds/all.atom.xml",
         "nixos-weekly/feeds/all.rss.xml"]


def archive_counts(root: Path) -> tuple[int, int, int]:
    issues = stories = links = 0
    for path in find_issue_files([root]):
        try:
            issue = parse_issue(path.read_text(errors="replace"), file_name=path.name, path_hint=str(path))
        except NotAnIssue:
            continue
        issues += 1
        stories += len(issue.stories)
        links += len(issue.links)
    return issues, stories, links


def feed_counts(path: Path) -> tuple[int, int, int]:
    entries, _ = parse_feed(path.read_bytes(), str(path))
    issues = stories = links = 0
    for entry in entries:
        try:
            issue = entry_issue(entry)
        except NotAnIssue:
            continue
        issues += 1
        stories += len(issue.stories)
        links += len(issue.links)
    return issues, stories, links


def main() -> None:
    print(f"{'corpus':42} {'issues':>7} {'stories':>8} {'links':>7}")
    for name in ARCHIVES:
        print(f"{name:42} " + " ".join(f"{n:>7}" for n in archive_counts(CORPUS / name)))
    for name in FEEDS:
        print(f"{name + ' (feed)':42} " + " ".join(f"{n:>7}" for n in feed_counts(CORPUS / name)))


if __name__ == "__main__":
    main()
