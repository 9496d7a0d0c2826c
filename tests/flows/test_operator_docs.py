"""What a stranger setting the bot up reads: .env.sample names every variable the bot reads, the
README links nothing outside the repository, the licence is there, and Slack's usage hint shows
every word anyone may type after /worksonarm."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from tests.corpus import ROOT
from tests.support import clean_env

# Read so that serve can refuse them (multi-workspace OAuth); never to be set, so not in the sample.
NEVER_TO_SET = {"SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"}


def variables_read_by_the_bot() -> set[str]:
    source = (ROOT / "bot" / "config.py").read_text()
    return set(re.findall(r'"((?:WORKSONARM|SLACK|TWITTER|MASTODON|BLUESKY)_[A-Z_]+|PORT)"', source))


def test_env_sample_names_every_variable_the_bot_reads():
    sample = set(re.findall(r"^([A-Z][A-Z_]+)=", (ROOT / ".env.sample").read_text(), re.M))
    read = variables_read_by_the_bot() - NEVER_TO_SET
    assert "WORKSONARM_ARCHIVE" in read and len(read) >= 20
    assert read - sample == set(), "missing from .env.sample"
    assert sample - read == set(), ".env.sample names what the bot never reads"


def test_the_readme_configuration_table_agrees_with_the_sample():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z_]{2,})`", table)) - NEVER_TO_SET
    assert documented == variables_read_by_the_bot() - NEVER_TO_SET


def test_the_readme_links_nothing_a_stranger_does_not_have():
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):  # markdown links to files
        assert target.startswith("https://") or (ROOT / target).exists(), target


def test_the_licence_file_is_the_one_pyproject_names():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_the_slash_command_usage_hint_shows_tip():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "manifest"], cwd=ROOT, env=clean_env(WORKSONARM_DB="/nonexistent/x.db"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [command] = yaml.safe_load(done.stdout)["features"]["slash_commands"]
    words = [part.split()[0] for part in command["usage_hint"].split(" | ")]
    assert {"tip", "latest", "issue", "help"} <= set(words), command["usage_hint"]
    assert "tip <link" in command["usage_hint"]
