"""What Mastodon and Bluesky get: a public status within the instance's own limit, and a post of at
most 300 graphemes whose link is a facet over exactly the link's bytes, with a link card. Long
titles, CJK, emoji and hostile feed text included; status, dry runs and `--only` see all four."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import run_poll
from bot.archive.issues import IssueSummary
from bot.publishers.posts import BLUESKY_LIMIT, bluesky_text, mastodon_text
from fakes.feed import rss
from tests.corpus import ROOT
from tests.support import W17, W18, W19, announcements, env_of, open_db, status_json

URL = "https://worksonarm.example/news/2019-W31/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 200


def graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def facet_text(post: dict, feature: str) -> list[tuple[str, str]]:
    """(the text a facet covers, what it points at) for every facet of one kind."""
    data = post["text"].encode()
    covered = []
    for facet in post.get("facets") or []:
        for f in facet["features"]:
            if f["$type"] == f"app.bsky.richtext.facet#{feature}":
                span = data[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode()
                covered.append((span, f.get("uri") or f.get("tag")))
    return covered


def test_one_new_issue_is_one_status_and_one_post_with_a_clickable_link_and_a_card(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W18, W17])
    run_poll(settings)
    assert instance.statuses == [] and pds.posts == []
    thumb = f'<media:thumbnail url="{feed.url.rsplit("/", 1)[0]}/cover.png" width="600" height="315"/>'
    feed.files = {"/cover.png": ("image/png", PNG)}
    feed.body = rss([dict(W19, extra=thumb), W18, W17])
    report = run_poll(settings)
    assert sorted(report.sent) == sorted(f"2017-W19 {d}" for d in ("slack", "x", "mastodon", "bluesky"))

    [status] = instance.statuses
    [form] = [r.body for r in instance.calls("POST /api/v1/statuses")]
    assert form["visibility"] == "public" and form["language"] == "en"
    assert "https://worksonarm.example/news/2017-W19/" in status["text"] and "#WorksOnArm" in status["text"]
    key = instance.calls("POST /api/v1/statuses")[0].headers["Idempotency-Key"]
    assert len(key) >= 16

    [post] = pds.posts
    assert graphemes(post["text"]) <= 300 and len(post["text"].encode()) <= 3000
    url = "https://worksonarm.example/news/2017-W19/"
    assert facet_text(post, "link") == [(url, url)], "the link facet covers exactly the link's bytes"
    assert sorted(tag for _, tag in facet_text(post, "tag")) == ["WorksOnArm", "arm64"]
    assert all(span == f"#{tag}" for span, tag in facet_text(post, "tag"))
    card = post["embed"]
    assert card["$type"] == "app.bsky.embed.external" and card["external"]["uri"] == url
    assert "Issue 3" in card["external"]["title"] and "Golang" in card["external"]["description"]
    assert card["external"]["thumb"]["mimeType"] == "image/png" and pds.blobs == [PNG]
    assert post["langs"] == ["en"]


def test_the_instances_own_limit_is_read_once_and_kept(everywhere):
    from bot.app import courier_for

    settings, feed, slack, x, instance, pds = everywhere
    instance.max_characters = 120
    courier = courier_for(settings)
    feed.body = rss([W17])
    run_poll(settings, courier=courier)
    for week in (W18, W19):
        feed.body = rss([week, W18, W17])
        run_poll(settings, courier=courier)
    assert len(instance.statuses) == 2
    for status in instance.statuses:
        counted = graphemes(regex.sub(r"https?://\S+", "x" * 23, status["text"]))
        assert counted <= 120 and status["text"].count("https://worksonarm.example/news/") == 1
    assert len(instance.calls("GET /api/v2/instance")) == 1


def issue(title: str, headings: list[str], url: str = URL) -> IssueSummary:
    return IssueSummary(1, "2019-W31", 63, title, "2019-08-02", url, headings, [])


WORDS = st.text(
    alphabet=st.sampled_from(list("arm64 servers éàü 日本語の記事 한국어 🇩🇪👩‍👩‍👧‍👦🎉 e\u0301 Kubernetes ")),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(title=WORDS, headings=st.lists(WORDS, max_size=30), limit=st.sampled_from([120, 500, 1000]))
def test_posts_fit_their_limits_whatever_the_script(title, headings, limit):
    post = issue("Works on Arm News 2019-W31 " + title, headings)
    bluesky = bluesky_text(post)
    assert graphemes(bluesky) <= BLUESKY_LIMIT and len(bluesky.encode()) <= 3000
    assert URL in bluesky
    mastodon = mastodon_text(post, limit, 23)
    assert graphemes(mastodon.replace(URL, "x" * 23)) <= limit and URL in mastodon


def test_a_long_cjk_and_emoji_title_is_cut_between_graphemes():
    family = "👩‍👩‍👧‍👦"
    post = issue("Works on Arm News " + ("日本語の記事" + family) * 80, ["Kubernetes"] * 3)
    text = bluesky_text(post)
    assert graphemes(text) <= 300 and URL in text
    assert "\u200d" not in text.split(family)[-1].split(" ")[0], "no family emoji cut in its middle"


def test_hostile_feed_text_mentions_and_tags_nobody(everywhere):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([dict(W18, title="Issue 2 @everyone @admin@mastodon.social #crypto ＃scam"), W17])
    run_poll(settings)
    [status] = instance.statuses
    assert not regex.search(r"(?<![\w@])[@＠]\w", status["text"]), status["text"]
    assert set(regex.findall(r"(?<!\w)[#＃](\w+)", status["text"])) <= {"arm64", "WorksOnArm"}
    [post] = pds.posts
    assert {tag for _, tag in facet_text(post, "tag")} <= {"arm64", "WorksOnArm"}
    assert facet_text(post, "mention") == [] and not regex.search(r"(?<![\w@])[@＠]\w", post["text"])


def test_status_dry_run_and_only_see_all_four(everywhere, tmp_path):
    settings, feed, slack, x, instance, pds = everywhere
    feed.body = rss([W17])
    run_poll(settings)
    feed.body = rss([W18, W17])
    bare = replace(settings, mastodon_access_token="", mastodon_api_base_url="", bluesky_handle="")
    bare = replace(bare, bluesky_app_password="", twitter_api_key="", dry_run=True)
    run_poll(bare)
    with open_db(settings.db_path) as db:
        rendered = {r["destination"]: r["rendered"] for r in db.query("select * from deliveries")}
    assert set(rendered) == {"slack", "x", "mastodon", "bluesky"}, "a dry run renders all four"
    assert all("Issue 2" in text for text in rendered.values())
    assert instance.statuses == [] and pds.posts == [] and x.tweets == [] and announcements(slack) == []

    status = status_json(bare)
    assert list(status["destinations"]) == ["slack", "x", "mastodon", "bluesky"]
    assert status["destinations"]["mastodon"] == {"configured": False, "skipped": 1}

    env = {
        **env_of(settings),
        "MASTODON_API_BASE_URL": instance.url,
        "MASTODON_ACCESS_TOKEN": settings.mastodon_access_token,
        "BLUESKY_HANDLE": settings.bluesky_handle,
        "BLUESKY_APP_PASSWORD": settings.bluesky_app_password,
        "BLUESKY_SERVICE_URL": pds.xrpc,
    }
    run = [sys.executable, "-m", "bot", "announce", "2017-W18", "--only", "mastodon"]
    again = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "sent 2017-W18 mastodon" in again.stdout
    assert len(instance.statuses) == 1 and pds.posts == [] and x.tweets == [] and announcements(slack) == []
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "status"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert re.search(r"^  mastodon +on: 1 sent$", listed.stdout, re.M), listed.stdout
    assert re.search(r"^  bluesky +on: 1 skipped$", listed.stdout, re.M), listed.stdout
