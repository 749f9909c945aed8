"""One comparison's alignment: the pairs that report one claim, the near candidates kept for a
contradiction, the claim clusters, and the cosine between two statements for the fact slots."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from claimcmp.align.alignment import align_ordered, cluster_pairs, mine_pairs, opposite_stance_candidates
from claimcmp.align.evidence import EvidenceScorer, evidence_scorer
from claimcmp.config import AlignmentSettings, IndexSettings
from claimcmp.records import Cluster, Document, Pair, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]


class PairMiner(Protocol):
    """What mines the pairs of document pairs: :func:`mine_pairs` here, or the Ray engine's tasks."""

    def __call__(
        self,
        segments: Sequence[Segment],
        vectors: Matrix,
        settings: AlignmentSettings,
        evidence: EvidenceScorer | None = None,
        search: IndexSettings | None = None,
    ) -> tuple[list[Pair], list[Pair]]: ...


def align_claims(
    segments: Sequence[Segment],
    vectors: Matrix,
    documents: Sequence[Document],
    settings: AlignmentSettings,
    search: IndexSettings,
    miner: PairMiner = mine_pairs,
) -> tuple[list[Pair], list[Pair], list[Cluster]]:
    """The pairs inside claim clusters, the near candidates outside them, and the clusters.

    ``segments`` are the alignable statements, rows of ``vectors``. Translations (``ordered``) keep
    their order and have no near candidates. ``miner`` compares the document pairs (the Ray engine
    spreads them over a cluster).
    """
    near: list[Pair] = []
    if settings.ordered:
        pairs = align_ordered(segments, vectors, settings)
    else:
        evidence = evidence_scorer(segments, settings.evidence_weight)
        pairs, near = miner(segments, vectors, settings, evidence, search)
        near += opposite_stance_candidates(segments, vectors, settings, evidence)
    pairs, clusters = cluster_pairs(pairs, segments, documents, vectors, settings)
    return pairs, near, clusters


def cosine_lookup(segments: Sequence[Segment], vectors: Matrix) -> Callable[[str, str], float]:
    """The cosine of two statements by id (0 for one that was not embedded)."""
    row = {s.id: i for i, s in enumerate(segments)}

    def cosine(a: str, b: str) -> float:
        ra, rb = row.get(a), row.get(b)
        return 0.0 if ra is None or rb is None else float(vectors[ra] @ vectors[rb])

    return cosine


def coverage_warnings(documents: int, settings: AlignmentSettings) -> tuple[str, ...]:
    """Why the clusters of a large comparison do not list the documents missing them."""
    if documents <= settings.coverage_max_documents:
        return ()
    return (
        f"{documents} documents: clusters do not list the documents missing them above "
        f"alignment.coverage_max_documents = {settings.coverage_max_documents}",
    )
