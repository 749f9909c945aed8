"""Alignment: which statements of different documents report the same claim.

Candidate pairs by cosine (every pair of documents, or a pooled FAISS kNN search
for large inputs), the margin and the evidence of shared names, figures and dates,
clusters of claims, and the ordered alignment of translations. The FAISS engine
(:mod:`.vector_index`) is shared with the corpus index.
"""

from claimcmp.align.alignment import (
    DocumentPair,
    align_ordered,
    cluster_pairs,
    document_pairs,
    is_alignable,
    mine_pairs,
    opposite_stance_candidates,
)
from claimcmp.align.claims import PairMiner, align_claims, cosine_lookup, coverage_warnings
from claimcmp.align.evidence import EvidenceScorer, evidence_scorer
from claimcmp.align.vector_index import build_vector_index, is_approximate, nearest, search_in_batches, set_nprobe

__all__ = [
    "DocumentPair",
    "EvidenceScorer",
    "PairMiner",
    "align_claims",
    "align_ordered",
    "build_vector_index",
    "cluster_pairs",
    "cosine_lookup",
    "coverage_warnings",
    "document_pairs",
    "evidence_scorer",
    "is_alignable",
    "is_approximate",
    "mine_pairs",
    "nearest",
    "opposite_stance_candidates",
    "search_in_batches",
    "set_nprobe",
]
