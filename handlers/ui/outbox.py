"""Block Kit for the editors' view of the feed and the outbox: `/worksonarm status`."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from handlers.ui.blocks import SECTION_LIMIT, validated
from handlers.ui.mrkdwn import clip, escape


def status_text(status: dict[str, Any], *, feed_configured: bool) -> str:
    """The status as mrkdwn lines (every value escaped; feed URLs come redacted)."""
    lines = [f"*Index:* {status['issues']} issues, {status['stories']} stories, {status['links']} links"]
    if status["latest_issue"]:
        lines.append(f"*Latest issue:* {escape(status['latest_issue'])}")
    for feed in status["feeds"]:
        lines.append(
            f"*Feed* {escape(feed['url'])}: last poll {escape(feed['last_poll_at'] or 'never')} "
            f"({escape(feed['last_result'] or '')}); failures in a row: {feed['failure_streak']}; "
            f"ETag {escape(feed['etag'] or 'none')}"
        )
        if feed["first_poll"]:
            lines.append(f"First poll {escape(feed['first_poll'])}")
    if not status["feeds"]:
        lines.append(
            "*Feed:* never polled" + ("" if feed_configured else " (WORKSONARM_FEED_URL is not set)")
        )
    for archive in status.get("archive") or []:
        lines.append(
            f"*Archive* {escape(archive['source'])}: last sync {escape(archive['last_sync_at'] or 'never')} "
            f"({escape(archive['last_result'] or '')}); failures in a row: {archive['failure_streak']}"
        )
    lines.append("*Deliveries:* " + ", ".join(f"{n} {s}" for s, n in status["deliveries"].items()))
    for name, counts in (status.get("destinations") or {}).items():
        states = ", ".join(f"{n} {s}" for s, n in counts.items() if s != "configured") or "nothing yet"
        lines.append(f"• *{name}* ({'on' if counts['configured'] else 'off: not configured'}): {states}")
    messages = status.get("messages") or {}
    if messages:
        lines.append("*Messages:* " + ", ".join(f"{n} {s}" for s, n in messages.items()))
    return "\n".join(lines)


def status_blocks(status: dict[str, Any], *, feed_configured: bool) -> tuple[str, list[Any]]:
    text = clip(status_text(status, feed_configured=feed_configured), SECTION_LIMIT)
    return text, validated([SectionBlock(text=MarkdownTextObject(text=text))])
