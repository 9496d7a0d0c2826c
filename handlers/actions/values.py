"""Reading what a button carries: its value, as JSON or as a number, never trusted."""

from __future__ import annotations

import json
from typing import Any

MAX_ID = 2**62  # SQLite integers are 64-bit; anything bigger is no row of ours


def button_value(body: dict[str, Any]) -> str:
    try:
        return str(body["actions"][0].get("value") or "")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""


def json_value(body: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(button_value(body) or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def bounded_int(value: object, default: int, maximum: int = MAX_ID) -> int:
    """A whole number from a payload, within 0..maximum, else the default."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 0 <= number <= maximum else default
