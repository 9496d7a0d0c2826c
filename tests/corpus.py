"""Where the real corpora and the shipped issues are."""

from pathlib import Path

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
