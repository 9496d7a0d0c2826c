"""A feed that lies about its size, bombs with gzip or drips: the poll stops at the cap or the
deadline, its memory stays small, and the failure is recorded for status and the alert."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from collections.abc import Iterator

import pytest

from bot.announcements.feed import FeedError, fetch_feed
from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import W17, env_of, status_json

MB = 1024 * 1024


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 1 MB of gzip that unpacks to 1 GiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * MB
    return b"".join([*(packer.compress(zeros) for _ in range(1024)), packer.flush()])


def poll_peak_kb(settings) -> tuple[int, int]:
    """Run `poll` as its own process; return its exit code and peak resident size (KiB)."""
    with open(os.devnull, "w") as quiet:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env_of(settings), stdout=quiet, stderr=quiet
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss


def last_result(settings) -> str:
    return str(status_json(settings)["feeds"][0]["last_result"])


def big_body() -> Iterator[bytes]:
    """200 MB of something shaped like a feed, with no Content-Length to warn anyone."""
    yield b'<?xml version="1.0"?><rss><channel><title>x</title>'
    filler = b"<item><title>" + b"a" * (MB - 30) + b"</title></item>"
    for _ in range(200):
        yield filler


def test_huge_and_bombed_feeds_stop_at_the_cap_in_little_memory(world, gzip_bomb):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    code, resting = poll_peak_kb(settings)
    assert code == 0
    feed.stream = big_body
    code, peak = poll_peak_kb(settings)
    print(f"poll peak RSS: resting {resting // 1024} MB, 200 MB body {peak // 1024} MB")
    assert code == 1
    assert peak - resting < 100 * 1024, f"a 200 MB body raised the peak by {(peak - resting) // 1024} MB"
    assert "larger than" in last_result(settings)

    feed.stream = lambda: (gzip_bomb[i : i + 65536] for i in range(0, len(gzip_bomb), 65536))
    feed.stream_headers = {"Content-Encoding": "gzip"}
    code, peak = poll_peak_kb(settings)
    print(f"poll peak RSS: 1 MB gzip of 1 GiB {peak // 1024} MB")
    assert code == 1
    assert peak - resting < 100 * 1024, f"a gzip bomb raised the peak by {(peak - resting) // 1024} MB"
    assert "larger than" in last_result(settings)


def test_a_dripping_feed_is_cut_at_the_deadline(world):
    settings, feed, slack, x = world
    feed.stream = lambda: (b"<" for _ in range(1000))
    feed.stream_delay = 0.3
    # 1,000 bytes at 0.3 s each, every read well inside the read timeout: only the deadline stops it.
    with pytest.raises(FeedError, match="took longer than"):
        fetch_feed(feed.url, deadline=1.5)


def test_a_gzip_feed_reads_like_a_plain_one(world):
    settings, feed, slack, x = world
    body = rss([W17])
    packed = zlib.compress(body, 6, wbits=31)
    feed.stream = lambda: [packed]
    feed.stream_headers = {"Content-Encoding": "gzip"}
    assert fetch_feed(feed.url).content == body
    feed.stream = lambda: [zlib.compress(body)[2:-4]]  # "deflate" sent raw, as some servers do
    feed.stream_headers = {"Content-Encoding": "deflate"}
    assert fetch_feed(feed.url).content == body


def test_any_exception_in_a_poll_is_a_recorded_failure(world):
    settings, feed, slack, x = world

    def out_of_memory(url, **_):
        raise MemoryError

    from bot.app import run_poll

    for _ in range(3):
        report = run_poll(settings, fetch=out_of_memory)
        assert report.error and "MemoryError" in report.error
    result = last_result(settings)
    assert result.startswith("failed:") and "MemoryError" in result
    alerts = [c for c in slack.calls_to("chat.postMessage") if c.body.get("channel") == "UEDITOR"]
    assert len(alerts) == 1 and "failed 3 polls in a row" in alerts[0].body["text"]
