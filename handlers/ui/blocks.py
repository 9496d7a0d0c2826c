"""Block Kit for search and issues, built with slack_sdk's models so Slack's limits are checked before
sending. Every fallback `text` is escaped like the blocks: Slack shows it in notifications."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.archive.hits import Hit
from bot.archive.issues import IssueSummary
from bot.archive.search import SearchResult
from bot.outbox.editors import EditorChoice
from handlers.ui.mrkdwn import clip, escape, link, mention

ACTION_SHARE = "share_hit"
ACTION_MORE = "more_results"
ACTION_EXACT = "search_exactly"
ACTION_PRIVATE = "results_privately"
PAGE_SIZE = 5
COMPACT_SIZE = 3  # stories in a thread reply; the rest only for the one who asked
MAX_BLOCKS = 50
SECTION_LIMIT = 3000
BUTTON_VALUE_LIMIT = 2000

HELP_TEXT = (
    "*Search every issue of Works on Arm News*\n"
    "`/worksonarm golang` finds stories about Go; `aarch64`, `armv8` and `arm64` are the same word here.\n"
    '`/worksonarm "raspberry pi" year:2018` matches a phrase in one year.\n'
    "Filters: `issue:13` or `issue:2018-W20`, `year:2018`, `before:2018-06-01`, `after:2017-12`.\n"
    "`/worksonarm latest` shows the newest issue; `/worksonarm issue 3` or `issue 2017-W19` shows one.\n"
    "You can also send me a direct message with the words you are looking for, or mention me in a "
    "channel I am in: `@worksonarm golang` answers in a thread.\n"
    "*Tips:* send me a link in a DM, use `/worksonarm tip <link and a line on it>` or "
    "`@worksonarm tip <link>` in a channel, or the "
    "message shortcut “Suggest for Works on Arm” on any message.\n"
    "*Follow a topic:* `/worksonarm follow graviton3` DMs you the stories of each new issue about it; "
    "`following` lists yours (and what I keep about them), `unfollow graviton3` ends one. A search "
    "that finds nothing offers “Tell me when it's covered”."
)


@dataclass(frozen=True)
class Asked:
    """A search as its buttons carry it, so that the next page searches what the first did: the
    text as Slack sent it (markup and all: "<@U1> docker" is "docker" there, and "@U1 docker" is
    not), or, when that is over a button's 2,000 characters, the words it was searched as
    (`as_words`: no markup left to read)."""

    text: str
    as_words: bool = False

    @property
    def fields(self) -> dict[str, Any]:
        return {"w": 1} if self.as_words else {}

    @classmethod
    def of(cls, text: str, words: str, *, as_words: bool = False) -> Asked:
        """The text, when a button holds all of it beside the most fields one carries; else the words
        (or when the text is the words already), as much of them as it holds: cut once, never again
        page after page (the review of round 16: a long question's totals fell, 121, 44, 36)."""
        if not as_words and _fitted(text) == text:
            return cls(text)
        fitted = _fitted(words)  # at a space: "arm6" of a cut "arm64" would be read as a typo
        return cls(fitted if fitted == words else fitted.rsplit(" ", 1)[0], as_words=True)


def _fitted(text: str) -> str:
    """As much of the text as a button holds beside the most fields one carries."""
    return str(json.loads(button_value({"o": 10**6, "x": 1, "n": 1, "w": 1}, text))["q"])


def button_value(fields: dict[str, Any], text: str, key: str = "q") -> str:
    """A button's value: the fields as JSON, with as much of `text` under `key` as fits Slack's
    2,000 characters (counted in UTF-16, as Slack counts). The text is cut, never the JSON: escaped,
    an emoji took 12 characters, and a value cut inside the JSON lost the whole question."""
    value = json.dumps(fields | {key: text}, ensure_ascii=False)
    while (over := len(value.encode("utf-16-le")) // 2 - BUTTON_VALUE_LIMIT) > 0:
        text = text[: max(0, len(text) - over)]  # each character is one unit or more: one cut fits
        value = json.dumps(fields | {key: text}, ensure_ascii=False)
    return value


def hit_blocks(hit: Hit, query: str, *, shareable: bool = True) -> list[Block]:
    """One story: heading, snippet with matched words in bold, three links, the issue as a link."""
    links = " · ".join(link(item["url"], item["text"], 80) for item in hit.links[:3])
    text = f"*{clip(escape(hit.section), 200)}*\n{escape(hit.snippet)}"
    if links:
        text += f"\n{links}"
    accessory = None
    if shareable and hit.story_id is not None:
        value = button_value({"s": hit.story_id}, query[:300])
        accessory = ButtonElement(text="Share in channel", action_id=ACTION_SHARE, value=value)
    issue = link(hit.url, hit.title, 150)
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_LIMIT)), accessory=accessory),
        ContextBlock(elements=[MarkdownTextObject(text=f"{issue} · {hit.date} · {hit.issue}")]),
    ]


def search_blocks(
    result: SearchResult,
    query: str,
    *,
    exact: bool = False,
    shareable: bool = True,
    compact: bool = False,
    asked: Asked | None = None,
) -> tuple[str, list[Block]]:
    """A page of results (fallback text, blocks): "Showing results for …" with a button to search
    exactly as typed when other words found them, and "More results" when there are more.
    `compact` (a thread reply everyone reads): the top stories, and a button showing the rest to
    the one who asks. Without `shareable` (a DM) no "Share in channel": there is no one to share with.
    `query` is what was typed as shown; `asked`, what the buttons carry to search it again."""
    blocks: list[Block] = []
    carried = asked or Asked(query)
    # carried by the buttons, so later pages stay the same
    kept = ({} if shareable else {"n": 1}) | carried.fields
    # A note may quote what was typed (a 4,000-digit `issue:`): bounded, with room for the summary.
    notes = clip(" ".join(f"_{escape(note)}_" for note in result.query.notes), SECTION_LIMIT // 2)
    shown = clip(escape(query), 200)
    if not result.hits:
        text = f"No stories found for “{shown}”."
        if result.explanation:
            text += f" {escape(result.explanation)}"
        else:
            text += "\nTry fewer or broader words, or `/worksonarm help`."
        # the explanation may quote what was typed too
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_LIMIT))))
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=notes)]))
        return f"No stories found for “{shown}”", validated(blocks)
    hits = result.hits[:COMPACT_SIZE] if compact else result.hits  # a thread reply shows the top few
    first, last = result.offset + 1, result.offset + len(hits)
    summary = fallback = f"Stories {first}–{last} of {result.total_text} for “{shown}”"
    if result.searched_for:
        instead = clip(escape(result.searched_for), 200)
        counted = f"(stories {first}–{last} of {result.total_text})"
        fallback = f"Showing results for {instead} {counted}"
        summary = f"Showing results for *{instead}* {counted}"
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"{summary}. No story has “{shown}” as typed."),
                accessory=ButtonElement(
                    text="Search exactly as typed",
                    action_id=ACTION_EXACT,
                    value=button_value({"x": 1} | kept, carried.text),
                ),
            )
        )
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=notes)]))
    else:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"{summary} {notes}".strip())]))
    for hit in hits:
        blocks += hit_blocks(hit, query, shareable=shareable and not compact)
        if hit.searched_for and not result.searched_for:
            note = f"found for _{clip(escape(hit.searched_for), 150)}_"
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
        blocks.append(DividerBlock())
    if compact and result.total > 0:
        rest = button_value(({"x": 1} if exact else {}) | carried.fields, carried.text)
        label = "Show all results (only you)" if result.total > COMPACT_SIZE else "Show them to me (only you)"
        button = ButtonElement(text=label, action_id=ACTION_PRIVATE, value=rest)
        blocks.append(ActionsBlock(elements=[button]))
    elif result.has_more:
        more = {"o": result.offset + len(result.hits)} | ({"x": 1} if exact else {}) | kept
        value = button_value(more, carried.text)
        button = ButtonElement(text="More results", action_id=ACTION_MORE, value=value)
        blocks.append(ActionsBlock(elements=[button]))
    return fallback, validated(blocks[:MAX_BLOCKS])  # the bold of the blocks, not the asker's "*"


def shared_blocks(hit: Hit, query: str, user_id: str) -> tuple[str, list[Block]]:
    """A hit posted for everyone, saying who shared it."""
    blocks = [
        *hit_blocks(hit, query, shareable=False),
        ContextBlock(elements=[MarkdownTextObject(text=f"Shared by {mention(user_id)} from the archive")]),
    ]
    return escape(f"{hit.section} ({hit.title})"), validated(blocks)


def issue_blocks(issue: IssueSummary) -> tuple[str, list[Block]]:
    """An issue: title as a link, date, and its list of stories."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{link(issue.url, issue.title, 200)}*\n{issue.date} · {issue.week}"
                + (f" · Issue {issue.number}" if issue.number else "")
            )
        )
    ]
    blocks += story_list(issue.headings)
    return escape(f"{issue.title} ({issue.date})"), validated(blocks[: MAX_BLOCKS - 1])


def story_list(headings: list[str]) -> list[Block]:
    """Bulleted story headings, split into as many sections as Slack's size limit needs."""
    sections: list[Block] = []
    chunk: list[str] = []
    for heading in headings:
        item = f"• {clip(escape(heading), 200)}"
        if chunk and sum(len(x) + 1 for x in chunk) + len(item) > SECTION_LIMIT - 10:
            sections.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(item)
    if chunk:
        sections.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    return sections


EDITOR_HELP = (
    "*For editors:* `/worksonarm tips` lists new tips with Accept and Reject; `tips export` gives a "
    "Hugo draft of the next issue; `status` shows the feed and the outbox; `announce <issue>`, "
    "`hold <issue>` and `release <issue>` steer its announcements."
)


def help_blocks(for_editor: bool = False) -> tuple[str, list[Block]]:
    """The usage; editors also see their commands."""
    text = HELP_TEXT + ("\n" + EDITOR_HELP if for_editor else "")
    return "How to search Works on Arm News", validated([SectionBlock(text=MarkdownTextObject(text=text))])


def message_blocks(text: str) -> tuple[str, list[Block]]:
    """A short plain message (errors, refusals)."""
    text = clip(escape(text), SECTION_LIMIT)
    return text, validated([SectionBlock(text=MarkdownTextObject(text=text))])


def notice_blocks(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A plain message from the core (thanks, editor notices): escaped text, a link, its buttons."""
    said = escape(str(payload.get("text", "")))
    text, linked = said, ""
    if payload.get("link"):
        linked = "\n" + link(payload["link"].get("url"), str(payload["link"].get("text", "")), 200)
        text += " " + escape(str(payload["link"].get("url", "")))
    body = clip(said, SECTION_LIMIT - len(linked)) + linked  # the link whole, the words as they fit
    text = clip(text, SECTION_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=body))]
    buttons = [action_button(a["label"], a["action_id"], a["value"]) for a in payload.get("actions") or []]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons[:25]))
    return text, as_dicts(validated(blocks))


def confirm(title: str, text: str, yes: str) -> ConfirmObject:
    """The dialog Slack shows before a destructive button acts."""
    return ConfirmObject(
        title=clip(title, 100), text=clip(text, 300), confirm=yes, deny="Cancel", style="danger"
    )


def action_button(label: str, action_id: str, value: str) -> ButtonElement:
    """A button of the editors' outbox choices; those that cannot be undone ask first."""
    return ButtonElement(
        text=clip(label, 75), action_id=action_id, value=value[:2000], confirm=_confirm_for(action_id)
    )


def _confirm_for(action_id: str) -> ConfirmObject | None:
    if action_id == EditorChoice.ALL:
        return confirm("Announce every held issue?", "Each one is posted on every network.", "Announce all")
    if action_id == EditorChoice.SEEN:
        return confirm("Mark all held issues seen?", "They will never be announced.", "Mark all seen")
    if action_id == EditorChoice.ARCHIVE_REMOVALS:
        return confirm(
            "Remove these issues from the index?",
            "Search and “already covered” will no longer find them. The archive can bring them back.",
            "Remove them",
        )
    return None


def validated(blocks: list[Block]) -> list[Block]:
    """Check the message-level limit; each block's own limits are checked by `as_dicts`."""
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks is over Slack's limit of {MAX_BLOCKS}")
    return blocks


def as_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    """The blocks as Slack's JSON. `to_dict` raises SlackObjectFormationError on a limit overrun."""
    return [block.to_dict() for block in blocks]
