"""Where the real corpora and the shipped issues are."""

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WOA_ARCHIVE = CORPUS / "worksonarm-news" / "content"
SHIPPED = ROOT / "data" / "issues"


def need_corpus(path: Path) -> Path:
    """The corpus lives beside the project in ../shared; skip (with a reason) where it is absent."""
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    return path


def slack_payload(name: str) -> Any:
    """A real Slack payload from ../shared/corpus/slack-payloads, parsed (the test skips without it)."""
    return json.loads(need_corpus(CORPUS / "slack-payloads" / name).read_text())
