"""The command line loads a command's module only when that command runs: the table of commands
is whole, and a search imports neither the outbox's, the tips', the questions' nor serve's code."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import bot.cli
from bot.cli.base import COMMANDS, cli
from tests.corpus import ROOT


def test_every_command_a_module_adds_is_in_the_table_under_its_module():
    for module in pkgutil.iter_modules(bot.cli.__path__):
        importlib.import_module(f"bot.cli.{module.name}")
    assert cli.commands, "no module added a command"
    for name, command in cli.commands.items():
        assert name in COMMANDS, f"`{name}` is missing from bot.cli.base.COMMANDS"
        assert command.callback is not None
        assert command.callback.__module__ == f"bot.cli.{COMMANDS[name]}", name
    assert set(COMMANDS) == set(cli.commands)


def modules_after_a_search(tmp_path) -> list[str]:
    db = tmp_path / "bot.db"
    subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), "index"], check=True, cwd=ROOT, capture_output=True
    )
    probe = (
        "import sys, json\n"
        "from bot.cli import main\n"
        "try:\n"
        f"    main(['--db', {str(db)!r}, 'search', 'arm', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_a_search_loads_only_the_search_commands_module(tmp_path):
    loaded = [m for m in modules_after_a_search(tmp_path) if m.startswith("bot.cli.")]
    assert "bot.cli.archive" in loaded
    assert not {"bot.cli.operations", "bot.cli.outbox", "bot.cli.questions", "bot.cli.tips"} & set(loaded)


def test_a_search_never_runs_the_date_parser_sqlite_utils_imports(tmp_path):
    # sqlite-utils imports dateutil's parser for recipes the bot never calls: loaded on first use
    assert "dateutil.parser._parser" not in modules_after_a_search(tmp_path)
    probe = "import bot\nfrom sqlite_utils.recipes import parsedate\nprint(parsedate('5 Jan 2020'))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "2020-01-05", done.stderr


def test_serve_loads_what_was_deferred_before_its_threads(tmp_path):
    # Python 3.11's LazyLoader is not thread-safe: serve runs the deferred parser first (here it
    # then stops, for want of Slack credentials)
    probe = (
        "import sys\n"
        "from bot.config import load_settings\n"
        "from bot.errors import ConfigError\n"
        "from bot.serving import serve\n"
        f"settings = load_settings({{'WORKSONARM_DB': {str(tmp_path / 'bot.db')!r}}}, env_file=None)\n"
        "try:\n"
        "    serve(settings, '127.0.0.1', 0)\n"
        "except ConfigError:\n"
        "    pass\n"
        "print('dateutil.parser._parser' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
