"""Tips that made it into an issue: mark them published, and thank each submitter exactly once."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from sqlite_utils import Database

from bot.archive.search import DEFAULT_ISSUE_URL, issue_url
from bot.db import write_transaction

log = logging.getLogger(__name__)

# Sends one direct message: (user_id, text). Raises on failure. The composition root supplies it.
SendDM = Callable[[str, str], None]


def mark_published_tips(db: Database, issue_ids: Iterable[int]) -> list[int]:
    """Tips whose links appear in these issues become `published` with the issue. Returns tip ids."""
    marked: list[int] = []
    for issue_id in issue_ids:
        rows = db.query(
            "select distinct t.id from tips t join tip_urls u on u.tip_id = t.id "
            "join links l on l.normalized = u.normalized "
            "where l.issue_id = ? and t.status in ('new', 'accepted')",
            [issue_id],
        )
        ids = [int(r["id"]) for r in rows]
        if ids:
            with write_transaction(db):
                for tip_id in ids:
                    db.execute(
                        "update tips set status = 'published', published_issue_id = ? where id = ?",
                        [issue_id, tip_id],
                    )
            marked += ids
    return marked


def send_thanks(
    db: Database,
    send_dm: SendDM,
    *,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    issue_url_template: str = DEFAULT_ISSUE_URL,
) -> int:
    """One thank-you DM per published tip. A claim makes two runs never thank twice. Returns sent."""
    sent = 0
    rows = list(
        db.query(
            "select t.id, t.user_id, i.week, i.title, i.number, i.permalink, i.publication from tips t "
            "join issues i on i.id = t.published_issue_id "
            "where t.status = 'published' and t.thanked_at is null order by t.id"
        )
    )
    for row in rows:
        with write_transaction(db):
            claimed = db.execute(
                "update tips set thanked_at = 'sending' where id = ? and thanked_at is null", [row["id"]]
            ).rowcount
        if not claimed:
            continue
        url = issue_url(row, issue_url_template)
        title = f"<{url}|{row['title']}>" if url else row["title"]
        text = f"Thank you! A link you suggested made it into {title}. Keep the tips coming."
        try:
            send_dm(row["user_id"], text)
        except Exception:
            log.exception("thank-you DM for tip %s failed; it will be retried", row["id"])
            with write_transaction(db):
                db.execute("update tips set thanked_at = null where id = ?", [row["id"]])
            continue
        with write_transaction(db):
            db.execute(
                "update tips set thanked_at = ? where id = ?",
                [now().isoformat(timespec="seconds"), row["id"]],
            )
        sent += 1
    return sent
