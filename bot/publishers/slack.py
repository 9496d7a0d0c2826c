"""Slack for the outbox: announcements in the channel, and messages (replies, thanks, notices).

Every post carries its outbox key in Slack's message metadata, so after a crash the channel's
history tells whether it went out. What a post looks like (its Block Kit) is the Slack edge's: the
composition root hands it in, and nothing here imports handlers/.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.archive.issues import IssueSummary
from bot.clock import utc_now
from bot.publishers.contract import Ambiguous, CannotCheck, PublishFailed, RetryLater
from bot.publishers.wire import never_sent

log = logging.getLogger(__name__)
Message = tuple[str, list[dict[str, Any]]]  # the fallback text (escaped) and the blocks, as JSON
AnnouncementRender = Callable[[IssueSummary], Message]  # an issue, as announced in the channel
NoticeRender = Callable[[dict[str, Any]], Message]  # a plain payload of the core: its text, link and buttons
EVENT_TYPE = "worksonarm_announcement"
SHORT_WAIT = 5.0  # a Retry-After this short is waited out; a longer one defers to a later try
PERMANENT = {
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "missing_scope",
    "restricted_action",
    "user_not_found",
    "cannot_dm_bot",
}
_SLACK_ERROR = re.compile(r"[a-z_]+")  # Slack's own error codes; anything else is not Slack speaking
# The history check is refused: a private channel without groups:history, a DM without im:write.
UNCHECKABLE = {"missing_scope", "channel_not_found", "not_in_channel", "not_allowed_token_type"}


def post_message(client: WebClient, channel: str, key: str, **message: Any) -> str:
    """chat.postMessage with the outbox key in its metadata. Returns the message ts.
    Raises RetryLater (429, 5xx, unreachable), PublishFailed (refused) or Ambiguous (a timeout, a
    connection dropped after the request, an answer that cannot be read: it may be posted)."""
    metadata = message.pop("metadata", None) or {"event_type": EVENT_TYPE, "event_payload": {}}
    metadata["event_payload"] = {**metadata["event_payload"], "key": key}
    for attempt in range(2):
        try:
            response = client.chat_postMessage(channel=channel, metadata=metadata, **message)
        except SlackApiError as exc:
            status = exc.response.status_code
            error = str(exc.response.get("error", ""))
            if status < 300 and not _SLACK_ERROR.fullmatch(error):  # HTML, `{}`, broken JSON
                raise Ambiguous(f"Slack answered {status} without saying whether it posted") from exc
            if status == 429:
                wait = _seconds(exc.response.headers.get("Retry-After"))
                if wait <= SHORT_WAIT and attempt == 0:
                    time.sleep(wait)
                    continue
                at = utc_now() + dt.timedelta(seconds=wait)
                raise RetryLater("Slack rate limit (429)", at) from exc
            if error in PERMANENT:
                raise PublishFailed(f"Slack refused the message: {error}") from exc
            raise RetryLater(f"Slack error {status} {error}") from exc
        except OSError as exc:  # no hidden retry: a dropped connection may come after the post
            if never_sent(exc):
                raise RetryLater(f"cannot reach Slack: {type(exc).__name__}") from exc
            raise Ambiguous(
                f"Slack's answer was lost ({type(exc).__name__}); the message may be posted"
            ) from exc
        if not response.get("ts"):
            raise Ambiguous("Slack answered without the message's ts; it may be posted")
        return str(response["ts"])
    raise RetryLater("Slack rate limit (429)")


def _seconds(value: object) -> float:
    try:
        return max(0.0, float(str(value)))
    except ValueError:
        return 30.0


def find_message(
    client: WebClient,
    channel: str,
    since: dt.datetime,
    key: str,
    legacy: str = "",
    url: str | None = None,
    thread_ts: str | None = None,
) -> str | None:
    """The ts of our message for `key` in the channel's history since `since` (a thread's replies
    when `thread_ts` is given: the history does not show them), or None."""
    try:
        if not channel.startswith(("C", "G", "D")):  # a user id: its DM with the bot
            channel = str(client.conversations_open(users=channel)["channel"]["id"])
        window: dict[str, Any] = {
            "oldest": f"{since.timestamp():.6f}",
            "limit": 200,
            "include_all_metadata": True,
        }
        if thread_ts:
            response = client.conversations_replies(channel=channel, ts=thread_ts, **window)
        else:
            response = client.conversations_history(channel=channel, **window)
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        if error in UNCHECKABLE:
            raise CannotCheck(f"Slack will not show the history of {channel}: {error}") from exc
        raise
    messages: list[dict[str, Any]] = response.get("messages", [])
    for message in messages:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("key") == key or (legacy and payload.get("issue") == legacy):
            return str(message.get("ts"))
        if url and url in json.dumps(message):
            return str(message.get("ts"))
    return None


class SlackPublisher:
    """Announcements in the announce channel; 429s and 5xx become a later try, not a lost post."""

    destination = "slack"

    def __init__(self, client: WebClient, channel: str, message: AnnouncementRender) -> None:
        self.client = client  # no retry handler here: the outbox decides when to try again
        self.channel = channel
        self.message = message

    def render(self, post: IssueSummary) -> str:
        text, blocks = self.message(post)
        return json.dumps({"text": text, "blocks": blocks})

    def publish(self, post: IssueSummary, key: str) -> str:
        text, blocks = self.message(post)
        return post_message(
            self.client,
            self.channel,
            key,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"issue": post.key}},
        )

    def find_existing(self, post: IssueSummary, key: str, since: dt.datetime) -> str | None:
        return find_message(self.client, self.channel, since, key, legacy=post.key, url=post.url)


class SlackMessenger:
    """The outbox's messages: DMs and replies, each sent once under its key."""

    def __init__(self, client: WebClient, notice: NoticeRender) -> None:
        self.client = client
        self.notice = notice

    def send(self, payload: dict[str, Any], key: str) -> str:
        text, blocks = (payload["text"], payload["blocks"]) if "blocks" in payload else self.notice(payload)
        extra = {"thread_ts": payload["thread_ts"]} if payload.get("thread_ts") else {}
        return post_message(
            self.client, str(payload["to"]), key, text=text, blocks=blocks, unfurl_links=False, **extra
        )

    def find_sent(self, payload: dict[str, Any], key: str, since: dt.datetime) -> str | None:
        return find_message(self.client, str(payload["to"]), since, key, thread_ts=payload.get("thread_ts"))
