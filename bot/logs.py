"""Logging, configured once: readable on a terminal."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: int = logging.INFO) -> None:
    """One handler on the root logger, to stderr; noisy library loggers quieted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("slack_bolt", "slack_sdk", "urllib3", "waitress.queue"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
