"""The real app over HTTP, for the slash command as Slack sends it (signed, form-encoded): one per
module, on the shipped issues, with UEDITOR as the editor."""

from __future__ import annotations

import pytest

from tests.support import running_app


@pytest.fixture(scope="module")
def slack_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("slash") / "bot.db", editors=("UEDITOR",)) as running:
        yield running
