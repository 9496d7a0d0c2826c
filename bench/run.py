"""Benchmarks for the archive index and search. Prints numbers; asserts nothing.

Run with `make bench`. Reads the real corpora from ../shared/corpus. Each number is compared with
its target, and search is compared with a naive LIKE scan over the same database in the same run.
"""

from __future__ import annotations

import http.client
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from bot.archive.files import SHIPPED_ISSUES, find_issue_files, index_files
from bot.archive.query import parse_query
from bot.archive.search import search_stories
from bot.db import open_db

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the fakes live in tests/

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WOA = CORPUS / "worksonarm-news" / "content"
ALL = [SHIPPED_ISSUES, WOA, CORPUS / "devopsish", CORPUS / "this-week-in-rust", CORPUS / "hypriot-blog"]
QUERIES = [
    "golang",
    "arm64",
    "aarch64",
    "kubernetes",
    "k8s",
    "raspberry pi",
    '"64-bit arm"',
    "docker",
    "rust async",
    "llvm",
    "gcc compiler",
    "openjdk",
    "python",
    "nodejs",
    "ampere emag",
    "thunderx",
    "graviton",
    "packet type 2a",
    "ci",
    "kubernetes year:2019",
    "docker issue:2018-W10",
    "security vulnerability",
    "spectre",
    "linux kernel",
    "debian",
    "ubuntu 18.04",
    "cloud native",
    "prometheus grafana",
    "serverless",
    "terraform",
    "nix",
    "webassembly",
    "c++",
    "raspbery",
    "red hat summit",
    "supercomputer",
    "tensorflow",
    "edge computing",
]
ROUNDS = 15


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def index_into(path: Path, sources: list[Path]) -> float:
    files = find_issue_files(sources)
    with open_db(path) as db:
        return timed(lambda: index_files(db, files))


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return qs[49] * 1000, qs[94] * 1000, qs[98] * 1000


def naive_like(db: Database, text: str) -> list[dict[str, object]]:
    """The baseline: every word as LIKE '%word%' over heading and body, no index, no ranking."""
    words = [t for term in parse_query(text).terms for t in term.tokens] or [text]
    where = " and ".join("(heading like ? or body like ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    return list(db.query(f"select id, heading from stories where {where} limit 5", params))


def run_queries(fn: Callable[[str], object]) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        for q in QUERIES:
            samples.append(timed(lambda q=q: fn(q)))
    return samples


@contextmanager
def served(db_path: Path) -> Iterator[tuple[int, int, str]]:
    """A real `serve` process on the index, against a fake Slack: (port, pid, response_url)."""
    import os
    import socket
    import subprocess

    from tests.fakes.slack import FakeSlack

    slack = FakeSlack()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WORKSONARM_"))},
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": "bench",
        "SLACK_API_URL": slack.base_url,
        "WORKSONARM_DB": str(db_path),
    }
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.05)
        yield port, proc.pid, slack.hook_url("bench")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        slack.close()


def send_command(conn: http.client.HTTPConnection, text: str, response_url: str) -> int:
    """One signed /worksonarm, over a kept-alive connection (http.client: a light client)."""
    from tests.fakes.signing import FORM, command_body, signature

    body = command_body(text, response_url)
    ts = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature("bench", ts, body),
        "Content-Type": FORM,
    }
    conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def slash_roundtrip(db_path: Path, concurrency: int, total: int) -> tuple[list[float], float, float]:
    """Latency from a signed request to its reply, the commands per second, and serve's RSS (MB)."""
    latencies: list[float] = []
    lock = threading.Lock()
    with served(db_path) as (port, pid, response_url):

        def worker(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(n):
                start = time.perf_counter()
                status = send_command(conn, QUERIES[i % len(QUERIES)], response_url)
                elapsed = time.perf_counter() - start
                if status != 200:
                    raise RuntimeError(f"status {status}")
                with lock:
                    latencies.append(elapsed)
            conn.close()

        worker(20)  # warm up
        latencies.clear()
        threads = [threading.Thread(target=worker, args=(total // concurrency,)) for _ in range(concurrency)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        status = Path(f"/proc/{pid}/status").read_text()
        rss_kb = int(next(row.split()[1] for row in status.splitlines() if row.startswith("VmRSS")))
    return latencies, len(latencies) / wall, rss_kb / 1024


def feed_poll(tmp: Path) -> tuple[float, float, float, int]:
    """A 100-entry feed served by a separate process: cold poll (wall, CPU), and the 304 path's CPU."""
    import socket
    import subprocess

    import requests

    from bot.announcements.cycle import Cycle, poll_once
    from tests.fakes.feed import issue_item, rss

    items = [issue_item(p) for p in sorted(WOA.rglob("20*-W*.md"))]
    items = (items * 2)[:100]
    items = [dict(item, link=f"{item['link']}{n}/") for n, item in enumerate(items)]
    site = tmp / "site"
    site.mkdir()
    (site / "feed.xml").write_bytes(rss(items))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/feed.xml"
    try:
        for _ in range(100):
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        cycle = Cycle(feed_url=url, publishers={})
        with open_db(tmp / "feed.db") as db:
            wall, cpu = time.perf_counter(), time.process_time()
            report = poll_once(db, cycle)
            cold_wall, cold_cpu = time.perf_counter() - wall, time.process_time() - cpu
            entries = report.entries
            samples = []
            for _ in range(20):
                cpu = time.process_time()
                assert poll_once(db, cycle).not_modified
                samples.append(time.process_time() - cpu)
    finally:
        server.terminate()
        server.wait()
    return cold_wall, cold_cpu, statistics.median(samples), entries


def line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{label:<44} {value:>14}   {target}{mark}")


def main() -> int:
    missing = [p for p in ALL if not p.exists()]
    if missing:
        print(f"bench: corpus not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        woa_s = index_into(Path(tmp) / "woa.db", [WOA])
        all_db = Path(tmp) / "all.db"
        all_s = index_into(all_db, ALL)
        again_s = index_into(all_db, ALL)
        with open_db(all_db) as db:
            counts = {t: db.table(t).count for t in ("issues", "stories", "links")}
            search = run_queries(lambda q: search_stories(db, q, limit=5))
            baseline = run_queries(lambda q: naive_like(db, q))
    print(f"corpus: {counts['issues']} issues, {counts['stories']} stories, {counts['links']} links")
    print(f"queries: {len(QUERIES)} fixed queries x {ROUNDS} rounds\n")
    line("index Works on Arm archive", f"{woa_s:.2f} s", "target <= 2 s", woa_s <= 2)
    line("index all corpora", f"{all_s:.2f} s", "target <= 60 s", all_s <= 60)
    ratio = again_s / all_s
    line(
        "re-index all corpora, nothing changed",
        f"{again_s:.3f} s",
        f"{ratio:.1%} of first, target <= 10%",
        ratio <= 0.10,
    )
    p50, p95, p99 = percentiles(search)
    b50, b95, b99 = percentiles(baseline)
    line("search p50 / p95 / p99 (ms)", f"{p50:.2f}/{p95:.2f}/{p99:.2f}", "target p99 <= 5 ms", p99 <= 5)
    line("naive LIKE p50 / p95 / p99 (ms)", f"{b50:.2f}/{b95:.2f}/{b99:.2f}", "baseline")
    line("speed-up over LIKE at p50 / p99", f"{b50 / p50:.1f}x / {b99 / p99:.1f}x")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "all.db"
        index_into(db_path, ALL)
        for concurrency, total in ((1, 300), (8, 800)):
            latencies, rate, mb = slash_roundtrip(db_path, concurrency, total)
            r50, _, r99 = percentiles(latencies)
            target = "target p99 <= 50 ms, >= 100/s" if concurrency == 8 else ""
            ok = (r99 <= 50 and rate >= 100) if concurrency == 8 else None
            line(f"/worksonarm over HTTP, concurrency {concurrency}", f"{r50:.1f}/{r99:.1f} ms", target, ok)
            line(f"  commands per second, concurrency {concurrency}", f"{rate:.0f}/s")
        line("serve resident memory after those commands", f"{mb:.0f} MB", "target <= 150 MB", mb <= 150)
    with tempfile.TemporaryDirectory() as tmp:
        cold_wall, cold_cpu, not_modified_cpu, entries = feed_poll(Path(tmp))
    line(f"poll {entries}-entry feed, cold (wall / CPU)", f"{cold_wall * 1000:.0f}/{cold_cpu * 1000:.0f} ms")
    ok = not_modified_cpu * 1000 <= 20
    line("poll, 304 not modified (CPU)", f"{not_modified_cpu * 1000:.1f} ms", "target <= 20 ms", ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
