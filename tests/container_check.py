"""Run the built image against a fake Slack on the host and check it answers like the real bot.

Called by `make container-test` (.ci/container-test), not by pytest: it needs a container engine.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import requests

from tests.fakes.signing import FORM, command_body, post_signed
from tests.fakes.slack import FakeSlack

SECRET = "container-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    engine, image = os.environ["ENGINE"], os.environ["IMAGE"]
    slack = FakeSlack()
    port = free_port()
    name = f"worksonarm-check-{port}"
    run = [
        engine,
        "run",
        "-d",
        "--rm",
        "--name",
        name,
        "--network=host",
        "-e",
        "SLACK_BOT_TOKEN=xoxb-container",
        "-e",
        f"SLACK_SIGNING_SECRET={SECRET}",
        "-e",
        f"SLACK_API_URL={slack.base_url}",
        "-e",
        f"PORT={port}",
        image,
        "worksonarm-bot",
        "serve",
        "--host",
        "127.0.0.1",
    ]
    subprocess.run(run, check=True, capture_output=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = requests.get(url + "/healthz", timeout=2)
                if health.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                print(
                    subprocess.run([engine, "logs", name], capture_output=True, text=True).stderr,
                    file=sys.stderr,
                )
                raise SystemExit("container-test: the container never answered /healthz")
            time.sleep(0.5)
        print(f"container-test: /healthz {health.status_code} {health.json()}")
        reply = post_signed(url + "/slack/events", command_body("golang", slack.hook_url("c")), SECRET, FORM)
        text = json.dumps(reply.json())
        for expected in (
            "Languages and compilers",
            "Golang 1.9 plan for ARM64 support",
            "https://golang.org/",
        ):
            assert expected in text, f"reply lacks {expected!r}: {text[:300]}"
        print(f"container-test: signed /worksonarm golang -> {reply.status_code}, both stories")
        bad = post_signed(
            url + "/slack/events",
            command_body("golang", slack.hook_url("c")),
            SECRET,
            FORM,
            bad_signature=True,
        )
        assert bad.status_code == 401, bad.status_code
        print("container-test: bad signature -> 401")
        inspect = subprocess.run(
            [engine, "inspect", "--format", "{{.Config.User}}", image], capture_output=True, text=True
        )
        print(f"container-test: image user {inspect.stdout.strip()}")
        started = time.monotonic()
        subprocess.run([engine, "stop", "-t", "10", name], check=True, capture_output=True)
        print(f"container-test: stopped in {time.monotonic() - started:.1f} s")
    finally:
        subprocess.run([engine, "rm", "-f", name], capture_output=True)
        slack.close()
    print("container-test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
