"""The archive is untrusted input (issue 19): a merged pull request can put links, huge files and
pathological markdown in it, or a force-push can empty it. Links, pipes and linked folders are
refused with a line saying so and nothing behind them is read; a file over the cap is refused
unread; what is read costs time in proportion to its size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakes.git_archive import GitArchive
from fakes.signing import FORM, command_body, post_signed
from fakes.slack import FakeSlack
from tests.corpus import ROOT
from tests.support import clean_env, free_port, start_serve, wait_healthy, wait_until

CANARY = "canary5f1c0de7e1"  # one word, as a search would look for it
ENV = {"SLACK_BOT_TOKEN": f"xoxb-{CANARY}", "SLACK_SIGNING_SECRET": CANARY, "CANARY": CANARY}
LEAK = f"---\ntitle: Works on Arm News 2017-W39\n---\n\n### Leak\n\nThe token is {CANARY}.\n"


def issue(week: str, heading: str, body: str = "Words about arm64 servers.") -> str:
    return f"---\ntitle: Works on Arm News {week}\n---\n\n### {heading}\n\n{body}\n"


@pytest.fixture
def outside(tmp_path):
    """A folder outside the archive holding a secret that looks like an issue."""
    folder = tmp_path / "outside"
    (folder / "2016").mkdir(parents=True)
    (folder / "secrets.md").write_text(LEAK)
    (folder / "2016" / "2016-W01.md").write_text(LEAK)
    return folder


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), *args],
        cwd=ROOT, env=clean_env(**ENV, **env), capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def stored_anywhere(db: Path, text: str) -> bool:
    """The text in the database's files, every table, index and free page alike."""
    files = [db, db.with_name(db.name + "-wal")]
    return any(text.encode() in f.read_bytes() for f in files if f.exists())


def test_links_in_a_git_archive_publish_nothing_through_sync_index_or_serve(tmp_path, outside):
    source = tmp_path / "source"
    (source / "2017").mkdir(parents=True)
    (source / "2017" / "2017-W38.md").write_text(issue("2017-W38", "Zyxxy build farm"))
    archive = GitArchive(tmp_path / "news", source)
    archive.link(
        {
            "content/2017/2017-W40.md": outside / "secrets.md",
            "content/2017/2017-W41.md": Path("/proc/self/environ"),
            "content/2017/2017-W42.md": Path("/proc/self/cwd/.env"),
            "content/2016": outside / "2016",
        }
    )
    db = tmp_path / "bot.db"
    synced = run(db, "sync", WORKSONARM_ARCHIVE=archive.url)
    assert synced.returncode == 0, synced.stderr
    for name in ("2017/2017-W40.md", "2017/2017-W41.md", "2017/2017-W42.md"):
        assert f"/content/{name}: a symbolic link, not a file of the archive: not read" in synced.stderr
    assert "/content/2016: a symbolic link to a folder, not followed" in synced.stderr
    assert "1 issues indexed" in synced.stdout and "4 refused" in synced.stdout
    [state] = status_json_of(db)["archive"]
    assert len(state["refused"]) == 4 and "4 files refused" in state["last_result"]

    checkout = next(tmp_path.glob("archive-*"))
    indexed = run(db, "index", str(checkout))  # `index PATH` of a folder reads it the same way
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stderr.count("refused ") == 4 and "4 refused" in indexed.stdout

    for words in (CANARY, "token", "leak"):
        found = run(db, "search", words)
        # The reply may quote the words typed ("no story is about “…”"), never a refused file's text.
        assert "No stories found" in found.stdout and CANARY not in found.stdout.replace(f"“{words}”", "")
    assert not stored_anywhere(db, CANARY)

    slack, port = FakeSlack(), free_port()
    # The words members search for that find nothing are kept for the editors (issue 23) unless the
    # question log is off: off here, so that only a refused file could put the canary in the file.
    env = clean_env(
        **ENV,
        SLACK_API_URL=slack.base_url,
        WORKSONARM_DB=str(db),
        WORKSONARM_ARCHIVE=archive.url,
        WORKSONARM_QUESTION_LOG="off",
    )
    proc = start_serve(env, port, tmp_path, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        assert wait_until(lambda: status_json_of(db)["archive"][0]["last_sync_at"] != state["last_sync_at"])
        replies = [
            post_signed(url + "/slack/events", command_body(text, slack.hook_url("c")), CANARY, FORM).text
            for text in ("root", "token", CANARY, "leak", "latest", "issue 2017-W40", "issue 2016-W01")
        ]
    finally:
        proc.terminate()
        _, logged = proc.communicate(timeout=15)
        slack.close()
    assert logged.count("archive file refused: ") == 4, "serve's own sync says so too"
    assert any("Zyxxy" in reply for reply in replies), "the archive's own issue is served"
    assert not any(CANARY in reply for reply in replies[:2] + replies[3:])
    assert "Leak" not in replies[2] and "token is" not in replies[2]  # the query is echoed, nothing more
    assert not any(CANARY in str(call.body) for call in slack.calls)
    assert not stored_anywhere(db, CANARY)


def status_json_of(db: Path) -> dict:
    import json

    status = run(db, "status", "--json")
    assert status.returncode == 0, status.stderr
    return dict(json.loads(status.stdout))


def test_a_folder_archive_refuses_a_linked_content_folder_pipes_and_links(tmp_path, outside):
    folder = tmp_path / "checkout"
    (folder / "2019").mkdir(parents=True)
    (folder / "2019" / "2019-W32.md").write_text(issue("2019-W32", "Zyxxy build farm"))
    os.mkfifo(folder / "2019" / "2019-W33.md")  # opened for reading, a pipe waits for a writer
    (folder / "2019" / "2019-W34.md").symlink_to(outside / "secrets.md")
    (folder / "content").symlink_to(outside)  # `content -> /usr`: the host's files
    db = tmp_path / "bot.db"
    synced = run(db, "sync", WORKSONARM_ARCHIVE=str(folder))
    assert synced.returncode == 0, synced.stderr
    assert "2019-W33.md: not a regular file (a pipe, a device or a socket): not read" in synced.stderr
    assert "2019-W34.md: a symbolic link, not a file of the archive: not read" in synced.stderr
    assert f"{folder / 'content'}: a symbolic link to a folder, not followed" in synced.stderr
    assert "1 issues indexed" in synced.stdout and "3 refused" in synced.stdout
    indexed = run(tmp_path / "other.db", "index", str(folder))
    assert indexed.returncode == 0 and indexed.stderr.count("refused ") == 3
    assert not stored_anywhere(db, CANARY) and not stored_anywhere(tmp_path / "other.db", CANARY)


def pathological_issues() -> dict[str, str]:
    """Files an archive can hold, each just under the cap: before, minutes or gigabytes each."""
    front = "---\ntitle: Works on Arm News {week}\n---\n\n### A story\n\nWords about arm64.\n\n"
    bodies = {
        "2018-W01": "{{<" * 80_000,
        "2018-W02": "<!--" * 60_000,
        "2018-W03": "| a | b |\n|---|---|\n" + "| x | y |\n" * 25_000,
        "2018-W04": "".join(f"* [link {i}](https://example.com/{i})\n" for i in range(6_500)),
        "2018-W05": "".join(
            f"### H{i}\n\nSee [r{i}].\n\n[r{i}]: https://e.com/{i}\n\n" for i in range(4_500)
        ),
        "2018-W06": "<http://" * 30_000,
        "2018-W07": "<div>" + "[a](http://x" * 20_000,
        "2018-W08": "<a " * 80_000,
    }
    return {week: front.format(week=week) + body for week, body in bodies.items()}


def test_a_50_mb_file_is_refused_unread_and_pathological_files_are_read_in_bounded_time(tmp_path):
    source = tmp_path / "source"
    (source / "2018").mkdir(parents=True)
    for week, text in pathological_issues().items():
        assert len(text.encode()) < 256 * 1024
        (source / "2018" / f"{week}.md").write_text(text)
    big = source / "2018" / "2018-W09.md"
    with big.open("w") as handle:  # 50 MB that git compresses to a few
        handle.write(issue("2018-W09", "Big", ""))
        for _ in range(50):
            handle.write("arm64 servers " * 74_899 + "\n")
    archive = GitArchive(tmp_path / "news", source)
    db = tmp_path / "bot.db"
    synced = run(db, "sync", WORKSONARM_ARCHIVE=archive.url)
    assert synced.returncode == 0, synced.stderr
    assert "2018-W09.md: too large: 51,201 KB, over the cap of 256 KB per issue" in synced.stderr
    assert "8 issues indexed" in synced.stdout and "1 refused" in synced.stdout
    [state] = status_json_of(db)["archive"]
    [(refused)] = state["refused"]
    assert refused["path"].endswith("2018-W09.md") and refused["reason"].startswith("too large")
