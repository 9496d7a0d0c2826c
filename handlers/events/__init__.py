"""Events: direct messages, mentions in channels, links to unfurl, and the App Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.services import Services
from handlers.events.app_home import make_home_listener
from handlers.events.direct_messages import DirectMessages
from handlers.events.mentions import Mentions
from handlers.events.unfurls import make_unfurl_listener


def ack_now(ack: Any) -> None:
    """Acknowledge within Slack's 3 seconds; a lazy listener does the work."""
    ack()


def _is_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im"


def register(app: App, services: Services) -> None:
    dms = DirectMessages(services)
    app.event("app_home_opened")(ack=ack_now, lazy=[make_home_listener(services)])
    app.event("message", matchers=[_is_dm])(ack=dms.ack, lazy=[dms.reply])
    mentions = Mentions(services)
    app.event("app_mention")(ack=mentions.ack, lazy=[mentions.reply])
    app.event("link_shared")(ack=ack_now, lazy=[make_unfurl_listener(services)])
    # Other messages (channels the bot sits in, edits) are acknowledged and ignored, not 404'd.
    app.event("message")(ack_now)
