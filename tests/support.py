"""Helpers shared by the tests, so that test modules never import from each other (nor from a
conftest.py): the database as the root opens it, the real app over real HTTP (`running_app`),
`serve`, `poll` and the CLI as real processes, and the outbox queries the tests read. What Slack
sends is in slack_requests.py, the cost of a parse in cost.py, the platforms' fakes in fakes/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import requests
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlite_utils import Database

from bot import db as storage
from bot.app import build_app, health
from bot.archive.files import find_issue_files, index_files
from bot.config import Settings
from bot.schema import migrations
from bot.server import HttpServer, make_wsgi_app
from fakes.feed import issue_item
from fakes.slack import FakeSlack
from tests.corpus import ROOT, SHIPPED, WOA_ARCHIVE, need_corpus
from tests.slack_requests import SECRET

TOKEN = "xoxb-test-token"
ANNOUNCE_STATUS = "select status from deliveries where kind = 'announce'"


def open_db(path: str | Path, busy_timeout: float = 10.0) -> AbstractContextManager[Database]:
    """The database at `path`, created and migrated as the composition root opens it."""
    return storage.open_db(path, busy_timeout, migrations)


@dataclass
class Running:
    url: str
    slack: FakeSlack
    settings: Settings


@contextmanager
def running_app(db_path: Path, sources: list[Path] | None = None, **overrides: object) -> Iterator[Running]:
    slack = FakeSlack()
    settings = Settings(
        db_path=str(db_path),
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=slack.base_url,
        **overrides,  # type: ignore[arg-type]
    )
    with open_db(db_path) as db:
        index_files(
            db, find_issue_files(sources or [SHIPPED]), issue_url_template=settings.issue_url_template
        )
    app = build_app(settings)
    server = HttpServer(
        make_wsgi_app(
            SlackRequestHandler(app),
            lambda: health(settings, "http"),
            signing_secret=settings.slack_signing_secret,
        ),
        "127.0.0.1",
        0,
    )
    server.start()
    try:
        yield Running(f"http://127.0.0.1:{server.port}", slack, settings)
    finally:
        server.stop(timeout=2)
        slack.close()


def editors_app(settings: Settings, **extra: object) -> AbstractContextManager[Running]:
    """The Slack app on the world's database and fake X, with UEDITOR as the editor."""
    return running_app(
        Path(settings.db_path),
        editors=("UEDITOR",),
        twitter_api_key="k",
        twitter_api_secret="s",
        twitter_access_token="t",
        twitter_access_token_secret="ts",
        twitter_api_url=settings.twitter_api_url,
        **extra,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    prefixes = ("SLACK_", "WORKSONARM_", "TWITTER_", "MASTODON_", "BLUESKY_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(extra)
    return env


def start_serve(
    env: dict[str, str], port: int, cwd: object, *args: str, **popen: object
) -> subprocess.Popen[str]:
    """`worksonarm-bot [args] serve` on 127.0.0.1:port, as an operator would start it."""
    command = [sys.executable, "-m", "bot", *args, "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, cwd=cwd, env=env, text=True, **popen)  # type: ignore[call-overload]


def wait_healthy(url: str, proc: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"serve exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("serve never became healthy")


CHANNEL = "CANNOUNCE"

W17, W18, W19 = (issue_item(SHIPPED / f"2017-W{n}.md") for n in (17, 18, 19))


def env_of(settings: Settings) -> dict[str, str]:
    networks = {
        "MASTODON_API_BASE_URL": settings.mastodon_api_base_url,
        "MASTODON_ACCESS_TOKEN": settings.mastodon_access_token,
        "BLUESKY_HANDLE": settings.bluesky_handle,
        "BLUESKY_APP_PASSWORD": settings.bluesky_app_password,
        "BLUESKY_SERVICE_URL": settings.bluesky_service_url,
    }
    return clean_env(
        **{name: value for name, value in networks.items() if value},
        WORKSONARM_DB=settings.db_path,
        SLACK_BOT_TOKEN=settings.slack_bot_token,
        SLACK_SIGNING_SECRET=settings.slack_signing_secret,
        SLACK_API_URL=settings.slack_api_url,
        WORKSONARM_ANNOUNCE_CHANNEL=settings.announce_channel,
        WORKSONARM_EDITORS=",".join(settings.editors),
        WORKSONARM_FEED_URL=settings.feed_url,
        WORKSONARM_DIGEST=settings.digest,
        WORKSONARM_TIMEZONE=settings.timezone,
        TWITTER_API_KEY="key",
        TWITTER_API_SECRET="secret",
        TWITTER_ACCESS_TOKEN="token",
        TWITTER_ACCESS_TOKEN_SECRET="token-secret",
        TWITTER_API_URL=settings.twitter_api_url,
    )


def poll_process(settings: Settings, *, prefix: tuple[str, ...] = (), **env: str) -> subprocess.Popen[str]:
    """`worksonarm-bot poll` as its own process (in its own process group, to be killed whole);
    `prefix` runs it under another command, like `unshare --pid --fork --mount-proc`."""
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "bot", "poll"],
        cwd=ROOT,
        env={**env_of(settings), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until(check: Callable[[], object], timeout: float = 20.0) -> bool:
    """Poll `check` until it is true or the time is up; True if it came true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def announcements(slack: FakeSlack) -> list[dict]:
    return slack.posts_to(CHANNEL)


def editor_dms(slack: FakeSlack) -> list:
    return [c for c in slack.calls_to("chat.postMessage") if c.body.get("channel") == "UEDITOR"]


def all_text(blocks):
    return json.dumps(blocks, ensure_ascii=False)


def cli(db_path, *args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(**(env or {})),
        timeout=60,
    )


def archive_database(path: Path) -> Path:
    """A database with the shipped issues and the whole Works on Arm archive, indexed by the CLI."""
    run = [
        sys.executable,
        "-m",
        "bot",
        "--db",
        str(path),
        "index",
        "data/issues",
        str(need_corpus(WOA_ARCHIVE)),
    ]
    subprocess.run(run, cwd=ROOT, env=clean_env(), check=True, capture_output=True)
    return path


def tips_json(db_path):
    result = cli(db_path, "tips", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def status_json(settings: Settings) -> dict:
    """`worksonarm-bot status --json` as an operator runs it, against the settings' database."""
    run = [sys.executable, "-m", "bot", "status", "--json"]
    status = subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, check=True)
    return dict(json.loads(status.stdout))


def reply_of(mock: Mock) -> dict[str, Any]:
    """The keyword arguments of the one call to a listener's ack or respond."""
    mock.assert_called_once()
    return dict(mock.call_args.kwargs)
