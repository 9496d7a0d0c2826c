"""The editors' steering of announcements, the same from Slack and the command line:
`announce` an issue again, `hold` its waiting posts, `release` the held ones."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from bot.archive.issues import IssueSummary, find_issue, why_no_issue
from bot.db import write_transaction
from bot.outbox import store

WORDS = ("announce", "hold", "release")
AGAIN = ("again", "--again")
OUT = ("sent", "unknown", "sending")  # out, maybe out, or on its way: `again` is needed to post it once more


def split_only(ref: str) -> tuple[str, str | None]:
    """`13 --only mastodon` -> ("13", "mastodon"); `13` -> ("13", None)."""
    words = ref.split()
    if "--only" in words:
        at = words.index("--only")
        only = words[at + 1].lower() if at + 1 < len(words) else ""
        return " ".join(words[:at] + words[at + 2 :]), only
    return ref, None


def steer(
    db: Database, word: str, ref: str, destinations: list[str], now: dt.datetime, request: str | None = None
) -> tuple[str, int]:
    """Do `word` to the issue `ref` (a number or a week, then `--only DESTINATION` to act on one, and
    `again` to post an issue that is out already once more). `request` names the Slack request it
    came in (its trigger id): a replay of that request does nothing. Returns what happened, in a
    sentence, and how many deliveries it queued or held."""
    words = ref.split()
    again = any(w.lower() in AGAIN for w in words)
    ref, only = split_only(" ".join(w for w in words if w.lower() not in AGAIN))
    if only is not None:
        if only not in destinations:
            configured = ", ".join(destinations) or "none"
            return f"{only[:40]} is not a configured destination (configured: {configured}).", 0
        destinations = [only]
    issue = find_issue(db, ref)
    if issue is None:
        return f"I found no issue “{ref[:100]}”: {why_no_issue(db, ref)}.", 0
    if word == "announce":
        return _announce(db, issue, ref, destinations, now, again=again, request=request)
    if word == "hold":
        count = store.hold(db, issue.id, now)
        return f"Held {count} waiting announcements of {issue.title}.", count
    if word == "release":
        count = store.release(db, now, issue_id=issue.id)
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
        count = store.resend(db, issue.id, destinations, now)
        return f"Announcing {issue.title} again on {', '.join(destinations) or 'no destination'}.", count
    todo = [d for d in destinations if d not in out]
    count = store.resend(db, issue.id, todo, now) if todo else 0
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
        db.execute("delete from requests_done where done_at < ?", [store.iso(now - dt.timedelta(days=1))])
        return bool(
            db.execute(
                "insert or ignore into requests_done (key, done_at) values (?, ?)", [request, store.iso(now)]
            ).rowcount
        )
