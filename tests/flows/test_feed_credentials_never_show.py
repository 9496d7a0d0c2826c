"""A feed URL's user, password and query values never show: not in the logs, not in `status`,
not in the editors' `/worksonarm status`."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

from fakes.feed import rss
from tests.corpus import ROOT
from tests.slack_requests import slash
from tests.support import W17, all_text, env_of, running_app

SECRETS = ("hunter2pass", "SECRETKEY123", "robot-user")


def with_credentials(url: str) -> str:
    return url.replace("http://", "http://robot-user:hunter2pass@") + "?key=SECRETKEY123&format=rss"


def test_feed_credentials_are_redacted_everywhere(world, tmp_path):
    settings, feed, slack, x = world
    settings = replace(settings, feed_url=with_credentials(feed.url))
    feed.body = rss([W17])
    env = env_of(settings)
    outputs = []
    for args in (["--debug", "poll"], ["status"], ["status", "--json"]):
        run = subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout + run.stderr)
    feed.faults = [(500, 0)] * 3  # failures name the feed too, and so does the editors' alert
    for _ in range(3):
        run = subprocess.run(
            [sys.executable, "-m", "bot", "poll"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        outputs.append(run.stdout + run.stderr)
    status = json.loads(outputs[2][outputs[2].index("{") :])
    assert status["feeds"][0]["url"].startswith("http://***@127.0.0.1:")
    assert "key=***" in status["feeds"][0]["url"]
    with running_app(tmp_path / "app.db", editors=("UEDITOR",), feed_url=settings.feed_url) as app:
        from tests.support import open_db

        with open_db(settings.db_path) as src, open_db(tmp_path / "app.db") as dst:
            dst.table("feed_state").insert_all(list(src.query("select * from feed_state")))
        outputs.append(all_text(slash(app, "status", user="UEDITOR").json()))
    outputs += [json.dumps(c.body) for c in slack.calls]
    everything = "\n".join(outputs)
    assert "has failed 3 polls" in everything
    for secret in SECRETS:
        assert secret not in everything, secret
