"""What the listeners get from the composition root: settings, the database, the clock, the
outbox's courier for anything that must be sent once, and the work the root wires in (deliver what
is due, confirm the removals an archive sync holds)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from bot.clock import utc_now
from bot.config import Settings
from bot.db import thread_db
from bot.outbox.worker import Courier, send_once
from bot.schema import migrations

# A listener answers within Slack's 3 seconds, so it never waits longer than this for the write
# lock; work after the ack (lazy listeners) may wait the usual 10 s.
INTERACTIVE_WAIT = 1.5
NO_SYNC = "No archive sync runs in this process: confirm with `worksonarm-bot sync --allow-removals`."


@dataclass(frozen=True)
class Services:
    """The core's entry points, passed to every listener. Each `db()` is one unit of work."""

    settings: Settings
    # Where announcements go, and a way to send what is due now: set by the composition root.
    destinations: tuple[str, ...] = ()
    deliver_due: Callable[[], object] | None = field(default=None, compare=False)
    courier: Courier = field(default_factory=Courier, compare=False)
    now: Callable[[], dt.datetime] = field(default=utc_now, compare=False)
    # An editor confirms the removals an archive sync holds (their key): a sync runs, one sentence.
    confirm_removals: Callable[[str], str] = field(default=lambda key: NO_SYNC, compare=False)

    @contextmanager
    def db(self, *, patient: bool = False, wait: float | None = None) -> Iterator[Database]:
        """A unit of work; a write waits `wait` seconds for the lock (else 1.5 s, or 10 s `patient`)."""
        wait = wait if wait is not None else 10.0 if patient else INTERACTIVE_WAIT
        # Bolt runs listeners on worker threads: each thread keeps its own connection.
        with thread_db(self.settings.db_path, busy_timeout=wait, migrations=migrations) as database:
            yield database

    def is_editor(self, user_id: str) -> bool:
        return user_id in self.settings.editors

    def send_once(self, key: str, payload: dict[str, Any]) -> bool:
        """Send a message under an outbox key; a retried Slack event finds the key and sends nothing."""
        with self.db(patient=True) as db:
            return send_once(db, self.courier, key, payload)

    def deliver_soon(self) -> None:
        """Send due announcements on a background thread, so a Slack reply never waits for them."""
        if self.deliver_due is not None:
            threading.Thread(target=self.deliver_due, name="deliver-now", daemon=True).start()
