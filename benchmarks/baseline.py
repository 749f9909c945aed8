"""Reference baseline: plain LASER-style margin mining (Artetxe & Schwenk 2019), nothing more.

For every pair of documents A, B and every segment, its ``k`` nearest neighbours
(cosine) in the other document are its candidates; the ratio margin of a candidate
pair is ``cos(a, b) / ((knn_mean(a) + knn_mean(b)) / 2)``, where ``knn_mean`` is the
mean cosine of a segment's k nearest neighbours in the other document. Each segment
keeps its candidate of highest margin; a pair is kept when the two segments chose
each other and the margin clears one threshold.

Deliberately absent (these are what claimcmp adds, so the comparison shows what
they are worth): no boilerplate filter, no minimum word count, no cosine floors.
Written with numpy only; it shares nothing with ``claimcmp/align/alignment.py`` but the
records, so a bug there cannot hide in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from claimcmp.records import Pair, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]


def mutual_best_candidates(segments: Sequence[Segment], vectors: Matrix, k: int = 4) -> list[Pair]:
    """Every mutual best margin match of every document pair, unthresholded (``score`` = margin)."""
    import numpy as np

    rows_of: dict[str, list[int]] = {}
    for i, segment in enumerate(segments):
        rows_of.setdefault(segment.doc, []).append(i)
    pairs: list[Pair] = []
    for doc_a, doc_b in combinations(rows_of, 2):
        rows_a, rows_b = rows_of[doc_a], rows_of[doc_b]
        cos = vectors[rows_a] @ vectors[rows_b].T  # (len a, len b)
        knn_a = _top_k(cos, min(k, len(rows_b)))  # each a's neighbours in B, by column index
        knn_b = _top_k(cos.T, min(k, len(rows_a)))  # each b's neighbours in A, by row index
        mean_a = np.take_along_axis(cos, knn_a, axis=1).mean(axis=1)
        mean_b = np.take_along_axis(cos.T, knn_b, axis=1).mean(axis=1)
        margin = cos / ((mean_a[:, None] + mean_b[None, :]) / 2.0)
        best_b = knn_a[np.arange(len(rows_a)), np.take_along_axis(margin, knn_a, axis=1).argmax(axis=1)]
        best_a = knn_b[np.arange(len(rows_b)), np.take_along_axis(margin.T, knn_b, axis=1).argmax(axis=1)]
        for a, b in enumerate(best_b):
            if best_a[b] == a:
                pairs.append(
                    Pair(
                        a=segments[rows_a[a]].id,
                        b=segments[rows_b[b]].id,
                        similarity=float(cos[a, b]),
                        score=float(margin[a, b]),
                        relation="equivalent",
                    )
                )
    return pairs


def above(candidates: Sequence[Pair], threshold: float) -> list[Pair]:
    """The candidates whose margin clears ``threshold``."""
    return [p for p in candidates if p.score >= threshold]


def _top_k(matrix: Matrix, k: int) -> npt.NDArray[np.intp]:
    """Column indices of each row's ``k`` largest entries (any order)."""
    import numpy as np

    if k >= matrix.shape[1]:
        return np.tile(np.arange(matrix.shape[1]), (matrix.shape[0], 1))
    return np.argpartition(-matrix, k - 1, axis=1)[:, :k]
