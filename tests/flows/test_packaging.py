"""What ships: the image's labels agree with the project, every locked file is pinned by hash and
installed that way, and compose runs the container hardened, with the archive and a backup."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile

import yaml

from tests.corpus import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
README = (ROOT / "README.md").read_text()
# The first release of each minor with CPython's fix for quadratic time on `<!--` and other
# unclosed markup in html.parser (gh-135462), which reads feed text.
HTML_PARSER_FIXED = {11: 14, 12: 12, 13: 6}


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


def test_serve_without_a_network_loads_none_of_its_code():
    """atproto's lexicon models alone take 55 MB and half a second, tweepy and X's URL pattern a
    tenth: only a configured network pays. X configured loads its publisher, nothing else."""
    program = (
        "import sys\nfrom bot.app import courier_for, services_for\nfrom bot.config import Settings\n"
        "services_for(Settings(db_path=':memory:'))\n"
        "heavy = ('atproto', 'mastodon', 'tweepy', 'bot.publishers.tweet_length', 'twitter_text')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "x = courier_for(Settings(db_path=':memory:', twitter_api_key='k', twitter_api_secret='s', "
        "twitter_access_token='t', twitter_access_token_secret='ts'))\n"
        "print(sorted(x.publishers), sorted(m for m in heavy if m in sys.modules))\n"
    )
    run = [sys.executable, "-c", program]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "['x'] ['tweepy']"]


def test_the_image_base_is_pinned_by_tag_and_digest_to_a_python_with_the_html_parser_fix():
    [base] = re.findall(r"^ARG BASE_IMAGE=(\S+)$", DOCKERFILE, re.M)
    pinned = re.fullmatch(r"python:3\.(\d+)\.(\d+)-slim(?:-[a-z]+)?@sha256:[0-9a-f]{64}", base)
    assert pinned, f"{base}: pin the base by its full version tag and its index digest"
    minor, patch = int(pinned[1]), int(pinned[2])
    assert minor >= 14 or patch >= HTML_PARSER_FIXED[minor], f"Python 3.{minor}.{patch} lacks the fix"
    assert re.findall(r"^FROM (\S+)", DOCKERFILE, re.M) == ["${BASE_IMAGE}", "${BASE_IMAGE}"]
    assert f"Python 3.{minor}.{patch}" in README, "the README says which Python the image runs"


def test_the_image_is_built_with_the_locked_backend_and_runs_without_pip():
    backend = locked("requirements-build.lock")
    assert set(backend) == {"setuptools"} and "--hash=sha256:" in backend["setuptools"]
    assert PYPROJECT["build-system"]["requires"] == PYPROJECT["dependency-groups"]["build"]
    pinned = backend["setuptools"].split("\n", 1)[0]
    assert pinned in locked("requirements-dev.lock")["setuptools"], "make and the image build alike"
    for lock in ("requirements.lock", "requirements-dev.lock"):
        assert "twitter-text-parser" not in locked(lock), lock
    assert "setuptools" not in locked("requirements.lock"), "the backend is no runtime dependency"
    assert re.search(r"pip install [^\n]*--require-hashes -r requirements-build\.lock", DOCKERFILE)
    builds = re.findall(r"pip (?:wheel|install) [^\n]*(?:\s\.\s|\.whl)", DOCKERFILE)
    assert builds and all("--no-build-isolation" in b or "--no-index" in b for b in builds), builds
    runtime = DOCKERFILE[DOCKERFILE.rindex("FROM ") :]
    assert "pip uninstall --yes pip setuptools" in DOCKERFILE.split("FROM ")[1]  # the venv's
    assert re.search(r"python3 -m pip uninstall --yes [^\n]*pip setuptools wheel", runtime)  # the base's


def test_the_project_builds_offline_with_the_locked_backend_and_ships_its_licence(tmp_path):
    """What the image does: `pip wheel --no-build-isolation` with nothing to download."""
    import shutil

    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("bot", "handlers", "data"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    build = [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index"]
    build += ["--quiet", "--wheel-dir", str(tmp_path / "dist"), str(source)]
    env = {"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null", "HOME": str(tmp_path)}
    done = subprocess.run(build, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    [wheel] = (tmp_path / "dist").glob("worksonarm_bot-*.whl")
    with zipfile.ZipFile(wheel) as built:
        names = built.namelist()
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        lines = built.read(metadata).decode().splitlines()
    requires = [line for line in lines if line.startswith("Requires")]
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "bot/publishers/tweet_length.py" in names
    assert any(n.endswith("share/worksonarm-bot/issues/2017-W19.md") for n in names)
    assert not [r for r in requires if "twitter-text" in r or "setuptools" in r], requires
    assert (ROOT / "LICENSE").read_text().startswith("MIT License") and PROJECT["license"] == "MIT"


def test_the_image_keeps_every_word_list_the_search_reads():
    """The image deletes wordfreq's data but for the English lists: it once kept only the small
    one, and every word counted as English there, so no name was ever "unheard of" in the container."""
    import fnmatch

    from bot.archive.english import DATA_FILES

    pruning = re.search(r"find \S+/wordfreq/data -type f((?: ! -name '[^']+')+) -delete", DOCKERFILE)
    assert pruning, "the Dockerfile prunes wordfreq's data another way: check what it keeps"
    kept = re.findall(r"! -name '([^']+)'", pruning.group(1))
    for path in DATA_FILES:
        folder, name = path.rsplit("/", 1)
        assert folder == "data"
        assert any(fnmatch.fnmatch(name, pattern) for pattern in kept), f"the image deletes wordfreq's {path}"
