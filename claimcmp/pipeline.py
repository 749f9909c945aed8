"""The comparison, one stage per line: read → segment → analyse → embed → align → cluster → flag → facts.

This is the file to read first. :func:`compare` is the whole run;
:func:`analyse` (read, segment, analyse) and :func:`align_analysis` (align,
cluster, flag, facts) are its two halves. Each stage is a function of its
folder (:mod:`claimcmp.input`, :mod:`claimcmp.analysis`, :mod:`claimcmp.model`,
:mod:`claimcmp.align`, :mod:`claimcmp.facts`) that takes and returns the frozen
records of :mod:`claimcmp.records`; change a stage there, and this file shows
where it sits. The corpus workflows (index add, search, ``--against``) reuse
these stages from :mod:`claimcmp.corpus`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from claimcmp.align import PairMiner, align_claims, cosine_lookup, coverage_warnings, is_alignable, mine_pairs
from claimcmp.analysis import analyse_each, user_reference_date, without_repeats
from claimcmp.config import Settings
from claimcmp.errors import InputError
from claimcmp.facts import compare_facts, finished_pairs, flag_claims
from claimcmp.input import fact_rule_warnings, read_documents
from claimcmp.model import Embedder, embedding_text, explain_quote_variants, load_embedder, model_info, word_embedder
from claimcmp.records import Analysis, Comparison, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]


class Progress(Protocol):
    """Receives progress from long runs (the CLI draws it; a library user may ignore it)."""

    def stage(self, name: str) -> None: ...

    def advance(self, done: int, total: int) -> None: ...


class Silent:
    def stage(self, name: str) -> None:
        pass

    def advance(self, done: int, total: int) -> None:
        pass


def analyse(
    paths: Sequence[str | Path], settings: Settings | None = None, *, progress: Progress | None = None
) -> Analysis:
    """Read the articles at ``paths``, split them into statements and extract each one's facts."""
    settings = settings or Settings()
    progress = progress or Silent()
    reference = user_reference_date(settings)
    progress.stage("read")
    documents, skipped = read_documents(paths, settings.input, progress.advance)
    progress.stage("analyse")
    documents, segments = analyse_each(documents, settings, reference, skipped)
    if not segments:
        raise InputError("the input holds no statements to compare. You can fix this by passing articles with text.")
    return Analysis(
        documents=tuple(documents),
        segments=tuple(segments),
        skipped=tuple(skipped),
        warnings=tuple(w for d in documents for w in d.warnings) + fact_rule_warnings(s.lang for s in segments),
    )


def compare(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    miner: PairMiner = mine_pairs,
) -> Comparison:
    """Compare the articles at ``paths``: which statements they share, and where (``miner``: who compares
    the document pairs; the Ray engine passes one that spreads them over a cluster)."""
    settings = settings or Settings()
    progress = progress or Silent()
    analysis = without_repeats(analyse(paths, settings, progress=progress))
    embedder = embedder or load_model(settings, progress)
    candidates, vectors = embed_alignable(analysis.segments, embedder, settings, progress)
    return align_analysis(analysis, candidates, vectors, embedder, settings, progress, miner)


def align_analysis(
    analysis: Analysis,
    candidates: Sequence[Segment],
    vectors: Matrix,
    embedder: Embedder,
    settings: Settings,
    progress: Progress | None = None,
    miner: PairMiner = mine_pairs,
) -> Comparison:
    """Align, cluster and flag: the statements ``candidates`` (rows of ``vectors``) of an analysis."""
    progress = progress or Silent()
    candidates = list(candidates)
    progress.stage("align")
    pairs, near, clusters = align_claims(
        candidates, vectors, analysis.documents, settings.alignment, settings.index, miner
    )

    progress.stage("flag")
    threshold = settings.alignment.threshold
    pairs, kept_for_contradiction = flag_claims(pairs, near, candidates, settings.flags, threshold)
    words = word_embedder(embedder)  # asked by name: isinstance misses a wrapper's capabilities from Python 3.12
    if words is not None:  # name the words two renderings of a quotation do not share
        pairs = explain_quote_variants(pairs, candidates, words)
    stories, facts, pairs = compare_facts(
        analysis.documents,
        analysis.segments,
        pairs,
        cosine_lookup(candidates, vectors),
        settings.flags.story_days,
        settings.flags.slot_threshold,
        settings.alignment.compare_all_below,
        settings.flags.confident_score,
    )
    return Comparison(
        model=model_info(embedder),
        documents=analysis.documents,
        segments=analysis.segments,
        pairs=finished_pairs(pairs, kept_for_contradiction, analysis.segments, settings.flags),
        clusters=tuple(clusters),
        skipped=analysis.skipped,
        warnings=analysis.warnings + coverage_warnings(len(analysis.documents), settings.alignment),
        stories=stories,
        facts=facts,
    )


def embed_alignable(
    segments: Sequence[Segment], embedder: Embedder, settings: Settings, progress: Progress
) -> tuple[list[Segment], Matrix]:
    """The statements that can be aligned, and their vectors (boilerplate and fragments are never embedded)."""
    candidates = [s for s in segments if is_alignable(s, settings.alignment.min_words)]
    progress.stage("embed")
    return candidates, embedder.embed_batch([embedding_text(s) for s in candidates])


def load_model(settings: Settings, progress: Progress) -> Embedder:
    progress.stage("load model")
    return load_embedder(settings.model, settings.cache.dir, progress.advance, settings.cache.vectors)
