"""Reading issue files: the bytes of one regular file of bounded size (never through a link), and
their parse, on every core when there is a whole archive to read."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bot.archive.newsletter import MAX_ISSUE_BYTES, Issue, parse_issue, refuse_if_too_large
from bot.errors import NotAnIssue, Refused

PARALLEL_FROM = 200  # files to parse; below it, starting the workers costs more than it saves


def read_issue_file(path: Path) -> bytes:
    """The bytes of one regular file of at most MAX_ISSUE_BYTES. Raises Refused for a symbolic link
    (never followed: a link to /proc/self/environ would publish the bot's secrets), a pipe, a
    device, or a larger file. Raises OSError when unreadable."""
    # O_NONBLOCK: opening a pipe must not wait for a writer; O_NOFOLLOW: the last part is no link.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise Refused("a symbolic link, not a file of the archive: not read") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno())
        if not stat.S_ISREG(mode.st_mode):
            raise Refused("not a regular file (a pipe, a device or a socket): not read")
        refuse_if_too_large(mode.st_size)
        data = handle.read(MAX_ISSUE_BYTES + 1)  # a file that grows meanwhile is still read no further
    refuse_if_too_large(len(data))
    return data


def parse_file_text(job: tuple[str, str]) -> Issue | str:
    """One file's text parsed: the Issue, "skip:<reason>" for a non-issue, or the error."""
    text, path = job
    try:
        return parse_issue(text, file_name=Path(path).name, path_hint=path)
    except NotAnIssue as exc:
        return f"skip:{exc}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def parse_all(jobs: list[tuple[str, str]]) -> list[Issue | str]:
    """Parse on every core when there is a whole archive to read; the parser is pure Python."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [parse_file_text(job) for job in jobs]
    # spawn, not fork: serve has threads, and a forked lock would hang the worker.
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(parse_file_text, jobs, chunksize=16))
    except (BrokenProcessPool, OSError):  # no workers here (a sandbox, an odd __main__): one core it is
        return [parse_file_text(job) for job in jobs]
