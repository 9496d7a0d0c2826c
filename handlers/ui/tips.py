"""Block Kit for tips: the intake reply, the editors' queue, the draft, the shortcut's modal."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.tips.intake import SavedTip
from handlers.ui.blocks import SECTION_LIMIT, confirm, validated
from handlers.ui.mrkdwn import clip, escape, link, mention

ACTION_ACCEPT = "tip_accept"
ACTION_REJECT = "tip_reject"
SHORTCUT = "suggest_tip"
MODAL = "suggest_tip_modal"
LIST_LIMIT = 20
LINK_LABEL = 80  # a long URL shown as a link: its first characters say enough


def tip_reply(saved: SavedTip) -> tuple[str, list[Block]]:
    """What the submitter hears: saved (or, sent before, kept once), and whether the archive or
    another tip already has it."""
    if saved.repeated:
        first = f"You sent me this before, on {saved.first_sent[:10]}: I keep it once, for the next issue."
    else:
        first = "Thanks! Your tip is saved for the next issue of Works on Arm News."
    lines, plain = [escape(first)], [first]
    if not saved.urls and not saved.repeated:
        lines[0] += " (I found no link in it; the editors read every tip, but a link helps.)"
    for cov in saved.covered:
        where = f"Issue {cov.number}, {cov.week}" if cov.number else cov.week
        later = f", and in {cov.later_issues} later issue{'s' if cov.later_issues != 1 else ''}"
        later = later if cov.later_issues else ""
        lines.append(
            f"• {link(cov.url, cov.url, LINK_LABEL)} was already covered in {link(cov.issue_url, where)}: "
            f"{escape(cov.heading)}{later}"
        )
        plain.append(f"• {cov.url} was already covered in {where}: {cov.heading}{later}")
    for earlier in saved.suggested:
        when = earlier.created_at[:10]
        if earlier.user_id == saved.user_id:  # the sender's own: told so, and kept once
            said = f"you sent me before, on {when}: I keep it once"
            lines.append(f"• {link(earlier.url, earlier.url, LINK_LABEL)} {said}")
        else:
            said = f"was already suggested on {when}"
            who = mention(earlier.user_id)
            lines.append(
                f"• {link(earlier.url, earlier.url, LINK_LABEL)} was already suggested by {who} on {when}"
            )
        plain.append(f"• {earlier.url} {said}")
    others = [e for e in saved.suggested if e.user_id != saved.user_id]
    marked = (saved.covered or others) and not saved.repeated
    closing = "Your tip is kept and marked, so the editors see both." if marked else ""
    return clip(escape("\n".join(plain)), SECTION_LIMIT), validated(
        [SectionBlock(text=MarkdownTextObject(text=_with_closing(lines, closing)))]
    )


def _with_closing(lines: list[str], closing: str) -> str:
    """The lines, clipped to leave room for the closing line, which is always whole."""
    if not closing:
        return clip("\n".join(lines), SECTION_LIMIT)
    return clip("\n".join(lines), SECTION_LIMIT - len(closing) - 1) + "\n" + closing


def tips_list_blocks(
    tips: list[dict[str, Any]],
    total: int,
    *,
    offset: int = 0,
    page_action: str = "",
    page_size: int = LIST_LIMIT,
) -> tuple[str, list[Block]]:
    """The editors' queue: each new tip with its section and Accept / Reject (which asks first).
    With `page_action`, Newer / Older buttons page through it (in the App Home)."""
    if not tips:
        return "No new tips.", validated([SectionBlock(text=MarkdownTextObject(text="No new tips. :tada:"))])
    shown = f"{offset + 1}–{offset + len(tips)} shown" if offset else f"newest {len(tips)} shown"
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(text=f"{total} new tips" + (f", {shown}" if total > len(tips) else ""))
            ]
        )
    ]
    for tip in tips[:LIST_LIMIT]:
        who = mention(tip["user_id"])
        flags = []
        if tip.get("duplicate_of"):
            flags.append(f"duplicate of #{tip['duplicate_of']}")
        if tip.get("covered"):
            flags.append("already covered in " + ", ".join(tip["covered"]))
        head = f"*#{tip['id']}* from {who} · {tip['created_at'][:10]}"
        if tip.get("section"):
            head += f" · section: {escape(tip['section'])}"
        if flags:
            head += " · _" + escape("; ".join(flags)) + "_"
        body = clip(escape(tip["text"]), 1500)
        if tip.get("note"):
            body += "\n_Note:_ " + clip(escape(tip["note"]), 500)
        links = " · ".join(link(url, url, LINK_LABEL) for url in tip["urls"][:5])
        text = f"{head}\n{body}" + (f"\n{links}" if links else "")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_LIMIT))))
        blocks.append(
            ActionsBlock(
                block_id=f"tip-{tip['id']}",
                elements=[
                    ButtonElement(
                        text="Accept", action_id=ACTION_ACCEPT, value=str(tip["id"]), style="primary"
                    ),
                    ButtonElement(
                        text="Reject",
                        action_id=ACTION_REJECT,
                        value=str(tip["id"]),
                        style="danger",
                        confirm=confirm(
                            f"Reject tip #{tip['id']}?", "It leaves the queue for good.", "Reject"
                        ),
                    ),
                ],
            )
        )
    pages = [
        ButtonElement(text=label, action_id=page_action, value=str(max(0, start)))
        for label, start, show in (
            ("Newer tips", offset - page_size, offset > 0),
            ("Older tips", offset + len(tips), offset + len(tips) < total),
        )
        if page_action and show
    ]
    if pages:
        blocks.append(ActionsBlock(block_id="tip-pages", elements=pages))
    return f"{total} new tips", validated(blocks)


def draft_blocks(draft: str) -> tuple[str, list[Block]]:
    """The Hugo draft in code blocks, split to fit Slack's section limit."""
    chunks: list[str] = []
    current = ""
    for line in draft.splitlines():
        shown = clip(escape(line), 2800) + "\n"  # escaped first: `&` grows to `&amp;`
        if len(current) + len(shown) > 2800:
            chunks.append(current)
            current = ""
        current += shown
    if current:
        chunks.append(current)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"```{c}```")) for c in chunks[:48]]
    if len(chunks) > 48:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text="Truncated: run `worksonarm-bot tips export`.")])
        )
    return "Draft of the next issue", validated(blocks)


def suggest_modal(text: str, sections: list[str], metadata: dict[str, str]) -> View:
    """The message shortcut's modal: the message text, an optional note, a section picker."""
    blocks: list[Block] = [
        InputBlock(
            block_id="tip_text",
            label="Tip for the next issue",
            element=PlainTextInputElement(
                action_id="value",
                multiline=True,
                initial_value=clip(text, 2900) or None,
                max_length=3000,
            ),
        ),
        InputBlock(
            block_id="note",
            label="Why it matters (optional)",
            optional=True,
            element=PlainTextInputElement(action_id="value", multiline=True, max_length=1000),
        ),
    ]
    if sections:
        blocks.append(
            InputBlock(
                block_id="section",
                label="Section (optional)",
                optional=True,
                element=StaticSelectElement(
                    action_id="value",
                    placeholder="Pick a section",
                    options=[Option(text=name[:75], value=name[:75]) for name in sections[:100]],
                ),
            )
        )
    view = View(
        type="modal",
        callback_id=MODAL,
        title="Suggest for Works on Arm",
        submit="Suggest",
        close="Cancel",
        private_metadata=json.dumps(metadata)[:3000],
        blocks=blocks,
    )
    view.validate_json()
    return view
