"""The stories' full-text index as data: its columns, their BM25 weights and its tokenizer. The
schema creates the index from these (bot/schema), and the search ranks with the same weights."""

from __future__ import annotations

# The *_fts columns hold the display text plus one synonym token per mention (see synonyms.py).
FTS_COLUMNS = ("heading_fts", "body_fts")
FTS_WEIGHTS = (6.0, 1.0)  # a word in the heading counts above one in the body
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
