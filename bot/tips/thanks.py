"""Tips that made it into an issue: they become `published`, and each submitter is thanked once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from bot.db import write_transaction


@dataclass(frozen=True)
class Thanks:
    """A thank-you owed: to whom, for which tip, and the issue it made it into."""

    tip_id: int
    user_id: str
    title: str
    url: str | None

    @property
    def key(self) -> str:
        return f"thanks:{self.tip_id}"

    @property
    def text(self) -> str:
        return f"Thank you! A link you suggested made it into {self.title}. Keep the tips coming."


# An issue publishes a tip only when it came after the tip: news in the feed since the tip was
# sent, or dated after the day it was sent; and never one that held the link when the tip came.
# An old issue indexed, synced or edited later has the link, but not because of the tip.
_PUBLISHES = (
    "(:news >= t.created_at or i.date > substr(t.created_at, 1, 10)) "
    "and i.id not in (select value from json_each(coalesce(t.covered_issues, '[]')))"
)


def forget_issue(db: Database, issue_id: int) -> None:
    """An issue leaves the index: the tips it published stay published, without it."""
    db.execute("update tips set published_issue_id = null where published_issue_id = ?", [issue_id])


def mark_published_tips(
    db: Database, issue_ids: Iterable[int], news_at: Callable[[int], str | None]
) -> list[Thanks]:
    """Tips whose links appear in these issues, sent before the issue came (`news_at`: when the
    feed showed an issue as news, if it did), become `published` with the issue."""
    owed: list[Thanks] = []
    for issue_id in issue_ids:
        rows = list(
            db.query(
                "select distinct t.id, t.user_id, i.title, i.url from tips t "
                "join tip_urls u on u.tip_id = t.id join links l on l.normalized = u.normalized "
                "join issues i on i.id = l.issue_id "
                f"where l.issue_id = :issue and t.status in ('new', 'accepted') and {_PUBLISHES} "
                "order by t.id",
                {"issue": issue_id, "news": news_at(issue_id)},
            )
        )
        if not rows:
            continue
        with write_transaction(db):
            db.conn.executemany(
                "update tips set status = 'published', published_issue_id = ? where id = ?",
                [(issue_id, row["id"]) for row in rows],
            )
        owed += [Thanks(int(r["id"]), r["user_id"], r["title"], r["url"]) for r in rows]
    return owed
