"""``index add --engine ray`` on a local Ray (one per module: Ray takes seconds to start): the same statements,
vectors, search and ``--against`` results as the embedded engine, and a worker that dies mid-job loses and
duplicates nothing. Skipped where Ray is not installed, unless CLAIMCMP_REQUIRE_RAY is set (CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimcmp import Settings
from claimcmp.config import CacheSettings, EngineSettings
from claimcmp.corpus import CorpusIndex, ShardIndex, add_to_index, compare_against, search_index
from claimcmp.distributed import ray_pipeline
from claimcmp.distributed.ray_pipeline import ray_add_to_index
from claimcmp.model.embedding import Embedder
from claimcmp.output import comparison_to_json
from tests.support.embedders import HashEmbedder

from .conftest import CACHE, REPO, SEEDS

if not os.environ.get("CLAIMCMP_REQUIRE_RAY"):
    pytest.importorskip("ray")
    pytest.importorskip("pyarrow")

pytestmark = pytest.mark.ray

DEV_SET = REPO / "benchmarks" / "data" / "devsets" / "flores_dev" / "set00"
INPUTS = [SEEDS, DEV_SET]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    import ray

    # workers import the stand-in embedders from tests/ as the test process does
    ray.init(num_cpus=2, runtime_env={"env_vars": {"PYTHONPATH": str(REPO)}}, logging_level="ERROR")
    yield ray
    ray.shutdown()


def _settings(cache: Path, model: bool = False) -> Settings:
    settings = replace(Settings(), cache=CacheSettings(dir=CACHE if model else cache, vectors=False))
    return replace(settings, engine=EngineSettings(name="ray", workers=1))


def _hash_model(gpu: bool) -> Embedder:
    return HashEmbedder()


def _same_store(embedded: CorpusIndex, sharded: ShardIndex, tolerance: float) -> int:
    """Assert both indexes hold the same documents, statements and vectors; the number of vectors."""
    names = sorted(embedded.document_names())
    assert sorted(sharded.document_names()) == names
    assert sharded.content_hashes() == embedded.content_hashes()
    vectors = 0
    for ours, theirs in zip(sharded.load_documents(names), embedded.load_documents(names), strict=True):
        assert ours.document == theirs.document and ours.segments == theirs.segments
        for a, b in zip(ours.vectors, theirs.vectors, strict=True):
            assert (a is None) == (b is None)
            if a is not None:
                assert np.max(np.abs(a - b)) <= tolerance
                vectors += 1
    return vectors


def test_ray_builds_what_the_embedded_engine_builds(local_ray: Any, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    embedded = add_to_index(INPUTS, "news", settings, embedder=HashEmbedder())
    ray_run = ray_add_to_index(INPUTS, "sharded", settings, embedder_factory=_hash_model, shard_documents=3)
    assert sorted(ray_run.added) == sorted(embedded.added) and ray_run.statements == embedded.statements
    sharded = ShardIndex(str(tmp_path / "indexes" / "sharded"), settings.index, name="sharded")
    assert len(sharded.manifest()["shards"]) == 3  # 9 documents, 3 per shard
    assert _same_store(CorpusIndex(tmp_path, "news", settings.index), sharded, 0.0) > 100
    for query in ("Путин поздравил Ким Чен Ына", "the first stage of the process"):
        ours = search_index(query, "sharded", settings, embedder=HashEmbedder())
        theirs = search_index(query, "news", settings, embedder=HashEmbedder())
        assert [(h.score, h.segment) for h in ours] == [(h.score, h.segment) for h in theirs]
    new = sorted(SEEDS.glob("*.txt"))[:1]
    assert comparison_to_json(compare_against(new, "sharded", settings, embedder=HashEmbedder())) == (
        comparison_to_json(compare_against(new, "news", settings, embedder=HashEmbedder()))
    )
    again = ray_add_to_index(INPUTS, "sharded", settings, embedder_factory=_hash_model)
    assert again.added == () and len(again.duplicates) == len(embedded.added)


class _DiesOnce:
    """Embeds as HashEmbedder; the first actor to embed a second batch kills its own process, once."""

    name, dim, identity = HashEmbedder.name, HashEmbedder.dim, HashEmbedder.identity

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.calls = 0

    def embed_batch(self, texts: list[str]) -> Any:
        self.calls += 1
        if self.calls == 2 and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)  # the worker dies mid-batch, as a lost machine would
        return HashEmbedder().embed_batch(texts)


class _DyingModel:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, gpu: bool) -> Embedder:
        return _DiesOnce(self.marker)


def test_a_worker_that_dies_mid_job_loses_and_duplicates_nothing(
    local_ray: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path)
    monkeypatch.setattr(ray_pipeline, "EMBED_BATCH", 2)  # several batches per actor
    marker = tmp_path / "died"
    result = ray_add_to_index(INPUTS, "sharded", settings, embedder_factory=_DyingModel(str(marker)), shard_documents=2)
    assert marker.exists()  # a worker did die
    embedded = add_to_index(INPUTS, "news", settings, embedder=HashEmbedder())
    assert sorted(result.added) == sorted(embedded.added) and result.statements == embedded.statements
    sharded = ShardIndex(str(tmp_path / "indexes" / "sharded"), settings.index, name="sharded")
    _same_store(CorpusIndex(tmp_path, "news", settings.index), sharded, 0.0)
    info = sharded.info()
    assert (info.documents, info.statements, info.vectors) == (
        len(embedded.added),
        embedded.statements,
        CorpusIndex(tmp_path, "news", settings.index).info().vectors,
    )


@pytest.mark.model
def test_ray_vectors_are_the_models_vectors(local_ray: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcmp.model import load_embedder

    # fp32: a statement's vector then does not depend on the batch it is embedded in (to 1e-7); in bf16
    # it does by up to 1e-3, in either engine, and the two engines batch differently
    settings = replace(_settings(tmp_path, model=True), engine=EngineSettings(name="ray", workers=1))
    settings = replace(settings, model=replace(settings.model, precision="fp32"))
    monkeypatch.setattr(ray_pipeline, "EMBED_BATCH", 2)  # batches unlike the embedded engine's one
    location = str(tmp_path / "sharded")
    ray_add_to_index(INPUTS, location, settings)
    embedder = load_embedder(settings.model, CACHE)
    embedded = replace(settings, cache=CacheSettings(dir=tmp_path, vectors=False))
    add_to_index(INPUTS, "news", embedded, embedder=embedder)
    sharded = ShardIndex(location, settings.index)
    assert _same_store(CorpusIndex(tmp_path, "news", settings.index), sharded, 1e-6) > 100
    query = "Putin congratulated Kim Jong Un on the anniversary of the founding of the DPRK"
    ours = search_index(query, location, settings, embedder=embedder)
    theirs = search_index(query, "news", embedded, embedder=embedder)
    assert [(h.score, h.segment) for h in ours] == [(h.score, h.segment) for h in theirs]
    new = sorted(SEEDS.glob("*.txt"))[:1]
    assert comparison_to_json(compare_against(new, location, settings, embedder=embedder)) == (
        comparison_to_json(compare_against(new, "news", embedded, embedder=embedder))
    )


@pytest.mark.model
def test_align_on_ray_compares_the_same_document_pairs(local_ray: Any, tmp_path: Path, embedder: Embedder) -> None:
    from claimcmp import compare
    from claimcmp.align import document_pairs
    from claimcmp.distributed import RayPairMiner

    settings = _settings(tmp_path, model=True)
    # the pooled search picks the document pairs (as above compare_all_below documents)
    settings = replace(settings, alignment=replace(settings.alignment, compare_all_below=2))
    miner = RayPairMiner(local_ray, pairs_per_task=3)
    calls: list[int] = []

    def counted(segments: Any, vectors: Any, alignment: Any, evidence: Any = None, search: Any = None) -> Any:
        calls.append(len(document_pairs(segments, vectors, alignment, search)))
        return miner(segments, vectors, alignment, evidence, search)

    on_ray = compare(INPUTS, settings, embedder=embedder, miner=counted)
    here = compare(INPUTS, settings, embedder=embedder)
    assert calls and calls[0] > 6  # more than two tasks' worth of document pairs
    assert len(here.pairs) > 20
    assert comparison_to_json(on_ray) == comparison_to_json(here)
