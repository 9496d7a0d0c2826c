"""The same listeners with no Slack: the local `shell` calls them and prints what they would send."""

from __future__ import annotations

import html
import logging
import re
import time
from typing import Any

from bot.services import Services
from handlers.actions import make_more_listener
from handlers.blocks import ACTION_MORE
from handlers.commands import make_command_listener
from handlers.messages import make_dm_ack, make_dm_listener

log = logging.getLogger("worksonarm.console")
_LINK = re.compile(r"<([^|>]+)\|([^>]*)>")
CONSOLE_USER = "U0CONSOLE"
CONSOLE_DM = "D0CONSOLE"


def render(blocks: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Blocks as terminal text, plus the value of a "More results" button if there is one."""
    lines: list[str] = []
    more: str | None = None
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            lines.append(_mrkdwn(block.get("text", {}).get("text", "")))
        elif kind == "context":
            lines.append("   " + " ".join(_mrkdwn(e.get("text", "")) for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("")
        elif kind == "actions":
            for element in block.get("elements", []):
                if element.get("action_id") == ACTION_MORE:
                    more = element.get("value")
                    lines.append("(type `more` for the next results)")
    return "\n".join(lines).strip(), more


def _mrkdwn(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)} <{m.group(1)}>", text)
    return html.unescape(text)


class ConsoleSlack:
    """Calls the real listeners with stand-ins for ack, respond and the Web API client."""

    def __init__(self, services: Services) -> None:
        self._command = make_command_listener(services)
        self._more = make_more_listener(services)
        self._dm_ack = make_dm_ack(services)
        self._dm = make_dm_listener(services)
        self._more_value: str | None = None
        self._count = 0

    def command(self, text: str) -> str:
        """`/worksonarm <text>` as the console user."""
        out: list[dict[str, Any]] = []
        self._command(
            ack=lambda **kw: out.append(kw),
            command={
                "text": text,
                "user_id": CONSOLE_USER,
                "channel_id": "C0CONSOLE",
                "command": "/worksonarm",
            },
            logger=log,
        )
        return self._show(out)

    def more(self) -> str:
        """Press the last "More results" button."""
        if not self._more_value:
            return "There are no more results to show."
        out: list[dict[str, Any]] = []
        body = {
            "actions": [{"action_id": ACTION_MORE, "value": self._more_value}],
            "user": {"id": CONSOLE_USER},
        }
        self._more(body=body, respond=lambda **kw: out.append(kw), logger=log)
        return self._show(out)

    def direct_message(self, text: str) -> str:
        """A DM to the bot, as Slack's message.im event would bring it."""
        out: list[dict[str, Any]] = []
        self._count += 1
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": CONSOLE_DM,
            "user": CONSOLE_USER,
            "text": text,
            "ts": f"{time.time():.6f}{self._count:03d}",
        }
        context = {"bot_user_id": "U0BOT"}
        # The same two steps Slack drives: save in the ack, reply after it.
        self._dm_ack(ack=lambda **_: None, event=event, context=context, logger=log)
        self._dm(event=event, client=_ConsoleClient(out), context=context, logger=log)
        return self._show(out)

    def _show(self, replies: list[dict[str, Any]]) -> str:
        texts = []
        self._more_value = None
        for reply in replies:
            blocks = reply.get("blocks") or []
            text, more = render(blocks) if blocks else (reply.get("text", ""), None)
            self._more_value = more or self._more_value
            texts.append(text)
        return "\n\n".join(texts)


class _ConsoleClient:
    """The few Web API methods the listeners call, recorded instead of sent."""

    def __init__(self, out: list[dict[str, Any]]) -> None:
        self._out = out

    def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        self._out.append(kwargs)
        return {"ok": True, "ts": "0.0"}

    def views_publish(self, **kwargs: Any) -> dict[str, Any]:
        return {"ok": True}
