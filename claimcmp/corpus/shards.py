"""A corpus index as Parquet shards: what ``index add --engine ray`` builds, on any filesystem pyarrow reaches.

Layout of an index (``<cache.dir>/indexes/NAME/``, any folder, or a URI such as ``s3://bucket/archive``)::

    manifest.json              the model and its dimension, and the committed shards in order, each with the
                               documents it leaves out (another shard holds the same text) or renames;
                               replaced as a whole, last, by the one process that commits a run
    documents/KEY.parquet      one row per document: content hash, name, input order, record (JSON)
    statements/KEY.parquet     one row per statement: content hash, number, record (JSON), vector (null
                               for the statements never embedded: boilerplate, fragments)
    vectors/trained.faiss      IVF-PQ trained on a sample (only past ``index.exact_limit`` vectors)
    vectors/KEY.faiss          the trained index holding one shard's vectors

A shard's KEY is the SHA-256 of its documents' content hashes (the hash the embedded index
deduplicates by), so a task that is retried writes the same two files again, replacing them,
and never a second copy; a shard that no run committed (its job died first) is invisible, and
the next run that meets the same documents writes and commits it. The commit
(:meth:`ShardIndex.commit`) reads only the shards' summaries (content hash, name, order of each
document): it keeps the first copy of a text, in input order, as the embedded index does, and
gives a name that is taken ``name~2``. Records are written by :mod:`claimcmp.corpus.codec`,
so a stored statement reads back equal to the one analysed.

Statements are found by row ids: the shard's position in the manifest times 2³² plus the row.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcmp.align import nearest
from claimcmp.config import IndexSettings
from claimcmp.corpus.codec import record_from_json, record_to_json, renamed_records
from claimcmp.corpus.index import StoredDocument
from claimcmp.corpus.shard_vectors import (
    RERANK,
    approximate_possible,
    lists_for,
    merged_index,
    shard_vectors_index,
    train_points,
    trained_index,
)
from claimcmp.errors import RAY_INSTALL, CorpusIndexError
from claimcmp.input import content_hash, unique_id
from claimcmp.records import Document, IndexInfo, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

MANIFEST = "manifest.json"
FORMAT = "claimcmp-shards/1"
_SHARD_BITS = 32


@dataclass(frozen=True)
class ShardDocument:
    """One analysed document as a shard stores it: records as JSON, a vector (or None) per statement."""

    order: int  # position in the input (input number · 2²⁴ + record number): the first copy of a text wins
    content_hash: str
    name: str
    record: str
    statements: tuple[str, ...]
    vectors: tuple[Any, ...]  # float32 rows or None, one per statement


def shard_document(
    order: int, document: Document, segments: Sequence[Segment], vectors: Matrix | None, rows: Sequence[int]
) -> ShardDocument:
    """A document for :func:`write_shard`; ``vectors`` rows belong to the statements at ``rows``."""
    vector_of = {} if vectors is None else dict(zip(rows, vectors, strict=True))
    return ShardDocument(
        order=order,
        content_hash=content_hash(document),
        name=document.id,
        record=record_to_json(document),
        statements=tuple(record_to_json(s) for s in segments),
        vectors=tuple(vector_of.get(n) for n in range(len(segments))),
    )


def is_shard_location(index: str) -> bool:
    """Whether ``--index`` names a folder or URI rather than a name under the cache."""
    return "/" in index or "\\" in index or "://" in index


def write_shard(location: str, documents: Sequence[ShardDocument], dim: int) -> dict[str, Any]:
    """Write one shard (statements first, documents last) and return its summary for the commit.

    Idempotent: the same documents give the same key and the same files, written whole
    (to a temporary name, then moved), so a retried task replaces what a failed one left.
    """
    pa, pq = _pyarrow()
    import numpy as np

    fs, root = _filesystem(location)
    hashes = [d.content_hash for d in documents]
    key = hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()[:32]
    values, present, owners, numbers, records = [], [], [], [], []
    zeros = np.zeros(dim, dtype=np.float32)
    for d in documents:
        for n, (record, vector) in enumerate(zip(d.statements, d.vectors, strict=True)):
            owners.append(d.content_hash)
            numbers.append(n)
            records.append(record)
            present.append(vector is not None)
            values.append(zeros if vector is None else np.asarray(vector, dtype=np.float32))
    flat = pa.array(np.concatenate(values) if values else np.zeros(0, dtype=np.float32), type=pa.float32())
    vectors = pa.FixedSizeListArray.from_arrays(flat, dim, mask=pa.array([not p for p in present], type=pa.bool_()))
    statements = pa.table(
        {
            "content_hash": pa.array(owners, type=pa.string()),
            "statement": pa.array(numbers, type=pa.int32()),
            "record": pa.array(records, type=pa.large_string()),
            "vector": vectors,
        }
    )
    table = pa.table(
        {
            "content_hash": pa.array(hashes, type=pa.string()),
            "name": pa.array([d.name for d in documents], type=pa.string()),
            "order": pa.array([d.order for d in documents], type=pa.int64()),
            "record": pa.array([d.record for d in documents], type=pa.large_string()),
            "statements": pa.array([len(d.statements) for d in documents], type=pa.int32()),
        }
    )
    for folder, data in (("statements", statements), ("documents", table)):
        _write_atomically(fs, f"{root}/{folder}/{key}.parquet", functools.partial(pq.write_table, data))
    return {
        "key": key,
        "hashes": hashes,
        "names": [d.name for d in documents],
        "orders": [d.order for d in documents],
        "statements": [len(d.statements) for d in documents],
        "vectors": int(sum(present)),
    }


@dataclass(frozen=True)
class Commit:
    added: tuple[str, ...]
    duplicates: tuple[tuple[str, str], ...]  # (name in this run, stored name)
    statements: int


class _ShardFiles:
    """The files of a sharded index: its manifest and the tables of its shards (kept documents only)."""

    def __init__(self, location: str, settings: IndexSettings, name: str | None = None) -> None:
        self.location = location.rstrip("/")
        self.name = name or location
        self.settings = settings
        self.warnings: list[str] = []
        self._fs, self._root = _filesystem(self.location)
        self._manifest: dict[str, Any] | None = None
        self._search_index: Any = None
        self._located: dict[str, tuple[int, str]] = {}  # document name -> (shard, content hash)

    # ------------------------------------------------------------------ lifecycle and model

    def exists(self) -> bool:
        return self._read_bytes(MANIFEST) is not None

    def manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            raw = self._read_bytes(MANIFEST)
            self._manifest = json.loads(raw) if raw is not None else {"format": FORMAT, "shards": []}
            if self._manifest.get("format") != FORMAT:
                raise CorpusIndexError(
                    f"{self.location}/{MANIFEST} is not a claimcmp index ({self._manifest.get('format')!r}, "
                    f"expected {FORMAT!r}). You can fix this by naming the folder the index was built in."
                )
        return self._manifest

    # ------------------------------------------------------------------ files

    def _names(self, shard: int) -> list[tuple[str, str, int]]:
        """(content hash, name as stored or renamed, input order) of the shard's kept documents."""
        entry = self.manifest()["shards"][shard]
        table = self._table("documents", entry["key"], ["content_hash", "name", "order"])
        excluded, renamed = set(entry["excluded"]), entry["renamed"]
        return [
            (c, renamed.get(c, n), o)
            for c, n, o in zip(
                table["content_hash"].to_pylist(), table["name"].to_pylist(), table["order"].to_pylist(), strict=True
            )
            if c not in excluded
        ]

    def _document_records(self, shard: int) -> dict[str, tuple[str, str | None]]:
        """Content hash → (document record, new name or None) of the shard's kept documents."""
        entry = self.manifest()["shards"][shard]
        table = self._table("documents", entry["key"], ["content_hash", "record"])
        excluded = set(entry["excluded"])
        return {
            c: (r, entry["renamed"].get(c))
            for c, r in zip(table["content_hash"].to_pylist(), table["record"].to_pylist(), strict=True)
            if c not in excluded
        }

    @staticmethod
    def _document(record: str, renamed: str | None) -> Document:
        document = record_from_json(Document, record)
        return renamed_records(document, (), renamed)[0] if renamed else document

    def _statements(self, shard: int, columns: list[str]) -> Any:
        return self._table("statements", self.manifest()["shards"][shard]["key"], columns)

    def _table(self, folder: str, key: str, columns: list[str]) -> Any:
        _, pq = _pyarrow()
        path = f"{self._root}/{folder}/{key}.parquet"
        try:
            return pq.read_table(path, columns=columns, filesystem=self._fs)
        except (OSError, ValueError) as exc:
            raise CorpusIndexError(
                f"index {self.name!r}: shard {path} cannot be read ({exc}). You can fix this by adding the same "
                "documents again (the shard is rewritten), or by building the index anew."
            ) from exc

    def _save_manifest(self) -> None:
        self._write_bytes(MANIFEST, json.dumps(self.manifest(), indent=1).encode())

    def _read_bytes(self, relative: str) -> bytes | None:
        try:
            with self._fs.open_input_stream(f"{self._root}/{relative}") as stream:
                return bytes(stream.read())
        except FileNotFoundError:
            return None

    def _write_bytes(self, relative: str, data: bytes) -> None:
        _write_atomically(self._fs, f"{self._root}/{relative}", lambda stream: stream.write(data))

    def _vectors_with_ids(self, shards: Iterable[int] | None = None) -> tuple[Matrix, Any, Any]:
        """The stored vectors of the kept documents (of ``shards``, default all), their ids and input order."""
        import numpy as np

        dim = int(self.manifest()["dim"])
        blocks, ids, orders = [], [], []
        for shard in range(len(self.manifest()["shards"])) if shards is None else shards:
            table = self._statements(shard, ["content_hash", "statement", "vector"])
            order = {content: position for content, _, position in self._names(shard)}
            owners = table["content_hash"].to_pylist()
            column = table["vector"].combine_chunks()
            valid = np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            keep = np.asarray([c in order for c in owners], dtype=bool) & valid
            rows = np.flatnonzero(keep)
            if not len(rows):
                continue
            # .values, not .flatten(): flatten skips null rows, and the row numbers must stay
            flat = column.values.slice(column.offset * dim, len(column) * dim).to_numpy(zero_copy_only=False)
            blocks.append(flat.reshape(len(owners), dim)[rows].astype(np.float32))
            ids.append(np.asarray([_row_id(shard, int(r)) for r in rows], dtype=np.int64))
            statement = np.asarray(table["statement"].to_numpy(), dtype=np.int64)[rows]
            # (input order, statement) as two columns: one number made of both overflows past 2**19 inputs
            orders.append(np.stack([np.asarray([order[owners[r]] for r in rows], dtype=np.int64), statement], axis=1))
        if not blocks:
            return np.zeros((0, dim), dtype=np.float32), np.zeros(0, np.int64), np.zeros((0, 2), np.int64)
        return np.concatenate(blocks), np.concatenate(ids), np.concatenate(orders)


class ShardIndex(_ShardFiles):
    """A Parquet-sharded index: written by tasks (:func:`write_shard`), committed and read here."""

    def require(self) -> None:
        if not self.exists():
            raise CorpusIndexError(
                f"there is no index at {self.location} (no {MANIFEST}). You can fix this by running: "
                f"claimcmp index add PATHS --index {self.name} --engine ray"
            )

    def check_model(self, model: str, identity: str, dim: int) -> None:
        """Refuse another model's vectors; claim a new index for this model."""
        manifest = self.manifest()
        if "model" not in manifest:
            manifest.update(model=model, identity=identity, dim=dim)
            self._save_manifest()
            return
        if manifest["model"] != model or manifest["dim"] != dim:
            raise CorpusIndexError(
                f"index {self.name!r} was built with model {manifest['model']} ({manifest['dim']} dimensions); "
                f"this run uses {model} ({dim}). Vectors of two models cannot be compared. You can fix this by "
                f"passing --model {manifest['model']}, or by adding the documents to a new index."
            )
        if manifest.get("identity") != identity:
            self.warnings.append(
                f"index {self.name!r} was built with another copy of model {model} (fingerprint "
                f"{manifest.get('identity')}, now {identity}); if the model changed, remove and rebuild the index"
            )

    # ------------------------------------------------------------------ commit

    def commit(
        self,
        summaries: Iterable[dict[str, Any]],
        map_shards: Callable[[Callable[[str], None], list[str]], None] | None = None,
    ) -> Commit:
        """Make written shards part of the index, in input order; then index their vectors.

        ``map_shards(build, keys)`` runs ``build(key)`` for every shard (default: one after
        another here; the Ray engine runs them as tasks).
        """
        manifest = self.manifest()
        known = self.content_hashes()
        names = set(known.values())
        next_suffix: dict[str, int] = {}
        committed = {s["key"] for s in manifest["shards"]}
        fresh: dict[str, dict[str, Any]] = {}
        for summary in summaries:
            if summary["key"] not in committed and summary["hashes"]:
                fresh.setdefault(summary["key"], summary)
        documents = sorted(
            (order, key, content, name, count)
            for key, s in fresh.items()
            for order, content, name, count in zip(s["orders"], s["hashes"], s["names"], s["statements"], strict=True)
        )
        added: list[str] = []
        duplicates: list[tuple[str, str]] = []
        statements = 0
        excluded: dict[str, list[str]] = {key: [] for key in fresh}
        renamed: dict[str, dict[str, str]] = {key: {} for key in fresh}
        for _, key, content, name, count in documents:
            if content in known:
                duplicates.append((name, known[content]))
                excluded[key].append(content)
                continue
            final = unique_id(name, names, next_suffix)
            if final != name:
                renamed[key][content] = final
            known[content] = final
            added.append(final)
            statements += count
        first_order = {key: min(s["orders"]) for key, s in fresh.items()}
        for key in sorted(fresh, key=first_order.__getitem__):
            manifest["shards"].append(
                {
                    "key": key,
                    "documents": len(fresh[key]["hashes"]) - len(excluded[key]),
                    "vectors": fresh[key]["vectors"],
                    "excluded": excluded[key],
                    "renamed": renamed[key],
                }
            )
        self._index_vectors(map_shards)
        self._save_manifest()
        self._search_index = None
        return Commit(added=tuple(added), duplicates=tuple(duplicates), statements=statements)

    # ------------------------------------------------------------------ reading

    def info(self) -> IndexInfo:
        self.require()
        manifest = self.manifest()
        counts = [self._kept_counts(shard) for shard in range(len(manifest["shards"]))]
        statements, vectors = sum(c[0] for c in counts), sum(c[1] for c in counts)
        kind = manifest.get("vectors", {}).get("kind", "exact")
        return IndexInfo(
            name=self.name,
            path=Path(self.location),
            model=manifest.get("model", "-"),
            dim=int(manifest.get("dim", 0)),
            documents=sum(s["documents"] for s in manifest["shards"]),
            statements=statements,
            vectors=vectors,
            search="exact" if kind == "exact" else f"approximate (IVF-PQ, nprobe {self.settings.nprobe})",
            bytes=sum(i.size for i in self._fs.get_file_info(_selector(self._root)) if i.size is not None),
        )

    def _kept_counts(self, shard: int) -> tuple[int, int]:
        """Statements and vectors of the shard's kept documents, one shard in memory at a time."""
        import numpy as np

        kept = {content for content, _, _ in self._names(shard)}
        table = self._statements(shard, ["content_hash", "vector"])
        own = np.asarray([c in kept for c in table["content_hash"].to_pylist()], dtype=bool)
        valid = np.asarray(table["vector"].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        return int(own.sum()), int((own & valid).sum())

    def content_hashes(self) -> dict[str, str]:
        """Content hash → document name, for every stored document."""
        return {content: name for n in range(len(self.manifest()["shards"])) for content, name, _ in self._names(n)}

    def document_names(self) -> set[str]:
        return set(self.content_hashes().values())

    def search(self, queries: Matrix, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to ``k`` (statement row id, cosine) pairs, nearest first."""
        index = self._index()
        approximate = hasattr(index, "nprobe")
        found = nearest(index, queries, k * RERANK if approximate else k)
        return self._rescored(queries, found, k) if approximate else found

    def segments_by_row(self, rows: Sequence[int]) -> dict[int, tuple[Segment, Document]]:
        """The statements with these row ids, each with its (renamed) document."""
        out: dict[int, tuple[Segment, Document]] = {}
        for shard, wanted in _by_shard(rows).items():
            table = self._statements(shard, ["content_hash", "record"])
            documents = self._document_records(shard)
            for row in wanted:
                content = table["content_hash"][row].as_py()
                if content not in documents:
                    continue
                document, renamed = documents[content]
                segment = record_from_json(Segment, table["record"][row].as_py())
                if renamed:
                    segment = renamed_records(record_from_json(Document, document), [segment], renamed)[1][0]
                out[_row_id(shard, row)] = (segment, self._document(document, renamed))
        return out

    def document_of_rows(self, rows: Sequence[int]) -> dict[int, str]:
        """Statement row id → name of its document."""
        out: dict[int, str] = {}
        for shard, wanted in _by_shard(rows).items():
            owners = self._statements(shard, ["content_hash"])["content_hash"]
            names = {content: name for content, name, _ in self._names(shard)}
            for row in wanted:
                content = owners[row].as_py()
                if content in names:
                    out[_row_id(shard, row)] = names[content]
                    self._located[names[content]] = (shard, content)
        return out

    def load_documents(self, names: Sequence[str]) -> list[StoredDocument]:
        """The stored documents of these names with their statements and vectors, in the order asked.

        Each shard that holds one of them is read once, whatever the number of names it holds.
        """
        if any(name not in self._located for name in names):
            for shard in range(len(self.manifest()["shards"])):
                for content, name, _ in self._names(shard):
                    self._located[name] = (shard, content)
        found: dict[str, StoredDocument] = {}
        for shard, wanted in _group_by_shard(self._located[n] for n in names if n in self._located).items():
            found.update(self._stored_documents(shard, wanted))
        return [found[self._located[name][1]] for name in names if name in self._located]

    def _stored_documents(self, shard: int, contents: set[str]) -> dict[str, StoredDocument]:
        """Content hash → stored document, for these documents of one shard."""
        import numpy as np

        records = self._document_records(shard)
        table = self._statements(shard, ["content_hash", "statement", "record", "vector"])
        rows: dict[str, list[int]] = {content: [] for content in contents}
        for r, content in enumerate(table["content_hash"].to_pylist()):
            if content in rows:
                rows[content].append(r)
        numbers, texts, vectors = table["statement"], table["record"], table["vector"]
        out = {}
        for content, own in rows.items():
            own.sort(key=lambda r: numbers[r].as_py())
            segments = tuple(record_from_json(Segment, texts[r].as_py()) for r in own)
            own_vectors = tuple(
                np.asarray(vectors[r].as_py(), dtype=np.float32) if vectors[r].is_valid else None for r in own
            )
            document, renamed = records[content]
            record = record_from_json(Document, document)
            if renamed:
                record, segments = renamed_records(record, segments, renamed)
            out[content] = StoredDocument(document=record, segments=segments, vectors=own_vectors)
        return out

    # ------------------------------------------------------------------ vectors

    def _index(self) -> Any:
        """Exact (flat, in input order as the embedded index adds them) or the shards' IVF-PQ merged."""
        if self._search_index is not None:
            return self._search_index
        import faiss
        import numpy as np

        self.require()
        kind = self.manifest().get("vectors", {}).get("kind", "exact")
        if kind == "exact":
            vectors, ids, orders = self._vectors_with_ids()
            arrangement = np.lexsort((orders[:, 1], orders[:, 0]))  # by input order, then statement
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(int(self.manifest()["dim"])))
            if len(ids):
                index.add_with_ids(np.ascontiguousarray(vectors[arrangement]), ids[arrangement])
        else:
            trained = self._read_bytes("vectors/trained.faiss") or b""
            parts = [self._read_bytes(f"vectors/{s['key']}.faiss") or b"" for s in self.manifest()["shards"]]
            index = merged_index(trained, parts, self.settings.nprobe)
        self._search_index = index
        return index

    def _rescored(self, queries: Matrix, found: list[list[tuple[int, float]]], k: int) -> list[list[tuple[int, float]]]:
        """IVF-PQ's candidates re-scored with the exact vectors: true cosines, exact order among them."""
        import numpy as np

        wanted = sorted({row for hits in found for row, _ in hits})
        exact: dict[int, Any] = {}
        for shard, rows in _by_shard(wanted).items():
            column = self._statements(shard, ["vector"])["vector"]
            for row in rows:
                exact[_row_id(shard, row)] = np.asarray(column[row].as_py(), dtype=np.float32)
        out = []
        for query, hits in zip(queries, found, strict=True):
            scored = sorted(((row, float(exact[row] @ query)) for row, _ in hits), key=lambda h: (-h[1], h[0]))
            out.append(scored[:k])
        return out

    def _index_vectors(self, map_shards: Callable[[Callable[[str], None], list[str]], None] | None) -> None:
        """Past the exact limit: train IVF-PQ once on a sample, then add each shard not yet indexed."""
        import numpy as np

        manifest = self.manifest()
        total = sum(s["vectors"] for s in manifest["shards"])
        state = manifest.setdefault("vectors", {"kind": "exact"})
        if state["kind"] == "exact":
            if total <= self.settings.exact_limit or not approximate_possible(total):
                return
            rng = np.random.default_rng(0)
            share = min(1.0, train_points(total) / total)
            sample = []
            for shard in range(len(manifest["shards"])):
                vectors = self._vectors_with_ids([shard])[0]
                sample.append(vectors[rng.random(len(vectors)) < share])
            lists = lists_for(total)
            self._write_bytes("vectors/trained.faiss", trained_index(np.concatenate(sample), lists))
            manifest["vectors"] = state = {"kind": "ivfpq", "lists": lists, "indexed": []}
        positions = {s["key"]: n for n, s in enumerate(manifest["shards"])}
        pending = [s["key"] for s in manifest["shards"] if s["key"] not in set(state["indexed"])]
        trained = self._read_bytes("vectors/trained.faiss") or b""

        def build(key: str) -> None:
            vectors, ids, _ = self._vectors_with_ids([positions[key]])
            self._write_bytes(f"vectors/{key}.faiss", shard_vectors_index(trained, vectors, ids))

        (map_shards or _one_after_another)(build, pending)
        state["indexed"] = state["indexed"] + pending


def _write_atomically(fs: Any, path: str, write: Callable[[Any], Any]) -> None:
    """Write to a temporary name beside ``path``, then move it there: readers see the old file or the new one."""
    folder = path.rsplit("/", 1)[0]
    fs.create_dir(folder, recursive=True)
    temporary = f"{folder}/.{uuid.uuid4().hex}.tmp"
    try:
        with fs.open_output_stream(temporary) as stream:
            write(stream)
        fs.move(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            fs.delete_file(temporary)
        raise


def _filesystem(location: str) -> tuple[Any, str]:
    """pyarrow's filesystem for a folder or URI, and the path inside it."""
    _pyarrow()
    from pyarrow import fs

    if "://" in location:
        filesystem, path = fs.FileSystem.from_uri(location)
        return filesystem, path.rstrip("/")
    return fs.LocalFileSystem(), str(Path(location).expanduser().resolve())


def _selector(root: str) -> Any:
    from pyarrow import fs

    return fs.FileSelector(root, recursive=True, allow_not_found=True)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise CorpusIndexError(
            "an index built by --engine ray is Parquet shards, and pyarrow, which reads and writes them, is not "
            f"installed. You can fix this by running: {RAY_INSTALL}"
        ) from None
    return pyarrow, pyarrow.parquet


def _row_id(shard: int, row: int) -> int:
    return (shard << _SHARD_BITS) | row


def _group_by_shard(located: Iterable[tuple[int, str]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for shard, content in located:
        out.setdefault(shard, set()).add(content)
    return out


def _by_shard(rows: Iterable[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for row in dict.fromkeys(rows):
        out.setdefault(row >> _SHARD_BITS, []).append(row & ((1 << _SHARD_BITS) - 1))
    return out


def _one_after_another(build: Callable[[str], None], keys: list[str]) -> None:
    for key in keys:
        build(key)
