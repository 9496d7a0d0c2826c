"""Helpers shared by the tests: one place, so test modules never import from each other.

The real app over real HTTP (`running_app`), `serve` and `poll` as real processes, Slack's payload
shapes, and the outbox queries the tests read.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import random
import socket
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

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
from fakes.signing import FORM, JSON, command_body, interactive_body, post_signed
from fakes.slack import BOT_USER, FakeSlack
from tests.corpus import ROOT, SHIPPED, WOA_ARCHIVE, need_corpus, slack_payload

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
ANNOUNCE_STATUS = "select status from deliveries where kind = 'announce'"
LINEAR = 25  # at most this many times the cost for ten times the input: 10 is linear, 100 quadratic


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


def event_envelope(event):
    return json.dumps(
        {
            "token": "xxx",
            "team_id": "T111",
            "api_app_id": "A111",
            "event": event,
            "type": "event_callback",
            "event_id": "Ev" + "".join(random.choices(string.ascii_uppercase, k=8)),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T111", "user_id": BOT_USER, "is_bot": True}],
        }
    )


def dm(text, **extra):
    event = {
        "type": "message",
        "channel": "D111",
        "user": "U111",
        "text": text,
        "ts": f"{time.time():.6f}",
        "channel_type": "im",
    }
    event.update(extra)
    return event


def send_event(app, event):
    return post_signed(app.url + "/slack/events", event_envelope(event), SECRET, JSON)


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


def slash(app: Running, text: str, *, user: str = "U111", **kw: object) -> requests.Response:
    """`/worksonarm <text>`, signed and form-encoded as Slack sends it; the reply is the response."""
    body = command_body(text, app.slack.hook_url("cmd"), user=user)
    return post_signed(app.url + "/slack/events", body, SECRET, FORM, **kw)  # type: ignore[arg-type]


def tip_submission(text: str, *, channel: str = "", ts: str = "") -> dict:
    """The shortcut's modal submitted with a tip (a real view_submission payload), for the message
    at `channel` and `ts`."""
    submission = copy.deepcopy(slack_payload("view_submission.json"))
    submission["view"].update(
        {
            "callback_id": "suggest_tip_modal",
            "private_metadata": json.dumps({"channel": channel, "ts": ts}),
            "state": {"values": {"tip_text": {"value": {"type": "plain_text_input", "value": text}}}},
        }
    )
    return dict(submission)


def press(
    app: Running, action_id: str, value: str, *, user: str = "U111", hook: str = "act"
) -> requests.Response:
    """A button press (a real block_actions payload) whose response_url is the fake's `hook`."""
    payload = copy.deepcopy(slack_payload("block_actions_button.json"))
    payload["user"]["id"] = user
    payload["response_url"] = app.slack.hook_url(hook)
    payload["actions"][0].update({"action_id": action_id, "block_id": "b1", "value": value})
    return post_signed(app.url + "/slack/events", interactive_body(payload), SECRET, FORM)


def status_json(settings: Settings) -> dict:
    """`worksonarm-bot status --json` as an operator runs it, against the settings' database."""
    run = [sys.executable, "-m", "bot", "status", "--json"]
    status = subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, check=True)
    return dict(json.loads(status.stdout))


class GitArchive:
    """The newsletter's repository, made in a folder with dulwich (no git binary needed): the
    archive's files under content/, and commits, edits and history rewrites on demand."""

    AUTHOR = b"Works on Arm <news@example.com>"

    def __init__(self, folder: Path, source: Path) -> None:
        import shutil

        from dulwich import porcelain

        self.folder = folder
        shutil.copytree(source, folder / "content")
        self.repo = porcelain.init(str(folder))
        self.commit("The archive")

    @property
    def url(self) -> str:
        return self.folder.resolve().as_uri()

    def commit(self, message: str, *, amend: bool = False) -> str:
        from dulwich import porcelain

        porcelain.add(
            self.repo, [str(p) for p in self.folder.rglob("*") if p.is_file() and ".git" not in p.parts]
        )
        return porcelain.commit(
            self.repo, message, author=self.AUTHOR, committer=self.AUTHOR, amend=amend, all=True
        ).decode()

    def link(self, links: dict[str, Path], message: str = "Links") -> str:
        """Commit symbolic links (a merged pull request can hold them): path in the repository ->
        target. Staged by hand: dulwich's `add` would walk into a link to a folder."""
        import os

        from dulwich import porcelain
        from dulwich.index import blob_from_path_and_stat, index_entry_from_stat

        index = self.repo.open_index()
        for name, target in links.items():
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(target)
            stat = os.lstat(path)
            blob = blob_from_path_and_stat(os.fsencode(path), stat)
            self.repo.object_store.add_object(blob)
            index[name.encode()] = index_entry_from_stat(stat, blob.id)
        index.write()
        return porcelain.commit(self.repo, message, author=self.AUTHOR, committer=self.AUTHOR).decode()

    def rewrite(self, message: str) -> str:
        """A force-push: history replaced by one new root commit of what the folder holds now."""
        from dulwich import porcelain

        porcelain.add(
            self.repo, [str(p) for p in self.folder.rglob("*") if p.is_file() and ".git" not in p.parts]
        )
        index = self.repo.open_index()
        for path in list(index):  # what the folder no longer has leaves the new history
            if not (self.folder / path.decode()).exists():
                del index[path]
        index.write()
        tree = index.commit(self.repo.object_store)
        commit_id = self.repo.get_worktree().commit(
            message.encode(), tree=tree, author=self.AUTHOR, committer=self.AUTHOR, merge_heads=[], ref=None
        )
        self.repo.refs[b"refs/heads/master"] = commit_id
        return bytes(commit_id).decode()

    def close(self) -> None:
        self.repo.close()


def cpu_cost(parse: Callable[[str], object], text: str) -> float:
    """The parse's own work: the cyclic garbage collector, whose passes grow with everything the
    process holds, waits meanwhile."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            started = time.process_time()
            parse(text)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return max(best, 1e-4)


def assert_linear(parse: Callable[[str], object], build: Callable[[int], str], n: int) -> None:
    """`parse` of `build(10 * n)` costs about ten times `parse` of `build(n)`, not a hundred: CPU
    time of this process, the least of three runs, so other processes on the machine do not count."""
    from bot.archive.newsletter import MAX_ISSUE_BYTES

    small, large = build(n), build(10 * n)
    assert len(large.encode()) <= MAX_ISSUE_BYTES, "the larger input is read, not refused"
    ratio = cpu_cost(parse, large) / cpu_cost(parse, small)
    print(f"{len(small.encode()):>7} and {len(large.encode()):>7} bytes: {ratio:.1f} times the cost")
    assert ratio < LINEAR, f"ten times the input cost {ratio:.0f} times as much"
