"""``align PATHS --engine ray``: the document pairs of a large comparison compared in Ray tasks.

The pooled search picks the document pairs in this process, as the embedded engine does
(:func:`~claimcmp.align.document_pairs`); the pairs are cut into consecutive parts, each part is mined
(:func:`~claimcmp.align.mine_pairs` with ``only``) in a task that reads the statements and vectors from
the object store, and the parts' pairs are joined in order. A pair's results depend on that pair
alone, so the comparison is the embedded engine's, pair for pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcmp.align import DocumentPair, EvidenceScorer, document_pairs, mine_pairs
from claimcmp.config import AlignmentSettings, IndexSettings, Settings
from claimcmp.distributed.engine import require_ray
from claimcmp.model import Embedder
from claimcmp.pipeline import Progress, compare
from claimcmp.records import Comparison, Pair, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

# document pairs per task: enough work to outweigh a task's start (milliseconds), few enough to spread
PAIRS_PER_TASK = 2000


def ray_compare(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """:func:`claimcmp.compare` with the document pairs compared on the Ray cluster ``engine.address`` names."""
    from claimcmp.distributed.ray_pipeline import connect

    ray = require_ray()
    settings = settings or Settings()
    started = connect(ray, settings.engine)
    try:
        return compare(paths, settings, embedder=embedder, progress=progress, miner=RayPairMiner(ray))
    finally:
        if started:
            ray.shutdown()


class RayPairMiner:
    """Mines the pairs of the document pairs in Ray tasks, :data:`PAIRS_PER_TASK` document pairs each."""

    def __init__(self, ray: Any, pairs_per_task: int = PAIRS_PER_TASK) -> None:
        self.ray = ray
        self.pairs_per_task = pairs_per_task

    def __call__(
        self,
        segments: Sequence[Segment],
        vectors: Matrix,
        settings: AlignmentSettings,
        evidence: EvidenceScorer | None = None,
        search: IndexSettings | None = None,
    ) -> tuple[list[Pair], list[Pair]]:
        chosen = document_pairs(segments, vectors, settings, search or IndexSettings())
        if not chosen:
            return [], []
        ray = self.ray
        shared_segments, shared_vectors = ray.put(list(segments)), ray.put(vectors)
        task = ray.remote(mine_part)
        parts = [chosen[i : i + self.pairs_per_task] for i in range(0, len(chosen), self.pairs_per_task)]
        shared_evidence = ray.put(evidence)  # built once here (its name rarities read every statement)
        results = ray.get(
            [task.remote(shared_segments, shared_vectors, settings, shared_evidence, search, p) for p in parts]
        )
        return [p for found, _ in results for p in found], [p for _, near in results for p in near]


def mine_part(
    segments: list[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None,
    search: IndexSettings | None,
    part: list[DocumentPair],
) -> tuple[list[Pair], list[Pair]]:
    """One task: the pairs of these document pairs, scored with the driver's evidence scorer."""
    return mine_pairs(segments, vectors, settings, evidence, search, only=part)
