"""The real app, served over real HTTP in this process, against a fake Slack (for the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.app import build_app, health
from bot.archive.index import find_issue_files, index_files
from bot.config import Settings
from bot.db import open_db
from bot.server import HttpServer, make_wsgi_app
from tests.corpus import SHIPPED
from tests.fakes.slack import FakeSlack

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


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
