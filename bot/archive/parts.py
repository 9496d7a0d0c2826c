"""An issue written in several files of its own folder (DevOps'ish: `250/newsletter.md`, its
`notes.md` and `events.md`): the files are parts of one issue, saved together as that issue.

- A file with no identity of its own (no date, week or number: `notes.md`) in the folder of
  exactly one issue is a part of that issue, and takes its identity (one numbered issue whose
  files fall in two weeks, DevOps'ish 157, is one issue).
- A file of the same issue (the same number and week) in the same folder is a part too; the same
  issue in another folder is another copy of it (the fuller one wins, see files.py).
- When any part changes, every part of its folder is read again: an issue is saved whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bot.archive.newsletter import Issue, parse_issue
from bot.errors import NotAnIssue


@dataclass
class Parsed:
    """A file read and parsed: where it is, its digest, and its issue."""

    path: str
    sha256: str
    issue: Issue
    adopted: bool = False  # a file without identity of its own, taking its folder's issue's

    def part_of(self, best: Parsed) -> bool:
        """Whether this file is a part of best's issue: in its folder, and of its number or adopted."""
        same_number = self.issue.number is not None and self.issue.number == best.issue.number
        return folder_of(self.path) == folder_of(best.path) and (same_number or self.adopted)


def fullness(parsed: Parsed) -> tuple[int, int]:
    return (len(parsed.issue.stories), sum(len(s.body) for s in parsed.issue.stories))


PART_OF = "part of issue"  # the reason recorded for a part's file (sources.reason)
NO_IDENTITY = "no week id"  # how the parser says a file has no identity of its own


def folder_of(path: str) -> str:
    return str(Path(path).parent)


def folders_with_parts(db: Database) -> set[str]:
    """The folders whose issue was saved from several files, by what the index recorded."""
    rows = db.query("select path from sources where reason like ?", [f"{PART_OF}%"])
    return {folder_of(row["path"]) for row in rows}


def adopt(text: str, path: str, issues: list[Issue]) -> Issue | None:
    """A file without identity as a part of the one issue of its folder, or None (no issue there,
    or several: then whose part it is cannot be told)."""
    owners = {(i.publication, i.week, i.number, i.slot): i for i in issues}  # newsletter.md, events.md
    numbers = {(i.publication, i.number) for i in issues}
    if len(owners) > 1 and len(numbers) == 1 and next(iter(numbers))[1] is not None:
        # One numbered issue in files of two weeks (DevOps'ish 157): one_week_per_issue joins them,
        # and this part with them.
        owners = dict([next(iter(owners.items()))])
    if len(owners) != 1:
        return None
    owner = next(iter(owners.values()))
    meta = {"title": owner.title, "date": owner.date, "number": str(owner.number or "")}
    try:
        part = parse_issue(text, file_name=Path(path).name, path_hint=path, meta=meta)
    except NotAnIssue:
        return None
    part.publication, part.week, part.number, part.slot = (
        owner.publication,
        owner.week,
        owner.number,
        owner.slot,
    )
    return part


def one_week_per_issue(parsed: dict[tuple[str, str], list[Parsed]]) -> dict[tuple[str, str], list[Parsed]]:
    """Files of one numbered issue in one folder dated in two weeks (DevOps'ish 157: re:Invent on the
    Sunday, the newsletter on the Monday) are parts of that issue: all go to its fullest file's week."""
    issues: dict[tuple[str, str, int], list[Parsed]] = {}
    for files in parsed.values():
        for p in files:
            if p.issue.number is not None:
                issues.setdefault((folder_of(p.path), p.issue.publication, p.issue.number), []).append(p)
    for files in issues.values():
        weeks = {p.issue.week for p in files}
        if len(weeks) < 2:
            continue
        week = max(files, key=fullness).issue.week
        for p in files:
            if p.issue.week != week:
                parsed[(p.issue.publication, p.issue.week)].remove(p)
                p.issue.week, p.issue.date = week, next(f.issue.date for f in files if f.issue.week == week)
                parsed[(p.issue.publication, week)].append(p)
    return {key: files for key, files in parsed.items() if files}
