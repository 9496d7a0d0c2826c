"""`make container-test`, asked for by name, never passes without testing: where it cannot run it
fails and says what to install (the build itself is checked by .ci/container-test, not here)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.corpus import ROOT

SCRIPT = ROOT / ".ci" / "container-test"


def install_line() -> str:
    [needs] = re.findall(r'^NEEDS="([^"]+)"$', SCRIPT.read_text(), re.M)
    return needs


def container_test(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_without_a_container_engine_it_fails_and_says_what_to_install():
    done = container_test({**os.environ, "CONTAINER_ENGINE": "none"})
    assert done.returncode == 1
    assert install_line() in done.stderr and "nothing was tested" in done.stderr
    assert "passed" not in done.stdout + done.stderr


def test_podman_without_a_base_image_or_debootstrap_fails_naming_debootstrap(tmp_path: Path):
    """The case that used to print "skipping" and exit 0 in 0.4 s."""
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "podman-calls"
    podman = fake / "podman"  # has no image, can pull none, and must never be asked to build
    podman.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 1\n')
    podman.chmod(0o755)
    env = {**os.environ, "CONTAINER_ENGINE": "podman", "PATH": f"{fake}:/usr/bin:/bin"}  # no sbin
    done = container_test(env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no debootstrap" in done.stderr and install_line() in done.stderr
    assert "debootstrap" in install_line() and "podman" in install_line()
    assert not any(line.startswith("build") for line in calls.read_text().splitlines())


def test_the_readme_names_everything_the_container_test_needs():
    readme = (ROOT / "README.md").read_text()
    assert install_line() in readme
    [ci_target] = re.findall(r"^test:(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert "container" not in ci_target, "`make test` (CI) never needs a container engine"
