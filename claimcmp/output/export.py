"""The JSON contract (schema_version 1) and atomic file writing.

Later versions may add fields; they never remove or retype one. ``tests/
test_json_contract.py`` holds the contract, so a breaking change fails there.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimcmp.errors import OutputError
from claimcmp.input import exportable_path
from claimcmp.records import (
    Analysis,
    Comparison,
    Facts,
    Flag,
    FlagSide,
    IndexAddition,
    IndexInfo,
    SearchHit,
    SkippedInput,
)

SCHEMA_VERSION = 1


def comparison_to_dict(comparison: Comparison, include_text: bool = True) -> dict[str, Any]:
    """The comparison as the plain JSON-ready structure the contract describes.

    ``documents[].text`` is the text that segment offsets index into (for HTML,
    the extracted article text, not the page source); ``include_text=False``
    leaves it out to keep the file small.
    """
    body = analysis_to_dict(
        Analysis(comparison.documents, comparison.segments, comparison.skipped, comparison.warnings), include_text
    )
    return {
        "schema_version": body.pop("schema_version"),
        "tool": body.pop("tool"),
        "model": {
            "name": comparison.model.name,
            "dim": comparison.model.dim,
            "device": comparison.model.device,
            "precision": comparison.model.precision,
            "backend": comparison.model.backend,
        },
        "documents": body.pop("documents"),
        "segments": body.pop("segments"),
        "pairs": [
            {
                "a": p.a,
                "b": p.b,
                "similarity": p.similarity,
                "score": p.score,
                "evidence": p.evidence,
                "relation": p.relation,
                "flags": [flag_to_dict(f) for f in p.flags],
                "note": p.note,
            }
            for p in comparison.pairs
        ],
        "clusters": [
            {
                "id": c.id,
                "segments": list(c.segments),
                "docs": list(c.docs),
                "missing": list(c.missing),
                "near_miss": [_record(n) for n in c.near_miss],
            }
            for c in comparison.clusters
        ],
        **facts_section(comparison),
        **body,
    }


def facts_section(comparison: Comparison) -> dict[str, Any]:
    """``stories`` (documents told apart by the date they are about) and ``facts``: every fact slot with
    the value each statement gives it, its span ``[start, end]`` into that statement's text and who says it."""
    return {
        "stories": [{"id": s.id, "docs": list(s.docs), "date": s.date, "label": s.label} for s in comparison.stories],
        "facts": [
            {
                "id": slot.id,
                "story": slot.story,
                "kind": slot.kind,
                "name": slot.name,
                "disagreement": slot.disagreement,
                "values": [
                    {
                        "segment": v.segment,
                        "doc": v.doc,
                        "span": list(v.span),
                        "text": v.text,
                        "value": v.value,
                        "source": v.source,
                    }
                    for v in slot.values
                ],
            }
            for slot in comparison.facts
        ],
    }


def analysis_to_dict(analysis: Analysis, include_text: bool = True) -> dict[str, Any]:
    """Documents and segments with their facts: ``claimcmp inspect --json`` (no model, no pairs)."""
    from claimcmp import __version__

    n_segments: dict[str, int] = {}
    for segment in analysis.segments:
        n_segments[segment.doc] = n_segments.get(segment.doc, 0) + 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "claimcmp", "version": __version__},
        "documents": [
            {
                "id": d.id,
                "path": exportable_path(d.path) if d.path is not None else None,
                "lang": d.lang,
                "title": d.title,
                "n_segments": n_segments.get(d.id, 0),
                "encoding": d.encoding,
                "format": d.format,
                "url": d.url,
                "date": d.date,
                "source": d.source,
                "site": d.site,
                "metadata": dict(d.metadata),
                **({"text": d.text} if include_text else {}),
            }
            for d in analysis.documents
        ],
        "segments": [
            {
                "id": s.id,
                "doc": s.doc,
                "index": s.index,
                "text": s.text,
                "lang": s.lang,
                "start": s.start,
                "end": s.end,
                "kind": s.kind,
                "quote_id": s.quote_id,
                **facts_to_dict(s.facts),
            }
            for s in analysis.segments
        ],
        **failed_inputs(analysis.skipped),
        "warnings": list(analysis.warnings),
    }


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """A segment's facts as JSON fields; every span is ``[start, end]`` into the segment's text."""
    return {
        "quotes": [_record(q) for q in facts.quotes],
        "attribution": _record(facts.attribution) if facts.attribution else None,
        "numbers": [_record(n) for n in facts.numbers],
        "dates": [_record(d) for d in facts.dates],
        "entities": [_record(e) for e in facts.entities],
        "negated": facts.negated,
        "negation_span": list(facts.negation_span) if facts.negation_span else None,
        "stance": facts.stance,
    }


CSV_COLUMNS = (
    "pair_a",
    "pair_b",
    "relation",
    "similarity",
    "score",
    "evidence",
    "type",
    "severity",
    "confidence",
    "message",
    "doc_a",
    "lang_a",
    "text_a",
    "flagged_a",
    "value_a",
    "doc_b",
    "lang_b",
    "text_b",
    "flagged_b",
    "value_b",
)


def comparison_to_csv(comparison: Comparison) -> str:
    """One row per flag, in the order of the JSON's pairs: both statements, what each side says, the values."""
    segments = comparison.segment_by_id
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for pair in comparison.pairs:
        a, b = segments[pair.a], segments[pair.b]
        for flag in pair.flags:
            writer.writerow(
                [
                    _cell(pair.a),
                    _cell(pair.b),
                    pair.relation,
                    pair.similarity,
                    pair.score,
                    pair.evidence,
                    flag.type,
                    flag.severity,
                    flag.confidence,
                    _cell(flag.message),
                    _cell(a.doc),
                    a.lang,
                    _cell(a.text),
                    _cell(flag.a.text) if flag.a else "",
                    flag.a.value if flag.a and flag.a.value is not None else "",
                    _cell(b.doc),
                    b.lang,
                    _cell(b.text),
                    _cell(flag.b.text) if flag.b else "",
                    flag.b.value if flag.b and flag.b.value is not None else "",
                ]
            )
    return out.getvalue()


FACT_CSV_COLUMNS = (
    "story",
    "slot",
    "name",
    "kind",
    "disagreement",
    "doc",
    "text",
    "value",
    "source",
    "statement",
    "segment",
    "lang",
)


def facts_to_csv(comparison: Comparison) -> str:
    """The fact table, one row per (slot, value): story, slot, what it is, whether the documents
    disagree, the document, the value as written and normalised, who says it, the statement."""
    segments = comparison.segment_by_id
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FACT_CSV_COLUMNS)
    for slot in comparison.facts:
        for v in slot.values:
            segment = segments.get(v.segment)
            writer.writerow(
                [
                    slot.story,
                    slot.id,
                    _cell(slot.name),
                    slot.kind,
                    "true" if slot.disagreement else "false",
                    _cell(v.doc),
                    _cell(v.text),
                    _cell(v.value),
                    _cell(v.source or ""),
                    _cell(segment.text) if segment else "",
                    _cell(v.segment),
                    segment.lang if segment else "",
                ]
            )
    return out.getvalue()


# a cell a spreadsheet would run as a formula: "=HYPERLINK(...)", "+cmd", "@SUM", "-1+2"
_FORMULA_START = re.compile(r"[=+@\t\r]|-[\d(=+@]")


def _cell(text: str) -> str:
    """Article text for a CSV cell, with a leading apostrophe where a spreadsheet would see a formula.

    Journalists open the CSV in Excel or LibreOffice, and a document is untrusted: a
    statement that begins with ``=`` must show as text there, not run (CSV injection).
    """
    return "'" + text if _FORMULA_START.match(text) else text


def flag_to_dict(flag: Flag) -> dict[str, Any]:
    """One flag in the contract's shape: type, severity, confidence, message, and both sides."""

    def side(s: FlagSide | None) -> dict[str, Any] | None:
        return None if s is None else {"span": list(s.span) if s.span else None, "text": s.text, "value": s.value}

    return {
        "type": flag.type,
        "severity": flag.severity,
        "confidence": flag.confidence,
        "message": flag.message,
        "a": side(flag.a),
        "b": side(flag.b),
    }


def _record(record: Any) -> dict[str, Any]:
    """A flat fact record as a dict, spans (tuples) as lists."""
    return {
        name: list(value) if isinstance(value, tuple) else value for name, value in dataclasses.asdict(record).items()
    }


def quotes_to_dict(analysis: Analysis) -> dict[str, Any]:
    """Every quotation with its document, segment and language: ``claimcmp quotes --json``."""
    from claimcmp import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "claimcmp", "version": __version__},
        "quotes": [
            {"doc": s.doc, "segment": s.id, "lang": s.lang, **_record(q)}
            for s in analysis.segments
            for q in s.facts.quotes
        ],
        **failed_inputs(analysis.skipped),
        "warnings": list(analysis.warnings),
    }


def failed_inputs(skipped: Sequence[SkippedInput]) -> dict[str, Any]:
    """``errors``: every input that could not be read or analysed, and why (the rest were compared).

    ``skipped`` is the same list under its schema-1 name, for readers written before ``errors``.
    """
    return {
        "errors": [{"input": s.path, "reason": s.reason} for s in skipped],
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
    }


def _header() -> dict[str, Any]:
    from claimcmp import __version__

    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "claimcmp", "version": __version__}}


def search_to_dict(query: str, index: str, hits: list[SearchHit]) -> dict[str, Any]:
    """``claimcmp search --json``: the query and the statements found, nearest first."""
    return {
        **_header(),
        "query": query,
        "index": index,
        "results": [
            {
                "score": hit.score,
                "segment": {
                    "id": hit.segment.id,
                    "text": hit.segment.text,
                    "lang": hit.segment.lang,
                    "kind": hit.segment.kind,
                    "start": hit.segment.start,
                    "end": hit.segment.end,
                },
                "document": {
                    "id": hit.document.id,
                    "title": hit.document.title,
                    "lang": hit.document.lang,
                    "date": hit.document.date,
                    "source": hit.document.source,
                    "url": hit.document.url,
                    "path": None if hit.document.path is None else exportable_path(hit.document.path),
                },
            }
            for hit in hits
        ],
    }


def index_addition_to_dict(addition: IndexAddition) -> dict[str, Any]:
    """``claimcmp index add --json``: what was added, what was already there, what could not be read."""
    return {
        **_header(),
        "index": addition.index,
        "added": list(addition.added),
        "statements": addition.statements,
        "duplicates": [{"document": new, "stored_as": old} for new, old in addition.duplicates],
        **failed_inputs(addition.skipped),
        "warnings": list(addition.warnings),
    }


def index_info_to_dict(info: IndexInfo) -> dict[str, Any]:
    """``claimcmp index info --json``."""
    return {**_header(), **{k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(info).items()}}


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def comparison_to_json(comparison: Comparison, include_text: bool = True) -> str:
    return to_json(comparison_to_dict(comparison, include_text))


def write_text_atomic(target: str | Path, content: str) -> None:
    """Write ``content`` to ``target`` (``-`` is stdout) so a failure leaves no half file.

    The text goes to a temporary file in the target's folder, is flushed to
    disk, then renamed over the target: readers see the old file or the new
    one, never a torn one.
    """
    if str(target) == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {path}: folder {folder} does not exist. You can fix this by creating it first."
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write {path}: {exc.strerror or exc}. You can fix this by choosing a writable folder."
        ) from exc
    try:
        # mkstemp makes the file private (0600); a report is meant to be shared like any file the user writes
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}.") from exc
        raise
