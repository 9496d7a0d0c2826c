"""Run the built image as compose runs it (read-only root, tmpfs /tmp, no new privileges) with the
whole archive synced from a local git repository, and check it answers like the real bot.

Called by `make container-test` (.ci/container-test), not by pytest: it needs a container engine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from prometheus_client.parser import text_string_to_metric_families

from fakes.git_archive import GitArchive
from fakes.signing import FORM, command_body, post_signed
from fakes.slack import FakeSlack
from tests.corpus import WOA_ARCHIVE, need_corpus
from tests.support import free_port

SECRET = "container-secret"


def engine_out(engine: str, *args: str) -> str:
    return subprocess.run([engine, *args], check=True, capture_output=True, text=True).stdout.strip()


def image_sizes(engine: str, image: str, base: str) -> str:
    def size(name: str) -> int:
        return int(engine_out(engine, "image", "inspect", "--format", "{{.Size}}", name))

    try:
        total, under = size(image), size(base)
    except (subprocess.CalledProcessError, ValueError):
        return f"image {size(image) / 1e6:.0f} MB"
    own = (total - under) / 1e6
    return f"image {total / 1e6:.0f} MB: base {under / 1e6:.0f} MB + the project's layers {own:.0f} MB"


def wait_healthy(url: str, engine: str, name: str) -> dict:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            health = requests.get(url + "/healthz", timeout=2)
            if health.status_code == 200:
                return dict(health.json())
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    print(subprocess.run([engine, "logs", name], capture_output=True, text=True).stderr, file=sys.stderr)
    raise SystemExit("container-test: the container never answered /healthz")


def check_running(engine: str, name: str, url: str, slack: FakeSlack) -> None:
    status: dict = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and status.get("issues") != 99:
        status = json.loads(engine_out(engine, "exec", name, "worksonarm-bot", "status", "--json"))
        time.sleep(1)
    assert status.get("issues") == 99, f"status shows {status.get('issues')} issues, not the archive's 99"
    print(f"container-test: status shows {status['issues']} issues, archive {status['archive']}")

    metrics = requests.get(url + "/metrics", timeout=5)
    families = {f.name: f for f in text_string_to_metric_families(metrics.text)}
    [size] = [s.value for s in families["worksonarm_index_size"].samples if s.labels["what"] == "issues"]
    assert metrics.status_code == 200 and size == 99, (metrics.status_code, size)
    print(f"container-test: /metrics {metrics.status_code}, {len(families)} metric families, index 99 issues")

    reply = post_signed(
        url + "/slack/events", command_body("pinebook pro", slack.hook_url("c")), SECRET, FORM
    )
    assert "Pinebook Pro" in json.dumps(reply.json()), reply.text[:300]
    print(f"container-test: signed /worksonarm pinebook pro -> {reply.status_code}, a 2019 story")
    bad = post_signed(
        url + "/slack/events", command_body("golang", slack.hook_url("c")), SECRET, FORM, bad_signature=True
    )
    assert bad.status_code == 401, bad.status_code
    print("container-test: bad signature -> 401")

    backup = engine_out(engine, "exec", name, "worksonarm-bot", "backup", "/data/backup.db")
    assert "integrity check ok" in backup, backup
    print(f"container-test: {backup}")
    denied = subprocess.run([engine, "exec", name, "touch", "/opt/venv/x"], capture_output=True)
    assert denied.returncode != 0, "the root file system is writable"
    print("container-test: the root file system is read-only")
    for python in ("python3", "/usr/local/bin/python3", "/usr/bin/python3"):
        pip = subprocess.run([engine, "exec", name, python, "-m", "pip", "--version"], capture_output=True)
        assert pip.returncode != 0, f"pip is in the image: {python} -m pip: {pip.stdout!r}"
    print("container-test: no pip in the image")


def main() -> int:
    engine, image = os.environ["ENGINE"], os.environ["IMAGE"]
    slack = FakeSlack()
    port = free_port()
    name = f"worksonarm-check-{port}"
    work = Path(tempfile.mkdtemp(prefix="worksonarm-container-"))
    archive = GitArchive(work / "worksonarm-news", need_corpus(WOA_ARCHIVE))
    os.chmod(work, 0o755)  # the container's uid 10001 reads the repository through the bind mount
    run = [
        engine, "run", "-d", "--rm", "--name", name, "--network=host",
        "--read-only", "--tmpfs", "/tmp", "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
        "-v", f"{archive.folder}:/srv/worksonarm-news:ro",
        "-e", "SLACK_BOT_TOKEN=xoxb-container", "-e", f"SLACK_SIGNING_SECRET={SECRET}",
        "-e", f"SLACK_API_URL={slack.base_url}", "-e", f"PORT={port}",
        "-e", "WORKSONARM_ARCHIVE=file:///srv/worksonarm-news",
        image, "worksonarm-bot", "serve", "--host", "127.0.0.1",
    ]  # fmt: skip
    started = time.monotonic()
    subprocess.run([*run[:3], *run[4:]] if os.environ.get("KEEP") else run, check=True, capture_output=True)
    url = f"http://127.0.0.1:{port}"
    try:
        health = wait_healthy(url, engine, name)
        print(f"container-test: /healthz 200 {health} after {time.monotonic() - started:.1f} s")
        check_running(engine, name, url, slack)
        labels = json.loads(
            engine_out(engine, "image", "inspect", "--format", "{{json .Config.Labels}}", image)
        )
        for key in ("source", "version", "licenses"):
            assert labels.get(f"org.opencontainers.image.{key}"), f"no {key} label: {labels}"
        print(f"container-test: labels version {labels['org.opencontainers.image.version']}, "
              f"licence {labels['org.opencontainers.image.licenses']}, user "
              f"{engine_out(engine, 'image', 'inspect', '--format', '{{.Config.User}}', image)}")  # fmt: skip
        print(f"container-test: {image_sizes(engine, image, os.environ.get('BASE_IMAGE', ''))}")
        stopping = time.monotonic()
        subprocess.run([engine, "stop", "-t", "10", name], check=True, capture_output=True)
        print(f"container-test: stopped in {time.monotonic() - stopping:.1f} s")
    finally:
        subprocess.run([engine, "rm", "-f", name], capture_output=True)
        slack.close()
        archive.close()
    print("container-test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
