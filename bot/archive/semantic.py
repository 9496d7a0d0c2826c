"""The semantic channel: each story's embedding, computed when it is indexed and kept in SQLite, and
the stories nearest a query's embedding, so that "laptop" finds the notebook and "supercomputer"
the HPC story without a shared word.

The model is WordLlama's `l2_supercat` at 256 dimensions (MIT; token embeddings derived from Llama
2, see the README): a 32,000-token table of 16 MB shipped inside the `wordllama` wheel with its
tokenizer. It is read from the installed package, never downloaded: a text's embedding is the mean
of its tokens' vectors, as WordLlama computes it, normalised. The model loads once per process,
on first use; only its files are read (importing `wordllama` itself would set up logging).

Vectors are stored as float16 with the model's name; a story whose text (by digest) already has
a vector of this model is never embedded again, even when its issue is saved anew.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.db import write_transaction

MODEL = "wordllama-l2_supercat-128/1"  # stored beside every vector: a new model re-embeds
# WordLlama is trained Matryoshka-style: the first 128 of its 256 dimensions are an embedding of
# their own. On the dev questions 128 scored as 256 (0.67 and 0.68 on Works on Arm, 0.64 and 0.63
# on DevOps'ish, bench/semantic_choice.py) at half the memory and time of the story matrix.
DIMS = 128
TEXT_CHARS = 1_200  # of a story embedded: the heading and the start of the body say what it is about
BATCH = 128
log = logging.getLogger(__name__)


class NoModel(RuntimeError):
    """The model's files are not installed: search goes on with words alone."""


@dataclass(frozen=True)
class Model:
    tokenizer: Any
    table: Any  # numpy float16 [tokens, DIMS], as shipped (half the memory of float32)

    def embed(self, texts: list[str]) -> Any:
        """One normalised vector per text (numpy float32 [len(texts), DIMS])."""
        import numpy as np

        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = [i for i in encoding.ids if 0 <= i < self.table.shape[0]]
            if ids:
                out[row] = self.table[ids].astype(np.float32).mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


_lock = threading.Lock()
_loaded: list[Model] = []


def model() -> Model:
    """The model, loaded once per process. Raises NoModel when its package is missing."""
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> Model:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise NoModel("the wordllama package is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    weights = base / "weights" / "l2_supercat_256.safetensors"
    vocabulary = base / "tokenizers" / "l2_supercat_tokenizer_config.json"
    if not weights.is_file() or not vocabulary.is_file():
        raise NoModel(f"no WordLlama weights in {base}")
    import numpy as np
    from safetensors import safe_open
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(vocabulary))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(weights), framework="np") as f:
        table = np.ascontiguousarray(f.get_tensor("embedding.weight")[:, :DIMS], dtype=np.float16)
    return Model(tokenizer, table)


def story_text(heading: str, body: str) -> str:
    return f"{heading}. {body}"[:TEXT_CHARS]


def digest_of(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def embed_missing(db: Database, progress: Callable[[int, int], None] | None = None) -> int:
    """Embed every story that has no vector of this model (new or changed ones), reusing the vector
    of a story with the same text; drop the vectors of stories gone. Returns how many were embedded."""
    missing = list(
        db.query(
            "select s.id, s.heading, s.body from stories s left join story_vectors v "
            "on v.story_id = s.id and v.model = ? where v.story_id is null",
            [MODEL],
        )
    )
    texts = {row["id"]: story_text(row["heading"], row["body"]) for row in missing}
    digests = {story_id: digest_of(text) for story_id, text in texts.items()}
    known = _known_vectors(db, set(digests.values()))
    todo = [story_id for story_id, digest in digests.items() if digest not in known]
    embedded: dict[int, bytes] = {}
    if todo:
        try:
            encoder = model()
        except NoModel as exc:
            log.warning("stories not embedded: %s", exc)
            todo = []
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            vectors = encoder.embed([texts[i] for i in chunk]).astype("float16")
            embedded.update(
                (story_id, vector.tobytes()) for story_id, vector in zip(chunk, vectors, strict=True)
            )
            if progress:
                progress(len(embedded), len(todo))
    rows = [
        (story_id, MODEL, digest, embedded.get(story_id) or known[digest])
        for story_id, digest in digests.items()
        if story_id in embedded or digest in known
    ]
    with write_transaction(db):
        db.conn.executemany(
            "insert or replace into story_vectors (story_id, model, digest, vector) values (?, ?, ?, ?)", rows
        )
        db.execute(
            "delete from story_vectors where model != ? or story_id < 0 "
            "or story_id not in (select id from stories)",
            [MODEL],
        )
    return len(embedded)


def retire_vectors(db: Database, issue_id: int) -> None:
    """An issue's stories are about to be replaced: their vectors are kept under negated ids, to be
    reused by digest (most stories of an edited issue are unchanged) and dropped after."""
    db.execute(
        "delete from story_vectors where story_id in (select -id from stories where issue_id = ?)", [issue_id]
    )
    db.execute(
        "update story_vectors set story_id = -story_id "
        "where story_id in (select id from stories where issue_id = ?)",
        [issue_id],
    )


def _known_vectors(db: Database, digests: set[str]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    wanted = sorted(digests)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"select digest, vector from story_vectors where model = ? and digest in ({marks})"
        found.update((row["digest"], row["vector"]) for row in db.query(sql, [MODEL, *chunk]))
    return found


class _Vectors:
    """Every story's vector as one matrix, read once per process and again only when they change
    (or another database is searched)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[str, int, int] | None = None
        self.seen: dict[int, tuple[str, int, int]] = {}
        self.ids: Any = None
        self.matrix: Any = None

    def current(self, db: Database) -> tuple[Any, Any]:
        import numpy as np

        # Nothing was written since the last look (by this connection or another): the same matrix.
        # (Per connection: serve keeps one per thread, and data_version is each connection's own.)
        path = str(db.execute("select file from pragma_database_list where name = 'main'").fetchone()[0])
        seen = (path, db.conn.total_changes, db.execute("pragma data_version").fetchone()[0])
        if path and self.seen.get(id(db.conn)) == seen and self.key and self.key[0] == path:
            return self.ids, self.matrix
        self.seen[id(db.conn)] = seen
        sql = "select count(*) as n, max(story_id) as top from story_vectors where model = ?"
        row = next(iter(db.query(sql, [MODEL])))
        key = (path, int(row["n"]), int(row["top"] or 0))
        with self.lock:
            if key != self.key:
                self.ids = self.matrix = None  # the old ones go before the new ones are built
                # Read row by row into the matrix, never as a list of rows first: that list (a
                # dict and a blob a story) was a peak of 20 MB that serve's resident memory kept.
                ids = np.empty(key[1], dtype=np.int64)
                matrix = np.empty((key[1], DIMS), dtype=np.float32)
                n = 0
                for story_id, vector in db.execute(
                    "select story_id, vector from story_vectors where model = ? and story_id > 0 "
                    "order by story_id",
                    [MODEL],
                ):
                    if n == len(ids):  # a vector written since the count: the next look reads it
                        break
                    ids[n], matrix[n] = story_id, np.frombuffer(vector, dtype=np.float16)
                    n += 1
                if n < len(ids):  # retired vectors (negative ids) were counted: shrink in place
                    ids.resize(n, refcheck=False)
                    matrix.resize((n, DIMS), refcheck=False)
                self.ids, self.matrix = ids, matrix
                # an in-memory database has no file: never take one's vectors for another's
                self.key = key if path else None
            return self.ids, self.matrix


_vectors = _Vectors()


def nearest(db: Database, text: str, k: int) -> list[tuple[int, float]]:
    """The k stories nearest the text (story id, cosine similarity), nearest first; [] when no story
    has a vector or the model is missing."""
    import numpy as np

    ids, matrix = _vectors.current(db)
    if not len(ids) or not text.strip():
        return []
    try:
        query = model().embed([text])[0]
    except NoModel:
        return []
    if not query.any():
        return []
    # numpy's own loop, not BLAS's: 0.7 ms for 36,000 stories where BLAS's one thread takes 3 ms
    similarity = np.einsum("ij,j->i", matrix, query)
    k = min(k, len(ids))
    top = np.argpartition(similarity, len(ids) - k)[len(ids) - k :]
    top = top[np.argsort(-similarity[top], kind="stable")]
    return [(int(ids[i]), float(similarity[i])) for i in top]


def warm_up(db_path: str) -> None:
    """Load the model, the vectors and the English word list ahead of the first search (serve's
    start). Never raises."""
    from bot.archive.english import zipf
    from bot.db import open_db

    try:
        zipf("arm")
        with open_db(db_path) as db:
            nearest(db, "arm64", 1)
    except Exception:  # a missing model or a locked database: the first search tries again
        log.warning("the semantic channel could not warm up", exc_info=True)
