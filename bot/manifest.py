"""The Slack app manifest, as YAML with a comment on why each scope is needed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

SLASH_COMMAND = "/worksonarm"
BOT_EVENTS = ("app_home_opened", "message.im", "app_mention", "link_shared")
MAX_UNFURL_DOMAINS = 5  # Slack's limit per app
MESSAGE_SHORTCUT = ("Suggest for Works on Arm", "suggest_tip", "Suggest this message for the next issue")
# (scope, why): the least the listeners need. Reinstall the app after changing these.
BOT_SCOPES: tuple[tuple[str, str], ...] = (
    ("commands", "the /worksonarm slash command and the message shortcut"),
    ("chat:write", "replies, DMs, and announcements in the channel the bot is invited to"),
    ("im:history", "reads the DMs people send the bot (message.im)"),
    ("channels:history", "after a crash, checks a public announce channel before posting again"),
    ("groups:history", "the same check when the announce channel is private"),
    (
        "im:write",
        "opens the DM to thank a submitter, tell an editor or a member whose question an issue "
        "covers, and to check it after a crash",
    ),
    ("app_mentions:read", "hears @worksonarm in channels (app_mention) to answer in a thread"),
    ("links:read", "hears links to the newsletter's own domains (link_shared)"),
    ("links:write", "unfurls those links with the issue's date and stories (chat.unfurl)"),
)


def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML scalar, quoting what needs it


def unfurl_domains(
    issue_url_template: str | None, feed_url: str | None, permalinks: Iterable[str] = ()
) -> list[str]:
    """The newsletter's own hosts: where its issue URLs point (the template), where its feed and
    the feed's links live. Nothing is hard-coded; at most Slack's five, the template's first."""
    sample = (issue_url_template or "").replace("{year}", "2017").replace("{id}", "2017-W17")
    hosts = [_host(u) for u in (sample.replace("{number}", "1"), feed_url or "", *permalinks)]
    return [h for h in dict.fromkeys(hosts) if h][:MAX_UNFURL_DOMAINS]


def _host(url: str) -> str:
    """`www.` dropped: Slack matches a domain's subdomains too."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def build_manifest(url: str | None = None, domains: Iterable[str] = ()) -> str:
    """The manifest. With a URL: HTTP mode with request URLs. Without: Socket Mode. `domains`: the
    hosts whose links the bot unfurls (see `unfurl_domains`)."""
    events_url = f"{url.rstrip('/')}/slack/events" if url else None
    lines = [
        "# Slack app manifest for worksonarm-bot. Create the app at https://api.slack.com/apps",
        "# (From an app manifest), install it, then set SLACK_BOT_TOKEN and "
        + (
            "SLACK_SIGNING_SECRET (HTTP mode)."
            if url
            else "an app-level token (connections:write) as SLACK_APP_TOKEN."
        ),
        "display_information:",
        "  name: Works on Arm News",
        "  description: Search Works on Arm News, send tips, hear about new issues.",
        "  background_color: '#0091bd'",
        "features:",
        "  app_home:",
        "    home_tab_enabled: true",
        "    messages_tab_enabled: true",
        "    messages_tab_read_only_enabled: false  # people DM the bot",
        "  bot_user:",
        "    display_name: worksonarm",
        "    always_online: true",
        "  slash_commands:",
        f"    - command: {SLASH_COMMAND}",
        "      description: Search every issue of Works on Arm News",
        "      usage_hint: golang | latest | issue 3 | tip <link and a line> | follow <words> | following "
        "| help",
        "      should_escape: false",
    ]
    if events_url:
        lines.append(f"      url: {_q(events_url)}")
    domains = list(domains)
    if domains:
        lines += ["  unfurl_domains:"] + [f"    - {_q(domain)}" for domain in domains]
    name, callback_id, description = MESSAGE_SHORTCUT
    lines += [
        "  shortcuts:",
        f"    - name: {name}",
        "      type: message",
        f"      callback_id: {callback_id}",
        f"      description: {description}",
    ]
    lines += ["oauth_config:", "  scopes:", "    bot:"]
    lines += [f"      - {scope}  # {why}" for scope, why in BOT_SCOPES]
    lines += ["settings:", "  event_subscriptions:"]
    if events_url:
        lines.append(f"    request_url: {_q(events_url)}")
    lines += ["    bot_events:"] + [f"      - {event}" for event in BOT_EVENTS]
    lines += ["  interactivity:", "    is_enabled: true"]
    if events_url:
        lines.append(f"    request_url: {_q(events_url)}")
    lines += [
        "  org_deploy_enabled: false",
        f"  socket_mode_enabled: {'false' if url else 'true'}",
        "  token_rotation_enabled: false",
    ]
    return "\n".join(lines) + "\n"
