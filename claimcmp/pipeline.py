"""The whole comparison, one stage per line: read → segment → embed → align → cluster.

This is the file to read first. Each stage is a function in its own module
that takes and returns the frozen records of :mod:`claimcmp.records`; change a
stage there, and this file shows where it sits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from claimcmp.alignment import align_segments, cluster_pairs, is_alignable
from claimcmp.config import Settings
from claimcmp.embedding import Embedder, load_embedder
from claimcmp.errors import InputError
from claimcmp.reading import read_documents
from claimcmp.records import Comparison, ModelInfo, Segment
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

    progress.stage("read")
    documents, skipped = read_documents(paths, settings.input)

    progress.stage("segment")
    segments = [
        segment
        for document in documents
        for segment in segment_document(
            document, settings.segmentation.min_chars, settings.segmentation.keep_boilerplate
        )
    ]
    if not segments:
        raise InputError("the input holds no statements to compare. You can fix this by passing articles with text.")

    progress.stage("load model")
    embedder = embedder or load_embedder(settings.model, settings.cache.dir, progress.advance)

    # boilerplate and fragments are never aligned, so they are not embedded either
    candidates = [s for s in segments if is_alignable(s, settings.alignment.min_words)]

    progress.stage("embed")
    vectors = embedder.embed_batch([embedding_text(s) for s in candidates])

    progress.stage("align")
    pairs = align_segments(candidates, vectors, settings.alignment)
    clusters = cluster_pairs(pairs, segments, documents)

    return Comparison(
        model=ModelInfo(name=embedder.name, dim=embedder.dim),
        documents=tuple(documents),
        segments=tuple(segments),
        pairs=tuple(pairs),
        clusters=tuple(clusters),
        skipped=tuple(skipped),
        warnings=tuple(w for d in documents for w in d.warnings),
    )


def embedding_text(segment: Segment) -> str:
    """The segment as the model sees it: white space (line breaks, NBSP runs) folded."""
    return " ".join(segment.text.split())
