"""The CLI as the image's user (uid 10001) runs it, against folders it does not own: every failure
says what to fix (the file, the uid, the `chown` to run), never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.cli.base import COMMANDS
from fakes.git_archive import GitArchive
from tests.corpus import ROOT
from tests.support import clean_env, open_db

UNPRIVILEGED = 10001  # the image's user
# What `sync` imports on demand (dulwich included), loaded before the process gives up root's
# access to them: a clone's venv may live where uid 10001 cannot read.
SYNC_MODULES = (
    "bot.app",
    "bot.syncing",
    "bot.archive.sync",
    "concurrent.futures.thread",
    "tarfile",
    "difflib",
    "shlex",
)
SYNC_MODULES += ("dulwich.porcelain", "dulwich.repo", "dulwich.client", "dulwich.index", "dulwich.objectspec")


# The CLI loads a command's module when it runs: here, before the process drops its uid.
COMMAND_MODULES = tuple(sorted({f"bot.cli.{module}" for module in COMMANDS.values()}))


def unprivileged(
    *args: str, preload: tuple[str, ...] = (), cwd: str = "/", **env: str
) -> subprocess.CompletedProcess[str]:
    """The CLI as the image's uid 10001 would run it, against folders it does not own. As root,
    the process drops to that uid once the code is loaded (the interpreter lives where it could
    not read) and works in `cwd` (the image's is readable; a clone's may not be); as anyone else,
    it already is unprivileged."""
    if os.getuid() != 0:
        pytest.skip("needs root to become another user")
    modules = ", ".join(("bot.cli", *COMMAND_MODULES, *preload))
    program = (
        f"import os, sys\nfrom bot.cli import main\nimport {modules}\n"
        f"os.chdir({cwd!r}); os.setgroups([]); os.setgid({UNPRIVILEGED}); os.setuid({UNPRIVILEGED})\n"
        "sys.argv = ['worksonarm-bot', *sys.argv[1:]]\nmain()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program, *args], cwd=ROOT, env=clean_env(**env), capture_output=True, text=True
    )


@pytest.fixture
def open_folder():
    """A folder anyone may enter (pytest's own are closed to other users), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="worksonarm-uid-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_working_folder_whose_env_file_cannot_be_read_is_a_clear_configuration_error(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)  # root's: uid 10001 cannot even look for .env in it
    result = unprivileged("status", cwd=str(closed), WORKSONARM_DB=str(tmp_path / "x.db"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"cannot read {closed / '.env'}: permission denied for uid {UNPRIVILEGED}" in result.stderr


def test_a_database_that_cannot_be_opened_names_the_path_the_uid_and_the_fix(tmp_path, open_folder):
    root_owned = open_folder / "data"
    root_owned.mkdir(mode=0o755)
    result = unprivileged("status", WORKSONARM_DB=str(root_owned / "worksonarm.db"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert str(root_owned / "worksonarm.db") in line and f"uid {UNPRIVILEGED}" in line
    assert f"chown -R {UNPRIVILEGED} {root_owned}" in line
    closed = unprivileged(
        "status", WORKSONARM_DB=str(tmp_path / "worksonarm.db")
    )  # a closed folder on the way
    assert closed.returncode == 2 and "Traceback" not in closed.stderr
    assert f"uid {UNPRIVILEGED}" in closed.stderr and "chown" in closed.stderr


def test_an_archive_checkout_that_cannot_be_written_says_how_to_fix_it(open_folder):

    tmp_path = open_folder
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777)  # the database's folder is writable for everyone; only the checkout is not
    with open_db(data / "worksonarm.db"):
        pass
    source = tmp_path / "source"
    source.mkdir()
    (source / "2019-W32.md").write_text("---\ntitle: W32\n---\n\n### A story\n\nWords about arm64.\n")
    repo = GitArchive(tmp_path / "repo", source)
    try:
        database = str(data / "worksonarm.db")
        as_root = subprocess.run(
            [sys.executable, "-m", "bot", "sync"], cwd=ROOT, capture_output=True, text=True,
            env=clean_env(WORKSONARM_DB=database, WORKSONARM_ARCHIVE=repo.url),
        )  # fmt: skip
        assert as_root.returncode == 0, as_root.stderr  # its checkout is root's: 10001 cannot update it
        for name in os.listdir(data):
            if name.startswith("worksonarm.db"):
                (data / name).chmod(0o666)
        result = unprivileged(
            "sync",
            preload=SYNC_MODULES,
            WORKSONARM_DB=str(data / "worksonarm.db"),
            WORKSONARM_ARCHIVE=repo.url,
            HOME=str(tmp_path),  # git config is read from HOME; root's is closed to 10001
        )
    finally:
        repo.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"uid {UNPRIVILEGED}" in result.stderr
    assert f"chown -R {UNPRIVILEGED} {data}/archive-" in result.stderr
