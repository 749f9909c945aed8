"""The Ray engine: ``index add`` throughput with 1 and 2 embedding workers against the embedded engine, and the
recall@10 of the sharded IVF-PQ index against exact search.

One run, one machine, in this order (so the four throughputs share the machine's state):

1. embedded ``index add`` (SQLite + FAISS) with torch on 1 thread, then on 2 threads;
2. ``index add --engine ray`` on a local Ray (3 logical CPUs: room for 2 actors and the read, analysis and
   store tasks) with 1, 2, 2 and 1 embedding actors (each figure the mean of its two runs), each actor
   pinned to one torch thread.

Input: the first N FLORES dev sets (``benchmarks/data/devsets/flores_dev/setNN``, 4 articles each) and the
real events' articles (``benchmarks/data/real/*/*.txt``), the built-in model, no vector cache.
Statements/s = statements stored / wall time of the whole call (Ray's start-up of actors and the model
loads included: what a user waits for); "steady" = statements stored after the first shard / time from
the first shard to the last (what a long job runs at). Analysis alone (read, segment, analyse; one core,
no model) is timed too: it is the CPU share a GPU does not take.

Recall: the real vectors the run embedded stand for sentences; a synthetic corpus of ``--recall-size``
statements is drawn from them as ``benchmarks/scale.py`` draws its corpus (an offset per event shared
by its four renderings, noise per statement), stored in shards of 10,000, indexed as IVF-PQ (claimcmp's
list count, nprobe and exact re-scoring), and 1,000 random statements are searched against exact search.

``--more N`` adds N articles of 25 FLORES dev sentences each (the four languages in turn): by default
520, about 15,700 statements in all, so that the run measures the rate a long job keeps (4 minutes
with one worker) rather than the 20-odd seconds every run spends starting actors and loading models
(``--more 0``: 1,732 statements, where that start is half of each run).

Run: ``python -m benchmarks.ray_engine [--sets 40] [--recall-size 100000] [--more 520]``
(needs ``pip install -e ".[ray]"``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "benchmarks" / "data" / "devsets" / "flores_dev"
RESULTS = REPO / "benchmarks" / "results" / "ray_engine.json"


def _settings(cache: Path, workers: int = 0) -> Any:
    from claimcmp import Settings
    from claimcmp.config import CacheSettings, EngineSettings

    settings = replace(Settings(), cache=CacheSettings(dir=cache, vectors=False))
    return replace(settings, engine=EngineSettings(name="ray", workers=workers, cpus_per_worker=1.0))


def _throughput(inputs: list[Path], cache: Path) -> dict[str, Any]:
    import ray
    import torch

    from claimcmp.corpus import add_to_index
    from claimcmp.distributed import ray_add_to_index

    out: dict[str, Any] = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        started = time.perf_counter()
        added = add_to_index(inputs, f"embedded{threads}", _settings(cache))
        seconds = time.perf_counter() - started
        out[f"embedded_{threads}_thread"] = {"statements": added.statements, "seconds": round(seconds, 2)}
        print(f"embedded, {threads} thread(s): {added.statements} statements in {seconds:.1f} s", file=sys.stderr)
    ray.init(num_cpus=3, logging_level="ERROR")
    runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
    try:
        for n, workers in enumerate((1, 2, 2, 1)):  # ABBA: a load that drifts during the run falls on both alike
            stored: list[tuple[float, int]] = []

            def record(summary: dict[str, Any], stored: list[tuple[float, int]] = stored) -> None:
                stored.append((time.perf_counter(), sum(summary["statements"])))

            started = time.perf_counter()
            added = ray_add_to_index(
                inputs, str(cache / f"ray{n}"), _settings(cache, workers), shard_documents=16, on_shard=record
            )
            seconds = time.perf_counter() - started
            # steady state: the statements stored after the first shard, over the time from it to the last
            # (the actors' start, imports and model load, and the pipeline's filling, left out)
            after_first = sum(count for _, count in stored[1:])
            runs[workers].append(
                {
                    "statements": added.statements,
                    "seconds": seconds,
                    "first_shard_s": stored[0][0] - started,
                    "steady_statements_per_s": after_first / (stored[-1][0] - stored[0][0]),
                }
            )
            print(f"ray, {workers} worker(s): {added.statements} statements in {seconds:.1f} s", file=sys.stderr)
    finally:
        ray.shutdown()
    for workers, both in runs.items():
        out[f"ray_{workers}_worker"] = {
            "statements": both[0]["statements"],
            "seconds": round(sum(r["seconds"] for r in both) / len(both), 2),
            "seconds_each": [round(r["seconds"], 2) for r in both],
            "first_shard_s": round(sum(r["first_shard_s"] for r in both) / len(both), 2),
            "steady_statements_per_s": round(sum(r["steady_statements_per_s"] for r in both) / len(both), 2),
        }
    for entry in out.values():
        entry["statements_per_s"] = round(entry["statements"] / entry["seconds"], 2)
    return out


def _analysis_only(inputs: list[Path], cache: Path) -> dict[str, Any]:
    """Read, segment and analyse the same inputs on one core, no model: the CPU share a GPU cannot take."""
    from claimcmp.analysis import analyse_each
    from claimcmp.input import read_documents

    settings = _settings(cache)
    started = time.perf_counter()
    documents, skipped = read_documents(inputs, settings.input)
    _, segments = analyse_each(documents, settings, None, skipped)
    seconds = time.perf_counter() - started
    return {
        "statements": len(segments),
        "seconds": round(seconds, 2),
        "statements_per_s": round(len(segments) / seconds, 1),
    }


def _recall(cache: Path, size: int) -> dict[str, Any]:
    import numpy as np

    from claimcmp.config import IndexSettings
    from claimcmp.corpus import ShardDocument, ShardIndex, write_shard

    source = ShardIndex(str(cache / "ray0"), IndexSettings())
    real = source._vectors_with_ids()[0]
    rng = np.random.default_rng(0)
    dim = real.shape[1]
    per_document, renderings = 25, 4
    location = str(cache / "recall")
    index = ShardIndex(location, IndexSettings(exact_limit=0))
    index.check_model("synthetic", "synthetic#1", dim)
    summaries, documents, vectors_all = [], [], []
    for d in range(size // per_document):
        if d % renderings == 0:
            lines = rng.choice(len(real), per_document, replace=False)
            offset = rng.normal(0.0, 0.04, (per_document, dim))
        vectors = real[lines] + offset + rng.normal(0.0, 0.01, (per_document, dim))
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        vectors_all.append(vectors)
        documents.append(ShardDocument(d, f"{d:064x}", f"doc{d}", "{}", tuple("{}" for _ in vectors), tuple(vectors)))
        if len(documents) * per_document >= 10_000:
            summaries.append(write_shard(location, documents, dim))
            documents = []
    if documents:
        summaries.append(write_shard(location, documents, dim))
    started = time.perf_counter()
    index.commit(summaries)
    build = time.perf_counter() - started
    matrix = np.concatenate(vectors_all)
    queries = matrix[rng.choice(len(matrix), 1000, replace=False)]
    exact = ShardIndex(location, IndexSettings())
    exact._manifest = {**index.manifest(), "vectors": {"kind": "exact"}}
    truth = exact.search(queries, 10)
    started = time.perf_counter()
    found = index.search(queries, 10)
    per_query = (time.perf_counter() - started) / len(queries)
    recall = float(
        np.mean([len({r for r, _ in f} & {r for r, _ in t}) / 10 for f, t in zip(found, truth, strict=True)])
    )
    bytes_ivf = sum(p.stat().st_size for p in (Path(location) / "vectors").glob("*.faiss"))
    return {
        "statements": len(matrix),
        "real_sentences": len(real),
        "lists": index.manifest()["vectors"]["lists"],
        "nprobe": IndexSettings().nprobe,
        "recall_at_10": round(recall, 4),
        "ms_per_query": round(per_query * 1000, 2),
        "build_s": round(build, 1),
        "ivfpq_bytes_per_vector": round(bytes_ivf / len(matrix), 1),
    }


def _flores_articles(folder: Path, count: int) -> list[Path]:
    """``count`` articles of 25 consecutive FLORES dev sentences, the four languages in turn."""
    languages = sorted((REPO / "benchmarks" / "data" / "flores200_dev").glob("*.dev"))
    lines = {path.stem: path.read_text(encoding="utf-8").splitlines() for path in languages}
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(count):
        language = languages[n % len(languages)].stem
        start = (n // len(languages)) * 25 % max(1, len(lines[language]) - 25)
        path = folder / f"flores_{n:04d}_{language}.txt"
        path.write_text("\n".join(lines[language][start : start + 25]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=40)
    parser.add_argument("--recall-size", type=int, default=100_000)
    parser.add_argument(
        "--more", type=int, default=520, help="also this many articles of 25 FLORES dev sentences each (a larger input)"
    )
    args = parser.parse_args()
    inputs: list[Path] = sorted(p for p in DEV.iterdir() if p.is_dir())[: args.sets]
    inputs += sorted((REPO / "benchmarks" / "data" / "real").glob("*/*.txt"))  # news articles, 7 languages
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        (cache / "models").symlink_to((REPO / "embeddings" / "models").resolve())
        inputs += _flores_articles(cache / "more", args.more)
        result: dict[str, Any] = {"inputs": len(inputs), "cpus": os.cpu_count()}
        result["analysis_only_1_core"] = _analysis_only(inputs, cache)
        result["throughput"] = _throughput(inputs, cache)
        t = result["throughput"]
        result["speedup_2_vs_1_workers"] = round(
            t["ray_2_worker"]["statements_per_s"] / t["ray_1_worker"]["statements_per_s"], 3
        )
        result["steady_speedup_2_vs_1_workers"] = round(
            t["ray_2_worker"]["steady_statements_per_s"] / t["ray_1_worker"]["steady_statements_per_s"], 3
        )
        result["ray_1_worker_vs_embedded_1_thread"] = round(
            t["ray_1_worker"]["statements_per_s"] / t["embedded_1_thread"]["statements_per_s"], 3
        )
        result["ray_2_workers_vs_embedded_2_threads"] = round(
            t["ray_2_worker"]["statements_per_s"] / t["embedded_2_thread"]["statements_per_s"], 3
        )
        result["recall"] = _recall(cache, args.recall_size)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
