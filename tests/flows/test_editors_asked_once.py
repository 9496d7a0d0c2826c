"""What an editor asks is done once: `announce` of an issue that is out says so (a signed request
replayed inside Slack's 5 minutes posts nothing), `announce … again` posts once more, once, however
often its request is replayed. And a link card's image never holds a post past its deadline."""

from __future__ import annotations

import functools
import subprocess
import sys
import time

from bot.app import courier_for, run_poll
from bot.publishers.bluesky import THUMB_DEADLINE, fetch_thumbnail
from fakes.feed import rss
from fakes.signing import FORM, command_body, post_signed
from tests.corpus import ROOT
from tests.slack_requests import SECRET
from tests.support import CHANNEL, W17, W18, W19, all_text, editors_app, env_of, wait_until


def test_a_replayed_announce_posts_nothing_and_again_posts_once(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)  # 2017-W18 out on Slack and X
    assert len(x.tweets) == 1
    with editors_app(settings, announce_channel=CHANNEL, feed_url=settings.feed_url) as app:
        plain = command_body("announce 2017-W18", app.slack.hook_url("c"), user="UEDITOR")
        for _ in range(2):  # the editor's request, then the same signed bytes replayed
            reply = all_text(post_signed(app.url + "/slack/events", plain, SECRET, FORM).json()["blocks"])
            assert "already out on slack, x" in reply and "again" in reply
        again = command_body("announce 2017-W18 again", app.slack.hook_url("c"), user="UEDITOR")
        first = all_text(post_signed(app.url + "/slack/events", again, SECRET, FORM).json()["blocks"])
        assert "again on slack, x" in first
        assert wait_until(lambda: len(x.tweets) == 2 or x.requests[1:], timeout=10)
        replayed = all_text(post_signed(app.url + "/slack/events", again, SECRET, FORM).json()["blocks"])
        assert "done already" in replayed
        assert wait_until(lambda: len(app.slack.posts_to(CHANNEL)) == 1, timeout=10)
        time.sleep(0.5)  # anything a replay had queued would be out by now
        assert len(app.slack.posts_to(CHANNEL)) == 1 and len(x.requests) == 2


def test_announce_on_the_command_line_says_what_is_out_and_posts_where_not(world):
    settings, feed, slack, x = world
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    run_poll(settings)
    run = [sys.executable, "-m", "bot", "announce", "2017-W18"]
    done = subprocess.run(run, cwd=ROOT, env=env_of(settings), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "already out on slack, x" in done.stdout and "--again" in done.stdout
    assert len(slack.posts_to(CHANNEL)) == 1 and len(x.tweets) == 1
    done = subprocess.run(
        [*run, "--again", "--only", "slack"], cwd=ROOT, env=env_of(settings), capture_output=True, text=True
    )
    assert done.returncode == 0 and "again on slack" in done.stdout, done.stdout + done.stderr
    assert len(slack.posts_to(CHANNEL)) == 2 and len(x.tweets) == 1


def test_a_dripping_card_image_is_given_up_at_the_deadline_and_the_post_goes_out(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    assert THUMB_DEADLINE == 15  # the documented deadline; the test shortens it
    image = b"\x89PNG\r\n\x1a\n" + bytes(4000)
    feed.drips = {"/slow.png": ("image/png", image, 0.05)}  # 200 s for the whole image
    courier = courier_for(settings)
    courier.publishers["bluesky"].thumbnail = functools.partial(fetch_thumbnail, deadline=1.0)
    feed.body = rss([W18, W17])
    run_poll(settings, courier=courier)
    thumb = f'<media:thumbnail url="{feed.url.rsplit("/", 1)[0]}/slow.png" width="600" height="315"/>'
    feed.body = rss([dict(W19, extra=thumb), W18, W17])
    report = run_poll(settings, courier=courier)
    assert "2017-W19 bluesky" in report.sent
    [post] = pds.posts
    assert "thumb" not in post["embed"]["external"] and pds.blobs == []
    time.sleep(1.0)
    # cut at 1 s (about 20 bytes at 20 a second), never read to the end: 400 bytes would be 20 s
    assert feed.dripped["/slow.png"] < 400
