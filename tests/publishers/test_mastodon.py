"""The Mastodon adapter on its own, against the fake instance."""

from __future__ import annotations

import time

import pytest

from bot.publishers.mastodon import MastodonPublisher
from fakes.mastodon import TOKEN, FakeMastodon


@pytest.mark.parametrize("uptime", [5.0, 86_400.0])
def test_the_limits_are_asked_of_the_instance_whatever_the_hosts_uptime(monkeypatch, uptime):
    # monotonic() counts from boot: on a host up for seconds, "600 s since the last failure"
    # must not be read as "a failure happened at 0".
    monkeypatch.setattr(time, "monotonic", lambda: uptime)
    instance = FakeMastodon(max_characters=321)
    try:
        publisher = MastodonPublisher(instance.url, TOKEN)
        assert publisher.limits() == (321, 23)
        assert publisher.limits() == (321, 23)
        assert len(instance.calls("GET /api/v2/instance")) == 1
    finally:
        instance.close()
