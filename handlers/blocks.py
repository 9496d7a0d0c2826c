"""Block Kit replies, built with slack_sdk's models so Slack's limits are checked before sending."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.archive.issues import IssueSummary
from bot.archive.search import Hit, SearchResult

ACTION_SHARE = "share_hit"
ACTION_MORE = "more_results"
PAGE_SIZE = 5
MAX_BLOCKS = 50
SECTION_LIMIT = 3000
BUTTON_VALUE_LIMIT = 2000

HELP_TEXT = (
    "*Search every issue of Works on Arm News*\n"
    "`/worksonarm golang` finds stories about Go; `aarch64`, `armv8` and `arm64` are the same word here.\n"
    '`/worksonarm "raspberry pi" year:2018` matches a phrase in one year.\n'
    "Filters: `issue:13` or `issue:2018-W20`, `year:2018`, `before:2018-06-01`, `after:2017-12`.\n"
    "`/worksonarm latest` shows the newest issue; `/worksonarm issue 3` or `issue 2017-W19` shows one.\n"
    "You can also send me a direct message with the words you are looking for.\n"
    "*Tips:* send me a link in a DM, use `/worksonarm tip <link and a line on it>`, or the "
    "message shortcut “Suggest for Works on Arm” on any message."
)


def escape(text: str) -> str:
    """Slack's three control characters, so user text can never ping @channel or a user."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, text: str) -> str:
    """A mrkdwn link, or just the escaped text when the URL could break the markup."""
    label = escape(text).replace("|", "¦") or "link"
    if not url or any(c in url for c in "<>| \n") or len(url) > 1000:
        return label
    return f"<{url}|{label}>"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def hit_blocks(hit: Hit, query: str, *, shareable: bool = True) -> list[Block]:
    """One story: heading, snippet with matched words in bold, three links, the issue as a link."""
    links = " · ".join(link(item["url"], _clip(item["text"], 80)) for item in hit.links[:3])
    text = f"*{escape(_clip(hit.section, 200))}*\n{escape(hit.snippet)}"
    if links:
        text += f"\n{links}"
    accessory = None
    if shareable and hit.story_id is not None:
        value = json.dumps({"s": hit.story_id, "q": query[:300]})
        accessory = ButtonElement(text="Share in channel", action_id=ACTION_SHARE, value=value)
    issue = link(hit.url, _clip(hit.title, 150))
    return [
        SectionBlock(text=MarkdownTextObject(text=_clip(text, SECTION_LIMIT)), accessory=accessory),
        ContextBlock(elements=[MarkdownTextObject(text=f"{issue} · {hit.date} · {hit.issue}")]),
    ]


def search_blocks(result: SearchResult, query: str) -> tuple[str, list[Block]]:
    """A page of results (fallback text, blocks), with "More results" when there are more."""
    blocks: list[Block] = []
    notes = " ".join(f"_{escape(note)}_" for note in result.query.notes)
    if not result.hits:
        text = f"No stories found for “{escape(_clip(query, 200))}”."
        if result.suggestions:
            text += " Did you mean " + ", ".join(f"`{escape(s)}`" for s in result.suggestions) + "?"
        text += "\nTry fewer or broader words, or `/worksonarm help`."
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=notes)]))
        return f"No stories found for “{_clip(query, 200)}”", validated(blocks)
    first, last = result.offset + 1, result.offset + len(result.hits)
    summary = f"Stories {first}–{last} of {result.total} for “{escape(_clip(query, 200))}”"
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"{summary} {notes}".strip())]))
    for hit in result.hits:
        blocks += [*hit_blocks(hit, query), DividerBlock()]
    if result.has_more:
        value = json.dumps({"q": query[:500], "o": result.offset + len(result.hits)})
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="More results", action_id=ACTION_MORE, value=value[:BUTTON_VALUE_LIMIT]
                    )
                ]
            )
        )
    return f"Stories {first}–{last} of {result.total} for “{_clip(query, 200)}”", validated(blocks)


def shared_blocks(hit: Hit, query: str, user_id: str) -> tuple[str, list[Block]]:
    """A hit posted for everyone, saying who shared it."""
    blocks = [
        *hit_blocks(hit, query, shareable=False),
        ContextBlock(elements=[MarkdownTextObject(text=f"Shared by <@{escape(user_id)}> from the archive")]),
    ]
    return f"{hit.section} ({hit.title})", validated(blocks)


def issue_blocks(issue: IssueSummary) -> tuple[str, list[Block]]:
    """An issue: title as a link, date, and its list of stories."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{link(issue.url, _clip(issue.title, 200))}*\n{issue.date} · {issue.week}"
                + (f" · Issue {issue.number}" if issue.number else "")
            )
        )
    ]
    blocks += story_list(issue.headings)
    return f"{issue.title} ({issue.date})", validated(blocks[: MAX_BLOCKS - 1])


def story_list(headings: list[str]) -> list[Block]:
    """Bulleted story headings, split into as many sections as Slack's size limit needs."""
    sections: list[Block] = []
    chunk: list[str] = []
    for heading in headings:
        item = f"• {escape(_clip(heading, 200))}"
        if chunk and sum(len(x) + 1 for x in chunk) + len(item) > SECTION_LIMIT - 10:
            sections.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk = []
        chunk.append(item)
    if chunk:
        sections.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    return sections


def help_blocks() -> tuple[str, list[Block]]:
    return "How to search Works on Arm News", validated(
        [SectionBlock(text=MarkdownTextObject(text=HELP_TEXT))]
    )


def message_blocks(text: str) -> tuple[str, list[Block]]:
    """A short plain message (errors, refusals)."""
    return text, validated([SectionBlock(text=MarkdownTextObject(text=escape(_clip(text, SECTION_LIMIT))))])


def home_view(latest: IssueSummary | None, tips: list[dict[str, Any]] | None = None) -> View:
    """The App Home tab: how to use the bot, the latest issue, and the user's own tips."""
    blocks: list[Block] = [
        HeaderBlock(text="Works on Arm News"),
        SectionBlock(text=MarkdownTextObject(text=HELP_TEXT)),
        DividerBlock(),
    ]
    if latest:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*Latest issue*")]))
        blocks += issue_blocks(latest)[1][:40]
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No issue is indexed yet.")))
    blocks += [DividerBlock(), ContextBlock(elements=[MarkdownTextObject(text="*Your tips*")])]
    if tips:
        lines = []
        for tip in tips:
            what = escape(_clip(tip["urls"][0] if tip["urls"] else tip["text"], 120))
            lines.append(f"• {tip['created_at'][:10]} · *{tip['status']}* · {what}")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_clip("\n".join(lines), SECTION_LIMIT))))
    else:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text="No tips yet. Send me a link, or use `/worksonarm tip <link>`.")
            )
        )
    view = View(type="home", blocks=blocks[:100])
    view.validate_json()
    return view


def validated(blocks: list[Block]) -> list[Block]:
    """Check the message-level limit; each block's own limits are checked by `as_dicts`."""
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks is over Slack's limit of {MAX_BLOCKS}")
    return blocks


def as_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    """The blocks as Slack's JSON. `to_dict` raises SlackObjectFormationError on a limit overrun."""
    return [block.to_dict() for block in blocks]
