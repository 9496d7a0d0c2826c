"""The layers are rules that fail the build: one forbidden import, planted in a copy of the tree,
makes `lint-imports` (the step `make lint` runs) fail and name the contract it breaks, while the
untouched copy passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, plant: tuple[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    for package in ("bot", "handlers"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if plant:
        module, line = plant
        with (tmp_path / module).open("a", encoding="utf-8") as file:
            file.write(f"\n{line}\n")
    # The copy comes first on the path, before the editable install of the real tree.
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_as_it_is_keeps_every_contract(tmp_path):
    result = lint_copy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/archive/__init__.py", "import slack_sdk", "The job packages import no platform SDK"),
        (
            "bot/tips/__init__.py",
            "import handlers.ui.mrkdwn",
            "The job packages import nothing from handlers/",
        ),
        (
            "bot/status.py",
            "import handlers.ui.mrkdwn",
            "Nothing in bot/ but the composition root and the console imports handlers/",
        ),
        ("bot/db.py", "import bot.schema", "bot/db imports no schema: it is handed its migrations"),
        (
            "bot/publishers/__init__.py",
            "import bot.announcements",
            "The publishers import neither handlers/ nor the announcements",
        ),
        ("bot/archive/__init__.py", "import bot.tips", "The house in layers: every import points down"),
    ],
)
def test_a_forbidden_import_fails_the_lint_and_names_its_contract(tmp_path, module, line, contract):
    result = lint_copy(tmp_path, (module, line))
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if "BROKEN" in row]
    assert any(row.startswith(contract) for row in broken), result.stdout
