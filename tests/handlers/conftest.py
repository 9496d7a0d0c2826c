"""Listener unit tests: each listener called directly, as the Bolt starter template tests do,
with Mock(ack), Mock(respond), a fake Web API client and a messenger that records what it sends."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from bot.archive.files import find_issue_files, index_files
from bot.config import DEFAULT_ISSUE_URL, Settings
from bot.outbox.worker import Courier
from bot.services import Services
from tests.corpus import SHIPPED
from tests.support import open_db

NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


class RecordingMessenger:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, payload: dict[str, Any], key: str) -> str:
        self.sent.append(payload)
        return f"1700000000.{len(self.sent):06d}"

    def find_sent(self, payload: dict[str, Any], key: str, since: dt.datetime) -> str | None:
        return None


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


@pytest.fixture
def services(tmp_path, messenger) -> Services:
    settings = Settings(db_path=str(tmp_path / "bot.db"), editors=("UEDITOR",))
    with open_db(settings.db_path) as db:
        index_files(db, find_issue_files([SHIPPED]), issue_url_template=DEFAULT_ISSUE_URL)
    courier = Courier(messenger=messenger, editors=settings.editors, now=lambda: NOW)
    return Services(settings, courier=courier, now=lambda: NOW)


@pytest.fixture
def log() -> logging.Logger:
    return logging.getLogger("tests.listeners")
