"""``index add --engine ray``: read → segment → analyse → embed → store, as one streaming Ray Data pipeline.

The stages are the embedded engine's own (:func:`~claimcmp.input.iter_documents`,
:func:`~claimcmp.analysis.analysed_or_skipped`, the :class:`~claimcmp.model.Embedder` protocol,
:func:`~claimcmp.corpus.write_shard`); Ray runs them:

- **read**: a small pool of actors (``map_batches`` with a callable class), an input per call (a
  file, or a JSON, JSONL or Parquet file of many records) whose documents flow on as rows, a few
  dozen at a time, so one big JSONL is analysed by the whole pool;
- **analyse**: a pool of actors, a few documents per call (segmentation and facts, one document at
  a time as the embedded engine does);
- **embed**: an actor pool, one model per actor, loaded once; a GPU per actor where the cluster has
  GPUs (and a larger batch there), else ``engine.cpus_per_worker`` CPUs and as many torch threads;
  it reads only the texts of its Arrow batch and adds the vectors, the other columns pass through;
- **store**: a pool of actors that each write one Parquet shard per batch, keyed by its documents'
  content hashes, and return its summary.

Reading, analysis and storing run in actors rather than tasks because a worker process costs
seconds of CPU to start (Ray, pyarrow, the rule tables, the language detector) and Ray ends idle
task workers within a second; and at a lower CPU priority than the embedding actors, the
bottleneck on CPUs (``benchmarks/ray_engine.py`` measured both).

Only the summaries (a content hash, a name and a number per document) reach this process, which
commits them (:meth:`~claimcmp.corpus.ShardIndex.commit`); no step holds the archive. Ray retries a
task whose worker died and restarts a dead actor; a retried store task rewrites the same shard, and
the commit counts each text once, so nothing is lost or stored twice.

Rows carry records as JSON text and vectors as float32 bytes: plain Arrow types, exact round trips.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from claimcmp.align import is_alignable
from claimcmp.analysis import analysed_or_skipped, dated, user_reference_date
from claimcmp.config import EngineSettings, InputSettings, Settings
from claimcmp.corpus import (
    ShardDocument,
    ShardIndex,
    open_index,
    record_from_json,
    record_to_json,
    write_shard,
)
from claimcmp.distributed.engine import require_ray
from claimcmp.errors import ClaimcmpError, CorpusIndexError, EngineError
from claimcmp.input import collect_paths, content_hash, fact_rule_warnings, iter_documents
from claimcmp.model import Embedder, embedding_text, load_embedder, model_identity
from claimcmp.pipeline import Progress, Silent
from claimcmp.records import Document, IndexAddition, SkippedInput

# documents a reading actor passes on at a time, per analysis call, per embedding call on a CPU (GPU:
# x4) and per shard
READ_ROWS = 64
ANALYSE_BATCH = 8
EMBED_BATCH = 16
SHARD_DOCUMENTS = 256
# inputs per block of the input list (a file is read and analysed in milliseconds; a block costs more)
INPUTS_PER_TASK = 4
# input number · 2²⁴ + record number: the order the embedded engine meets documents in
_RECORD_BITS = 24
# logical CPUs of one reading, analysis or store actor (and of an index-building task): they are light
# next to the model, and must still find room beside embedding actors that reserve every CPU
_LIGHT_CPUS = 0.25

EmbedderFactory = Callable[[bool], Embedder]


class BuiltinModel:
    """Loads the configured model in an actor (on its GPU when it has one), without the vector cache."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, gpu: bool) -> Embedder:
        model = self.settings.model
        if gpu:  # the batch size from the device: a GPU takes far more statements per call
            from dataclasses import replace

            model = replace(model, device="cuda", batch_size=max(model.batch_size, 256))
        return load_embedder(model, self.settings.cache.dir)


def ray_add_to_index(
    paths: Sequence[str | Path],
    index_name: str,
    settings: Settings | None = None,
    *,
    embedder_factory: EmbedderFactory | None = None,
    progress: Progress | None = None,
    shard_documents: int = SHARD_DOCUMENTS,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> IndexAddition:
    """:func:`claimcmp.corpus.add_to_index` on a Ray cluster, into a Parquet-sharded index.

    ``on_shard`` is called with each shard's summary as it is stored (content hashes, names and
    statement counts of its documents), for a caller's own accounting (the benchmark's rates).
    """
    ray = require_ray()
    settings = settings or Settings()
    progress = progress or Silent()
    index = _writable_index(index_name, settings)
    inputs = collect_paths(paths, settings.input)
    factory = embedder_factory or BuiltinModel(settings)
    started = connect(ray, settings.engine)  # first: a cluster that cannot be reached leaves no index behind
    try:
        described = (
            factory(False) if embedder_factory else load_embedder(settings.model, settings.cache.dir, None, True)
        )
        index.check_model(described.name, model_identity(described), described.dim)
        workers, gpus = pool_size(ray, settings.engine)
        progress.stage(f"ray: {len(inputs)} inputs, {workers} embedding actors" + (" on GPUs" if gpus else ""))
        dataset = _pipeline(ray, inputs, settings, index, factory, described.dim, workers, gpus, shard_documents)
        summaries: list[dict[str, Any]] = []
        finished: set[str] = set()  # inputs with documents stored (an input's documents may span shards)
        try:
            for row in dataset.iter_rows():
                summaries.append(json.loads(row["summary"]))
                if on_shard is not None:
                    on_shard(summaries[-1])
                finished.update(summaries[-1]["inputs"])
                progress.advance(len(finished), len(inputs))
        except Exception as exc:  # a ClaimcmpError raised in a task (strict input) arrives wrapped by Ray
            cause = getattr(exc, "cause", None)
            if isinstance(cause, ClaimcmpError):
                raise cause from None
            raise
        progress.stage("commit")
        commit = index.commit([s for s in summaries if s["hashes"]], map_shards=_parallel(ray))
    finally:
        if started:
            ray.shutdown()
    skipped = [SkippedInput(**item) for s in summaries for item in s["skipped"]]
    known = [(name, stored) for s in summaries for name, stored in s["known"]]
    warnings = [w for s in summaries for _, own in s["warnings"] for w in own]
    langs = dict.fromkeys(lang for s in summaries for lang in s["langs"])
    return IndexAddition(
        index=index_name,
        added=commit.added,
        duplicates=tuple(known) + commit.duplicates,
        statements=commit.statements,
        skipped=tuple(skipped),
        warnings=tuple(warnings + index.warnings) + fact_rule_warnings(langs),
    )


def connect(ray: Any, engine: EngineSettings, workers: int | None = None) -> bool:
    """Join the cluster ``engine.address`` names (or RAY_ADDRESS), or start a local one; True if started here."""
    if ray.is_initialized():
        return False
    address = engine.address or os.environ.get("RAY_ADDRESS") or None
    options: dict[str, Any] = {"ignore_reinit_error": True, "logging_level": "WARNING"}
    if address is None:  # a local Ray: room for the asked actors and one CPU for reading and analysis
        wanted = (workers or engine.workers) * engine.cpus_per_worker
        options["num_cpus"] = max(os.cpu_count() or 1, int(wanted + 1))
    runtime_env = engine.runtime_env()
    if runtime_env is not None:  # else Ray's own: a job's runtime environment when run by `ray job submit`
        options["runtime_env"] = runtime_env
    try:
        _check_reachable(address)
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError, OSError) as exc:
        raise EngineError(
            f"cannot reach the Ray cluster at {address}: {exc}. You can fix this by starting one "
            "(ray start --head) and passing --address auto, or its ray://HOST:10001 address."
        ) from exc
    return True


def _check_reachable(address: str | None, seconds: float = 5.0) -> None:
    """Fail in seconds where a HOST:PORT address answers nothing (Ray itself waits about a minute)."""
    import socket

    if not address or address in ("auto", "local"):
        return
    host, _, port = address.split("://", 1)[-1].rpartition(":")
    if not host or not port.isdigit():
        return  # not HOST:PORT: Ray reads it and says what is wrong
    with socket.create_connection((host.strip("[]"), int(port)), timeout=seconds):
        pass


def pool_size(ray: Any, engine: EngineSettings) -> tuple[int, bool]:
    """Embedding actors, and whether each takes a GPU: one per GPU where the cluster has GPUs."""
    resources = ray.cluster_resources()
    gpus = int(resources.get("GPU", 0))
    if engine.workers:
        return engine.workers, gpus > 0
    if gpus:
        return gpus, True
    cpus = float(resources.get("CPU", 1))
    return max(1, int((cpus - 1) // engine.cpus_per_worker)), False


def _pipeline(
    ray: Any,
    inputs: list[str | Path],
    settings: Settings,
    index: ShardIndex,
    factory: EmbedderFactory,
    dim: int,
    workers: int,
    gpus: bool,
    shard_documents: int,
) -> Any:
    known = ray.put(index.content_hashes())  # content hash -> stored name: what is already there is not redone
    rows = [{"input": str(path), "position": n} for n, path in enumerate(inputs)]
    blocks = min(1000, max(1, -(-len(rows) // INPUTS_PER_TASK)))
    dataset = ray.data.from_items(rows, override_num_blocks=blocks)
    # reading, analysis and storing in small actor pools, not tasks (module docstring): restarted task
    # workers cost a third of the CPU the pipeline spent besides the model, taken from the embedders
    spare = _spare_cpus(ray, workers * settings.engine.cpus_per_worker, gpus)
    dataset = dataset.map_batches(
        ReadInputs,
        batch_size=1,
        num_cpus=_LIGHT_CPUS,
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=max(1, spare // 2)),
        fn_constructor_kwargs={"settings": settings.input},
    )
    dataset = dataset.map_batches(
        AnalyseDocuments,
        batch_size=ANALYSE_BATCH,
        num_cpus=_LIGHT_CPUS,
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=spare),
        fn_constructor_kwargs={"settings": settings, "known": known},
    )
    dataset = dataset.map_batches(
        EmbedStatements,
        batch_size=EMBED_BATCH * (4 if gpus else 1),
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=settings.engine.cpus_per_worker,
        num_gpus=1 if gpus else 0,
        fn_constructor_kwargs={"factory": factory, "threads": settings.engine.cpus_per_worker, "gpu": gpus},
    )
    return dataset.map_batches(
        StoreShards,
        batch_size=shard_documents,
        num_cpus=_LIGHT_CPUS,
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=max(1, spare // 2)),
        fn_constructor_kwargs={"location": index.location, "dim": dim},
    )


def _spare_cpus(ray: Any, reserved: float, gpus: bool) -> int:
    """Analysis actors the cluster has room for: its CPUs the embedding actors leave (on GPU nodes, most)."""
    cpus = float(ray.cluster_resources().get("CPU", 1))
    return max(1, int(cpus - (0 if gpus else reserved)))


# ----------------------------------------------------------------------------- the stages (run in Ray workers)


def read_inputs(batch: dict[str, Any], settings: InputSettings) -> Iterator[dict[str, list[Any]]]:
    """Each input's documents as rows (``document``), or why it cannot be read (``skipped``).

    Yields them :data:`READ_ROWS` at a time, so one JSONL file of a million records is neither held
    whole nor analysed by one actor: its rows flow on to the whole analysis pool.
    """
    out: dict[str, list[Any]] = {"kind": [], "order": [], "input": [], "record": []}
    for name, position in zip(batch["input"], batch["position"], strict=True):
        for number, item in enumerate(iter_documents([name], settings)):
            out["kind"].append("skipped" if isinstance(item, SkippedInput) else "document")
            out["order"].append((int(position) << _RECORD_BITS) + number)
            out["input"].append(str(name))
            out["record"].append(record_to_json(item))
            if len(out["kind"]) == READ_ROWS:
                yield out
                out = {column: [] for column in out}
    if out["kind"]:
        yield out


def analyse_documents(
    batch: dict[str, Any], settings: Settings, known: dict[str, str], reference: date | None
) -> dict[str, list[Any]]:
    """Segment and analyse each document of the batch (one at a time: a failure costs only it).

    A row per document: ``kind`` (document, known, skipped), its place in the input order, the
    records as JSON and, for a new document, the texts to embed and what the store needs besides
    (content hash, name, warnings, languages), so that no later stage parses a record again.
    """
    columns = ("kind", "order", "input", "record", "statements", "texts", "rows", "hash", "name", "notes")
    out: dict[str, list[Any]] = {c: [] for c in columns}
    for kind, order, name, record in zip(batch["kind"], batch["order"], batch["input"], batch["record"], strict=True):
        item: Document | SkippedInput = (
            record_from_json(Document, record) if kind == "document" else record_from_json(SkippedInput, record)
        )
        row = _analysed_row(item, settings, known, reference)
        row.update(order=order, input=name)
        for column in columns:
            out[column].append(row[column])
    return out


def _analysed_row(
    item: Document | SkippedInput, settings: Settings, known: dict[str, str], reference: date | None
) -> dict[str, Any]:
    row: dict[str, Any] = {"statements": "[]", "texts": "[]", "rows": "[]", "hash": "", "name": "", "notes": "{}"}
    if isinstance(item, SkippedInput):
        return {**row, "kind": "skipped", "record": record_to_json(item)}
    digest = content_hash(item)
    if digest in known:
        return {**row, "kind": "known", "record": json.dumps([item.id, known[digest]])}
    skipped: list[SkippedInput] = []
    segments = analysed_or_skipped(item, settings, reference, skipped)
    if segments is None:
        return {**row, "kind": "skipped", "record": record_to_json(skipped[0])}
    own = [n for n, s in enumerate(segments) if is_alignable(s, settings.alignment.min_words)]
    return {
        "kind": "document",
        "record": record_to_json(dated(item, segments)),
        "statements": json.dumps([record_to_json(s) for s in segments], ensure_ascii=False),
        "texts": json.dumps([embedding_text(segments[n]) for n in own], ensure_ascii=False),
        "rows": json.dumps(own),
        "hash": digest,
        "name": item.id,
        "notes": json.dumps(
            {"warnings": list(item.warnings), "langs": list(dict.fromkeys(s.lang for s in segments))},
            ensure_ascii=False,
        ),
    }


class EmbedStatements:
    """An embedding actor: one model, loaded once, pinned to its share of the machine."""

    def __init__(self, factory: EmbedderFactory, threads: float, gpu: bool) -> None:
        import torch

        torch.set_num_threads(max(1, int(threads)))
        self.embedder = factory(gpu)

    def __call__(self, batch: Any) -> Any:
        """Takes and returns an Arrow table: only the texts are read, the other columns pass through uncopied."""
        import numpy as np
        import pyarrow as pa

        texts = [json.loads(t) for t in batch.column("texts").to_pylist()]
        flat = [t for own in texts for t in own]
        vectors = self.embedder.embed_batch(flat) if flat else np.zeros((0, 1), dtype=np.float32)
        out, start = [], 0
        for own in texts:
            out.append(np.ascontiguousarray(vectors[start : start + len(own)], dtype=np.float32).tobytes())
            start += len(own)
        return batch.append_column("vectors", pa.array(out, type=pa.binary()))


class ReadInputs:
    """A reading actor: each input of its batch as document rows (:func:`read_inputs`)."""

    def __init__(self, settings: InputSettings) -> None:
        self.settings = settings
        _yield_to_embedding()

    def __call__(self, batch: dict[str, Any]) -> Iterator[dict[str, list[Any]]]:
        yield from read_inputs(batch, self.settings)


class AnalyseDocuments:
    """An analysis actor: rule tables and language detector loaded once (:func:`analyse_documents`)."""

    def __init__(self, settings: Settings, known: Any) -> None:
        import ray

        self.settings = settings
        self.known = ray.get(known) if isinstance(known, ray.ObjectRef) else known
        self.reference = user_reference_date(settings)
        _yield_to_embedding()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        return analyse_documents(batch, self.settings, self.known, self.reference)


class StoreShards:
    """A storing actor: writes each batch of embedded documents as one shard (:func:`store_shard`)."""

    def __init__(self, location: str, dim: int) -> None:
        self.location = location
        self.dim = dim
        _yield_to_embedding()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        return store_shard(batch, self.location, self.dim)


def _yield_to_embedding() -> None:
    """Lower this process's CPU priority below the embedding actors': they are the pipeline's bottleneck
    on CPUs, and reading, analysis and storing, a tenth of their work, can run in what they leave."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: the same work at the same priority
            os.nice(4)


def store_shard(batch: dict[str, Any], location: str, dim: int) -> dict[str, list[str]]:
    """Write the batch's documents as one shard; its summary, with the inputs skipped or already stored.

    The records are stored as the analysis wrote them (JSON), not parsed and written again.
    """
    import numpy as np

    documents, skipped, known, warnings, langs, inputs = [], [], [], [], {}, set()
    for n, kind in enumerate(batch["kind"]):
        inputs.add(batch["input"][n])
        if kind == "skipped":
            item = record_from_json(SkippedInput, batch["record"][n])
            skipped.append({"path": item.path, "reason": item.reason})
        elif kind == "known":
            known.append(json.loads(batch["record"][n]))
        elif kind == "document":
            statements = json.loads(batch["statements"][n])
            rows = json.loads(batch["rows"][n])
            vectors = np.frombuffer(batch["vectors"][n], dtype=np.float32).reshape(len(rows), dim)
            vector_of = dict(zip(rows, vectors, strict=True))
            name, notes = batch["name"][n], json.loads(batch["notes"][n])
            documents.append(
                ShardDocument(
                    order=int(batch["order"][n]),
                    content_hash=batch["hash"][n],
                    name=name,
                    record=batch["record"][n],
                    statements=tuple(statements),
                    vectors=tuple(vector_of.get(row) for row in range(len(statements))),
                )
            )
            warnings.append([name, notes["warnings"]])
            langs.update(dict.fromkeys(notes["langs"]))
    summary: dict[str, Any] = {"key": "", "hashes": [], "names": [], "orders": [], "statements": [], "vectors": 0}
    if documents:
        summary = write_shard(location, documents, dim)
    summary.update(skipped=skipped, known=known, warnings=warnings, langs=list(langs), inputs=sorted(inputs))
    return {"summary": [json.dumps(summary, ensure_ascii=False)]}


# ----------------------------------------------------------------------------- helpers


def _writable_index(index_name: str, settings: Settings) -> ShardIndex:
    index = open_index(index_name, settings, new="shards")
    if not isinstance(index, ShardIndex):
        raise CorpusIndexError(
            f"index {index_name!r} was built by the embedded engine (SQLite); --engine ray builds Parquet shards. "
            "You can fix this by choosing a new index name, or by passing --engine embedded."
        )
    return index


def _parallel(ray: Any) -> Callable[[Callable[[str], None], list[str]], None]:
    """Run one function per shard as Ray tasks (IVF-PQ: each shard's vectors added in its own task)."""

    def run(build: Callable[[str], None], keys: list[str]) -> None:
        if keys:
            task = ray.remote(num_cpus=_LIGHT_CPUS)(lambda key: build(key))
            ray.get([task.remote(key) for key in keys])

    return run
