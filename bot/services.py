"""What the listeners get from the composition root: settings and a way to open the database."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.config import Settings
from bot.db import open_db


@dataclass(frozen=True)
class Services:
    """The core's entry points, passed to every listener. Each `db()` is one unit of work."""

    settings: Settings
    # Where announcements go, and a way to send what is due now: set by the composition root.
    destinations: tuple[str, ...] = ()
    deliver_due: Callable[[], object] | None = field(default=None, compare=False)

    @contextmanager
    def db(self) -> Iterator[Database]:
        # A connection per unit of work: Bolt runs listeners on worker threads.
        with open_db(self.settings.db_path) as database:
            yield database

    def is_editor(self, user_id: str) -> bool:
        return user_id in self.settings.editors

    def deliver_soon(self) -> None:
        """Send due announcements on a background thread, so a Slack reply never waits for them."""
        if self.deliver_due is not None:
            threading.Thread(target=self.deliver_due, name="deliver-now", daemon=True).start()
