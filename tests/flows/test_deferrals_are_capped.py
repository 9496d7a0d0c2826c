"""A destination asking to wait a year is not believed: the wait is capped, and an announcement
deferred past an hour is told to the editors, once."""

from __future__ import annotations

import datetime as dt

from bot.app import run_poll
from bot.outbox.worker import MAX_DEFER
from fakes.feed import rss
from tests.support import W17, W18, editor_dms, open_db


def next_tries(settings) -> dict[str, dt.datetime]:
    with open_db(settings.db_path) as db:
        rows = db.query("select destination, next_try_at from deliveries where kind = 'announce'")
        return {
            r["destination"]: dt.datetime.fromisoformat(r["next_try_at"]) for r in rows if r["next_try_at"]
        }


def test_absurd_retry_after_and_rate_limit_reset_are_capped_and_told_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    slack.script(
        "chat.postMessage", (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "31536000"})
    )
    x.script.append(x.rate_limited_until(1000 * 365 * 86400))  # a millennium
    feed.body = rss([W18, W17])
    before = dt.datetime.now(dt.UTC)
    report = run_poll(settings)
    assert sorted(report.deferred) == ["2017-W18 slack", "2017-W18 x"]
    tries = next_tries(settings)
    assert set(tries) == {"slack", "x"}
    for destination, at in tries.items():
        assert at <= before + MAX_DEFER + dt.timedelta(minutes=1), destination
        assert at > before + dt.timedelta(hours=1), destination
    told = [c.body["text"] for c in editor_dms(slack)]
    assert len(told) == 2 and all("has to wait until" in t for t in told)
    run_poll(settings)
    assert len(editor_dms(slack)) == 2, "told once per delivery, not at every poll"


def test_a_short_wait_is_not_told(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    x.script.append(x.rate_limited_until(120))
    feed.body = rss([W18, W17])
    assert run_poll(settings).deferred == ["2017-W18 x"]
    assert editor_dms(slack) == []
