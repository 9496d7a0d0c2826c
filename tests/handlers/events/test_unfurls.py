"""The link_shared listener, called directly: the newsletter's links unfurl, others are left alone."""

from __future__ import annotations

import json
import re
from unittest.mock import Mock

from bot.archive.issues import find_issue
from handlers.events.unfurls import make_unfurl_listener
from tests.support import open_db


def issue_url(services, week: str) -> str:
    with open_db(services.settings.db_path) as db:
        issue = find_issue(db, week)
    assert issue is not None and issue.url
    return issue.url


def shared(*urls: str, **extra) -> dict:
    links = [{"domain": "github.com", "url": url} for url in urls]
    event = {"type": "link_shared", "channel": "C111", "user": "U1", "message_ts": "1700000001.000100"}
    return event | {"links": links, "source": "conversations_history"} | extra


def test_an_issue_link_unfurls_with_its_stories_and_an_unknown_one_not(services):
    url = issue_url(services, "2017-W19")
    client = Mock()
    make_unfurl_listener(services)(
        event=shared(url, "https://github.com/golang/go"), client=client, logger=Mock()
    )
    kwargs = client.chat_unfurl.call_args.kwargs
    assert kwargs["channel"] == "C111" and kwargs["ts"] == "1700000001.000100"
    assert list(kwargs["unfurls"]) == [url]
    text = json.dumps(kwargs["unfurls"][url])
    assert "Golang 1.9 plan for ARM64 support" in text and "2017-W19" in text


def test_a_link_written_otherwise_still_unfurls_and_a_story_anchor_gives_that_story(services):
    url = issue_url(services, "2017-W19")
    variant = url.replace("https://", "http://www.") + "?utm_source=twitter#golang-19-plan-for-arm64-support"
    client = Mock()
    make_unfurl_listener(services)(event=shared(variant), client=client, logger=Mock())
    unfurl = client.chat_unfurl.call_args.kwargs["unfurls"][variant]
    section = unfurl["blocks"][0]["text"]["text"]
    assert section.startswith("*Golang 1.9 plan for ARM64 support*")


def test_nothing_known_no_unfurl_call_and_the_composer_is_named_by_unfurl_id(services):
    client = Mock()
    make_unfurl_listener(services)(event=shared("https://example.com/x"), client=client, logger=Mock())
    client.chat_unfurl.assert_not_called()
    composer = shared(issue_url(services, "2017-W17"), channel="COMPOSER", message_ts="U1-abc")
    composer |= {"source": "composer", "unfurl_id": "C1.17000.abc"}
    make_unfurl_listener(services)(event=composer, client=client, logger=Mock())
    kwargs = client.chat_unfurl.call_args.kwargs
    assert kwargs["unfurl_id"] == "C1.17000.abc" and kwargs["source"] == "composer" and "ts" not in kwargs


def test_an_unfurl_pings_no_one_and_stays_inside_slacks_limits(services, tmp_path):
    from bot.archive.files import find_issue_files, index_files

    hostile = "<!channel> @here <@U0123> *bold* <https://evil.example|click>"
    stories = "".join(
        f"## Story {n} {hostile} {'x' * 300}\n\nBody {hostile}\n\n* https://example.com/{n}\n\n"
        for n in range(120)
    )
    issue = tmp_path / "2026-W48.md"
    issue.write_text(f"---\ntitle: Works on Arm News 2026-W48\n---\n\n{stories}")
    with open_db(services.settings.db_path) as db:
        index_files(db, find_issue_files([issue]), issue_url_template=services.settings.issue_url_template)
    url = issue_url(services, "2026-W48")
    client = Mock()
    with open_db(services.settings.db_path) as db:
        heading = next(iter(db.query("select heading from stories where heading like 'Story 7 %'")))[
            "heading"
        ]
    story = url + "#" + re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")  # as GitHub writes it
    make_unfurl_listener(services)(event=shared(url, story, url + "#comments"), client=client, logger=Mock())
    unfurls = client.chat_unfurl.call_args.kwargs["unfurls"]
    assert set(unfurls) == {url, story, url + "#comments"}
    assert unfurls[url + "#comments"] == unfurls[url], "an anchor that names no story: the issue"
    for unfurl in unfurls.values():
        assert len(unfurl["blocks"]) <= 20
        text = json.dumps(unfurl)
        assert "<!channel>" not in text and "<@U0123>" not in text and "evil.example|" not in text
        for block in unfurl["blocks"]:
            assert len((block.get("text") or {}).get("text", "")) <= 3000
    assert unfurls[story]["blocks"][0]["text"]["text"].startswith("*Story 7 ")
