"""The whole comparison, one stage per line: read → segment → analyse → embed → align → cluster → flag.

This is the file to read first. Each stage is a function in its own module
that takes and returns the frozen records of :mod:`claimcmp.records`; change a
stage there, and this file shows where it sits.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from claimcmp.alignment import align_ordered, cluster_pairs, is_alignable, mine_pairs, opposite_stance_candidates
from claimcmp.analysis import analyse_document
from claimcmp.config import Settings
from claimcmp.embedding import Embedder, load_embedder
from claimcmp.errors import ConfigError, InputError
from claimcmp.evidence import evidence_scorer
from claimcmp.flags import contradicting_pairs, flag_pairs
from claimcmp.quote_words import WordEmbedder, explain_quote_variants
from claimcmp.reading import read_documents
from claimcmp.records import Analysis, Comparison, ModelInfo, Pair, Segment
from claimcmp.segmentation import segment_document


class Progress(Protocol):
    """Receives progress from long runs (the CLI draws it; a library user may ignore it)."""

    def stage(self, name: str) -> None: ...

    def advance(self, done: int, total: int) -> None: ...


class _Silent:
    def stage(self, name: str) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass


def analyse(
    paths: Sequence[str | Path], settings: Settings | None = None, *, progress: Progress | None = None
) -> Analysis:
    """Read the articles at ``paths``, split them into statements and extract each one's facts."""
    settings = settings or Settings()
    progress = progress or _Silent()
    reference = _reference_date(settings)

    progress.stage("read")
    documents, skipped = read_documents(paths, settings.input)

    progress.stage("segment")
    per_document = [
        segment_document(document, settings.segmentation.min_chars, settings.segmentation.keep_boilerplate)
        for document in documents
    ]

    progress.stage("analyse")
    segments: list[Segment] = []
    for document, own in zip(documents, per_document, strict=True):
        segments.extend(analyse_document(document, own, reference))
    if not segments:
        raise InputError("the input holds no statements to compare. You can fix this by passing articles with text.")
    return Analysis(
        documents=tuple(documents),
        segments=tuple(segments),
        skipped=tuple(skipped),
        warnings=tuple(w for d in documents for w in d.warnings),
    )


def compare(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare the articles at ``paths``: which statements they share, and where."""
    settings = settings or Settings()
    progress = progress or _Silent()
    analysis = analyse(paths, settings, progress=progress)
    segments = analysis.segments

    progress.stage("load model")
    embedder = embedder or load_embedder(settings.model, settings.cache.dir, progress.advance, settings.cache.vectors)

    # boilerplate and fragments are never aligned, so they are not embedded either
    candidates = [s for s in segments if is_alignable(s, settings.alignment.min_words)]

    progress.stage("embed")
    vectors = embedder.embed_batch([embedding_text(s) for s in candidates])

    progress.stage("align")
    near: list[Pair] = []
    if settings.alignment.ordered:
        pairs = align_ordered(candidates, vectors, settings.alignment)
    else:
        evidence = evidence_scorer(candidates, settings.alignment.evidence_weight)
        pairs, near = mine_pairs(candidates, vectors, settings.alignment, evidence)
        near += opposite_stance_candidates(candidates, vectors, settings.alignment, evidence)
    pairs, clusters = cluster_pairs(pairs, candidates, analysis.documents, vectors, settings.alignment)

    progress.stage("flag")
    # pairs inside clusters, then the near candidates (outside them) whose facts contradict
    pairs = flag_pairs(pairs, candidates, settings.flags)
    pairs += contradicting_pairs(near, candidates, pairs, settings.flags, settings.alignment.threshold)
    if isinstance(embedder, WordEmbedder):  # name the words two renderings of a quotation do not share
        pairs = explain_quote_variants(pairs, candidates, embedder)
    position = {s.id: i for i, s in enumerate(segments)}
    pairs.sort(key=lambda p: (position[p.a], position[p.b]))  # reading order: diffs between runs stay small

    return Comparison(
        model=ModelInfo(name=embedder.name, dim=embedder.dim),
        documents=analysis.documents,
        segments=segments,
        pairs=tuple(pairs),
        clusters=tuple(clusters),
        skipped=analysis.skipped,
        warnings=analysis.warnings,
    )


def _reference_date(settings: Settings) -> datetime.date | None:
    if not settings.analysis.date:
        return None
    try:
        return datetime.date.fromisoformat(settings.analysis.date)
    except ValueError:
        raise ConfigError(
            f"the reference date {settings.analysis.date!r} is not an ISO date. "
            "You can fix this by passing one like 2024-09-09 (--date, or analysis.date in config.toml)."
        ) from None


def embedding_text(segment: Segment) -> str:
    """The segment as the model sees it: white space (line breaks, NBSP runs) folded."""
    return " ".join(segment.text.split())
