"""Settings from the environment (and a `.env` file), read once, with every problem reported at once."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from dotenv import dotenv_values

from bot.clock import Weekly, parse_weekly, parse_zone
from bot.errors import ConfigError
from bot.logs import url_secrets
from bot.publishers.destinations import DESTINATIONS

DEFAULT_ISSUE_URL = "https://github.com/WorksOnArm/worksonarm-news/blob/master/content/{year}/{id}.md"
SECRET_FIELDS = (
    "slack_bot_token",
    "slack_signing_secret",
    "slack_app_token",
    "twitter_api_key",
    "twitter_api_secret",
    "twitter_access_token",
    "twitter_access_token_secret",
    "mastodon_access_token",
    "bluesky_app_password",
)


@dataclass(frozen=True)
class Settings:
    """Everything the bot is configured with. See DESIGN.md for each variable."""

    db_path: str = "./worksonarm.db"
    console_db: str = ""  # the local console's own database; empty: worksonarm-console.db beside db_path
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = "https://slack.com/api/"
    announce_channel: str = ""
    editors: tuple[str, ...] = ()
    feed_url: str = ""
    archive: str = ""  # WORKSONARM_ARCHIVE: a folder of issue files, or a git URL
    poll_minutes: int = 15
    issue_url_template: str = DEFAULT_ISSUE_URL
    twitter_api_key: str = ""
    twitter_api_secret: str = ""
    twitter_access_token: str = ""
    twitter_access_token_secret: str = ""
    twitter_api_url: str = "https://api.twitter.com"
    mastodon_api_base_url: str = ""
    mastodon_access_token: str = ""
    bluesky_handle: str = ""
    bluesky_app_password: str = ""
    bluesky_service_url: str = "https://bsky.social/xrpc"
    dry_run: bool = False
    digest: str = "mon 09:00"  # WORKSONARM_DIGEST: when the editors' weekly note goes out, or `off`
    timezone: str = "UTC"  # WORKSONARM_TIMEZONE: the time zone of the weekly note and its weeks
    port: int = 3000
    http_threads: int = 2  # measured with `make bench` on 2 cores; see bot/serving.py
    question_days: int = 90  # WORKSONARM_QUESTION_DAYS: how long a search that found nothing is kept
    question_log: bool = True  # WORKSONARM_QUESTION_LOG=off: searches that found nothing only counted
    # SLACK_CLIENT_ID and SLACK_CLIENT_SECRET both set: Bolt would switch to OAuth, so serve refuses.
    slack_oauth_configured: bool = False

    @property
    def destinations(self) -> tuple[str, ...]:
        """The destinations whose settings are all set, in the outbox's order."""
        return tuple(d.name for d in DESTINATIONS if d.configured(self))

    @property
    def weekly_note(self) -> Weekly | None:
        """When the editors' weekly note goes out (None: `off`). Raises ValueError on a bad value."""
        if self.digest.strip().lower() == "off":
            return None
        return parse_weekly(self.digest, parse_zone(self.timezone))

    @property
    def secrets(self) -> list[str]:
        """The configured secret values, so logs can be scrubbed of them."""
        values = [str(getattr(self, name)) for name in SECRET_FIELDS if getattr(self, name)]
        return values + url_secrets(self.feed_url) + url_secrets(self.archive)

    def __repr__(self) -> str:  # never print a token, even by accident
        shown = {
            f.name: ("***" if f.name in SECRET_FIELDS and getattr(self, f.name) else getattr(self, f.name))
            for f in fields(self)
        }
        return f"Settings({shown})"


# Slack IDs, never names: a member (U…, W… in Enterprise Grid) and a public or private channel.
_MEMBER_ID = re.compile(r"[UW][A-Z0-9]+")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]+")
FIND_MEMBER_ID = "open the person's profile in Slack, then ⋮ (More) → Copy member ID"
FIND_CHANNEL_ID = "click the channel's name in Slack; the ID is at the bottom of the About tab"
# Destinations whose credentials come together: some set and some not is a mistake, not "off".
_ALL_OR_NONE = (
    ("TWITTER_API_KEY", "TWITTER_API_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET"),
    ("MASTODON_API_BASE_URL", "MASTODON_ACCESS_TOKEN"),
    ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"),
)

_ENV = {
    "db_path": "WORKSONARM_DB",
    "console_db": "WORKSONARM_CONSOLE_DB",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "announce_channel": "WORKSONARM_ANNOUNCE_CHANNEL",
    "feed_url": "WORKSONARM_FEED_URL",
    "archive": "WORKSONARM_ARCHIVE",
    "issue_url_template": "WORKSONARM_ISSUE_URL",
    "twitter_api_key": "TWITTER_API_KEY",
    "twitter_api_secret": "TWITTER_API_SECRET",
    "twitter_access_token": "TWITTER_ACCESS_TOKEN",
    "twitter_access_token_secret": "TWITTER_ACCESS_TOKEN_SECRET",
    "twitter_api_url": "TWITTER_API_URL",
    "mastodon_api_base_url": "MASTODON_API_BASE_URL",
    "mastodon_access_token": "MASTODON_ACCESS_TOKEN",
    "bluesky_handle": "BLUESKY_HANDLE",
    "bluesky_app_password": "BLUESKY_APP_PASSWORD",
    "bluesky_service_url": "BLUESKY_SERVICE_URL",
    "digest": "WORKSONARM_DIGEST",
    "timezone": "WORKSONARM_TIMEZONE",
}


def load_settings(environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env") -> Settings:
    """Read the settings: the process environment wins over `.env`. Raises ConfigError."""
    values: dict[str, str] = {}
    try:
        if env_file and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    except PermissionError as exc:  # an unreadable .env, or a working folder this user cannot enter
        where = Path(env_file or ".env").absolute()
        raise ConfigError(
            f"cannot read {where}: permission denied for uid {os.getuid()}. Make it readable "
            f"(chmod o+r {where}), or start the bot in another folder"
        ) from exc
    values.update(os.environ if environ is None else environ)
    problems: list[str] = []
    kwargs: dict[str, object] = {
        name: values[var].strip() for name, var in _ENV.items() if values.get(var, "").strip()
    }
    editors = tuple(e.strip() for e in values.get("WORKSONARM_EDITORS", "").split(",") if e.strip())
    kwargs["editors"] = editors
    kwargs["poll_minutes"] = _int(values, "WORKSONARM_POLL_MINUTES", 15, problems, minimum=1)
    kwargs["port"] = _int(values, "PORT", 3000, problems, minimum=1, maximum=65535)
    kwargs["http_threads"] = _int(values, "WORKSONARM_HTTP_THREADS", 2, problems, minimum=1, maximum=64)
    kwargs["question_days"] = _int(values, "WORKSONARM_QUESTION_DAYS", 90, problems, minimum=1, maximum=3650)
    question_log = values.get("WORKSONARM_QUESTION_LOG", "on").strip().lower()
    if question_log not in ("", "on", "off"):
        problems.append(f"WORKSONARM_QUESTION_LOG must be on or off, not {question_log[:40]!r}")
    kwargs["question_log"] = question_log != "off"
    dry = values.get("WORKSONARM_DRY_RUN", "0").strip().lower()
    if dry not in ("", "0", "1", "true", "false", "yes", "no"):
        problems.append(f"WORKSONARM_DRY_RUN must be 0 or 1, not {dry!r}")
    kwargs["dry_run"] = dry in ("1", "true", "yes")
    kwargs["slack_oauth_configured"] = bool(
        values.get("SLACK_CLIENT_ID", "").strip() and values.get("SLACK_CLIENT_SECRET", "").strip()
    )
    urls = ("SLACK_API_URL", "TWITTER_API_URL", "WORKSONARM_FEED_URL", "MASTODON_API_BASE_URL")
    for var in (*urls, "BLUESKY_SERVICE_URL"):
        url = values.get(var, "").strip()
        if url and not url.startswith(("http://", "https://")):
            problems.append(f"{var} must be an http(s) URL")
    app_token = values.get("SLACK_APP_TOKEN", "").strip()
    if app_token and not app_token.startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    bot_token = values.get("SLACK_BOT_TOKEN", "").strip()
    if bot_token and not bot_token.startswith("xoxb-"):
        problems.append(
            "SLACK_BOT_TOKEN must be the bot token starting with xoxb- (OAuth & Permissions, Bot User "
            "OAuth Token)"
            + ("; an xapp- token goes in SLACK_APP_TOKEN" if bot_token.startswith("xapp-") else "")
        )
    for group in _ALL_OR_NONE:
        given = [var for var in group if values.get(var, "").strip()]
        if given and len(given) < len(group):
            missing = [var for var in group if var not in given]
            problems.append(
                f"{_names(given)} set but {_names(missing)} not: set "
                + ("both, or neither" if len(group) == 2 else "all of them, or none")
            )
    problems += _not_ids(editors, values.get("WORKSONARM_ANNOUNCE_CHANNEL", "").strip())
    problems += _weekly_problems(str(kwargs.get("digest", "mon 09:00")), str(kwargs.get("timezone", "UTC")))
    if problems:
        raise ConfigError("; ".join(problems))
    return Settings(**kwargs)  # type: ignore[arg-type]


def _weekly_problems(digest: str, timezone: str) -> list[str]:
    problems = []
    try:
        zone = parse_zone(timezone)
    except ValueError as exc:
        problems.append(f"WORKSONARM_TIMEZONE {exc}")
        zone = parse_zone("UTC")
    if digest.lower() != "off":
        try:
            parse_weekly(digest, zone)
        except ValueError as exc:
            problems.append(f"WORKSONARM_DIGEST {exc}")
    return problems


def _names(variables: list[str]) -> str:
    return f"{', '.join(variables)} {'is' if len(variables) == 1 else 'are'}"


def _not_ids(editors: tuple[str, ...], channel: str) -> list[str]:
    """Names where Slack IDs belong start fine and then nothing works: refused, with how to find them."""
    problems = []
    names = [editor for editor in editors if not _MEMBER_ID.fullmatch(editor)]
    if names:
        shown = ", ".join(repr(name[:40]) for name in names[:5])
        problems.append(
            f"WORKSONARM_EDITORS takes Slack member IDs like U0123ABCD, not names ({shown}). "
            f"To find one, {FIND_MEMBER_ID}"
        )
    if channel and not _CHANNEL_ID.fullmatch(channel):
        problems.append(
            f"WORKSONARM_ANNOUNCE_CHANNEL takes a channel ID like C0123ABCD, not a name ({channel[:40]!r}). "
            f"To find it, {FIND_CHANNEL_ID}"
        )
    return problems


def _int(
    values: Mapping[str, str],
    var: str,
    default: int,
    problems: list[str],
    *,
    minimum: int,
    maximum: int | None = None,
) -> int:
    raw = values.get(var, "").strip()
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        problems.append(f"{var} must be a whole number, not {raw!r}")
        return default
    if number < minimum or (maximum is not None and number > maximum):
        problems.append(f"{var} is out of range: {number}")
    return number
