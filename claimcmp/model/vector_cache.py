"""Never embed the same text twice: a persistent vector cache in ``<cache.dir>/vectors.sqlite``.

One SQLite table holds float32 vectors keyed by the model's identity (its name
and a fingerprint of its weights and configuration) and the SHA-256 of the
exact text the model sees (prefix included), so changing the model, its
weights or the prefix can never return a stale vector. SQLite gives what a
cache shared by several runs needs without extra code: atomic transactions,
a busy timeout for two processes writing at once (WAL journal), and a file
format it checks itself.

A cache file that is not a database, or whose rows are damaged, is reported
once on stderr, moved aside (``vectors.sqlite.corrupt``) and rebuilt empty: the
run goes on and only costs a re-embedding, never a crash.

The word vectors of quote alignment (:mod:`claimcmp.model.quote_words`: a text's
words, their spans and one vector per word) are kept too, in a second table
keyed the same way (the model's identity with the layer they come from, and the
SHA-256 of the text), so that a run whose statements are all cached loads no
model at all.

Hierarchy of use: :class:`CachedEmbedder` wraps any embedder (one method,
``embed_batch``) and asks :class:`VectorCache` for the rows it has. What else a
pipeline may ask of an embedder it forwards by name (``prefix``, ``device``,
``precision``, and ``word_embedder`` for the word vectors of quote alignment,
cached by :class:`CachedWordEmbedder`), never through ``__getattr__``: from
Python 3.12 ``isinstance`` against a runtime-checkable Protocol no longer sees
attributes handed on that way.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.model.protocol import Embedder
    from claimcmp.model.quote_words import WordEmbedder, WordVectors

FILE_NAME = "vectors.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS word_vectors (
    model TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    words TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vectors BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
"""
_BUSY_TIMEOUT_S = 30.0
_CHUNK = 500  # keys per SELECT (SQLite's parameter limit is far above; keeps statements short)


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def words_model(identity: str) -> str:
    """The key of a model's word vectors: its identity, the layer they are read from and how words are cut."""
    from claimcmp.model.quote_words import LAYER, WORDS_VERSION

    return f"{identity}|words@{LAYER}.{WORDS_VERSION}"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    bytes: int
    vectors_by_model: dict[str, int]
    word_sets_by_model: dict[str, int] = field(default_factory=dict)


class VectorCache:
    """Vectors by (model identity, text) in one SQLite file; safe to share between processes."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / FILE_NAME
        self._warned = False

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            yield connection
            connection.commit()
        finally:
            connection.close()

    def get(self, model: str, keys: Sequence[bytes], dim: int) -> dict[bytes, npt.NDArray[np.float32]]:
        """The cached vectors among ``keys`` (missing ones are simply absent)."""
        import numpy as np

        rows = self._select("text_hash, dim, vector", "vectors", model, keys)
        found: dict[bytes, npt.NDArray[np.float32]] = {}
        for key, row_dim, blob in rows:
            if row_dim != dim or not isinstance(blob, bytes) or len(blob) != 4 * dim:
                self._recover(sqlite3.DatabaseError("a cached vector has the wrong size"))
                return {}
            vector = np.frombuffer(blob, dtype=np.float32)
            if not np.isfinite(vector).all():
                self._recover(sqlite3.DatabaseError("a cached vector is not finite"))
                return {}
            found[bytes(key)] = vector
        return found

    def get_words(self, model: str, keys: Sequence[bytes]) -> dict[bytes, WordVectors]:
        """The cached word vectors among ``keys`` (``model`` from :func:`words_model`; missing ones are absent)."""
        import numpy as np

        from claimcmp.model.quote_words import WordVectors

        rows = self._select("text_hash, words, dim, vectors", "word_vectors", model, keys)
        try:
            return {bytes(key): _word_vectors(words, dim, blob, np, WordVectors) for key, words, dim, blob in rows}
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return {}

    def _select(self, columns: str, table: str, model: str, keys: Sequence[bytes]) -> list[tuple[Any, ...]]:
        """The rows of ``table`` for ``model`` among ``keys``, queried in chunks; none when the cache is
        busy (another process holds it too long: embed instead of waiting forever) or damaged (recovered)."""
        unique = list(dict.fromkeys(keys))
        rows: list[tuple[Any, ...]] = []
        try:
            with self._connection() as db:
                for start in range(0, len(unique), _CHUNK):
                    chunk = unique[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows += db.execute(
                        f"SELECT {columns} FROM {table} WHERE model = ? AND text_hash IN ({marks})",
                        [model, *chunk],
                    ).fetchall()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                self._recover(exc)
            return []
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return []
        return rows

    def put_words(self, model: str, items: Sequence[tuple[bytes, WordVectors]]) -> None:
        """Store word vectors (words, spans, float32 rows); a key already there is left as it is."""
        import numpy as np

        if not items:
            return
        rows = []
        for key, found in items:
            vectors = np.ascontiguousarray(found.vectors, dtype=np.float32)
            dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
            spans = [list(span) for span in found.spans]
            words = json.dumps({"words": list(found.words), "spans": spans}, ensure_ascii=False)
            rows.append((model, key, words, dim, vectors.tobytes()))
        try:
            with self._connection() as db:
                db.executemany("INSERT OR IGNORE INTO word_vectors VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return
            self._recover(exc)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)

    def put(self, model: str, items: Sequence[tuple[bytes, npt.NDArray[np.float32]]]) -> None:
        """Store vectors (float32); a key already there is left as it is."""
        import numpy as np

        if not items:
            return
        rows = [(model, key, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for key, v in items]
        try:
            with self._connection() as db:
                db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return  # not cached this time; the next run will store them
            self._recover(exc)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)

    def info(self) -> CacheInfo:
        counts: dict[str, int] = {}
        word_sets: dict[str, int] = {}
        if self.path.exists():
            try:
                with self._connection() as db:
                    counts = dict(db.execute("SELECT model, COUNT(*) FROM vectors GROUP BY model ORDER BY model"))
                    word_sets = dict(
                        db.execute("SELECT model, COUNT(*) FROM word_vectors GROUP BY model ORDER BY model")
                    )
            except sqlite3.DatabaseError as exc:
                self._recover(exc)
        size = sum(p.stat().st_size for p in self.path.parent.glob(FILE_NAME + "*") if p.is_file())
        return CacheInfo(self.path, size, counts, word_sets)

    def clear(self) -> int:
        """Delete the cache file (and its journal); returns the bytes freed."""
        freed = 0
        for path in self.path.parent.glob(FILE_NAME + "*"):
            if path.is_file():
                freed += path.stat().st_size
                path.unlink()
        return freed

    def _recover(self, exc: Exception) -> None:
        """Move a damaged cache aside, say so once, and start a new one."""
        if not self._warned:
            print(
                f"warning: the vector cache {self.path} is damaged ({exc}); it was moved to "
                f"{self.path.name}.corrupt and will be rebuilt (statements are embedded again).",
                file=sys.stderr,
            )
            self._warned = True
        for suffix in ("", "-wal", "-shm"):
            damaged = Path(str(self.path) + suffix)
            if damaged.exists():
                os.replace(damaged, Path(str(self.path) + ".corrupt" + suffix))


def _word_vectors(words_json: object, dim: object, blob: object, np: Any, make: type[WordVectors]) -> WordVectors:
    """One stored row of word vectors, checked: a damaged one raises ``sqlite3.DatabaseError``."""
    try:
        stored = json.loads(words_json) if isinstance(words_json, str) else {}
        words = tuple(str(w) for w in stored["words"])
        spans = tuple((int(a), int(b)) for a, b in stored["spans"])
    except (ValueError, TypeError, KeyError):
        raise sqlite3.DatabaseError("cached word vectors are damaged") from None
    if (
        not isinstance(dim, int)
        or not isinstance(blob, bytes)
        or len(spans) != len(words)
        or len(blob) != 4 * dim * len(words)
        or dim < 0
    ):
        raise sqlite3.DatabaseError("cached word vectors have the wrong size")
    vectors = np.frombuffer(blob, dtype=np.float32).reshape(len(words), dim)
    if not np.isfinite(vectors).all():
        raise sqlite3.DatabaseError("cached word vectors are not finite")
    return make(words=words, spans=spans, vectors=vectors)


class CachedEmbedder:
    """An embedder that asks the cache first and embeds only the texts it has never seen.

    Everything else it offers is named here and forwarded to ``inner``: no
    ``__getattr__`` pass-through (see the module docstring).
    """

    def __init__(self, inner: Embedder, cache: VectorCache, identity: str) -> None:
        self.inner = inner
        self.cache = cache
        self.identity = identity
        self.name = inner.name
        self.dim = inner.dim
        self.embedded = 0  # texts the model actually encoded (the rest came from the cache)

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        keys = [text_key(self.prefix + t) for t in texts]
        found = self.cache.get(self.identity, keys, self.dim)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            position = {k: i for i, k in reversed(list(enumerate(keys)))}
            todo = [texts[position[k]] for k in missing]
            vectors = self.inner.embed_batch(todo)
            self.embedded += len(todo)
            fresh = list(zip(missing, vectors, strict=True))
            self.cache.put(self.identity, fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    @property
    def prefix(self) -> str:
        return str(getattr(self.inner, "prefix", ""))

    @property
    def device(self) -> str:
        return str(getattr(self.inner, "device", "cpu"))

    @property
    def precision(self) -> str:
        return str(getattr(self.inner, "precision", "fp32"))

    @property
    def backend(self) -> str:
        return str(getattr(self.inner, "backend", "torch"))

    @property
    def word_embedder(self) -> WordEmbedder | None:
        """The word vectors (for quote alignment) of the inner embedder, through the cache; None when it has none."""
        from claimcmp.model.quote_words import word_embedder

        inner = word_embedder(self.inner)
        return None if inner is None else CachedWordEmbedder(inner, self.cache, words_model(self.identity))


class CachedWordEmbedder:
    """Word vectors from the cache, the rest from ``inner`` (which, a :class:`~claimcmp.model.embedding.LazyEmbedder`,
    loads its model only then)."""

    def __init__(self, inner: WordEmbedder, cache: VectorCache, model: str) -> None:
        self.inner = inner
        self.cache = cache
        self.model = model
        self.embedded = 0  # texts the model actually read (the rest came from the cache)

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        keys = [text_key(t) for t in texts]
        found = self.cache.get_words(self.model, keys) if keys else {}
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            position = {k: i for i, k in reversed(list(enumerate(keys)))}
            fresh = list(zip(missing, self.inner.embed_words([texts[position[k]] for k in missing]), strict=True))
            self.embedded += len(fresh)
            self.cache.put_words(self.model, fresh)
            found.update(fresh)
        return [found[k] for k in keys]
