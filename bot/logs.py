"""Logging, configured once: readable on a terminal, JSON lines otherwise, and never a secret."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit, urlunsplit

# Token shapes, scrubbed even when the value is not one we were configured with.
_TOKEN = re.compile(r"\b(xox[abposr]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,})")
_NOISY = (
    "slack_bolt",
    "slack_sdk",
    "urllib3",
    "requests_oauthlib",
    "oauthlib",
    "tweepy",
    "apscheduler",
    "waitress",
    "markdown_it",
)


def redact_url(url: str) -> str:
    """A URL fit to show in logs, status and Slack: no user and password, no query values."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "***"
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    if parts.username or parts.password:
        netloc = "***@" + netloc
    query = "&".join(f"{k}=***" if v else k for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def url_secrets(url: str) -> list[str]:
    """The parts of a URL that must never be logged: its user-info and its query values."""
    try:
        parts = urlsplit(url)
        found = [parts.username or "", parts.password or ""]
    except ValueError:
        return [url]
    found += [v for _, v in parse_qsl(parts.query, keep_blank_values=True)]
    return [s for s in found if len(s) >= 4]


class _Redacting(logging.Formatter):
    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        # Longest first, so a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(self.inner.format(record))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return _TOKEN.sub("***", text)


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():  # logger.info(..., extra={...}) fields
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(
    secrets: Iterable[str] = (), *, json_lines: bool | None = None, level: int = logging.INFO
) -> None:
    """One handler on the root logger, to stderr. JSON lines unless stderr is a terminal."""
    if json_lines is None:
        json_lines = not sys.stderr.isatty()
    inner = (
        _JsonLines() if json_lines else logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Redacting(inner, secrets))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
