"""Announcements and editor notices in Slack: the outbox's Slack publisher and notifier."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.announcements.posts import announcement_text
from bot.archive.issues import IssueSummary
from bot.publishers.contract import Action, Ambiguous, PublishFailed, RetryLater
from handlers.blocks import SECTION_LIMIT, as_dicts, escape, link, story_list, validated

log = logging.getLogger(__name__)
EVENT_TYPE = "worksonarm_announcement"
SHORT_WAIT = 5.0  # a Retry-After this short is waited out; a longer one defers to a later poll
PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "restricted_action",
}


def announcement_blocks(post: IssueSummary) -> list[Block]:
    """The issue title as a link, the date, and its "In this issue" list."""
    head = f"*{link(post.url, post.title)}*\n{post.date}" + (f" · Issue {post.number}" if post.number else "")
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    if post.headings:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*In this issue*")]))
        blocks += story_list(post.headings)
    return validated(blocks[:50])


class SlackPublisher:
    """chat.postMessage to the announce channel; 429s and 5xx become a later try, not a lost post."""

    destination = "slack"

    def __init__(self, client: WebClient, channel: str) -> None:
        self.client = client  # no retry handler here: the outbox decides when to try again
        self.channel = channel

    def render(self, post: IssueSummary) -> str:
        return json.dumps({"text": announcement_text(post), "blocks": as_dicts(announcement_blocks(post))})

    def publish(self, post: IssueSummary) -> str:
        for attempt in range(2):
            try:
                response = self.client.chat_postMessage(
                    channel=self.channel,
                    text=announcement_text(post),
                    blocks=as_dicts(announcement_blocks(post)),
                    unfurl_links=False,
                    metadata={"event_type": EVENT_TYPE, "event_payload": {"issue": post.key}},
                )
                return str(response["ts"])
            except SlackApiError as exc:
                status = exc.response.status_code
                error = str(exc.response.get("error", ""))
                if status == 429:
                    wait = float(exc.response.headers.get("Retry-After", "30"))
                    if wait <= SHORT_WAIT and attempt == 0:
                        time.sleep(wait)
                        continue
                    raise RetryLater(
                        "Slack rate limit (429)", dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
                    ) from exc
                if error in PERMANENT:
                    raise PublishFailed(f"Slack refused the announcement: {error}") from exc
                raise RetryLater(f"Slack error {status} {error}") from exc
            except TimeoutError as exc:
                raise Ambiguous("Slack did not answer in time; the message may be posted") from exc
            except OSError as exc:
                raise RetryLater(f"cannot reach Slack: {type(exc).__name__}") from exc
        raise RetryLater("Slack rate limit (429)")

    def find_existing(self, post: IssueSummary, since: dt.datetime) -> str | None:
        """Our announcement of this issue in the channel's recent history, if it is there."""
        response = self.client.conversations_history(
            channel=self.channel, oldest=f"{since.timestamp():.6f}", limit=200, include_all_metadata=True
        )
        messages: list[dict[str, Any]] = response.get("messages", [])
        for message in messages:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("issue") == post.key or (post.url and post.url in json.dumps(message)):
                return str(message.get("ts"))
        return None


class SlackEditorNotifier:
    """A DM to each editor, with buttons when there is a choice to make."""

    def __init__(self, client: WebClient, editors: tuple[str, ...]) -> None:
        self.client = client
        self.editors = editors

    def tell_editors(self, text: str, actions: list[Action]) -> None:
        blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=escape(text)[:SECTION_LIMIT]))]
        if actions:
            blocks.append(
                ActionsBlock(
                    elements=[
                        ButtonElement(text=a.label, action_id=a.action_id, value=a.value) for a in actions
                    ]
                )
            )
        if not self.editors:
            log.warning("no WORKSONARM_EDITORS to tell: %s", text)
        for editor in self.editors:
            try:
                self.client.chat_postMessage(channel=editor, text=text, blocks=as_dicts(blocks))
            except Exception:
                log.exception("could not DM editor %s", editor)


def client_for(token: str, base_url: str, timeout: int = 10) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=timeout)
