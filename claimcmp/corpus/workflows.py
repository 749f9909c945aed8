"""The corpus workflows: add articles to an index, search it, compare new articles against it.

They reuse the comparison's stages (:mod:`claimcmp.pipeline`) around the
persistent store of :mod:`.index`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from claimcmp.align import is_alignable
from claimcmp.analysis import analysed_or_skipped, dated, user_reference_date, without_repeats
from claimcmp.config import Settings
from claimcmp.corpus.codec import renamed_records
from claimcmp.corpus.index import FOLDER, CorpusIndex, StoredDocument
from claimcmp.corpus.shards import MANIFEST, ShardIndex, is_shard_location
from claimcmp.errors import InputError
from claimcmp.input import content_hash, fact_rule_warnings, iter_documents, unique_id
from claimcmp.model import Embedder, embedding_text, model_identity
from claimcmp.pipeline import Progress, Silent, align_analysis, analyse, embed_alignable, load_model
from claimcmp.records import Comparison, Document, IndexAddition, SearchHit, Segment, SkippedInput

# statements read and analysed before they are embedded and stored together (bounds memory of index add)
_INDEX_BATCH = 2000


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
    progress = progress or Silent()
    reference = user_reference_date(settings)
    index = CorpusIndex(settings.cache.dir, index_name, settings.index)
    added: list[str] = []
    duplicates: list[tuple[str, str]] = []
    skipped: list[SkippedInput] = []
    warnings: list[str] = []
    langs: dict[str, None] = {}  # the statements' languages, in order of first appearance
    statements = 0
    with index.changing():
        embedder = embedder or load_model(settings, progress)
        index.check_model(embedder.name, model_identity(embedder), embedder.dim)
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
            segments = analysed_or_skipped(item, settings, reference, skipped)
            if segments is None:
                continue
            item = dated(item, segments)
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
    progress = progress or Silent()
    if not query.strip():
        raise InputError("the search statement is empty. You can fix this by passing some text to look for.")
    index = open_index(index_name, settings)
    index.require()
    embedder = embedder or load_model(settings, progress)
    index.check_model(embedder.name, model_identity(embedder), embedder.dim)
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
    progress = progress or Silent()
    index = open_index(index_name, settings)
    index.require()
    analysis = without_repeats(analyse(paths, settings, progress=progress))
    embedder = embedder or load_model(settings, progress)
    index.check_model(embedder.name, model_identity(embedder), embedder.dim)
    candidates, vectors = embed_alignable(analysis.segments, embedder, settings, progress)

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


def open_index(index_name: str, settings: Settings, *, new: str = "embedded") -> CorpusIndex | ShardIndex:
    """The index ``--index`` names: a Parquet-sharded one (a folder or URI, or a name whose folder holds a
    manifest: built by ``--engine ray``), else the embedded SQLite one; a name with neither is a new
    index of the kind ``new`` names ("embedded" or "shards")."""
    if is_shard_location(index_name):
        return ShardIndex(index_name, settings.index)
    folder = Path(settings.cache.dir) / FOLDER / index_name
    embedded = CorpusIndex(settings.cache.dir, index_name, settings.index)
    if (folder / MANIFEST).is_file() or (new == "shards" and not embedded.exists()):
        return ShardIndex(str(folder), settings.index, name=index_name)
    return embedded


def _renamed(entry: StoredDocument, taken: set[str]) -> StoredDocument:
    """The stored document under a name no new document uses (``name~2``…), its statements' ids to match."""
    new = unique_id(entry.document.id, taken)
    if new == entry.document.id:
        return entry
    document, segments = renamed_records(entry.document, entry.segments, new)
    return StoredDocument(document=document, segments=segments, vectors=entry.vectors)
