"""Block Kit for standing questions: the two buttons under a search that found nothing, the
follow-up DM, a member's list of questions and follows (the `following` reply and the App Home),
and the editors' "What readers asked and didn't find" with its buttons and modal."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.questions.asked import MAX_QUESTION, UNTIL_COVERED, StandingQuestion
from bot.questions.gaps import Gap
from handlers.ui.blocks import (
    SECTION_LIMIT,
    as_dicts,
    button_value,
    confirm,
    message_blocks,
    notice_blocks,
    validated,
)
from handlers.ui.mrkdwn import clip, escape, link

ACTION_UNTIL_COVERED = "question_until_covered"
ACTION_SUGGEST = "question_suggest"
ACTION_STOP = "question_stop"
ACTION_COVERED = "question_covered"
ACTION_WONT = "question_wont"
MODAL_COVERED = "question_covered_modal"
HOME_QUESTIONS = 10  # a member's questions in the App Home (all 20 in `following`)
HOME_GAPS = 8
Reply = tuple[str, list[Block]]


def offer_blocks(query: str, *, in_thread: bool = False) -> list[Block]:
    """Under a search that found nothing: be told when an issue covers it, or tell the editors. A
    question too long to keep gets a line saying so, not two buttons that would refuse it."""
    if len(" ".join(query.split())) > MAX_QUESTION:
        note = f"To be told when an issue covers it, ask in a few words ({MAX_QUESTION} characters at most)."
        return [ContextBlock(elements=[MarkdownTextObject(text=note)])]
    value = button_value({"t": 1} if in_thread else {}, query)
    return [
        ActionsBlock(
            block_id="nothing-found",
            elements=[
                ButtonElement(text="Tell me when it's covered", action_id=ACTION_UNTIL_COVERED, value=value),
                ButtonElement(text="Suggest it to the editors", action_id=ACTION_SUGGEST, value=value),
            ],
        )
    ]


def outbox_message(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A message of the core as Slack shows it: a follow-up DM, or any other notice."""
    return followup_blocks(payload) if payload.get("followup") else notice_blocks(payload)


def followup_blocks(payload: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The DM naming the stories of a new issue that answer the member's questions."""
    issue = payload.get("issue") or {}
    where = (
        f"Issue {issue['number']}, {issue.get('week', '')}" if issue.get("number") else issue.get("week", "")
    )
    title = link(issue.get("url"), str(issue.get("title") or where), 200)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=clip(f"*{title}* ({escape(str(where))}) has news for you.", 3000))
        )
    ]
    for match in (payload.get("matches") or [])[:10]:
        lines = [f"You asked about “{clip(escape(str(match.get('question', ''))), 300)}”:"]
        for story in match.get("stories") or []:
            links = " · ".join(
                link(item.get("url"), str(item.get("text", "")), 80) for item in story.get("links") or []
            )
            lines.append(
                f"• *{clip(escape(str(story.get('title', ''))), 200)}*" + (f"\n{links}" if links else "")
            )
        if not match.get("stories"):
            lines.append(f"• the editors say {title} covers it")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), SECTION_LIMIT))))
    blocks.append(
        ContextBlock(
            elements=[MarkdownTextObject(text="`/worksonarm following` lists your questions and follows.")]
        )
    )
    return escape(str(payload.get("text", ""))), as_dicts(validated(blocks[:50]))


def asked_reply(text: str, *, new: bool, kind: str) -> Reply:
    """The answer in place to "Tell me when it's covered" or `follow`."""
    shown = clip(escape(text), 300)
    if kind == UNTIL_COVERED:
        said = f"I'll DM you when an issue covers *{shown}*."
    else:
        said = f"Following *{shown}*: I'll DM you the stories of every new issue about it."
    if not new:
        said = "You asked me this before. " + said
    said += " `/worksonarm following` lists yours."
    return said.replace("*", ""), validated([SectionBlock(text=MarkdownTextObject(text=said))])


def question_line(question: StandingQuestion) -> str:
    kind = "until covered" if question.kind == UNTIL_COVERED else "follow"
    state = "" if question.open else f", {question.state} {(question.closed_at or '')[:10]}"
    return f"“{clip(escape(question.text), 200)}” ({kind}, since {question.created_at[:10]}{state})"


def question_rows(questions: list[StandingQuestion], limit: int) -> list[Block]:
    """One line per question with its *Stop* button (deletes it, whether open or closed)."""
    rows: list[Block] = []
    for question in questions[:limit]:
        stop = ButtonElement(
            text="Stop" if question.open else "Delete",
            action_id=ACTION_STOP,
            value=str(question.id),
            confirm=confirm("Stop this question?", "It is deleted: nothing of it is kept.", "Stop"),
        )
        rows.append(SectionBlock(text=MarkdownTextObject(text=question_line(question)), accessory=stop))
    return rows


def following_blocks(questions: list[StandingQuestion]) -> Reply:
    """`/worksonarm following`: everything kept about the member's questions, each with *Stop*."""
    if not questions:
        return message_blocks(
            "You follow nothing and have no open question. `/worksonarm follow <words>` follows a topic; "
            "a search that finds nothing offers “Tell me when it's covered”."
        )
    head = (
        "*Your questions and follows.* This is everything I keep about you for them: the words, "
        "since when, and whether they are closed. *Stop* deletes one for good."
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head)), *question_rows(questions, 40)]
    return f"Your questions and follows ({len(questions)})", validated(blocks)


def member_home_blocks(questions: list[StandingQuestion]) -> list[Block]:
    """The App Home's "Your questions and follows"."""
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text="*Your questions and follows*")])]
    if not questions:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="None. `/worksonarm follow <words>` follows a topic."))
        )
        return blocks
    blocks += question_rows(questions, HOME_QUESTIONS)
    if len(questions) > HOME_QUESTIONS:
        more = f"and {len(questions) - HOME_QUESTIONS} more: `/worksonarm following` lists them all."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks


def gaps_blocks(gaps: list[Gap]) -> list[Block]:
    """The editors' "What readers asked and didn't find": one row per thing asked."""
    blocks: list[Block] = [
        ContextBlock(elements=[MarkdownTextObject(text="*What readers asked and didn't find*")])
    ]
    if not gaps:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="Nothing recently: every search found something."))
        )
    for gap in gaps[:HOME_GAPS]:
        said = (
            f"*{clip(escape(gap.text), 200)}* · asked {gap.asked}× · {gap.waiting} waiting\n"
            f"first {gap.first_asked[:10]}, last {gap.last_asked[:10]} · id {gap.id}"
        )
        others = [p for p in gap.phrasings if p != gap.text]
        if others:
            said += "\n_also: " + clip(escape(" · ".join(others)), 300) + "_"
        value = str(gap.id)
        buttons = [
            ButtonElement(text="Covered in issue…", action_id=ACTION_COVERED, value=value),
            ButtonElement(
                text="Won't cover",
                action_id=ACTION_WONT,
                value=value,
                confirm=confirm("Won't cover it?", "Everyone waiting gets a polite note.", "Won't cover"),
            ),
        ]
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=clip(said, SECTION_LIMIT))),
            ActionsBlock(block_id=f"gap-{value}", elements=buttons),
        ]
    return blocks


def covered_modal(topic: int, text: str) -> View:
    """Where an editor names the issue that covers what readers asked."""
    return View(
        type="modal",
        callback_id=MODAL_COVERED,
        title="Covered in issue…",
        submit="Tell them",
        close="Cancel",
        private_metadata=str(topic),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"Readers asked: *{clip(escape(text), 500)}*")),
            InputBlock(
                block_id="issue",
                label="Which issue covers it? (a number or a week, like 13 or 2018-W20)",
                element=PlainTextInputElement(action_id="value", max_length=40),
            ),
        ],
    )
