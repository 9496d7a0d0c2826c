"""Shared fixtures: the real corpora, a fresh database per test, and a guard against the internet."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.support import open_db


def _loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may only talk to 127.0.0.1: anything else fails loudly before any packet leaves."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if not _loopback(host):
            raise RuntimeError(f"test tried to reach {address!r}: only 127.0.0.1 is allowed")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "worksonarm.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    with open_db(db_path) as database:
        yield database


@pytest.fixture
def world(tmp_path):
    """A feed server, fake Slack and fake X, and settings that point the bot at all three."""
    from bot.config import Settings
    from fakes.feed import FakeFeed
    from fakes.slack import FakeSlack
    from fakes.x import FakeX

    feed, slack, x = FakeFeed(), FakeSlack(), FakeX()
    settings = Settings(
        db_path=str(tmp_path / "bot.db"),
        slack_bot_token="xoxb-test",
        slack_signing_secret="s",
        slack_api_url=slack.base_url,
        announce_channel="CANNOUNCE",
        editors=("UEDITOR",),
        feed_url=feed.url,
        twitter_api_key="key",
        twitter_api_secret="secret",
        twitter_access_token="token",
        twitter_access_token_secret="token-secret",
        twitter_api_url=x.url,
        digest="off",  # the weekly note would DM UEDITOR at every start: its own tests turn it on
    )
    yield settings, feed, slack, x
    for fake in (feed, slack, x):
        fake.close()


@pytest.fixture
def everywhere(world):
    """`world` with a Mastodon instance and a Bluesky PDS too: all four destinations configured."""
    from dataclasses import replace

    from fakes import bluesky, mastodon

    settings, feed, slack, x = world
    instance, pds = mastodon.FakeMastodon(), bluesky.FakeBluesky()
    settings = replace(
        settings,
        mastodon_api_base_url=instance.url,
        mastodon_access_token=mastodon.TOKEN,
        bluesky_handle=bluesky.HANDLE,
        bluesky_app_password=bluesky.PASSWORD,
        bluesky_service_url=pds.xrpc,
    )
    yield settings, feed, slack, x, instance, pds
    instance.close()
    pds.close()
