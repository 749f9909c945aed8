"""Whole documents as the comparison analyses them: one at a time, so that a document that breaks the
analysis costs only itself; dated by their datelines; a text read twice compared once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from claimcmp.analysis.statements import analyse_document
from claimcmp.config import Settings
from claimcmp.errors import ConfigError, InputError
from claimcmp.input import content_hash, origin_of, segment_document, shared_lines
from claimcmp.records import Analysis, Document, Segment, SkippedInput


def analyse_each(
    documents: Sequence[Document], settings: Settings, reference: datetime.date | None, skipped: list[SkippedInput]
) -> tuple[list[Document], list[Segment]]:
    """The documents analysed (each dated) and their statements; a failure is added to ``skipped``."""
    analysed: list[Document] = []
    segments: list[Segment] = []
    # a line several documents of the run hold (a site's menu, credit or widget) is evidence of furniture
    shared = shared_lines([document.text for document in documents])
    for document in documents:
        own = analysed_or_skipped(document, settings, reference, skipped, shared=shared)
        if own is not None:
            segments.extend(own)
            analysed.append(dated(document, own))
    return analysed, segments


def analyse_documents(
    documents: Sequence[Document],
    settings: Settings,
    reference: datetime.date | None = None,
    shared: frozenset[str] = frozenset(),
) -> list[Segment]:
    """Split documents into statements (segmentation) and extract each statement's facts (analysis).

    ``shared``: lines other documents of the run hold too (:func:`~claimcmp.input.shared_lines`),
    evidence of furniture.
    """
    segments: list[Segment] = []
    for document in documents:
        own = segment_document(
            document,
            settings.segmentation.min_chars,
            settings.segmentation.keep_boilerplate,
            settings.segmentation.max_chars,
            shared=shared,
        )
        segments.extend(analyse_document(document, own, reference))
    return segments


def analyse_isolated(
    document: Document,
    settings: Settings,
    reference: datetime.date | None,
    shared: frozenset[str] = frozenset(),
) -> list[Segment]:
    """:func:`analyse_documents` for one document, so that a failure costs only that document.

    Any error analysing it (a bug the input triggered) becomes an :class:`InputError`
    naming the document: the caller lists it and compares the rest, or with
    ``input.strict`` stops there.
    """
    try:
        return analyse_documents([document], settings, reference, shared)
    except Exception as exc:
        raise InputError(
            f"{origin_of(document)}: analysis failed ({type(exc).__name__}: {str(exc)[:200]}). This is a bug in "
            "claimcmp: please report it with this file; meanwhile leave the file out or pass --strict to stop here."
        ) from exc


def analysed_or_skipped(
    document: Document,
    settings: Settings,
    reference: datetime.date | None,
    skipped: list[SkippedInput],
    shared: frozenset[str] = frozenset(),
) -> list[Segment] | None:
    """The document's analysed statements, or None with the failure added to ``skipped`` (raised if strict)."""
    try:
        return analyse_isolated(document, settings, reference, shared)
    except InputError as exc:
        if settings.input.strict:
            raise
        skipped.append(SkippedInput(path=origin_of(document), reason=str(exc)))
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


def without_repeats(analysis: Analysis) -> Analysis:
    """The analysis without the documents whose text repeats an earlier one's, with a warning naming both."""
    first: dict[str, Document] = {}
    repeats: dict[str, str] = {}  # document id -> warning
    for document in analysis.documents:
        original = first.setdefault(content_hash(document), document)
        if original is not document:
            repeats[document.id] = f"{origin_of(original)} and {origin_of(document)} have the same text; compared once"
    if not repeats:
        return analysis
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.id not in repeats),
        segments=tuple(s for s in analysis.segments if s.doc not in repeats),
        warnings=analysis.warnings + tuple(repeats.values()),
    )


def user_reference_date(settings: Settings) -> datetime.date | None:
    """The date relative expressions resolve against when the user sets one (``--date``)."""
    if not settings.analysis.date:
        return None
    try:
        return datetime.date.fromisoformat(settings.analysis.date)
    except ValueError:
        raise ConfigError(
            f"the reference date {settings.analysis.date!r} is not an ISO date. "
            "You can fix this by passing one like 2024-09-09 (--date, or analysis.date in config.toml)."
        ) from None
