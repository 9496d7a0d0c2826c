"""Numbers of any size are just text: a clear reply (no such issue), never an overflow."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.corpus import ROOT
from tests.slack_requests import press, slash
from tests.support import all_text, clean_env, running_app

HUGE = "999999999999999999999"


def test_cli_search_with_a_huge_issue_number_exits_0(tmp_path):
    db = str(tmp_path / "bot.db")
    run = [sys.executable, "-m", "bot", "--db", db]
    subprocess.run([*run, "index"], cwd=ROOT, env=clean_env(), check=True, capture_output=True)
    for args in ([f"issue:{HUGE}"], [f"issue:#{HUGE}", "golang"], ["golang", "--offset", HUGE + "0"]):
        result = subprocess.run(
            [*run, "search", *args], cwd=ROOT, env=clean_env(), capture_output=True, text=True
        )
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    as_json = subprocess.run(
        [*run, "search", f"issue:{HUGE}", "--json"], cwd=ROOT, env=clean_env(), capture_output=True, text=True
    )
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []


def test_slash_command_and_buttons_with_huge_numbers_answer_clearly(tmp_path):
    with running_app(tmp_path / "bot.db") as app:
        for text in (f"issue:{HUGE}", f"issue {HUGE}", f"golang issue:{HUGE}", f"year:{HUGE}"):
            reply = all_text(slash(app, text).json()["blocks"])
            assert "Sorry" not in reply, (text, reply)
        assert "I found no issue" in all_text(slash(app, f"issue {HUGE}").json()["blocks"])
        press(app, "more_results", json.dumps({"q": "golang", "o": int(HUGE)}))
        press(app, "share_hit", json.dumps({"s": int(HUGE), "q": "golang"}), hook="share")
        [page] = app.slack.wait_for("hook:act")
        [shared] = app.slack.wait_for("hook:share")
    assert "Sorry" not in all_text(page.body) and "Sorry" not in all_text(shared.body)
    assert "no longer in the index" in all_text(shared.body)
