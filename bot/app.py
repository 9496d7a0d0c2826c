"""The composition root: settings, database, couriers and the Bolt app, wired together.

With the publisher adapters, this is the one module of `bot/` that imports a platform's SDK:
everything else gets what it needs passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_bolt.request.internals import build_context
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot import metrics
from bot.announcements.cycle import Cycle, PollReport, poll_once
from bot.announcements.feed import Fetched, fetch_feed
from bot.archive.files import SHIPPED_ISSUES, find_issue_files, index_files
from bot.archive.issues import refresh_issue_urls
from bot.config import Settings
from bot.db import check_writable, open_db
from bot.digest.weekly import WeeklyRound, send_weekly_notes
from bot.errors import ConfigError, WorksOnArmError
from bot.indexed import after_index
from bot.outbox.worker import Courier, Sent, deliver_due
from bot.publishers.destinations import Parts, publishers_for
from bot.publishers.slack import SlackMessenger
from bot.schema import migrations
from bot.services import Services
from bot.slack_body import UnreadableBody, read_slack_body
from bot.status import index_status
from bot.syncing import remove_held
from handlers import register_handlers
from handlers.ui.announcement import announcement_message
from handlers.ui.digest import core_message

log = logging.getLogger("worksonarm")


ONE_WORKSPACE = "unset SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: this bot runs in one workspace"


def missing_slack_settings(settings: Settings) -> list[str]:
    """The variables `serve` still needs, by mode (Socket Mode when SLACK_APP_TOKEN is set)."""
    needed = {"SLACK_BOT_TOKEN": settings.slack_bot_token}
    if not settings.slack_app_token:
        needed["SLACK_SIGNING_SECRET"] = settings.slack_signing_secret
    return [name for name, value in needed.items() if not value]


def _slack_credentials(settings: Settings) -> list[str]:
    given = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "SLACK_APP_TOKEN": settings.slack_app_token,
    }
    return [name for name, value in given.items() if value]


def slack_wanted(settings: Settings) -> bool:
    """Any Slack credential set: the operator means to run the Slack app, not the local console."""
    return bool(_slack_credentials(settings)) or settings.slack_oauth_configured


def require_slack(settings: Settings, command: str = "serve") -> None:
    """Raise ConfigError naming every Slack variable the app still needs (or the OAuth pair)."""
    if settings.slack_oauth_configured:
        raise ConfigError(ONE_WORKSPACE)
    missing = [
        f"{name} (or SLACK_APP_TOKEN for Socket Mode)" if name == "SLACK_SIGNING_SECRET" else name
        for name in missing_slack_settings(settings)
    ]
    if not missing:
        return
    needs = " and ".join(missing)
    given = _slack_credentials(settings)
    if given:  # half a setup: what is there, and what is not
        raise ConfigError(
            f"Slack is half set up: {', '.join(given)} {'is' if len(given) == 1 else 'are'} set, but "
            f"{command} also needs {needs} (see .env.sample); or unset the Slack variables to use "
            "the local console"
        )
    raise ConfigError(f"{command} needs {needs} (see .env.sample), or use `shell`")


def outbox_client(settings: Settings) -> WebClient | None:
    """The Web API client the outbox posts with: no retry handler, the outbox decides when to retry."""
    if not settings.slack_bot_token:
        return None
    # retry_handlers=[]: slack_sdk's default re-sends a post whose connection dropped after Slack
    # took it (two messages); the outbox looks in the channel instead.
    return WebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10, retry_handlers=[]
    )


def build_app(settings: Settings, services: Services | None = None, client: WebClient | None = None) -> App:
    """The Bolt app: Web API client at SLACK_API_URL with 429 retries, listeners from handlers/."""
    if settings.slack_oauth_configured:
        # Bolt would silently switch to multi-workspace OAuth and ignore our token.
        raise ConfigError(ONE_WORKSPACE)
    if client is None:
        # The listeners' client: a 429 on a reply is waited out (Retry-After), as Slack asks.
        client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=10)
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    # Before App(): Bolt warns at construction that our client's token wins over SLACK_BOT_TOKEN.
    logging.getLogger("worksonarm.slack").addFilter(_not_the_token_notice)
    try:
        app = FieldsApp(
            client=client,
            signing_secret=settings.slack_signing_secret or "socket-mode-does-not-sign",
            # Replies are computed locally in milliseconds, so they go in the ack itself;
            # anything that calls Slack is registered as a lazy listener.
            process_before_response=True,
            logger=logging.getLogger("worksonarm.slack"),
        )
    except (BoltError, SlackApiError) as exc:
        raise WorksOnArmError(f"Slack rejected the bot token at {settings.slack_api_url}: {exc}") from exc
    except OSError as exc:  # URLError, timeouts: Slack (or the proxy in SLACK_API_URL) is unreachable
        reason = getattr(exc, "reason", exc)
        raise WorksOnArmError(f"cannot reach Slack at {settings.slack_api_url}: {reason}") from exc
    register_handlers(app, services or services_for(settings))
    return app


class FieldsRequest(BoltRequest):
    """A request whose body Bolt gets already read by its fields (bot/slack_body.py), never by its
    own guess from the word "payload"; kept as read in the copies lazy listeners get."""

    def __init__(self, *, raw: str, fields: dict[str, Any], query: Any, headers: Any, context: Any = None):
        super().__init__(body="", query=query, headers=headers, context=context)
        self.raw_body = raw  # what the signature covers
        self.body = fields
        self.context = build_context(BoltContext(context or {}), fields)

    def to_copyable(self) -> BoltRequest:
        return FieldsRequest(
            raw=self.raw_body,
            fields=self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
        )


class FieldsApp(App):
    """Bolt's App, with each HTTP request's body read by its fields before it is dispatched."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        if req.mode == "http" and not isinstance(req, FieldsRequest):
            try:
                read = read_slack_body(req.raw_body, req.content_type)
            except UnreadableBody as exc:
                self.logger.warning("refused an unreadable Slack request: %s", exc)
                return BoltResponse(status=400, body={"error": "unreadable request"})
            req = FieldsRequest(raw=req.raw_body, fields=read.fields, query=req.query, headers=req.headers)
        return super().dispatch(req)


def courier_for(
    settings: Settings, client: WebClient | None = None, should_stop: Callable[[], bool] = lambda: False
) -> Courier:
    """The outbox's publishers (bot/publishers/destinations.py) and messenger, from what is
    configured. Slack's adapters are handed their Block Kit here: it belongs to the Slack edge."""
    client = client or outbox_client(settings)
    parts = Parts(slack_client=client, slack_message=announcement_message)
    return Courier(
        publishers=publishers_for(settings, parts),
        messenger=SlackMessenger(client, core_message) if client is not None else None,
        editors=settings.editors,
        dry_run=settings.dry_run,
        should_stop=should_stop,
    )


def services_for(settings: Settings, courier: Courier | None = None) -> Services:
    """The listeners' view of the core, with the outbox wired to the configured destinations and
    an editor's confirmation of held removals to a sync."""
    courier = courier or courier_for(settings)

    def deliver() -> None:
        deliver_outbox(settings, courier)

    def confirm_removals(key: str) -> str:
        return remove_held(settings, courier, key)

    return Services(
        settings,
        destinations=tuple(courier.publishers),
        deliver_due=deliver,
        courier=courier,
        confirm_removals=confirm_removals,
    )


def run_poll(
    settings: Settings,
    feed_url: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    courier: Courier | None = None,
    fetch: Callable[..., Fetched] = fetch_feed,
) -> PollReport:
    """One feed cycle: fetch, index, publish tips, then deliver everything that is due."""
    cycle = Cycle(
        feed_url=feed_url or settings.feed_url,
        courier=courier or courier_for(settings, should_stop=should_stop),
        fetch=fetch,
        after_index=after_index,
    )
    with open_db(settings.db_path, migrations=migrations) as db:
        report = poll_once(db, cycle)
    metrics.POLLS.labels("failed" if report.error else "not_modified" if report.not_modified else "ok").inc()
    return report


def deliver_outbox(settings: Settings, courier: Courier | None = None) -> Sent:
    """Send what is due in the outbox (and recover what a crash left), without polling the feed."""
    with open_db(settings.db_path, migrations=migrations) as db:
        return deliver_due(db, courier or courier_for(settings))


def run_weekly_notes(
    settings: Settings, courier: Courier | None = None, *, at_once: bool = False
) -> WeeklyRound:
    """The editors' weekly note for this week, to each editor who has not had it, once its time
    has come (`at_once`: now). Settings are checked at start, so the schedule parses here."""
    with open_db(settings.db_path, migrations=migrations) as db:
        return send_weekly_notes(db, courier or courier_for(settings), settings.weekly_note, at_once=at_once)


def index_shipped(settings: Settings) -> list[int]:
    """The shipped issues, always searchable; unchanged files cost one hash each. Returns the ids."""
    if not SHIPPED_ISSUES.is_dir():
        return []
    with open_db(settings.db_path, migrations=migrations) as db:
        report = index_files(
            db, find_issue_files([SHIPPED_ISSUES]), issue_url_template=settings.issue_url_template
        )
        refresh_issue_urls(db, settings.issue_url_template)
        after_index(db, report.changed)
    return report.changed


def _not_the_token_notice(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN itself and warns that our client wins; it is meant to.
    return "`token` will be unused" not in record.getMessage()


def health(settings: Settings, mode: str) -> dict[str, Any]:
    """The /healthz body: ok when the database answers and can be written now."""
    try:
        check_writable(settings.db_path, wait=1.0)
    except Exception as exc:  # locked, read-only, disk gone: all unhealthy, none a 500
        log.warning("health check: the database cannot be written: %s", exc)
        return {"ok": False, "mode": mode, "error": f"database not writable: {type(exc).__name__}"}
    with open_db(settings.db_path, migrations=migrations) as db:
        status = index_status(db)
    return {"ok": True, "mode": mode, "issues": status["issues"], "stories": status["stories"]}


def slack_transport(app: App, settings: Settings) -> tuple[Any, Any]:
    """How Slack reaches the app: a WSGI handler for `POST /slack/events` (HTTP mode), or a
    Socket Mode handler to connect (when SLACK_APP_TOKEN is set). Exactly one is not None."""
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        return None, SocketModeHandler(app, app_token=settings.slack_app_token)
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    return SlackRequestHandler(app), None
