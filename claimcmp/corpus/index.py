"""A persistent corpus: articles, their statements and vectors, and a FAISS index over them, kept between runs.

Layout of ``<cache.dir>/indexes/NAME/``::

    store.sqlite    the truth: meta (model, dim), documents (content hash, record),
                    segments (record, vector of the alignable ones); one transaction per change
    vectors.faiss   FAISS index of the stored vectors (ids = segment row ids): derived from the
                    store, rebuilt when missing, damaged or out of step with it
    lock            held (flock) while a process changes the index: two ``index add`` runs queue

Documents are deduplicated by the SHA-256 of their cleaned text, so adding
the same article twice (as HTML and as text, or in two folders) stores it once.
Search is exact (flat) up to ``index.exact_limit`` vectors and approximate
(IVF) above it (:mod:`claimcmp.align.vector_index`).

The workflows of :mod:`claimcmp.corpus.workflows` (``add_to_index``, ``search_index``,
``compare_against``) use this module; it knows nothing about reading or models.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcmp.align import build_vector_index, is_approximate, nearest, set_nprobe
from claimcmp.config import IndexSettings
from claimcmp.corpus.codec import record_from_json, record_to_json
from claimcmp.errors import CorpusIndexError
from claimcmp.input import content_hash
from claimcmp.records import Document, IndexInfo, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

FOLDER = "indexes"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    record TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS segments_by_document ON segments(document);
"""


@dataclass(frozen=True)
class StoredDocument:
    """A document of the index with its statements and the vectors of the alignable ones (None elsewhere)."""

    document: Document
    segments: tuple[Segment, ...]
    vectors: tuple[Any, ...]


class CorpusIndex:
    """One named index on disk. Open it, then read from it, or change it inside :meth:`changing`."""

    def __init__(self, cache_dir: Path, name: str, settings: IndexSettings) -> None:
        if not _NAME.fullmatch(name):
            raise CorpusIndexError(
                f"index name {name!r} is not allowed: expected letters, digits, '.', '_' or '-' "
                "(at most 64, not starting with a dot). You can fix this by choosing a name like 'archive'."
            )
        self.name = name
        self.path = Path(cache_dir) / FOLDER / name
        self.settings = settings
        self.warnings: list[str] = []
        self._vectors = _VectorFile(self.path, name, settings, self._db, self._warn)

    # ------------------------------------------------------------------ lifecycle

    def exists(self) -> bool:
        return (self.path / "store.sqlite").is_file()

    def require(self) -> None:
        if not self.exists():
            known = ", ".join(list_indexes(self.path.parent.parent)) or "none yet"
            raise CorpusIndexError(
                f"there is no index named {self.name!r} in {self.path.parent} (indexes: {known}). "
                f"You can fix this by running: claimcmp index add PATHS --index {self.name}"
            )

    @contextlib.contextmanager
    def changing(self) -> Iterator[CorpusIndex]:
        """Hold the index's write lock (waiting for another writer) for a series of changes."""
        import fcntl

        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._vectors.forget()  # another process may have changed it while we waited
                yield self
                self._vectors.save()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def delete(self) -> int:
        """Remove the whole index from disk; the bytes freed."""
        self.require()
        size = _folder_bytes(self.path)
        with self.changing():
            shutil.rmtree(self.path)
        return size

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = sqlite3.connect(self.path / "store.sqlite", timeout=60.0)
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            with connection:
                yield connection
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from exc
        finally:
            connection.close()

    def _damaged(self, exc: Exception) -> CorpusIndexError:
        return CorpusIndexError(
            f"index {self.name!r} ({self.path}) cannot be read: {exc}. You can fix this by removing it "
            f"(claimcmp index remove --index {self.name} --all) and adding the documents again."
        )

    # ------------------------------------------------------------------ model

    def check_model(self, model: str, identity: str, dim: int) -> None:
        """Refuse a model other than the one the index was built with; claim the index for it when new."""
        with self._db() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not meta:
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("model", model), ("identity", identity), ("dim", str(dim))],
                )
                return
        if meta.get("model") != model or meta.get("dim") != str(dim):
            raise CorpusIndexError(
                f"index {self.name!r} was built with model {meta.get('model')} ({meta.get('dim')} dimensions); "
                f"this run uses {model} ({dim}). Vectors of two models cannot be compared. You can fix this by "
                f"passing --model {meta.get('model')}, or by adding the documents to a new index."
            )
        if meta.get("identity") != identity:
            self.warnings.append(
                f"index {self.name!r} was built with another copy of model {model} (fingerprint "
                f"{meta.get('identity')}, now {identity}); if the model changed, remove and rebuild the index"
            )

    # ------------------------------------------------------------------ reading

    def info(self) -> IndexInfo:
        self.require()
        with self._db() as db:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            statements, vectors = db.execute("SELECT COUNT(*), COUNT(vector) FROM segments").fetchone()
        exact = vectors <= self.settings.exact_limit
        return IndexInfo(
            name=self.name,
            path=self.path,
            model=meta.get("model", "-"),
            dim=int(meta.get("dim", 0)),
            documents=documents,
            statements=statements,
            vectors=vectors,
            search="exact" if exact else f"approximate (IVF, nprobe {self.settings.nprobe})",
            bytes=_folder_bytes(self.path),
        )

    def document_names(self) -> set[str]:
        with self._db() as db:
            return {name for (name,) in db.execute("SELECT name FROM documents")}

    def content_hashes(self) -> dict[str, str]:
        """Content hash → document name."""
        with self._db() as db:
            return dict(db.execute("SELECT content_hash, name FROM documents").fetchall())

    def search(self, queries: Matrix, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to ``k`` (segment row id, cosine) pairs, nearest first."""
        return nearest(self._vectors.index(), queries, k)

    def segments_by_row(self, rows: Sequence[int]) -> dict[int, tuple[Segment, Document]]:
        """The statements with these row ids, each with its document."""
        out: dict[int, tuple[Segment, Document]] = {}
        documents: dict[int, Document] = {}
        with self._db() as db:
            for row in dict.fromkeys(rows):
                found = db.execute("SELECT document, record FROM segments WHERE id = ?", (row,)).fetchone()
                if found is None:
                    continue
                doc_row, record = found
                if doc_row not in documents:
                    (doc_record,) = db.execute("SELECT record FROM documents WHERE id = ?", (doc_row,)).fetchone()
                    documents[doc_row] = record_from_json(Document, doc_record)
                out[row] = (record_from_json(Segment, record), documents[doc_row])
        return out

    def document_of_rows(self, rows: Sequence[int]) -> dict[int, str]:
        """Segment row id → name of its document."""
        out: dict[int, str] = {}
        with self._db() as db:
            for row in dict.fromkeys(rows):
                found = db.execute(
                    "SELECT d.name FROM segments s JOIN documents d ON d.id = s.document WHERE s.id = ?", (row,)
                ).fetchone()
                if found is not None:
                    out[row] = found[0]
        return out

    def load_documents(self, names: Sequence[str]) -> list[StoredDocument]:
        import numpy as np

        out = []
        with self._db() as db:
            for name in names:
                found = db.execute("SELECT id, record FROM documents WHERE name = ?", (name,)).fetchone()
                if found is None:
                    continue
                doc_row, record = found
                rows = db.execute(
                    "SELECT record, vector FROM segments WHERE document = ? ORDER BY id", (doc_row,)
                ).fetchall()
                out.append(
                    StoredDocument(
                        document=record_from_json(Document, record),
                        segments=tuple(record_from_json(Segment, r) for r, _ in rows),
                        vectors=tuple(None if v is None else np.frombuffer(v, dtype=np.float32) for _, v in rows),
                    )
                )
        return out

    # ------------------------------------------------------------------ changing (inside changing())

    def add(self, items: Sequence[tuple[Document, Sequence[Segment], Matrix | None, Sequence[int]]]) -> None:
        """Store documents with their statements; ``vectors`` rows belong to the statements at ``rows``."""
        import numpy as np

        now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        index = self._vectors.index()  # before the store changes: built from the store, it must not hold these yet
        new_ids: list[int] = []
        new_vectors = []
        with self._db() as db:
            for document, segments, vectors, rows in items:
                cursor = db.execute(
                    "INSERT INTO documents (name, content_hash, record, added) VALUES (?, ?, ?, ?)",
                    (document.id, content_hash(document), record_to_json(document), now),
                )
                doc_row = cursor.lastrowid
                vector_of = {} if vectors is None else dict(zip(rows, vectors, strict=True))
                for n, segment in enumerate(segments):
                    vector = vector_of.get(n)
                    blob = None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()
                    cursor = db.execute(
                        "INSERT INTO segments (document, record, vector) VALUES (?, ?, ?)",
                        (doc_row, record_to_json(segment), blob),
                    )
                    if vector is not None:
                        new_ids.append(int(cursor.lastrowid or 0))
                        new_vectors.append(vector)
        if new_vectors:
            if index.ntotal + len(new_vectors) > self.settings.exact_limit and not is_approximate(index):
                set_nprobe(self._vectors.rebuild(), self.settings.nprobe)  # past the exact limit: approximate
            else:
                index.add_with_ids(np.asarray(new_vectors, dtype=np.float32), np.asarray(new_ids, dtype=np.int64))

    def remove(self, names: Sequence[str]) -> dict[str, str]:
        """Remove these documents (by name or content hash); for each one found, the name it was stored under."""
        found: dict[str, tuple[int, str]] = {}
        with self._db() as db:
            for name in names:
                row = db.execute(
                    "SELECT id, name FROM documents WHERE name = ? OR content_hash = ?", (name, name)
                ).fetchone()
                if row is not None:
                    found[name] = (row[0], row[1])
        if not found:
            return {}
        # the FAISS index is read (or rebuilt) while it still matches the store: read after the
        # deletions, it would hold more vectors than the store and be taken for a damaged file
        index = self._vectors.index()
        gone: list[int] = []
        with self._db() as db:
            for doc_row, _ in dict.fromkeys(found.values()):
                gone += [r for (r,) in db.execute("SELECT id FROM segments WHERE document = ?", (doc_row,))]
                db.execute("DELETE FROM segments WHERE document = ?", (doc_row,))
                db.execute("DELETE FROM documents WHERE id = ?", (doc_row,))
        if gone:
            import numpy as np

            index.remove_ids(np.asarray(gone, dtype=np.int64))
        return {name: doc_name for name, (_, doc_name) in found.items()}

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            print(f"warning: {message}", file=sys.stderr)


class _VectorFile:
    """The FAISS file of one index: derived from the store, read when it matches it, else rebuilt and saved."""

    def __init__(
        self,
        folder: Path,
        name: str,
        settings: IndexSettings,
        store: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]],
        warn: Callable[[str], None],
    ) -> None:
        self.file = folder / "vectors.faiss"
        self.name = name
        self.settings = settings
        self._store = store
        self._warn = warn
        self._loaded: Any = None

    def forget(self) -> None:
        self._loaded = None

    def index(self) -> Any:
        """The FAISS index, read from disk when it matches the store, else rebuilt from the store."""
        if self._loaded is not None:
            return self._loaded
        import faiss

        with self._store() as db:
            count = db.execute("SELECT COUNT(vector) FROM segments").fetchone()[0]
        index = None
        if self.file.is_file():
            try:
                index = faiss.read_index(str(self.file))
            except RuntimeError as exc:
                self._warn(f"index {self.name!r}: {self.file.name} is damaged ({str(exc).splitlines()[0]}); rebuilt")
        if index is not None and index.ntotal != count:
            self._warn(f"index {self.name!r}: {self.file.name} is out of step with the store; rebuilt")
            index = None
        if index is not None and is_approximate(index) != (count > self.settings.exact_limit):
            index = None  # the exact limit changed: rebuild as the other kind
        if index is None:
            index = self.rebuild()
        set_nprobe(index, self.settings.nprobe)
        self._loaded = index
        return index

    def rebuild(self) -> Any:
        import numpy as np

        with self._store() as db:
            dim = int(dict(db.execute("SELECT key, value FROM meta").fetchall()).get("dim", 0))
            rows = db.execute("SELECT id, vector FROM segments WHERE vector IS NOT NULL ORDER BY id").fetchall()
        ids = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(v for _, v in rows), dtype=np.float32).reshape(len(rows), dim)
        index = build_vector_index(vectors, self.settings.exact_limit, self.settings.nprobe, ids=ids)
        self._write(index)
        self._loaded = index
        return index

    def save(self) -> None:
        """Write the index as changed in memory, if it was read at all."""
        if self._loaded is not None:
            self._write(self._loaded)

    def _write(self, index: Any) -> None:
        """Write the FAISS file atomically (a reader sees the old file or the new one, never half)."""
        import faiss

        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            faiss.write_index(index, str(temporary))
            os.replace(temporary, self.file)
        except (OSError, RuntimeError) as exc:  # a read-only index still answers searches from memory
            temporary.unlink(missing_ok=True)
            self._warn(f"index {self.name!r}: cannot save {self.file.name} ({exc}); it is rebuilt on next use")


def list_indexes(cache_dir: Path) -> list[str]:
    folder = Path(cache_dir) / FOLDER
    if not folder.is_dir():
        return []
    # a folder with a manifest.json is an index built by --engine ray (Parquet shards)
    return sorted(p.name for p in folder.iterdir() if (p / "store.sqlite").is_file() or (p / "manifest.json").is_file())


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
