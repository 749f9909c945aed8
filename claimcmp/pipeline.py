"""The comparison, one stage per line: read → segment → analyse → embed → align → cluster → flag → facts.

This is the file to read first. :func:`compare` is the whole run;
:func:`analyse` (read, segment, analyse) and :func:`align_analysis` (align,
cluster, flag, facts) are its two halves. Each stage is a function of its
folder (:mod:`claimcmp.input`, :mod:`claimcmp.analysis`, :mod:`claimcmp.align`,
:mod:`claimcmp.facts`) that takes and returns the frozen records of
:mod:`claimcmp.records`; change a stage there, and this file shows where it
sits. The corpus workflows (index add, search, ``--against``) reuse these
stages from :mod:`claimcmp.corpus`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from claimcmp.align import (
    align_ordered,
    cluster_pairs,
    evidence_scorer,
    is_alignable,
    mine_pairs,
    opposite_stance_candidates,
)
from claimcmp.analysis import analyse_document
from claimcmp.config import Settings
from claimcmp.errors import ConfigError, InputError
from claimcmp.facts import compare_facts, contradicting_pairs, flag_pairs, shown_flags
from claimcmp.input import content_hash, exportable_path, fact_rule_warnings, read_documents, segment_document
from claimcmp.model import Embedder, explain_quote_variants, load_embedder, word_embedder
from claimcmp.records import (
    Analysis,
    Comparison,
    Document,
    ModelInfo,
    Pair,
    Segment,
    SkippedInput,
)

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
    reference = reference_date(settings)

    progress.stage("read")
    documents, skipped = read_documents(paths, settings.input, progress.advance)

    progress.stage("analyse")
    segments: list[Segment] = []
    analysed: list[Document] = []
    for document in documents:
        own = analysed_or_skipped(document, settings, reference, skipped)
        if own is not None:
            segments.extend(own)
            analysed.append(dated(document, own))
    documents = analysed
    if not segments:
        raise InputError("the input holds no statements to compare. You can fix this by passing articles with text.")
    return Analysis(
        documents=tuple(documents),
        segments=tuple(segments),
        skipped=tuple(skipped),
        warnings=tuple(w for d in documents for w in d.warnings) + fact_rule_warnings(s.lang for s in segments),
    )


def analyse_documents(
    documents: Sequence[Document], settings: Settings, reference: datetime.date | None = None
) -> list[Segment]:
    """Split documents into statements (segmentation) and extract each statement's facts (analysis)."""
    segments: list[Segment] = []
    for document in documents:
        own = segment_document(
            document,
            settings.segmentation.min_chars,
            settings.segmentation.keep_boilerplate,
            settings.segmentation.max_chars,
        )
        segments.extend(analyse_document(document, own, reference))
    return segments


def analyse_isolated(document: Document, settings: Settings, reference: datetime.date | None) -> list[Segment]:
    """:func:`analyse_documents` for one document, so that a failure costs only that document.

    Any error analysing it (a bug the input triggered) becomes an :class:`InputError`
    naming the document: the caller lists it and compares the rest, or with
    ``input.strict`` stops there.
    """
    try:
        return analyse_documents([document], settings, reference)
    except Exception as exc:
        raise InputError(
            f"{_where(document)}: analysis failed ({type(exc).__name__}: {str(exc)[:200]}). This is a bug in "
            "claimcmp: please report it with this file; meanwhile leave the file out or pass --strict to stop here."
        ) from exc


def analysed_or_skipped(
    document: Document, settings: Settings, reference: datetime.date | None, skipped: list[SkippedInput]
) -> list[Segment] | None:
    """The document's analysed statements, or None with the failure added to ``skipped`` (raised if strict)."""
    try:
        return analyse_isolated(document, settings, reference)
    except InputError as exc:
        if settings.input.strict:
            raise
        skipped.append(SkippedInput(path=_where(document), reason=str(exc)))
        return None


def dated(document: Document, segments: Sequence[Segment]) -> Document:
    """The document with the date of its dateline (``Сен 9, 2024 / 12:36``) when its metadata gives none."""
    if document.date:
        return document
    for segment in segments:
        if segment.kind != "dateline":
            continue
        for date in segment.facts.dates:
            if date.precision == "day" and not date.relative and date.value and len(date.value) == 10:
                return replace(document, date=date.value)
    return document


def _where(document: Document) -> str:
    """The input a document came from, and which record when one file holds many (JSON, JSONL)."""
    where = exportable_path(document.path) if document.path is not None else document.url or document.id
    return f"{where} (record {document.id})" if document.format in ("json", "jsonl") else where


def compare(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare the articles at ``paths``: which statements they share, and where."""
    settings = settings or Settings()
    progress = progress or Silent()
    analysis = without_repeats(analyse(paths, settings, progress=progress))
    embedder = embedder or load_model(settings, progress)

    candidates, vectors = embed_alignable(analysis.segments, embedder, settings, progress)
    return align_analysis(analysis, candidates, vectors, embedder, settings, progress)


def without_repeats(analysis: Analysis) -> Analysis:
    """The analysis without the documents whose text repeats an earlier one's, with a warning naming both."""
    first: dict[str, Document] = {}
    repeats: dict[str, str] = {}  # document id -> warning
    for document in analysis.documents:
        original = first.setdefault(content_hash(document), document)
        if original is not document:
            repeats[document.id] = f"{_where(original)} and {_where(document)} have the same text; compared once"
    if not repeats:
        return analysis
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.id not in repeats),
        segments=tuple(s for s in analysis.segments if s.doc not in repeats),
        warnings=analysis.warnings + tuple(repeats.values()),
    )


def align_analysis(
    analysis: Analysis,
    candidates: Sequence[Segment],
    vectors: Matrix,
    embedder: Embedder,
    settings: Settings,
    progress: Progress | None = None,
) -> Comparison:
    """Align, cluster and flag: the statements ``candidates`` (rows of ``vectors``) of an analysis."""
    progress = progress or Silent()
    candidates = list(candidates)
    progress.stage("align")
    near: list[Pair] = []
    if settings.alignment.ordered:
        pairs = align_ordered(candidates, vectors, settings.alignment)
    else:
        evidence = evidence_scorer(candidates, settings.alignment.evidence_weight)
        pairs, near = mine_pairs(candidates, vectors, settings.alignment, evidence, settings.index)
        near += opposite_stance_candidates(candidates, vectors, settings.alignment, evidence)
    pairs, clusters = cluster_pairs(pairs, candidates, analysis.documents, vectors, settings.alignment)

    progress.stage("flag")
    # pairs inside clusters, then the near candidates (outside them) whose facts contradict
    pairs = flag_pairs(pairs, candidates, settings.flags)
    contradicting = contradicting_pairs(near, candidates, pairs, settings.flags, settings.alignment.threshold)
    kept_for_contradiction = {(p.a, p.b) for p in contradicting}
    pairs += contradicting
    words = word_embedder(embedder)  # asked by name: isinstance misses a wrapper's capabilities from Python 3.12
    if words is not None:  # name the words two renderings of a quotation do not share
        pairs = explain_quote_variants(pairs, candidates, words)
    row = {s.id: i for i, s in enumerate(candidates)}

    def cosine(a: str, b: str) -> float:
        ra, rb = row.get(a), row.get(b)
        return 0.0 if ra is None or rb is None else float(vectors[ra] @ vectors[rb])

    stories, facts, pairs = compare_facts(
        analysis.documents,
        analysis.segments,
        pairs,
        cosine,
        settings.flags.story_days,
        settings.flags.slot_threshold,
        settings.alignment.compare_all_below,
        settings.flags.confident_score,
    )
    # a near pair was kept for a contradiction that the slots do not confirm: it stays related, and says so
    pairs = [
        p
        if (p.a, p.b) not in kept_for_contradiction or p.flags or p.note
        else replace(p, relation="related", note="a close statement with other figures; no fact in dispute")
        for p in pairs
    ]
    pairs = [replace(p, flags=shown_flags(p.flags, settings.flags)) for p in pairs]
    position = {s.id: i for i, s in enumerate(analysis.segments)}
    pairs.sort(key=lambda p: (position[p.a], position[p.b]))  # reading order: diffs between runs stay small

    warnings = analysis.warnings
    if len(analysis.documents) > settings.alignment.coverage_max_documents:
        warnings += (
            f"{len(analysis.documents)} documents: clusters do not list the documents missing them above "
            f"alignment.coverage_max_documents = {settings.alignment.coverage_max_documents}",
        )
    return Comparison(
        model=ModelInfo(
            name=embedder.name,
            dim=embedder.dim,
            device=str(getattr(embedder, "device", "cpu")),
            precision=str(getattr(embedder, "precision", "fp32")),
        ),
        documents=analysis.documents,
        segments=analysis.segments,
        pairs=tuple(pairs),
        clusters=tuple(clusters),
        skipped=analysis.skipped,
        warnings=warnings,
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


def model_identity(embedder: Embedder) -> str:
    return str(getattr(embedder, "identity", embedder.name))


def reference_date(settings: Settings) -> datetime.date | None:
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
