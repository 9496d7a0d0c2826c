"""A force-push that empties the archive's repository (issue 19, item 4) does not empty the index:
the sync holds the removals, `status` and the editors say what it wants to remove, and an editor
confirms with `sync --allow-removals` or the button. `serve`'s own syncs hold them too."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import pytest

from bot.outbox.editors import EditorChoice
from fakes.git_archive import GitArchive
from fakes.signing import FORM, JSON, interactive_body, post_signed
from fakes.slack import FakeSlack
from tests.corpus import ROOT, WOA_ARCHIVE, need_corpus, slack_payload
from tests.slack_requests import event_envelope
from tests.support import clean_env, free_port, open_db, start_serve, wait_healthy, wait_until

EDITOR = "UEDITOR"


@pytest.fixture
def archive(tmp_path):
    repo = GitArchive(tmp_path / "worksonarm-news", need_corpus(WOA_ARCHIVE))
    yield repo
    repo.close()


def run(db, archive, *args: str):
    env = clean_env(WORKSONARM_DB=str(db), WORKSONARM_ARCHIVE=archive.url)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def archive_status(db, archive) -> tuple[int, dict]:
    status = json.loads(run(db, archive, "status", "--json").stdout)
    return status["issues"], status["archive"][0]


def empty(archive: GitArchive) -> None:
    """A force-push of a history whose tree has no issue left."""
    shutil.rmtree(archive.folder / "content")
    (archive.folder / "README.md").write_text("Moved.\n")
    archive.rewrite("Start again")


def test_an_emptying_force_push_is_held_until_sync_allow_removals(tmp_path, archive):
    db = tmp_path / "bot.db"
    assert run(db, archive, "sync").returncode == 0
    empty(archive)
    held = run(db, archive, "sync")
    assert held.returncode == 0, held.stderr
    assert "0 removed" in held.stdout
    assert (
        "held: the archive no longer has 99 issues (2019-W" in held.stdout
        and "--allow-removals" in held.stdout
    )
    issues, state = archive_status(db, archive)
    assert issues == 99, "the index keeps them"
    assert len(state["held_removals"]) == 99 and state["removed"] == 0
    assert "held: the archive no longer has 99 issues" in state["last_result"]

    again = run(db, archive, "sync")  # held still: nobody confirmed
    assert "held: the archive no longer has 99 issues" in again.stdout
    allowed = run(db, archive, "sync", "--allow-removals")
    assert allowed.returncode == 0 and "99 removed" in allowed.stdout
    issues, state = archive_status(db, archive)
    assert issues == 0 and state["removed"] == 99 and state["held_removals"] == []


def test_a_few_removals_go_through_and_a_removal_of_half_a_small_archive_is_held(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for n in (1, 2, 3):
        (source / f"2019-W0{n}.md").write_text(f"---\ntitle: W0{n}\n---\n\n### Story {n}\n\nWords.\n")
    repo = GitArchive(tmp_path / "news", source)
    db = tmp_path / "bot.db"
    assert "3 issues indexed" in run(db, repo, "sync").stdout
    (repo.folder / "content" / "2019-W01.md").unlink()
    repo.rewrite("One goes")
    assert "1 removed" in run(db, repo, "sync").stdout, "one issue of three is editing, not a mass removal"
    for n in (2, 3):
        (repo.folder / "content" / f"2019-W0{n}.md").unlink()
    repo.rewrite("All go")
    assert "held: the archive no longer has 2 issues" in run(db, repo, "sync").stdout
    repo.close()


# serve indexes the shipped issues too: the first three (2017-W17 to W19) stay, held by those files.
LEAVING = 99 - 3


def test_serve_holds_the_removals_and_an_editors_button_applies_them(tmp_path, archive):
    db = tmp_path / "bot.db"
    assert run(db, archive, "sync").returncode == 0
    empty(archive)
    slack, port = FakeSlack(), free_port()
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s", SLACK_API_URL=slack.base_url,
        WORKSONARM_DB=str(db), WORKSONARM_ARCHIVE=archive.url, WORKSONARM_EDITORS=EDITOR,
    )  # fmt: skip
    proc = start_serve(env, port, tmp_path, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)

        def notice() -> dict | None:
            for call in slack.calls_to("chat.postMessage"):
                if call.body.get("channel") == EDITOR and f"would remove {LEAVING} issues" in str(call.body):
                    return call.body
            return None

        assert wait_until(notice, timeout=60), "the editors are told"
        _, state = archive_status(db, archive)
        with open_db(db) as conn:
            assert conn.table("issues").count == 99, "serve's sync at start holds them too"
        buttons = [e for b in json.loads(json.dumps(notice()["blocks"])) for e in b.get("elements", [])]
        [button] = [e for e in buttons if e.get("action_id") == EditorChoice.ARCHIVE_REMOVALS]
        assert button["value"] == state["held_key"] and "confirm" in button

        home = {"type": "app_home_opened", "user": EDITOR, "channel": "D1", "tab": "home"}
        assert post_signed(url + "/slack/events", event_envelope(home), "s", JSON).status_code == 200
        [published] = slack.wait_for("views.publish")
        view = json.dumps(published.body["view"])
        assert (
            f"The archive sync holds {LEAVING} removals" in view
            and EditorChoice.ARCHIVE_REMOVALS.value in view
        )

        press(url, slack, "UNOBODY", button["value"])  # not an editor: nothing happens
        press(url, slack, EDITOR, button["value"])

        def emptied() -> bool:
            with open_db(db) as conn:
                return conn.table("issues").count == 99 - LEAVING

        assert wait_until(emptied, timeout=60)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        slack.close()
    _, state = archive_status(db, archive)
    assert state["removed"] == LEAVING and state["held_removals"] == []


def press(url: str, slack: FakeSlack, user: str, value: str) -> None:
    payload = copy.deepcopy(slack_payload("block_actions_button.json"))
    payload["user"]["id"] = user
    payload["response_url"] = slack.hook_url("act")
    payload["actions"][0].update(
        {"action_id": EditorChoice.ARCHIVE_REMOVALS.value, "block_id": "b", "value": value}
    )
    assert post_signed(url + "/slack/events", interactive_body(payload), "s", FORM).status_code == 200


def test_a_tree_moved_inside_the_archive_removes_nothing_and_holds_nothing(tmp_path, archive):
    # The files are gone from their old paths, but every issue is still in the archive: no removal.
    db = tmp_path / "bot.db"
    assert run(db, archive, "sync").returncode == 0
    content = archive.folder / "content"
    (content / "issues").mkdir()
    for year in ("2017", "2018", "2019"):
        shutil.move(content / year, content / "issues" / year)
    archive.rewrite("Issues under issues/")
    moved = run(db, archive, "sync")
    assert moved.returncode == 0, moved.stderr
    assert "held" not in moved.stdout and "0 removed" in moved.stdout, moved.stdout
    issues, state = archive_status(db, archive)
    assert issues == 99 and state["held_removals"] == [] and state["removed"] == 0
