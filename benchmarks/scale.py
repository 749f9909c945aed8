"""Scale: time and peak memory of indexing and alignment from 1k to 1M statements, and approximate-search recall.

Synthetic corpus with precomputed vectors: documents of 25 statements, four per
"event" (English, Russian, Ukrainian and Bulgarian renderings of 25 FLORES
sentences). A statement's vector is the real FLORES vector of its sentence,
plus an offset shared by the event's four renderings (so two events that draw
the same sentence report different facts, as two articles quoting one
sentence in different stories would), plus per-statement noise; renormalised.

Each size runs in a process of its own (``python -m benchmarks.scale SIZE
VECTORS.npz``), so its peak resident memory (VmHWM) is its own:

- **index**: :func:`claimcmp.align.vector_index.build_vector_index` over all
  vectors with claimcmp's default ``exact_limit`` (flat up to 200k, IVF above),
  and the recall@10 of the IVF index against exact search on 1,000 random
  queries (IVF built whatever the size, so recall is reported at every size);
- **alignment**: :func:`claimcmp.align.alignment.mine_pairs` (with the evidence
  scorer) + :func:`claimcmp.align.alignment.cluster_pairs`, the pipeline's stages.
  Above ``compare_all_below`` documents the document pairs come from one
  pooled kNN search, so time and memory should grow linearly.

Run: ``python -m benchmarks run --only scale`` (1M included unless ``--quick``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import CLAIMCMP_CODES, REPO, Context, fmt, log, table

NAME = "scale"

SIZES = tuple(int(x) for x in os.environ.get("CLAIMCMP_SCALE_SIZES", "1000,10000,100000,1000000").split(","))
SEGMENTS_PER_DOC = 25
NOISE_SIGMA = 0.01
"""Per-dimension noise of one statement (cosine to its FLORES vector ≈ 0.98)."""
EVENT_SIGMA = 0.04
"""Per-dimension offset shared by one event's renderings (two events' copies of a sentence: cosine ≈ 0.6)."""
RECALL_QUERIES = 1000
POINT_TIMEOUT_S = 1800


def run(ctx: Context) -> dict[str, Any]:
    import numpy as np

    vectors = ctx.flores_vectors("query: ")
    sizes = SIZES[:1] if ctx.quick else SIZES
    points = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "flores.npz"
        np.savez(source, **{CLAIMCMP_CODES[lang]: matrix for lang, matrix in vectors.items()})
        for size in sizes:
            log(f"scale: {size} statements (own process)")
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.scale", str(size), str(source)],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=POINT_TIMEOUT_S,
            )
            if done.returncode != 0:
                points.append({"segments": size, "error": done.stderr.strip().splitlines()[-3:]})
                log(f"scale: {size} failed: {done.stderr.strip()[-500:]}")
                continue
            point = json.loads(done.stdout.strip().splitlines()[-1])
            log(f"scale: {size}: {point}")
            points.append(point)
    return {
        "segments_per_document": SEGMENTS_PER_DOC,
        "noise_sigma": NOISE_SIGMA,
        "event_sigma": EVENT_SIGMA,
        "points": points,
    }


def synthetic(vectors: dict[str, Any], n_segments: int, seed: int = 0) -> tuple[list[Any], list[Any], Any]:
    """Segments, documents and their vector matrix for ``n_segments`` statements."""
    import numpy as np

    from claimcmp.records import Document, Facts, Segment

    rng = np.random.default_rng(seed)
    langs = sorted(vectors)
    n_lines, dim = next(iter(vectors.values())).shape
    n_docs = max(len(langs), n_segments // SEGMENTS_PER_DOC)
    segments, documents = [], []
    matrix = np.empty((n_docs * SEGMENTS_PER_DOC, dim), dtype=np.float32)
    text = "one statement of several words"
    for d in range(n_docs):
        if d % len(langs) == 0:
            lines = rng.choice(n_lines, SEGMENTS_PER_DOC, replace=False)
            offset = rng.normal(0.0, EVENT_SIGMA, (SEGMENTS_PER_DOC, dim)).astype(np.float32)
        lang = langs[d % len(langs)]
        doc_id = f"doc{d:06d}"
        documents.append(Document(id=doc_id, text="", lang=lang))
        rows = slice(d * SEGMENTS_PER_DOC, (d + 1) * SEGMENTS_PER_DOC)
        matrix[rows] = vectors[lang][lines] + offset
        for j in range(SEGMENTS_PER_DOC):
            segments.append(
                Segment(
                    id=f"{doc_id}:{j}", doc=doc_id, index=j, text=text, start=0, end=len(text), lang=lang, facts=Facts()
                )
            )
    matrix += rng.normal(0.0, NOISE_SIGMA, matrix.shape).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return segments, documents, matrix


def _rss_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := current RSS


def measure_point(size: int, source: Path) -> dict[str, Any]:
    import numpy as np

    from claimcmp.align.alignment import cluster_pairs, mine_pairs
    from claimcmp.align.evidence import evidence_scorer
    from claimcmp.align.vector_index import build_vector_index, is_approximate, search_in_batches
    from claimcmp.config import Settings

    settings = Settings()
    loaded = np.load(source)
    segments, documents, matrix = synthetic({k: loaded[k] for k in loaded.files}, size)
    point: dict[str, Any] = {"segments": len(segments), "documents": len(documents)}
    point["input_mb"] = round(_rss_mb("VmRSS"), 1)  # the statements and their vectors, held by the caller

    _reset_peak()
    start = time.perf_counter()
    index = build_vector_index(matrix, settings.index.exact_limit, settings.index.nprobe)
    point["index_seconds"] = round(time.perf_counter() - start, 2)
    point["index_kind"] = "IVF" if is_approximate(index) else "flat"
    point["index_peak_growth_mb"] = round(_rss_mb("VmHWM") - point["input_mb"], 1)
    del index

    # recall@10 of IVF (claimcmp's list count and nprobe) against exact search
    queries = matrix[np.random.default_rng(1).choice(len(matrix), min(RECALL_QUERIES, len(matrix)), replace=False)]
    exact = build_vector_index(matrix, len(matrix), settings.index.nprobe)
    approximate = build_vector_index(matrix, 0, settings.index.nprobe)
    truth = np.vstack([ids for _, _, ids in search_in_batches(exact, queries, 10)])
    start = time.perf_counter()
    found = np.vstack([ids for _, _, ids in search_in_batches(approximate, queries, 10)])
    ivf_query_ms = (time.perf_counter() - start) / len(queries) * 1000
    start = time.perf_counter()
    np.vstack([ids for _, _, ids in search_in_batches(exact, queries, 10)])
    exact_query_ms = (time.perf_counter() - start) / len(queries) * 1000
    point["ivf_recall_at_10"] = round(
        float(np.mean([len(set(t) & set(f)) / len(t) for t, f in zip(truth, found, strict=True)])), 4
    )
    point["ivf_query_ms"] = round(ivf_query_ms, 3)
    point["exact_query_ms"] = round(exact_query_ms, 3)
    del exact, approximate

    _reset_peak()
    before = _rss_mb("VmRSS")
    start = time.perf_counter()
    evidence = evidence_scorer(segments, settings.alignment.evidence_weight)
    pairs, near = mine_pairs(segments, matrix, settings.alignment, evidence, settings.index)
    kept, clusters = cluster_pairs(pairs, segments, documents, matrix, settings.alignment)
    point["align_seconds"] = round(time.perf_counter() - start, 2)
    point["align_peak_growth_mb"] = round(_rss_mb("VmHWM") - before, 1)
    point["pairs"], point["clusters"], point["near"] = len(kept), len(clusters), len(near)
    # every event's four documents report the same 25 sentences: 6 document pairs × 25 = 150 true pairs
    point["expected_pairs"] = (len(documents) // 4) * 6 * SEGMENTS_PER_DOC
    point["peak_rss_mb"] = round(_rss_mb("VmHWM"), 1)
    return point


def markdown(result: dict[str, Any]) -> str:
    rows = []
    for p in result["points"]:
        if "error" in p:
            rows.append([p["segments"], "failed: " + " ".join(p["error"])[:80], *["–"] * 9])
            continue
        rows.append(
            [
                f"{p['segments']:,}",
                f"{p['documents']:,}",
                f"{p['index_kind']} {fmt(p['index_seconds'], 2)}",
                fmt(p["index_peak_growth_mb"], 0),
                f"{p['ivf_recall_at_10']:.3f}",
                f"{p['ivf_query_ms']:.2f} / {p['exact_query_ms']:.2f}",
                fmt(p["align_seconds"], 2),
                fmt(p["align_peak_growth_mb"], 0),
                fmt(p["input_mb"], 0),
                f"{p['pairs']:,} / {p['expected_pairs']:,}",
            ]
        )
    return "\n".join(
        [
            f"Synthetic documents of {result['segments_per_document']} statements, four renderings per event "
            f"(FLORES vectors + event offset σ={result['event_sigma']} + noise σ={result['noise_sigma']}), "
            "each size in its own process. Index: `build_vector_index` with the default `exact_limit` (flat "
            "up to 200k vectors, IVF above). Recall: IVF (2·√n lists, nprobe 16) against exact search, top 10, "
            "1,000 random queries. Alignment: `mine_pairs` (evidence scorer included) + `cluster_pairs`. "
            "Memory columns: growth of the process's peak RSS over its RSS before the step; input: RSS holding "
            "the statements and vectors (and the imports).",
            "",
            table(
                [
                    "statements",
                    "documents",
                    "index build (s)",
                    "index peak +MB",
                    "IVF recall@10",
                    "ms/query IVF / exact",
                    "align (s)",
                    "align peak +MB",
                    "input RSS MB",
                    "pairs / planted",
                ],
                rows,
            ),
        ]
    )


if __name__ == "__main__":
    print(json.dumps(measure_point(int(sys.argv[1]), Path(sys.argv[2]))))
