"""The schema as named migrations, each applied once, in order, in its own transaction: the set that
the composition root, the command line, the archive sync and the benchmarks hand to storage
(`bot.db.connect(..., migrations=migrations)`); storage itself imports no schema.

Data migrations call the domain code that derives what they recompute (link keys, the typo index,
the synonym tokens, the tips' coverage, the identities the feed showed), so that a stored value is
what today's code would write. These are ordinary imports that point down: the schema sits above
the jobs whose tables it migrates, and nothing below it imports it.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from bot.schema import early, later

migrations = Migrations("worksonarm")
for step in (*early.STEPS, *later.STEPS):
    migrations()(step)
