"""The editors' choices about the outbox, one function each, the same from a button, the slash
command, the command line and the console: `announce` an issue (again), `hold` its waiting posts,
`release` the held ones; after a mass change, announce the newest only, all, or mark all seen; for
a post in doubt, post it or say it is already out; a failed post, try again now."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum

from sqlite_utils import Database

from bot.archive.issues import IssueSummary, find_issue, why_no_issue
from bot.clock import iso
from bot.db import write_transaction
from bot.outbox import store

WORDS = ("announce", "hold", "release")
AGAIN = ("again", "--again")
OUT = ("sent", "unknown", "sending")  # out, maybe out, or on its way: `again` is needed to post it once more
SETTLED = "Already settled."


class EditorChoice(StrEnum):
    """The action ids of the editors' outbox buttons: one list for the notices and the listeners."""

    NEWEST = "outbox_newest"
    ALL = "outbox_all"
    SEEN = "outbox_seen"
    POST_IT = "outbox_post_it"
    ALREADY_OUT = "outbox_already_out"
    RETRY = "outbox_retry"
    ARCHIVE_REMOVALS = "archive_allow_removals"  # the removals a mass change of the archive holds


@dataclass(frozen=True)
class Action:
    """A button offered with a message: its label, its action id and the value it carries."""

    label: str
    action_id: str
    value: str

    def to_json(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


def choose(db: Database, choice: EditorChoice, delivery_id: int, now: dt.datetime) -> str:
    """A button's choice about the outbox (about the held announcements, or about the delivery
    `delivery_id`), done, as one sentence for the editor."""
    if choice is EditorChoice.NEWEST:
        return announce_newest(db, now)
    if choice is EditorChoice.ALL:
        return announce_all(db, now)
    if choice is EditorChoice.SEEN:
        return mark_seen(db, now)
    if choice is EditorChoice.POST_IT:
        return post_it(db, delivery_id, now)
    if choice is EditorChoice.ALREADY_OUT:
        return already_out(db, delivery_id, now)
    if choice is EditorChoice.RETRY:
        return retry(db, delivery_id, now)
    raise ValueError(f"not a choice about the outbox: {choice}")


def announce_newest(db: Database, now: dt.datetime) -> str:
    """Held announcements: the newest issue's go out, the others never."""
    return f"Announcing the newest issue; {release(db, now, newest_only=True)} posts queued."


def announce_all(db: Database, now: dt.datetime) -> str:
    """Every held announcement goes out."""
    return f"Announcing all of them: {release(db, now)} posts queued."


def mark_seen(db: Database, now: dt.datetime) -> str:
    """Held announcements will never go out."""
    with write_transaction(db):
        skipped = db.execute(
            "update deliveries set status = 'skipped', error = 'editor: marked seen', updated_at = ? "
            "where status = 'held'",
            [iso(now)],
        ).rowcount
    return f"Marked as seen: {skipped} posts will not go out."


def post_it(db: Database, delivery_id: int, now: dt.datetime) -> str:
    """A post in doubt did not go out: it is sent (again)."""
    return "Posting it now." if _resolve_unknown(db, delivery_id, False, now) else SETTLED


def already_out(db: Database, delivery_id: int, now: dt.datetime) -> str:
    """A post in doubt is out: it is never sent again."""
    return "Noted: it is already out." if _resolve_unknown(db, delivery_id, True, now) else SETTLED


def retry(db: Database, delivery_id: int, now: dt.datetime) -> str:
    """A failed announcement tried again now, as `announce ISSUE --only DESTINATION` would."""
    delivery = store.get(db, delivery_id)
    if delivery is None or delivery.status != "failed" or delivery.issue_id is None:
        return SETTLED
    resend(db, delivery.issue_id, [delivery.destination], now)
    return f"Trying {delivery.destination} again now."


def _resolve_unknown(db: Database, delivery_id: int, already_out: bool, now: dt.datetime) -> bool:
    """The editors' answer about a post in doubt: it is out (sent), or post it (pending)."""
    status, remote = ("sent", "confirmed by an editor") if already_out else ("pending", None)
    with write_transaction(db):
        return bool(
            db.execute(
                "update deliveries set status = ?, remote_id = coalesce(?, remote_id), next_try_at = null, "
                "updated_at = ? where id = ? and status = 'unknown'",
                [status, remote, iso(now), delivery_id],
            ).rowcount
        )


def split_only(ref: str) -> tuple[str, str | None]:
    """`13 --only mastodon` -> ("13", "mastodon"); `13` -> ("13", None)."""
    words = ref.split()
    if "--only" in words:
        at = words.index("--only")
        only = words[at + 1].lower() if at + 1 < len(words) else ""
        return " ".join(words[:at] + words[at + 2 :]), only
    return ref, None


def issue_and_options(ref: str) -> tuple[str, str | None, bool]:
    """What `steer` reads: `63 --only mastodon again` -> ("63", "mastodon", True)."""
    words = ref.split()
    issue, only = split_only(" ".join(w for w in words if w.lower() not in AGAIN))
    return issue, only, any(w.lower() in AGAIN for w in words)


def steer(
    db: Database, word: str, ref: str, destinations: list[str], now: dt.datetime, request: str | None = None
) -> tuple[str, int]:
    """Do `word` to the issue `ref` (a number or a week, then `--only DESTINATION` to act on one, and
    `again` to post an issue that is out already once more). `request` names the Slack request it
    came in (its trigger id): a replay of that request does nothing. Returns what happened, in a
    sentence, and how many deliveries it queued or held."""
    ref, only, again = issue_and_options(ref)
    if only is not None:
        if only not in destinations:
            configured = ", ".join(destinations) or "none"
            if not only:  # "--only" with nothing after it
                return f"`--only` needs a destination (configured: {configured}).", 0
            return f"{only[:40]} is not a configured destination (configured: {configured}).", 0
        destinations = [only]
    issue = find_issue(db, ref)
    if issue is None:
        return f"I found no issue “{ref[:100]}”: {why_no_issue(db, ref)}.", 0
    if word == "announce":
        return _announce(db, issue, ref, destinations, now, again=again, request=request)
    if word == "hold":
        count = hold(db, issue.id, now)
        return f"Held {count} waiting announcements of {issue.title}.", count
    if word == "release":
        count = release(db, now, issue_id=issue.id)
        return f"Released {count} held announcements of {issue.title}.", count
    raise ValueError(f"unknown word {word!r}")


def _announce(
    db: Database,
    issue: IssueSummary,
    ref: str,
    destinations: list[str],
    now: dt.datetime,
    *,
    again: bool,
    request: str | None,
) -> tuple[str, int]:
    """Announce where the issue is not out yet; everywhere once more only when asked `again`."""
    states = {
        d.destination: d.status
        for d in store.deliveries_of(db, issue.id)
        if d.kind == "announce" and d.destination in destinations
    }
    out = [d for d in destinations if states.get(d) in OUT]
    if again:
        if request and not _first_time(db, request, now):
            return f"That request was done already, so {issue.title} is not announced once more.", 0
        count = resend(db, issue.id, destinations, now)
        return f"Announcing {issue.title} again on {', '.join(destinations) or 'no destination'}.", count
    todo = [d for d in destinations if d not in out]
    count = resend(db, issue.id, todo, now) if todo else 0
    if not out:
        return f"Announcing {issue.title} on {', '.join(todo) or 'no destination'}.", count
    sent = [d for d in out if states[d] == "sent"]
    said = f"{issue.title} is already out on {', '.join(sent)}" if sent else f"{issue.title}"
    maybe = [d for d in out if d not in sent]
    said += f"{' and' if sent else ''} may be out on {', '.join(maybe)}" if maybe else ""
    said += f"; announcing it on {', '.join(todo)}" if todo else ", so nothing was queued"
    return (
        said + f". To post it once more there: `announce {ref} again` (`--again` on the command line).",
        count,
    )


def _first_time(db: Database, request: str, now: dt.datetime) -> bool:
    """Whether this Slack request is seen for the first time. Slack signs a request for 5 minutes:
    a day of request keys is plenty."""
    with write_transaction(db):
        db.execute("delete from requests_done where done_at < ?", [iso(now - dt.timedelta(days=1))])
        return bool(
            db.execute(
                "insert or ignore into requests_done (key, done_at) values (?, ?)", [request, iso(now)]
            ).rowcount
        )


def resend(db: Database, issue_id: int, destinations: list[str], now: dt.datetime) -> int:
    """Queue the issue again for these destinations, even one it was sent to."""
    marks = ", ".join("?" for _ in destinations) or "null"
    with write_transaction(db):
        store.add_deliveries(db, issue_id, destinations, "pending", now)
        cursor = db.execute(
            "update deliveries set status = 'pending', next_try_at = null, error = null, updated_at = ? "
            f"where issue_id = ? and kind = 'announce' and status != 'sending' and destination in ({marks})",
            [iso(now), issue_id, *destinations],
        )
    return cursor.rowcount


def hold(db: Database, issue_id: int, now: dt.datetime) -> int:
    """Keep the issue's waiting deliveries from going out."""
    with write_transaction(db):
        return db.execute(
            "update deliveries set status = 'held', updated_at = ? "
            "where issue_id = ? and status in ('pending', 'failed')",
            [iso(now), issue_id],
        ).rowcount


def release(db: Database, now: dt.datetime, issue_id: int | None = None, newest_only: bool = False) -> int:
    """Held deliveries go out: one issue's, all of them, or only the newest issue's (the rest skipped)."""
    where, params = "status = 'held'", []
    if issue_id is not None:
        where += " and issue_id = ?"
        params.append(issue_id)
    with write_transaction(db):
        if newest_only:
            sql = "select d.issue_id from deliveries d join issues i on i.id = d.issue_id where d.{} "
            newest = list(db.query(sql.format(where) + "order by i.date desc, i.id desc limit 1", params))
            if not newest:
                return 0
            db.execute(
                f"update deliveries set status = 'skipped', error = 'editor: newest only', updated_at = ? "
                f"where {where} and issue_id != ?",
                [iso(now), *params, newest[0]["issue_id"]],
            )
            where += " and issue_id = ?"
            params.append(newest[0]["issue_id"])
        return db.execute(
            f"update deliveries set status = 'pending', next_try_at = null, updated_at = ? where {where}",
            [iso(now), *params],
        ).rowcount
