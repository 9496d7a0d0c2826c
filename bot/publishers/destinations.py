"""The destinations the outbox announces to, one row each: its name, the settings it needs, and how
its publisher is made (or previewed, unconfigured, in a dry run). The settings' check, `status`,
`announce --only`, the feed's deliveries and the courier all read this table: a new destination is
one adapter module in this package and one row here.

Each factory imports its adapter when called: a network's SDK loads only where it posts (atproto's
models alone are 55 MB and half a second)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.publishers.contract import Preview, Publisher

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.publishers.slack import AnnouncementRender


@dataclass(frozen=True)
class Parts:
    """What the composition root hands the factories: Slack's Web API client (None without a token)
    and Slack's Block Kit for an announcement, which belongs to the Slack edge (handlers/ui)."""

    slack_client: Any
    slack_message: AnnouncementRender


@dataclass(frozen=True)
class Destination:
    name: str
    needs: tuple[str, ...]  # the settings that must all be set for it to be configured
    make: Callable[[Settings, Parts], Publisher]
    preview: Callable[[Parts], Publisher]  # renders like the real one; a dry run's stand-in

    def configured(self, settings: Settings) -> bool:
        return all(getattr(settings, name) for name in self.needs)


def _slack(settings: Settings, parts: Parts) -> Publisher:
    from bot.publishers.slack import SlackPublisher

    return SlackPublisher(parts.slack_client, settings.announce_channel, parts.slack_message)


def _slack_preview(parts: Parts) -> Publisher:
    from slack_sdk import WebClient

    from bot.publishers.slack import SlackPublisher

    return SlackPublisher(WebClient(token=""), "dry-run", parts.slack_message)


def _x(settings: Settings, parts: Parts) -> Publisher:
    from bot.publishers.x import XPublisher  # tweepy and X's length rules: only when X posts

    keys = (settings.twitter_api_key, settings.twitter_api_secret, settings.twitter_access_token)
    return XPublisher(*keys, settings.twitter_access_token_secret, api_url=settings.twitter_api_url)


def _x_preview(parts: Parts) -> Publisher:
    from bot.publishers.x import XPublisher

    return XPublisher("", "", "", "")


def _mastodon(settings: Settings, parts: Parts) -> Publisher:
    from bot.publishers.mastodon import MastodonPublisher

    return MastodonPublisher(settings.mastodon_api_base_url, settings.mastodon_access_token)


def _mastodon_preview(parts: Parts) -> Publisher:
    from bot.publishers.mastodon import DEFAULT_LIMITS, MastodonPublisher

    return MastodonPublisher("https://mastodon.invalid", "", limits=DEFAULT_LIMITS)


def _bluesky(settings: Settings, parts: Parts) -> Publisher:
    from bot.publishers.bluesky import BlueskyPublisher

    return BlueskyPublisher(
        settings.bluesky_handle, settings.bluesky_app_password, settings.bluesky_service_url
    )


def _bluesky_preview(parts: Parts) -> Publisher:
    from bot.publishers.bluesky import BlueskyPublisher

    return BlueskyPublisher("", "")


X_KEYS = ("twitter_api_key", "twitter_api_secret", "twitter_access_token", "twitter_access_token_secret")

# In the outbox's order: an issue's deliveries are made, and sent, in this order.
DESTINATIONS = (
    Destination("slack", ("slack_bot_token", "announce_channel"), _slack, _slack_preview),
    Destination("x", X_KEYS, _x, _x_preview),
    Destination("mastodon", ("mastodon_api_base_url", "mastodon_access_token"), _mastodon, _mastodon_preview),
    Destination("bluesky", ("bluesky_handle", "bluesky_app_password"), _bluesky, _bluesky_preview),
)
NAMES = tuple(destination.name for destination in DESTINATIONS)


def publishers_for(settings: Settings, parts: Parts) -> dict[str, Publisher]:
    """The configured destinations' publishers, in the table's order; in a dry run every destination,
    configured or not, so the editors see every post."""
    publishers = {d.name: d.make(settings, parts) for d in DESTINATIONS if d.configured(settings)}
    if settings.dry_run:
        return {d.name: publishers.get(d.name) or Preview(d.preview(parts)) for d in DESTINATIONS}
    return publishers
