"""What a Slack request's body is, read by its fields: an event (JSON), interactivity (a form whose
one field is `payload=<json>`) or a slash command (a form with `command=`).

Slack's SDK guesses instead: any body with the word "payload" in it is read as interactivity, so
`/worksonarm payload`, a tip whose link holds "payload" or a command from #payload-team lost its
fields and got a 404. And JSON nested 100,000 deep exhausted the parser's stack (a 500): the
depth is counted before anything is parsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any
from urllib.parse import parse_qsl

MAX_DEPTH = 64  # Slack's real payloads nest 9 deep (the corpus's deepest); Block Kit allows a few more
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in _STEP)
_INTERACTIVE = {"block_actions": "action", "view_submission": "view", "view_closed": "view"}


class UnreadableBody(ValueError):
    """A signed body that is no Slack request we can read: the message says why, in one line."""


@dataclass(frozen=True)
class SlackBody:
    """A request's kind (`event`, `interactivity`, `command` or `form`) and its fields."""

    kind: str
    fields: dict[str, Any]

    @property
    def metric_kind(self) -> str:
        """command, event, action, view, shortcut or other: for the ack histogram."""
        if self.kind in ("event", "command"):
            return self.kind
        kind = str(self.fields.get("type", "")) if self.kind == "interactivity" else ""
        if kind in ("shortcut", "message_action"):
            return "shortcut"
        return _INTERACTIVE.get(kind, "other")


def read_slack_body(body: str, content_type: str | None = None) -> SlackBody:
    """The body as Bolt should see it. Raises UnreadableBody."""
    if not body:
        return SlackBody("form", {})
    if (content_type or "").split(";")[0].strip().lower() == "application/json" or body.startswith("{"):
        return SlackBody("event", _json_object(body, "the JSON body"))
    fields = dict(parse_qsl(body, keep_blank_values=True))
    if "command" in fields:
        return SlackBody("command", fields)
    if "payload" in fields:
        return SlackBody("interactivity", _json_object(fields["payload"], "the payload"))
    return SlackBody("form", fields)


def _json_object(text: str, what: str) -> dict[str, Any]:
    brackets = _STRING.sub("", text).encode().translate(None, _NOT_A_BRACKET)  # outside strings only
    # all in C, and it stops at the first level too deep: a hostile megabyte costs milliseconds
    if any(map(MAX_DEPTH.__lt__, accumulate(map(_STEP.__getitem__, brackets)))):
        raise UnreadableBody(f"{what} nests deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UnreadableBody(f"{what} is not JSON ({type(exc).__name__})") from None
    if not isinstance(value, dict):
        raise UnreadableBody(f"{what} is not a JSON object")
    return value
