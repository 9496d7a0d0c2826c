"""How the semantic channel's model was chosen, by measurement on the dev questions only:
`python bench/semantic_choice.py WOA_DB` prints nDCG@5 per kind for

- words alone (no semantic channel),
- WordLlama l2_supercat at 256 dimensions (the wheel's table), and truncated to 128 and 64
  (it is trained Matryoshka-style: a prefix of the vector is a smaller embedding),
- vectors trained from the archive itself: LSA, a truncated SVD of the stories' TF-IDF matrix
  (128 dimensions), a query folded in by the same projection.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

import bot.archive.ranking as ranking
import bot.archive.search as search
from bench.relevance import ours, score_set, show
from bot.archive import semantic
from bot.db import thread_db

_WORD = re.compile(r"[^\W\d_]{2,}")


def lsa(path: Path, dims: int = 128) -> Any:
    """A nearest() over LSA vectors trained from the archive's stories."""
    with thread_db(path) as db:
        rows = list(db.query("select id, heading, body from stories order by id"))
    docs = [Counter(_WORD.findall(f"{r['heading']} {r['heading']} {r['body']}".lower())) for r in rows]
    df = Counter(w for d in docs for w in d)
    vocab = {w: i for i, w in enumerate(w for w, n in df.items() if n >= 2)}
    idf = np.log(len(docs) / np.array([df[w] for w in vocab], dtype=np.float32))
    matrix = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for word, n in doc.items():
            if word in vocab:
                matrix[row, vocab[word]] = (1 + np.log(n)) * idf[vocab[word]]
    _, _, vt = np.linalg.svd(matrix, full_matrices=False)
    basis = vt[:dims].T  # terms x dims
    stories = matrix @ basis
    stories /= np.maximum(np.linalg.norm(stories, axis=1, keepdims=True), 1e-9)
    ids = np.array([r["id"] for r in rows])

    def nearest(_db: Any, text: str, k: int) -> list[tuple[int, float]]:
        query = np.zeros(len(vocab), dtype=np.float32)
        for word, n in Counter(_WORD.findall(text.lower())).items():
            if word in vocab:
                query[vocab[word]] = (1 + np.log(n)) * idf[vocab[word]]
        vector = query @ basis
        if not vector.any():
            return []
        similarity = stories @ (vector / np.linalg.norm(vector))
        top = np.argsort(-similarity)[:k]
        return [(int(ids[i]), float(similarity[i])) for i in top]

    return nearest


def truncated(dims: int) -> Any:
    """WordLlama's nearest() on the first `dims` dimensions of the same vectors."""

    def nearest(db: Any, text: str, k: int) -> list[tuple[int, float]]:
        ids, matrix = semantic._vectors.current(db)
        query = semantic.model().embed([text])[0][:dims]
        part = matrix[:, :dims]
        similarity = (part @ query) / np.maximum(np.linalg.norm(part, axis=1) * np.linalg.norm(query), 1e-9)
        top = np.argsort(-similarity)[:k]
        return [(int(ids[i]), float(similarity[i])) for i in top]

    return nearest


def main(woa_db: Path) -> None:
    weight = ranking.SEMANTIC_WEIGHT
    options: list[tuple[str, Any, float]] = [
        ("words alone", semantic.nearest, 0.0),
        ("WordLlama 256", semantic.nearest, weight),
        ("WordLlama 128", truncated(128), weight),
        ("WordLlama 64", truncated(64), weight),
        ("LSA of the archive, 128", lsa(woa_db), weight),
    ]
    print("woa_questions_dev (the dev questions only):")
    for label, nearest, share in options:
        search.nearest = nearest
        ranking.SEMANTIC_WEIGHT = share
        show(label, score_set(woa_db, "woa_questions_dev", ours))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
