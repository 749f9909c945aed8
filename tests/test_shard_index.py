"""The Parquet-sharded index (what ``--engine ray`` builds), without Ray: idempotent shard writes, the commit
(first copy of a text wins, names made unique), search and ``align --against`` as the embedded index answers
them, and IVF-PQ past the exact limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claimcmp import Settings
from claimcmp.align import is_alignable
from claimcmp.analysis import analysed_or_skipped, dated
from claimcmp.config import CacheSettings, IndexSettings
from claimcmp.corpus import (
    ShardDocument,
    ShardIndex,
    add_to_index,
    compare_against,
    open_index,
    search_index,
    shard_document,
    write_shard,
)
from claimcmp.input import iter_documents
from claimcmp.model import embedding_text
from claimcmp.output import comparison_to_json
from tests.support.embedders import HashEmbedder

from .conftest import SEEDS

pytest.importorskip("pyarrow")

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _settings(cache: Path, **index: int) -> Settings:
    return replace(Settings(), cache=CacheSettings(dir=cache, vectors=False), index=replace(IndexSettings(), **index))


def _shard_documents(paths: Sequence[Path], settings: Settings, first: int = 0) -> list[ShardDocument]:
    """The documents as the Ray pipeline hands them to the store (analysed one at a time, embedded)."""
    embedder = HashEmbedder()
    out = []
    for position, path in enumerate(paths, start=first):
        for record, document in enumerate(iter_documents([path], settings.input)):
            assert not hasattr(document, "reason")
            segments = analysed_or_skipped(document, settings, None, [])  # type: ignore[arg-type]
            assert segments is not None
            document = dated(document, segments)  # type: ignore[arg-type]
            rows = [n for n, s in enumerate(segments) if is_alignable(s, settings.alignment.min_words)]
            vectors = embedder.embed_batch([embedding_text(segments[n]) for n in rows])
            out.append(shard_document((position << 24) + record, document, segments, vectors, rows))
    return out


def _sharded(location: Path, settings: Settings, groups: Sequence[Sequence[ShardDocument]]) -> ShardIndex:
    index = ShardIndex(str(location), settings.index)
    index.check_model(HashEmbedder.name, HashEmbedder.identity, HashEmbedder.dim)
    summaries = [write_shard(str(location), group, HashEmbedder.dim) for group in groups]
    index.commit(summaries)
    return index


def test_a_retried_shard_replaces_its_files_and_is_committed_once(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    documents = _shard_documents(SEED_FILES[:2], settings)
    first = write_shard(str(tmp_path / "idx"), documents, HashEmbedder.dim)
    files = sorted(p.relative_to(tmp_path) for p in (tmp_path / "idx").rglob("*.parquet"))
    again = write_shard(str(tmp_path / "idx"), documents, HashEmbedder.dim)  # a retried task
    assert first == again
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "idx").rglob("*.parquet")) == files
    index = ShardIndex(str(tmp_path / "idx"), settings.index)
    index.check_model(HashEmbedder.name, HashEmbedder.identity, HashEmbedder.dim)
    commit = index.commit([first, again])
    assert len(commit.added) == 2 and not commit.duplicates
    assert index.commit([first]).added == ()  # the same shard committed by a later run adds nothing
    info = index.info()
    assert info.documents == 2 and info.statements == sum(len(d.statements) for d in documents)


def test_the_first_copy_of_a_text_wins_and_a_taken_name_is_renamed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    seeds = _shard_documents(SEED_FILES[:2], settings)
    other = tmp_path / "in" / SEED_FILES[0].name
    other.parent.mkdir()
    other.write_text("Совсем другая статья о переговорах в Пекине. Стороны договорились о новой встрече.")
    late = _shard_documents([other], settings, first=5)
    copy = replace(seeds[1], order=7 << 24, name="copy")  # the same text again, later in the input
    index = _sharded(tmp_path / "idx", settings, [[copy, *late], seeds])
    renamed = SEED_FILES[0].stem + "~2"
    assert sorted(index.content_hashes().values()) == sorted([SEED_FILES[0].stem, SEED_FILES[1].stem, renamed])
    stored = index.load_documents([renamed])[0]
    assert stored.document.id == renamed and all(s.doc == renamed for s in stored.segments)
    assert all(s.id.startswith(renamed + ":") for s in stored.segments)
    vectors = [v for v in stored.vectors if v is not None]
    assert len(vectors) == len(late[0].statements) - sum(v is None for v in late[0].vectors)
    # the later copy of a text is not counted: the kept documents' statements and vectors only
    kept = [*seeds, *late]
    info = index.info()
    assert info.statements == sum(len(d.statements) for d in kept)
    assert info.vectors == sum(v is not None for d in kept for v in d.vectors)


def test_search_and_against_answer_as_the_embedded_index(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    documents = _shard_documents(SEED_FILES, settings)
    _sharded(tmp_path / "sharded", settings, [documents[3:], documents[:3]])  # written out of order
    assert isinstance(open_index(str(tmp_path / "sharded"), settings), ShardIndex)
    for query in ("Путин поздравил Ким Чен Ына", "a moratorium on nuclear tests", "Пекін"):
        embedded = search_index(query, "news", settings, embedder=HashEmbedder(), limit=8)
        sharded = search_index(query, str(tmp_path / "sharded"), settings, embedder=HashEmbedder(), limit=8)
        assert [(h.score, h.segment, h.document) for h in sharded] == [
            (h.score, h.segment, h.document) for h in embedded
        ]
    new = SEED_FILES[:1]
    embedded_cmp = compare_against(new, "news", settings, embedder=HashEmbedder())
    sharded_cmp = compare_against(new, str(tmp_path / "sharded"), settings, embedder=HashEmbedder())
    assert comparison_to_json(sharded_cmp) == comparison_to_json(embedded_cmp)
    assert len(sharded_cmp.documents) > 1


def test_ivf_pq_past_the_exact_limit_finds_the_exact_neighbours(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    dim = 32
    centres = rng.normal(size=(40, dim))
    documents = []
    for d in range(120):
        vectors = centres[rng.integers(0, 40, 20)] + 0.3 * rng.normal(size=(20, dim))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        documents.append(
            ShardDocument(
                order=d,
                content_hash=f"{d:064x}",
                name=f"doc{d}",
                record="{}",
                statements=tuple("{}" for _ in range(20)),
                vectors=tuple(vectors),
            )
        )
    settings = IndexSettings(exact_limit=1000, nprobe=8)
    index = ShardIndex(str(tmp_path / "idx"), settings)
    index.check_model("random", "random#1", dim)
    index.commit([write_shard(str(tmp_path / "idx"), documents[i : i + 30], dim) for i in range(0, 120, 30)])
    assert index.info().search.startswith("approximate (IVF-PQ")
    exact = ShardIndex(str(tmp_path / "idx"), replace(settings, exact_limit=10**9))
    exact._manifest = {**index.manifest(), "vectors": {"kind": "exact"}}
    queries = np.asarray([v for d in documents[::12] for v in d.vectors[:3]], dtype=np.float32)
    found, truth = index.search(queries, 10), exact.search(queries, 10)
    recall = np.mean([len({r for r, _ in f} & {r for r, _ in t}) / 10 for f, t in zip(found, truth, strict=True)])
    assert recall >= 0.85  # PQ on noisy random vectors; real vectors: BENCHMARKS.md
    # the scores are the exact cosines, not PQ's estimates
    for hits, true in zip(found, truth, strict=True):
        scores = dict(true)
        assert all(abs(score - scores[row]) < 1e-6 for row, score in hits if row in scores)


def test_index_remove_on_a_sharded_index_is_a_clear_error_that_deletes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcmp.cli import app

    settings = _settings(tmp_path)
    location = tmp_path / "idx"
    _sharded(location, settings, [_shard_documents(SEED_FILES[:1], settings)])
    before = sorted(p.relative_to(tmp_path) for p in location.rglob("*"))
    for extra in (["--all"], ["some-document"]):
        result = CliRunner().invoke(app, ["index", "remove", "--index", str(location), *extra])
        assert result.exit_code == 1
        message = result.output.strip()
        assert message.startswith("error:") and "--engine ray" in message and "You can fix this by" in message
    assert sorted(p.relative_to(tmp_path) for p in location.rglob("*")) == before


def test_the_exact_index_keeps_input_order_past_half_a_million_inputs(tmp_path: Path) -> None:
    import faiss

    settings = _settings(tmp_path)
    # the two documents sit on each side of input 2**19, where one number made of (order, statement) overflowed
    late = _shard_documents(SEED_FILES[:2], settings, first=2**19 - 1)
    early = _shard_documents(SEED_FILES[:2], settings, first=0)
    # each index held in a name while its ids are read: faiss frees a temporary's memory under the view
    index_late = _sharded(tmp_path / "late", settings, [late])._index()
    index_early = _sharded(tmp_path / "early", settings, [early])._index()
    ids_late = faiss.vector_to_array(index_late.id_map).tolist()
    ids_early = faiss.vector_to_array(index_early.id_map).tolist()
    assert len(ids_late) == index_late.ntotal > 0 and ids_late == ids_early
