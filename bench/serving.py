"""Benchmarks of the running bot: signed slash commands against a real `serve` process, its
memory, and a feed poll against a feed served by another process."""

from __future__ import annotations

import http.client
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.searching import CLEAN as QUERIES
from bot.db import open_db
from bot.schema import migrations

WOA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "worksonarm-news" / "content"


@contextmanager
def served(db_path: Path, threads: int = 2) -> Iterator[tuple[int, int, str]]:
    """A real `serve` process on the index, against a fake Slack: (port, pid, response_url)."""
    import os
    import socket
    import subprocess

    from fakes.slack import FakeSlack

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
        "WORKSONARM_HTTP_THREADS": str(threads),
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


def send_command(conn: http.client.HTTPConnection, text: str, response_url: str) -> tuple[int, bytes]:
    """One signed /worksonarm, over a kept-alive connection (http.client: a light client)."""
    from fakes.signing import FORM, command_body, signature

    body = command_body(text, response_url)
    ts = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature("bench", ts, body),
        "Content-Type": FORM,
    }
    conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def slash_roundtrip(
    db_path: Path, concurrency: int, total: int, threads: int = 2
) -> tuple[list[float], float, float, int]:
    """Latency from a signed request to its reply, commands per second, serve's RSS (MB), and how
    many replies were not answers (an error status, or "Sorry")."""
    latencies: list[float] = []
    failed = [0]
    lock = threading.Lock()
    with served(db_path, threads) as (port, pid, response_url):

        def worker(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(n):
                start = time.perf_counter()
                status, body = send_command(conn, QUERIES[i % len(QUERIES)], response_url)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    failed[0] += status != 200 or b"Sorry" in body
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
    return latencies, len(latencies) / wall, rss_kb / 1024, failed[0]


def feed_poll(tmp: Path) -> tuple[float, float, float, int]:
    """A 100-entry feed served by a separate process: cold poll (wall, CPU), and the 304 path's CPU."""
    import socket
    import subprocess

    import requests

    from bot.announcements.cycle import Cycle, poll_once
    from fakes.feed import issue_item, rss

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
        cycle = Cycle(feed_url=url)
        with open_db(tmp / "feed.db", migrations=migrations) as db:
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
