"""A feed entry is untrusted input (issue 19, items 2 and 3): one over the size cap is refused
with its reason in `poll`'s report and `status` while the others go on, and `serve` answers
/healthz while it reads entries built to be slow."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from email.utils import format_datetime

import requests

from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import W17, W18, env_of, free_port, open_db, start_serve, wait_healthy

HUGE = {
    "title": "Works on Arm News 2019-W40",
    "link": "https://worksonarm.example/news/2019-W40/",
    "pubDate": "Fri, 04 Oct 2019 16:00:00 GMT",
    "html": "<h3>Big</h3><p>" + "arm64 servers " * 25_000 + "</p>",  # 350 KB
}


def slow_items() -> list[dict[str, str]]:
    """Entries under the cap whose titles and bodies were each a minute's work before."""
    bodies = ["<!--" * 60_000, "<a " * 80_000, "</a x" * 50_000, "<![CDATA[" * 28_000]
    items = []
    for n, body in enumerate(bodies * 2):
        week = f"2019-W{n + 10:02d}"
        friday = dt.datetime.fromisocalendar(2019, n + 10, 5).replace(tzinfo=dt.UTC)
        items.append(
            {
                "title": ("{{<" * 60_000) if n == 0 else f"Works on Arm News {week}",
                "link": f"https://worksonarm.example/news/{week}/",
                "pubDate": format_datetime(friday, usegmt=True),
                "html": "<h3>Story</h3><p>Words about arm64.</p>" + (body if n else ""),  # under the cap
            }
        )
    return items


def test_a_feed_entry_over_the_cap_is_refused_with_its_reason_and_the_others_indexed(world):
    settings, feed, *_ = world
    feed.body = rss([W17, HUGE, W18])
    env = env_of(settings)
    polled = subprocess.run(
        [sys.executable, "-m", "bot", "--debug", "poll"], cwd=ROOT, env=env, capture_output=True, text=True
    )  # --debug: a one-shot command shows its log only then
    assert polled.returncode == 0, polled.stderr
    assert "3 entries" in polled.stdout and "first poll: 2 issues indexed" in polled.stdout
    assert "refused 'Works on Arm News 2019-W40': too large: 3" in polled.stdout
    assert "over the cap of 256 KB per issue" in polled.stdout
    logged = [json.loads(line) for line in polled.stderr.splitlines()]
    assert any(e["message"].startswith("feed entry 'Works on Arm News 2019-W40' refused") for e in logged)
    status = subprocess.run(
        [sys.executable, "-m", "bot", "status", "--json"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    [state] = json.loads(status.stdout)["feeds"]
    assert "1 entries refused: 'Works on Arm News 2019-W40': too large" in state["last_result"]


def test_serve_answers_healthz_while_it_reads_slow_entries(world):
    settings, feed, *_ = world
    feed.body = rss(slow_items())
    assert len(feed.body) < 20 * 1024 * 1024
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_serve(env_of(settings), port, ROOT, stderr=subprocess.DEVNULL)

    def polled() -> bool:
        with open_db(settings.db_path) as db:
            return bool(list(db.query("select 1 from feed_state where last_poll_at is not null")))

    answered = []
    try:
        wait_healthy(url, proc)
        while not polled():
            answered.append(requests.get(url + "/healthz", timeout=5).status_code)  # a frozen serve times out
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert len(answered) >= 3 and set(answered) == {200}, answered
    with open_db(settings.db_path) as db:
        [[read]] = db.execute("select count(distinct issue_id) from feed_shown").fetchall()
    assert read == 8, "every slow entry was read"
