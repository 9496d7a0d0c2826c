"""The one mrkdwn codec: plain text into Slack markup (escaped, links http(s) only) and Slack
markup back into plain text, or into a terminal's text (the local console). Everything that writes
or reads Slack text goes through here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bot.archive.links import normalize_url

# No part runs past a `<` (Slack sends a label's own as `&lt;`): else each unclosed `<http:x|` read
# the rest of the message again, and 40,000 characters of them held the process for seconds.
SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|<>\s]+)(?:\|([^<>]*))?>", re.I)
_SPECIAL = re.compile(r"<!(\w+)(?:\^[^|<>]*)?(?:\|([^<>]*))?>")
_MENTION = re.compile(r"<[@#]([A-Z0-9]+)(?:\|([^<>]*))?>")
_LABEL = r"(?:\|[^<>]*)?"  # a mention's label, as Slack may send it: `<@U1|ann>`
_USER_MENTION = re.compile(rf"<@[UW][A-Z0-9]+{_LABEL}>")
_OTHER = re.compile(r"<([^<>]*)>")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
# Slack's emoji shortcode with its skin tone; never a time ("10:30:45") or a filter ("issue:13")
_EMOJI_CODE = re.compile(r" ?(?<![\w:]):[a-z0-9+-][a-z0-9_+'-]*:(?::skin-tone-[2-6]:)?(?!\w)")
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Slack's three control characters, so no text can ping @channel or a user, or make a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters of mrkdwn, ending in "…" when cut. The cut falls at a safe
    boundary: never inside a `<url|label>` or a mention (the whole link goes), never inside an
    escape like `&amp;`. Clip after escaping: escaping after clipping can grow text past the limit."""
    if len(text) <= limit:
        return text
    if limit < len(ELLIPSIS):
        return ""
    end = limit - len(ELLIPSIS)
    opened = text.rfind("<", 0, end)
    if opened != -1 and text.find(">", opened, end) == -1 and text.find(">", end) != -1:
        end = opened
    amp = text.rfind("&", max(0, end - 4), end)
    if amp != -1 and (entity := _ENTITY.match(text, amp)) and entity.end() > end:
        end = amp
    return text[:end].rstrip() + ELLIPSIS


def is_link_target(url: str | None) -> bool:
    """Only absolute http(s) URLs without markup characters become links (never javascript:)."""
    return bool(
        url
        and re.match(r"https?://[^\s/?#]+", url, re.I)
        and not any(c in url for c in "<>| \n\t")
        and len(url) <= 1000
    )


def link(url: str | None, text: str, limit: int = 3000) -> str:
    """A mrkdwn link, or just the escaped text when the URL is not a safe http(s) target; its label
    clipped to `limit` characters."""
    label = clip(escape(text).replace("|", "¦"), limit) or "link"
    return f"<{url}|{label}>" if is_link_target(url) else label


def mention(user_id: str) -> str:
    """A user mention, only for what looks like a Slack user id."""
    return f"<@{user_id}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user_id) else escape(user_id)


def _plain_link(url: str, label: str) -> str:
    return url if not label or label == url or label in url else f"{label} ({url})"


def _terminal_link(url: str, label: str) -> str:
    return f"{label} <{url}>" if label and label != url else url


def decode(text: str, *, link: Callable[[str, str], str] = _plain_link) -> str:
    """Slack markup as plain text: `<url|label>` becomes "label (url)", `<!channel>` "@channel",
    `<@U1|ann>` "@ann", `<#C1|general>` "#general", and `&lt;` "<". What people meant, with no
    live markup left. `link` writes a link from its URL and label."""
    text = SLACK_LINK.sub(lambda m: link(m.group(1), (m.group(2) or "").strip()), text)
    text = _SPECIAL.sub(lambda m: "@" + (m.group(2) or m.group(1)).lstrip("@"), text)
    text = _MENTION.sub(lambda m: m.group(0)[1] + (m.group(2) or m.group(1)), text)  # "@ann", "#general"
    text = _OTHER.sub(lambda m: m.group(1), text)
    return html.unescape(text)


def as_query(text: str) -> str:
    """Slack markup as the words of a search: a link is its label, or its address when the label
    is the address (bot/archive/by_link.py answers it), a mention of someone (`<@U1|ann>`,
    `<!here>`) is no topic, and an emoji's shortcode (`:wave:`, `:+1:`, `:pray::skin-tone-3:`) is
    the feeling it adds, "!", never the words of its name ("slightly smiling face")."""
    text = decode(_SPECIAL.sub(" ", _MENTION.sub(" ", text)), link=_searched_link)
    # spaces collapsed first: the shortcode then takes at most the one space before it (linear)
    return " ".join(_EMOJI_CODE.sub("!", " ".join(text.split())).split()).lstrip("! ")


def _searched_link(url: str, label: str) -> str:
    """Slack links an address typed without its scheme itself, labelled as typed
    (`<http://github.com/x|github.com/x>`): that label is the address, and the search needs the
    whole of it to find the stories with the link. A label of words (`<https://go.dev|golang>`) is
    what was meant."""
    if not label or label == url:
        return url
    if any(c.isspace() for c in label) or "/" not in label.split("://", 1)[-1].rstrip("/"):
        return label  # words, or a site's name ("cilium.io vs calico"): its words are the question
    address = label if "://" in label else f"http://{label}"
    return url if normalize_url(address) == normalize_url(url) else label


def as_terminal(text: str) -> str:
    """Slack markup as a terminal shows it (the local console): a link as "label <url>"."""
    return decode(text, link=_terminal_link)


def without_mention(text: str, user_id: str | None) -> str:
    """What was said to a user (the bot): their mention taken out wherever it is ("hey @bot golang?");
    without their id, the leading user mention. Other people's mentions stay; spaces collapse."""
    if user_id:
        return " ".join(re.sub(rf"<@{re.escape(user_id)}{_LABEL}>", " ", text).split())
    return " ".join(re.sub(r"^\s*" + _USER_MENTION.pattern, " ", text).split())
