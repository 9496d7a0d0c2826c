"""`/worksonarm follow <words>`, `following` and `unfollow <words>`: a member's standing questions,
kept, listed (with everything kept about them, and *Stop*) and ended, by the core in bot/questions/."""

from __future__ import annotations

from bot.questions.asked import FOLLOW, QuestionRefused, ask, questions_of, unfollow
from bot.services import Services
from handlers.answers import Reply
from handlers.ui.blocks import message_blocks
from handlers.ui.mrkdwn import as_query
from handlers.ui.questions import asked_reply, following_blocks

WORDS = ("follow", "following", "unfollow")


def question_words(text: str) -> tuple[str, str] | None:
    """(word, rest) when `text` is one of WORDS with its words, the same in a slash command and a
    DM; "following" only alone, so a question that starts with the word stays a search."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in WORDS and (word != "following" or not rest):
        return word, rest
    return None


def question_command(services: Services, member: str, word: str, rest: str) -> Reply:
    """One of WORDS, for `member`; `rest` is the words after it, as Slack sent them."""
    words = as_query(rest)  # searched again with every new issue: no emoji's name, no mention
    if word == "following":
        with services.db() as db:
            return following_blocks(questions_of(db, member))
    if word == "follow":
        try:
            with services.db(patient=True) as db:
                asked = ask(db, member, words, FOLLOW, services.now())
        except QuestionRefused as exc:
            return message_blocks(str(exc))
        return asked_reply(asked.question.text, new=asked.new, kind=FOLLOW)
    if not words:
        return message_blocks("Tell me what to stop following: `/worksonarm unfollow <words>`.")
    with services.db(patient=True) as db:
        ended = unfollow(db, member, words)
    if ended is None:
        return message_blocks(
            f"You do not follow “{words[:200]}”, nor wait for it. `/worksonarm following` lists what you do."
        )
    return message_blocks(f"Stopped and deleted: “{ended.text[:200]}”.")
