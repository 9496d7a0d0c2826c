"""What the listeners get from the composition root: settings and a way to open the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from bot.config import Settings
from bot.db import open_db


@dataclass(frozen=True)
class Services:
    """The core's entry points, passed to every listener. Each `db()` is one unit of work."""

    settings: Settings

    @contextmanager
    def db(self) -> Iterator[Database]:
        # A connection per unit of work: Bolt runs listeners on worker threads.
        with open_db(self.settings.db_path) as database:
            yield database

    def is_editor(self, user_id: str) -> bool:
        return user_id in self.settings.editors
