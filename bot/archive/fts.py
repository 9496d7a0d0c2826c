"""The stories' full-text index as data: its columns, their BM25 weights and its tokenizer, and the
words of a story's link addresses. The schema creates the index from these (bot/schema), and the
search ranks with the same weights."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# The heading and body columns hold the display text plus one synonym token per mention (see
# synonyms.py); the links column, the words of the story's link addresses that its text lacks.
FTS_COLUMNS = ("heading_fts", "body_fts", "links_fts")
# A word in the heading counts above one in the body. One only in an address adds no BM25: the Works
# on Arm stories of 2018 and 2019 name their sources as bare URLs ("khadas.com/vim3"), but a slug is
# no sentence ("rasberry-pi-…" would answer a typo's fix), so the ranking gives a story found by its
# addresses alone a small fixed share of the word's weight (bot/archive/ranking.py).
FTS_WEIGHTS = (6.0, 1.0, 0.0)
TEXT_COLUMNS = "{heading_fts body_fts}"  # an FTS5 column filter: "{TEXT_COLUMNS} : (word)"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

# A word as the tokenizer splits it (unicode61: letters and digits; "_" and the rest split)
INDEX_WORD = re.compile(r"[^\W_]+")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$", re.IGNORECASE)  # "index.html", "slides.pdf"
_ID_LENGTH = 12  # a longer word with a digit in an address is an id or a hash, not a name


def address_words(urls: Iterable[str], text: str) -> str:
    """The words of the addresses that the text lacks, each once, in order: the host's names without
    "www" and its top-level domain, and the path's words without a file's extension, each of two
    letters or more and none a number or an id. Never the query or the fragment, which hold ids
    and tracking tails ("utm_source=twitter")."""
    said = {token.lower() for token in INDEX_WORD.findall(text)}
    words: dict[str, None] = {}
    for url in urls:
        for token in INDEX_WORD.findall(_names_and_path(url)):
            word = token.lower()
            if len(word) < 2 or word in said or word.isdigit():
                continue
            if len(word) >= _ID_LENGTH and any(c.isdigit() for c in word):
                continue
            words[word] = None
    return " ".join(words)


def _names_and_path(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # "http://[::1": no address a browser would open, so no words of one
        return ""
    labels = host.split(".")[:-1]
    return " ".join(label for label in labels if label != "www") + " " + _EXTENSION.sub("", parts.path)
