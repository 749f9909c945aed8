"""Nearest-neighbour search over normalised vectors: exact up to a size, approximate above it.

Two users: the alignment's pooled search (which pairs of documents share a
close statement at all) and the persistent corpus index
(:mod:`claimcmp.corpus.index`). Vectors are L2-normalised, so inner product is
cosine.

- Up to ``exact_limit`` vectors: FAISS ``IndexFlatIP``, exact.
- Above: ``IndexIVFFlat`` with about 2·√n lists, trained on a sample, searching
  ``nprobe`` lists per query. Its recall against exact search is measured in
  BENCHMARKS.md (``python -m benchmarks run --only speed``). IVF rather than
  HNSW because it builds in seconds on two cores where HNSW takes minutes for a
  million vectors, and removing vectors from it is supported.

Searches run in batches of rows, so a search of every vector against every
other never holds more than ``batch × k`` results at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

SEARCH_BATCH = 4096
_TRAIN_POINTS_PER_LIST = 40  # FAISS warns below 39 training points per list
_KMEANS_ITERATIONS = 10  # FAISS's default of 25 triples training time for a recall gain under a point


def build_vector_index(vectors: Matrix, exact_limit: int, nprobe: int, ids: Any = None) -> Any:
    """An index holding ``vectors`` (ids: their row numbers unless given); flat, or IVF past ``exact_limit``."""
    import faiss
    import numpy as np

    dim = vectors.shape[1]
    index: Any
    if len(vectors) <= exact_limit or len(vectors) < 2:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        lists = max(1, min(int(2 * math.sqrt(len(vectors))), len(vectors) // _TRAIN_POINTS_PER_LIST))
        # a random sample: rows often come grouped by document, and k-means needs them mixed
        pick = np.random.default_rng(0).permutation(len(vectors))[: lists * _TRAIN_POINTS_PER_LIST]
        quantizer = faiss.IndexFlatIP(dim)  # FAISS's Python wrapper keeps it alive with the index
        index = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = _KMEANS_ITERATIONS
        index.train(np.ascontiguousarray(vectors[np.sort(pick)], dtype=np.float32))
        set_nprobe(index, nprobe)
    row_ids = np.arange(len(vectors), dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    for start in range(0, len(vectors), SEARCH_BATCH * 16):
        stop = start + SEARCH_BATCH * 16
        index.add_with_ids(np.ascontiguousarray(vectors[start:stop], dtype=np.float32), row_ids[start:stop])
    return index


def set_nprobe(index: Any, nprobe: int) -> None:
    """How many IVF lists a query visits (more: slower, higher recall); no-op for an exact index."""
    if hasattr(index, "nprobe"):
        index.nprobe = max(1, nprobe)


def is_approximate(index: Any) -> bool:
    return hasattr(index, "nprobe")


def nearest(index: Any, queries: Matrix, k: int) -> list[list[tuple[int, float]]]:
    """For each query row, up to ``k`` (id, cosine) pairs, nearest first."""
    out: list[list[tuple[int, float]]] = [[] for _ in range(len(queries))]
    for start, cosines, ids in search_in_batches(index, queries, k):
        for r in range(len(ids)):
            out[start + r] = [(int(i), float(c)) for i, c in zip(ids[r], cosines[r], strict=True) if i >= 0]
    return out


def search_in_batches(index: Any, queries: Matrix, k: int) -> Iterator[tuple[int, Matrix, Any]]:
    """``(first row, cosines, ids)`` for consecutive batches of ``queries``; ids of -1 mean "no more"."""
    import numpy as np

    k = min(k, int(index.ntotal))
    if k <= 0:
        return
    for start in range(0, len(queries), SEARCH_BATCH):
        batch = np.ascontiguousarray(queries[start : start + SEARCH_BATCH], dtype=np.float32)
        cosines, ids = index.search(batch, k)
        yield start, cosines, ids
