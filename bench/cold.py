"""What a person waits for before anything is warm: the command line's `search` in a new process,
and `serve`'s first slash command right after it started (the model loads on first use)."""

from __future__ import annotations

import http.client
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_cli_search(db: Path, runs: int = 10, *, compiled: bool = True) -> list[float]:
    """Seconds for `worksonarm-bot search golang --json`, each run a new process. `compiled`: the
    project's modules as any install has them, compiled to bytecode (pip compiles on install, the
    image too); else compiled from source on every start, as an editable install does where
    PYTHONDONTWRITEBYTECODE is set (this workplace sets it): 40 ms of every start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WORKSONARM_"))}
    packages = ("bot", "handlers")
    if compiled:  # __pycache__ is ignored by git
        compile_all = [sys.executable, "-m", "compileall", "-q", *packages]
        subprocess.run(compile_all, cwd=ROOT, env={**env, "PYTHONDONTWRITEBYTECODE": ""}, check=True)
    else:
        for cache in [c for p in packages for c in (ROOT / p).rglob("__pycache__")]:
            shutil.rmtree(cache)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "--db", str(db), "search", "golang", "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        samples.append(time.perf_counter() - start)
    return samples


def first_command(db: Path, runs: int = 3) -> list[float]:
    """Seconds from a healthy `serve` to the answer of its first /worksonarm, each run a new serve."""
    from bench.serving import send_command, served

    samples = []
    for _ in range(runs):
        with served(db) as (port, _pid, response_url):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            start = time.perf_counter()
            status, _ = send_command(conn, "hey anyone tried docker on arm64?", response_url)
            samples.append(time.perf_counter() - start)
            conn.close()
            assert status == 200
    return samples


def spread(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return f"{statistics.median(ms):.0f} ms ({ms[0]:.0f}-{ms[-1]:.0f})"
