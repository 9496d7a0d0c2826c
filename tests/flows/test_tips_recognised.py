"""Tips that recognise a link however it is written and name the first issue that covered it;
tips not worth an editor's time refused at every door; editors' triage anywhere."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

import pytest

from bot.archive.links import normalize_url
from bot.tips.intake import save_tip
from fakes.signing import FORM, interactive_body, post_signed
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus, slack_payload
from tests.markup import assert_whole_markup, section_texts
from tests.slack_requests import SECRET, dm, press, send_event, slash
from tests.support import all_text, archive_database, clean_env, cli, open_db, running_app, tips_json

# As people paste them, against how the archive wrote them.
PASTED = {
    "https://www.openmediavault.org/": None,
    "https://github.com/golang/go/issues/19082?fbclid=abc": "2017-W19",
    "http://syncloud.org/?ref=hn": None,
    "https://minio.io": "2017-W17",
}
NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)
JUNK = ["🎉", "golang", "🎉 🎉 🎉", "   "]


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    return archive_database(tmp_path_factory.mktemp("tips") / "bot.db")


def earliest_week(db_path, url: str) -> str:
    with open_db(db_path) as db:
        rows = db.query(
            "select i.week from links l join issues i on i.id = l.issue_id where l.normalized = ? "
            "order by i.date limit 1",
            [normalize_url(url)],
        )
        return str(next(iter(rows))["week"])


def shell(db_path, lines: list[str], *args: str) -> str:
    """The console with `db_path` as its own database: the archive in it, its tips read back."""
    run = [sys.executable, "-m", "bot", "--db", str(db_path.with_name("the-bot.db")), "shell", *args]
    env = clean_env(WORKSONARM_CONSOLE_DB=str(db_path))
    result = subprocess.run(
        run, cwd=ROOT, env=env, input="\n".join(lines) + "\n", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_pasted_links_are_covered_in_their_earliest_issue_in_the_shell(archive_db, tmp_path):
    copy_db = tmp_path / "shell.db"
    copy_db.write_bytes(archive_db.read_bytes())
    for url, week in PASTED.items():
        reply = shell(copy_db, [f"a tip {url}"])
        assert "already covered in" in reply and (week or earliest_week(copy_db, url)) in reply, (url, reply)


def test_pasted_links_are_covered_in_their_earliest_issue_in_slack(archive_db, tmp_path):
    copy_db = tmp_path / "slack.db"
    copy_db.write_bytes(archive_db.read_bytes())
    with running_app(copy_db, sources=[need_corpus(WOA_ARCHIVE)]) as app:
        for n, url in enumerate(PASTED):
            send_event(app, dm(f"look {url}", channel=f"D{n}", ts=f"17000000{n}.000100"))
        for n, (url, week) in enumerate(PASTED.items()):
            [reply] = [
                c
                for c in app.slack.wait_for("chat.postMessage", count=len(PASTED))
                if c.body["channel"] == f"D{n}"
            ]
            text = all_text(reply.body["blocks"])
            assert "already covered in" in text and (week or earliest_week(copy_db, url)) in text, (url, text)
    assert "covered in Issue 1, 2017-W17" in shell(copy_db, ["https://minio.io"])
    golang = shell(copy_db, ["see https://github.com/golang/go/issues/19082/"])
    assert "covered in Issue 3, 2017-W19" in golang and "Golang 1.9 plan for ARM64 support" in golang


def test_junk_tips_are_refused_at_every_door_and_nothing_is_stored(tmp_path):
    db_path = tmp_path / "bot.db"
    with running_app(db_path) as app:
        for n, junk in enumerate(JUNK):
            reply = slash(app, f"tip {junk}").json()
            assert "A tip needs a link" in reply["text"] or "empty" in reply["text"], (junk, reply["text"])
            send_event(app, dm(f"tip {junk}", channel=f"DJ{n}", ts=f"17000001{n}.000100"))
            submission = copy.deepcopy(slack_payload("view_submission.json"))
            submission["view"].update(
                {
                    "id": f"VJUNK{n}",
                    "callback_id": "suggest_tip_modal",
                    "private_metadata": json.dumps({"channel": "", "ts": ""}),
                    "state": {"values": {"tip_text": {"value": {"type": "plain_text_input", "value": junk}}}},
                }
            )
            answer = post_signed(app.url + "/slack/events", interactive_body(submission), SECRET, FORM).json()
            assert answer["response_action"] == "errors" and "tip_text" in answer["errors"], junk
        replies = app.slack.wait_for("chat.postMessage", count=len(JUNK))
        assert all(
            "A tip needs a link" in json.dumps(r.body) or "empty" in json.dumps(r.body) for r in replies
        )
    assert tips_json(db_path) == []


def test_a_url_says_nothing_about_the_section(archive_db, tmp_path):
    copy_db = tmp_path / "section.db"
    copy_db.write_bytes(archive_db.read_bytes())
    with running_app(copy_db, sources=[need_corpus(WOA_ARCHIVE)]) as app:
        slash(app, "tip https://example.com/graphics/opengl?utm_source=foo new thing")
        slash(
            app,
            "tip Kubernetes 1.13 brings arm64 images and a multi-arch container build https://example.com/k8s",
        )
    sections = {t["urls"][0]: t["section"] for t in tips_json(copy_db)}
    assert sections["https://example.com/graphics/opengl?utm_source=foo"] == ""
    assert sections["https://example.com/k8s"]  # words enough to place it


def test_cli_triage_does_what_the_buttons_do(tmp_path):
    by_buttons, by_cli = tmp_path / "buttons.db", tmp_path / "cli.db"
    for path in (by_buttons, by_cli):
        with running_app(path, editors=("UEDITOR",)) as app:
            for n in range(3):
                slash(app, f"tip Story number {n} about arm64 builds https://example.com/{n}")
            if path == by_buttons:
                ids = sorted(t["id"] for t in tips_json(path))
                press(app, "tip_accept", str(ids[0]), user="UEDITOR", hook="t")
                press(app, "tip_reject", str(ids[1]), user="UEDITOR", hook="t")
                app.slack.wait_for("hook:t", count=2)
    ids = sorted(t["id"] for t in tips_json(by_cli))
    assert cli(by_cli, "tips", "accept", str(ids[0])).returncode == 0
    assert cli(by_cli, "tips", "reject", str(ids[1])).returncode == 0
    missing = cli(by_cli, "tips", "accept", "999")
    assert missing.returncode == 1 and "no such tip" in missing.stderr  # issue 20: not 0
    status = [{t["id"]: t["status"] for t in tips_json(p)} for p in (by_buttons, by_cli)]
    assert status[0] == status[1] == {ids[0]: "accepted", ids[1]: "rejected", ids[2]: "new"}


def test_the_shell_as_editor_accepts_a_tip_and_the_draft_holds_it(tmp_path):
    db_path = tmp_path / "bot.db"
    out = shell(
        db_path,
        [
            "tip Ampere eMAG ships to cloud providers this month https://example.com/emag",
            "/worksonarm tips",
            "accept 1",
            "/worksonarm tips export",
        ],
        "--editor",
    )
    assert "type `accept 1` or `reject 1`" in out and "No new tips" in out
    assert (
        "Ampere eMAG ships to cloud providers" in out.split("/worksonarm tips export")[-1]
        or "### Ampere" in out
    )
    draft = cli(db_path, "tips", "export").stdout
    assert (
        "### Ampere eMAG ships to cloud providers this month" in draft
        and "* <https://example.com/emag>" in draft
    )
    assert (
        "accept"
        in subprocess.run(
            [sys.executable, "-m", "bot", "shell", "--help"], cwd=ROOT, capture_output=True, text=True
        ).stdout
    )


def test_tips_list_shows_coverage_and_duplicates(archive_db, tmp_path):
    copy_db = tmp_path / "list.db"
    copy_db.write_bytes(archive_db.read_bytes())
    again = shell(copy_db, ["first https://minio.io", "second http://www.minio.io/?utm_source=x"])
    assert "You sent me this before" in again  # the same person: one tip
    with open_db(copy_db) as db:
        save_tip(db, user_id="U222", text="http://minio.io", source="dm", event_key="k2", now=NOW)
    listing = cli(copy_db, "tips", "list").stdout
    assert "covered in 2017-W17" in listing and "duplicate of #1" in listing
    assert listing.count("minio") == 2, listing


def test_a_link_that_differs_by_a_meaningful_parameter_is_not_covered(archive_db, tmp_path):
    copy_db = tmp_path / "params.db"
    copy_db.write_bytes(archive_db.read_bytes())
    talk = "https://2018.isc-program.com/?page_id=9&ln=beard&uid=812243&fn=jonathan"  # in 2018-W25
    tracked = shell(copy_db, [f"tip {talk}&utm_source=slack&fbclid=IwAR0"])
    assert "already covered in" in tracked
    other = shell(copy_db, [f"tip {talk.replace('uid=812243', 'uid=812244')}"])
    assert "Your tip is saved" in other and "already covered" not in other


def test_stored_link_keys_are_recomputed_by_the_migration(tmp_path):
    """A database from the courlan days, where `uid` and `eid` were dropped: after the upgrade,
    each game entry and calendar event is its own link again, and the tips' coverage with it."""
    issue = tmp_path / "2018-W40.md"
    entry = "http://ludumdare.com/compo/ludum-dare-31/?action=preview&uid=19918"
    event = "https://www.google.com/calendar/event?eid=NWMzaDNqZDZjcG5o"
    issue.write_text(
        f"---\ntitle: Works on Arm News 2018-W40\n---\n\n### Games\n\nPlay.\n\n* {entry}\n* {event}\n"
    )
    db_path = tmp_path / "old.db"
    assert cli(db_path, "index", str(issue)).returncode == 0
    other_entry = entry.replace("19918", "19919")
    with open_db(db_path) as db:
        save_tip(db, user_id="U1", text=f"my game {other_entry}", source="dm", event_key="k", now=NOW)
        courlan_keys = {entry: "https://ludumdare.com/compo/ludum-dare-31?action=preview"}
        courlan_keys |= {other_entry: courlan_keys[entry], event: "https://google.com/calendar/event"}
        for table in ("links", "tip_urls"):
            for url, key in courlan_keys.items():
                db.execute(f"update {table} set normalized = ? where url = ?", [key, url])
        db.execute("update tips set covered_issues = '[1]'")
        db.execute("delete from _sqlite_migrations where name = 'm011_tracking_list_and_news'")
        db.conn.commit()
    [tip] = tips_json(db_path)  # a new process: the migration runs
    assert tip["covered_issues"] == []
    with open_db(db_path) as db:
        keys = {r["url"]: r["normalized"] for r in db.query("select url, normalized from links")}
        [tip_key] = [r["normalized"] for r in db.query("select normalized from tip_urls")]
    assert keys == {entry: normalize_url(entry), event: normalize_url(event)}
    assert "uid=19918" in keys[entry] and "eid=" in keys[event] and tip_key != keys[entry]


LONG_ARCHIVE_LINKS = [  # three of the archive's longest links, 183 to 199 characters
    "https://www.linuxfoundation.org/press-release/2019/02/civil-infrastructure-platform-announces-"
    "new-super-long-term-support-kernel-that-advances-automation-machine-learning-and-artificial-intelligence/",
    "https://www.cadence.com/content/cadence-www/global/en_US/home/tools/system-design-and-verification/"
    "simulation-and-testbench-verification/xcelium-parallel-simulator/xcelium-on-arm-based-servers.html",
    "https://globenewswire.com/news-release/2018/07/10/1535091/0/en/Shippable-Arm-and-Packet-Partner-to-"
    "Deliver-the-First-Hosted-CI-CD-Platform-with-Native-Support-for-Arm-Development.html",
]


def test_long_links_sent_again_stay_whole_in_the_reply_the_queue_and_the_home(archive_db, tmp_path):
    copy_db = tmp_path / "long.db"
    copy_db.write_bytes(archive_db.read_bytes())
    tip = "Arm news & more <3: " + " ".join(LONG_ARCHIVE_LINKS) + " & " * 400
    with running_app(copy_db, sources=[need_corpus(WOA_ARCHIVE)], editors=("UEDITOR",)) as app:
        send_event(app, dm(tip))
        send_event(app, dm(tip, user="U222", channel="D222"))  # the second time, by someone else
        send_event(app, dm(tip + " again"))  # and by the first, again
        replies = app.slack.wait_for("chat.postMessage", count=3)
        queue = slash(app, "tips", user="UEDITOR").json()["blocks"]
        home = {"type": "app_home_opened", "user": "UEDITOR", "channel": "D0", "tab": "home"}
        send_event(app, home)
        [published] = app.slack.wait_for("views.publish")
    texts = [t for r in replies for t in [r.body["text"], *section_texts(r.body["blocks"])]]
    texts += section_texts(queue) + section_texts(published.body["view"]["blocks"])
    for text in texts:
        assert len(text) <= 3000
        assert_whole_markup(text)
    second = section_texts(next(r for r in replies if r.body["channel"] == "D222").body["blocks"])[0]
    assert all(f"<{url}|" in second for url in LONG_ARCHIVE_LINKS)
    assert "already covered in" in second and "already suggested by <@U111>" in second
