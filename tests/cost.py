"""What a parse costs against an input ten times larger, in the same test: CPU time of this process,
so other processes on a shared machine do not count (never a wall-clock limit)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

LINEAR = 25  # at most this many times the cost for ten times the input: 10 is linear, 100 quadratic


def cpu_cost(parse: Callable[[str], object], text: str) -> float:
    """The parse's own work: the cyclic garbage collector, whose passes grow with everything the
    process holds, waits meanwhile."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):  # with three, a 70 KB message once cost 30 times its tenth (10 since)
            started = time.process_time()
            parse(text)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return max(best, 1e-4)


def assert_linear(parse: Callable[[str], object], build: Callable[[int], str], n: int) -> None:
    """`parse` of `build(10 * n)` costs about ten times `parse` of `build(n)`, not a hundred: CPU
    time of this process, the least of five runs, so other processes on the machine do not count."""
    from bot.archive.newsletter import MAX_ISSUE_BYTES

    small, large = build(n), build(10 * n)
    assert len(large.encode()) <= MAX_ISSUE_BYTES, "the larger input is read, not refused"
    ratio = cpu_cost(parse, large) / cpu_cost(parse, small)
    print(f"{len(small.encode()):>7} and {len(large.encode()):>7} bytes: {ratio:.1f} times the cost")
    assert ratio < LINEAR, f"ten times the input cost {ratio:.0f} times as much"
