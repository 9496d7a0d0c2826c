"""What ships: the image's labels agree with the project, every locked file is pinned by hash and
installed that way, and compose runs the container hardened, with the archive and a backup."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from tests.corpus import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def locked(path: str) -> dict[str, str]:
    """name -> the whole entry (version line and its hashes) of a uv/pip-compile lock."""
    entries: dict[str, str] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", (ROOT / path).read_text()):
        if "==" in entry.split("\n", 1)[0]:
            entries[requirement_name(entry)] = entry
    return entries


def test_the_image_labels_say_source_version_and_licence_as_the_project_does():
    args = dict(re.findall(r"^ARG (\w+)=(.*)$", DOCKERFILE, re.M))
    assert args["VERSION"] == PROJECT["version"]
    labels = dict(re.findall(r'org\.opencontainers\.image\.(\w+)="([^"]*)"', DOCKERFILE))
    assert labels["version"] == "${VERSION}" and labels["source"] == "${SOURCE}"
    assert args["SOURCE"].startswith("https://")
    assert labels["licenses"] == PROJECT["license"]


def test_every_locked_file_has_hashes_and_the_image_requires_them():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = locked(lock)
        assert entries, lock
        unhashed = [name for name, entry in entries.items() if "--hash=sha256:" not in entry]
        assert not unhashed, f"{lock}: no hash for {unhashed}"
    runtime = locked("requirements.lock")
    missing = [spec for spec in PROJECT["dependencies"] if requirement_name(spec) not in runtime]
    assert not missing, f"requirements.lock lacks {missing}: recompile it"
    assert re.search(r"pip install [^\n]*--require-hashes -r requirements\.lock", DOCKERFILE)


def test_compose_runs_it_read_only_without_new_privileges_with_the_archive_and_a_backup():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    bot = services["worksonarm-bot"]
    assert bot["read_only"] is True
    assert "no-new-privileges:true" in bot["security_opt"]
    assert "/tmp" in bot["tmpfs"]
    assert "WORKSONARM_ARCHIVE" in bot["environment"]
    assert any(volume.endswith(":/data") for volume in bot["volumes"])
    backup = services["backup"]
    assert "worksonarm-bot backup" in " ".join(backup["entrypoint"])
    assert backup["volumes"][0] == bot["volumes"][0], "the backup reads the bot's own volume"


def test_serve_without_mastodon_or_bluesky_loads_neither_sdk():
    """atproto's lexicon models alone take 55 MB and half a second: only a configured network pays."""
    program = (
        "import sys\nfrom bot.app import courier_for\nfrom bot.config import Settings\n"
        "courier_for(Settings(db_path=':memory:'))\n"
        "print(sorted(m for m in ('atproto', 'mastodon') if m in sys.modules))\n"
    )
    run = [sys.executable, "-c", program]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
