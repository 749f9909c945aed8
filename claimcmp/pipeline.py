"""The whole comparison, one stage per line: read → segment → analyse → embed → align → cluster → flag.

This is the file to read first. Each stage is a function in its own module
that takes and returns the frozen records of :mod:`claimcmp.records`; change a
stage there, and this file shows where it sits.
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
from claimcmp.corpus import CorpusIndex, StoredDocument, content_hash
from claimcmp.embedding import Embedder, load_embedder
from claimcmp.errors import ConfigError, InputError
from claimcmp.facts import compare_facts, contradicting_pairs, flag_pairs, shown_flags
from claimcmp.input import (
    exportable_path,
    fact_rule_warnings,
    iter_documents,
    read_documents,
    segment_document,
    unique_id,
)
from claimcmp.quote_words import explain_quote_variants, word_embedder
from claimcmp.records import (
    Analysis,
    Comparison,
    Document,
    IndexAddition,
    ModelInfo,
    Pair,
    SearchHit,
    Segment,
    SkippedInput,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

# statements read and analysed before they are embedded and stored together (bounds memory of index add)
_INDEX_BATCH = 2000


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
    documents, skipped = read_documents(paths, settings.input, progress.advance)

    progress.stage("analyse")
    segments: list[Segment] = []
    analysed: list[Document] = []
    for document in documents:
        own = _analysed_or_skipped(document, settings, reference, skipped)
        if own is not None:
            segments.extend(own)
            analysed.append(_dated(document, own))
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


def _analysed_or_skipped(
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


def _dated(document: Document, segments: Sequence[Segment]) -> Document:
    """The document with the date of its dateline (``Сен 9, 2024 / 12:36``) when its metadata gives none."""
    if document.date:
        return document
    for segment in segments:
        if segment.kind != "dateline" or segment.facts is None:
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
    progress = progress or _Silent()
    analysis = _without_repeats(analyse(paths, settings, progress=progress))
    embedder = embedder or _load_model(settings, progress)

    candidates, vectors = _embed_alignable(analysis.segments, embedder, settings, progress)
    return align_analysis(analysis, candidates, vectors, embedder, settings, progress)


def _without_repeats(analysis: Analysis) -> Analysis:
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
    progress = progress or _Silent()
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


# ----------------------------------------------------------------------------- the corpus index


def add_to_index(
    paths: Sequence[str | Path],
    index_name: str,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> IndexAddition:
    """Read, analyse and embed the articles at ``paths`` into the corpus index ``index_name``, streaming.

    Documents already in the index (same cleaned text) are not added again; at
    most about ``_INDEX_BATCH`` statements are held in memory at a time.
    """
    settings = settings or Settings()
    progress = progress or _Silent()
    reference = _reference_date(settings)
    index = CorpusIndex(settings.cache.dir, index_name, settings.index)
    added: list[str] = []
    duplicates: list[tuple[str, str]] = []
    skipped: list[SkippedInput] = []
    warnings: list[str] = []
    langs: dict[str, None] = {}  # the statements' languages, in order of first appearance
    statements = 0
    with index.changing():
        embedder = embedder or _load_model(settings, progress)
        index.check_model(embedder.name, _identity(embedder), embedder.dim)
        known = index.content_hashes()
        pending: list[tuple[Document, list[Segment]]] = []

        def flush() -> None:
            rows = [
                [n for n, s in enumerate(segments) if is_alignable(s, settings.alignment.min_words)]
                for _, segments in pending
            ]
            texts = [embedding_text(segments[n]) for (_, segments), own in zip(pending, rows, strict=True) for n in own]
            progress.stage(f"embed {len(texts)} statements")
            vectors = embedder.embed_batch(texts)
            items, start = [], 0
            for (document, segments), own in zip(pending, rows, strict=True):
                items.append((document, segments, vectors[start : start + len(own)], own))
                start += len(own)
            index.add(items)
            pending.clear()
            progress.stage("read")

        progress.stage("read")
        batch_statements = 0
        names = index.document_names()
        next_suffix: dict[str, int] = {}
        for item in iter_documents(paths, settings.input, progress=progress.advance):
            if isinstance(item, SkippedInput):
                skipped.append(item)
                continue
            digest = content_hash(item)
            if digest in known:
                duplicates.append((item.id, known[digest]))
                continue
            # another article may have its file name
            item = replace(item, id=unique_id(item.id, names, next_suffix))
            segments = _analysed_or_skipped(item, settings, reference, skipped)
            if segments is None:
                continue
            item = _dated(item, segments)
            known[digest] = item.id  # only once stored: a later copy of a failed article is tried again
            pending.append((item, segments))
            added.append(item.id)
            warnings.extend(item.warnings)
            langs.update(dict.fromkeys(s.lang for s in segments))
            statements += len(segments)
            batch_statements += len(segments)
            if batch_statements >= _INDEX_BATCH:
                flush()
                batch_statements = 0
        if pending:
            flush()
        progress.stage("save index")
    return IndexAddition(
        index=index_name,
        added=tuple(added),
        duplicates=tuple(duplicates),
        statements=statements,
        skipped=tuple(skipped),
        warnings=tuple(warnings + index.warnings) + fact_rule_warnings(langs),
    )


def search_index(
    query: str,
    index_name: str,
    settings: Settings | None = None,
    *,
    limit: int | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> list[SearchHit]:
    """The statements of the index nearest to ``query`` (in any language), nearest first."""
    settings = settings or Settings()
    progress = progress or _Silent()
    if not query.strip():
        raise InputError("the search statement is empty. You can fix this by passing some text to look for.")
    index = CorpusIndex(settings.cache.dir, index_name, settings.index)
    index.require()
    embedder = embedder or _load_model(settings, progress)
    index.check_model(embedder.name, _identity(embedder), embedder.dim)
    progress.stage("search")
    found = index.search(embedder.embed_batch([" ".join(query.split())]), limit or settings.index.search_results)[0]
    records = index.segments_by_row([row for row, _ in found])
    return [
        SearchHit(score=round(cosine, 4), segment=records[row][0], document=records[row][1])
        for row, cosine in found
        if row in records
    ]


def compare_against(
    paths: Sequence[str | Path],
    index_name: str,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare new articles with a stored corpus: the new ones plus the stored documents closest to them.

    Each new statement's nearest stored statements vote for their documents;
    the ``index.against_documents`` stored documents with the most close
    statements join the comparison, which then runs as :func:`compare` does,
    with their stored statements, facts and vectors (nothing is re-embedded).
    A stored document with the same text as a new one is left out.
    """
    settings = settings or Settings()
    progress = progress or _Silent()
    index = CorpusIndex(settings.cache.dir, index_name, settings.index)
    index.require()
    analysis = _without_repeats(analyse(paths, settings, progress=progress))
    embedder = embedder or _load_model(settings, progress)
    index.check_model(embedder.name, _identity(embedder), embedder.dim)
    candidates, vectors = _embed_alignable(analysis.segments, embedder, settings, progress)

    progress.stage("search the index")
    stored_names = index.content_hashes()
    excluded = {stored_names[h] for h in map(content_hash, analysis.documents) if h in stored_names}
    floor = min(settings.alignment.min_similarity, settings.alignment.min_similarity_cross_script)
    close = [
        row
        for found in index.search(vectors, settings.alignment.document_neighbours)
        for row, cos in found
        if cos >= floor
    ]
    doc_of = index.document_of_rows(close)
    votes: dict[str, int] = {}
    for row in close:
        name = doc_of.get(row)
        if name is not None and name not in excluded:
            votes[name] = votes.get(name, 0) + 1
    chosen = sorted(votes, key=lambda name: (-votes[name], name))[: settings.index.against_documents]
    stored = index.load_documents(chosen)

    # stored documents are renamed where a new document already has their name
    taken = {d.id for d in analysis.documents}
    documents, segments = list(analysis.documents), list(analysis.segments)
    rows = list(vectors)
    missing: list[Segment] = []
    for entry in stored:
        entry = _renamed(entry, taken)
        documents.append(entry.document)
        segments.extend(entry.segments)
        for segment, vector in zip(entry.segments, entry.vectors, strict=True):
            if not is_alignable(segment, settings.alignment.min_words):
                continue
            if vector is None:
                missing.append(segment)  # not alignable when stored (other settings then): embed it now
            else:
                candidates.append(segment)
                rows.append(vector)
    if missing:
        candidates.extend(missing)
        rows.extend(embedder.embed_batch([embedding_text(s) for s in missing]))
    import numpy as np

    matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), embedder.dim)
    merged = replace(
        analysis,
        documents=tuple(documents),
        segments=tuple(segments),
        warnings=analysis.warnings + tuple(index.warnings),
    )
    return align_analysis(merged, candidates, matrix, embedder, settings, progress)


def _renamed(entry: StoredDocument, taken: set[str]) -> StoredDocument:
    """The stored document under a name no new document uses (``name~2``…), its statements' ids to match."""
    old = entry.document.id
    new = unique_id(old, taken)
    if new == old:
        return entry

    def rename(value: str | None) -> str | None:
        return None if value is None else new + value[len(old) :] if value.startswith(old + ":") else value

    segments = []
    for s in entry.segments:
        facts = s.facts
        if facts is not None and facts.quotes:
            facts = replace(facts, quotes=tuple(replace(q, quote_id=rename(q.quote_id)) for q in facts.quotes))
        segments.append(replace(s, id=rename(s.id) or s.id, doc=new, quote_id=rename(s.quote_id), facts=facts))
    return StoredDocument(document=replace(entry.document, id=new), segments=tuple(segments), vectors=entry.vectors)


def _embed_alignable(
    segments: Sequence[Segment], embedder: Embedder, settings: Settings, progress: Progress
) -> tuple[list[Segment], Matrix]:
    """The statements that can be aligned, and their vectors (boilerplate and fragments are never embedded)."""
    candidates = [s for s in segments if is_alignable(s, settings.alignment.min_words)]
    progress.stage("embed")
    return candidates, embedder.embed_batch([embedding_text(s) for s in candidates])


def _load_model(settings: Settings, progress: Progress) -> Embedder:
    progress.stage("load model")
    return load_embedder(settings.model, settings.cache.dir, progress.advance, settings.cache.vectors)


def _identity(embedder: Embedder) -> str:
    return str(getattr(embedder, "identity", embedder.name))


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
