"""The index's vocabulary: the surface words of the stories, for suggestions and typo tolerance."""

from __future__ import annotations

import re
from collections import Counter

from sqlite_utils import Database

from bot.db import write_transaction

_WORD = re.compile(r"[^\W\d_][\w+#-]{2,30}")


def update_vocabulary(db: Database) -> None:
    """The surface words of the index and how often they occur."""
    counts: Counter[str] = Counter()
    for row in db.query("select heading, body from stories"):
        counts.update(w.lower().strip("-") for w in _WORD.findall(f"{row['heading']} {row['body']}"))
    with write_transaction(db):
        db.execute("delete from vocabulary")
        db.table("vocabulary").insert_all(
            ({"word": w, "count": n} for w, n in counts.items() if n >= 2 and len(w) >= 3),
            batch_size=1000,
        )
