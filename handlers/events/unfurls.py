"""`link_shared`: a link to an issue of the newsletter, or to a story's anchor in it, unfurls with
what the index knows. Links the index does not know are left to Slack's own preview."""

from __future__ import annotations

import logging
from typing import Any

from bot.archive.hits import hit_for_story
from bot.archive.issues import issue_for_link
from bot.services import Services
from handlers.ui.unfurls import issue_unfurl, story_unfurl

MAX_LINKS = 10  # Slack sends at most a few per message; a hostile payload gets no more than this


def unfurls_for(services: Services, links: list[dict[str, Any]]) -> dict[str, Any]:
    """URL → unfurl, for the links that are the newsletter's; the rest are not in the map."""
    unfurls: dict[str, Any] = {}
    with services.db() as db:
        for item in links[:MAX_LINKS]:
            url = str((item or {}).get("url") or "")
            linked = issue_for_link(db, url) if url else None
            if linked is None:
                continue
            hit = hit_for_story(db, linked.story_id) if linked.story_id is not None else None
            unfurls[url] = story_unfurl(hit) if hit else issue_unfurl(linked.issue)
    return unfurls


def make_unfurl_listener(services: Services) -> Any:
    def unfurl(event: dict[str, Any], client: Any, logger: logging.Logger) -> None:
        try:
            unfurls = unfurls_for(services, list(event.get("links") or []))
            if not unfurls:
                return
            # A link in the composer (source "composer") has no message yet: it is named by unfurl_id.
            where: dict[str, Any] = (
                {"unfurl_id": event["unfurl_id"], "source": event.get("source") or "composer"}
                if event.get("unfurl_id") and event.get("source") == "composer"
                else {"channel": event.get("channel"), "ts": event.get("message_ts")}
            )
            client.chat_unfurl(unfurls=unfurls, **where)
        except Exception:
            logger.exception("unfurl failed: channel=%s links=%r", event.get("channel"), event.get("links"))

    return unfurl
