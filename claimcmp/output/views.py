"""The view model both views read: the terminal (:mod:`.render`) and the HTML report (:mod:`.html_report`).

Plain data and text, no styling: document labels (``D1``…), where a statement's
source is, which spans of a statement the flags mark and how badly, and the
fact tables (stories × slots × documents, with the values each document gives
and the disputes between them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from claimcmp.input import displayable
from claimcmp.records import SEVERITIES, Comparison, FactSlot, Pair, Segment, Severity, Story


def document_labels(comparison: Comparison) -> dict[str, str]:
    """Short labels (``D1``, ``D2`` …) that keep narrow tables readable; the documents table maps them."""
    return {d.id: f"D{i}" for i, d in enumerate(comparison.documents, 1)}


def relabelled(message: str, labels: dict[str, str]) -> str:
    """``message`` with each document id, standing as a word of its own, shortened to its label.

    Only whole words: a document named ``a`` must not turn "militant" into "militD1nt".
    Longer ids first, so that ``rus`` never eats into ``rus_2``.
    """
    if not labels:
        return message
    ids = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])")
    return pattern.sub(lambda m: labels[m.group(0)], message)


def source_of(segment: Segment) -> str | None:
    facts = segment.facts
    for holder in (facts.attribution, *facts.quotes):
        if holder is not None and (holder.via or holder.reported_by):
            return holder.via or holder.reported_by
    return None


def marks_by_segment(pairs: list[Pair]) -> dict[str, list[tuple[tuple[int, int], str]]]:
    """Spans to mark in each statement, with the severity of the flag that names them."""
    marks: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for pair in pairs:
        for flag in pair.flags:
            for segment_id, side in ((pair.a, flag.a), (pair.b, flag.b)):
                if side is None or side.span is None:
                    continue
                if flag.type == "quote_variant":
                    # the whole quote is the span; mark only the words that differ
                    for span in _word_spans(side.text, side.value or "", side.span[0]):
                        marks.setdefault(segment_id, []).append((span, flag.severity))
                else:
                    marks.setdefault(segment_id, []).append((side.span, flag.severity))
    return marks


def _word_spans(quote: str, words: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    lowered = quote.lower()
    for word in dict.fromkeys(words.split()):
        at = lowered.find(word.lower())
        while at >= 0:
            before = lowered[at - 1] if at > 0 else " "
            after = lowered[at + len(word)] if at + len(word) < len(lowered) else " "
            if not before.isalnum() and not after.isalnum():
                spans.append((offset + at, offset + at + len(word)))
            at = lowered.find(word.lower(), at + 1)
    return spans


K = TypeVar("K")


@dataclass(frozen=True)
class FactTable:
    """The fact slots of one story: ``stories`` (a dated story, with the undated one when its
    documents join in), the documents that give a value (columns), and the slots (rows)."""

    stories: tuple[Story, ...]
    docs: tuple[str, ...]
    slots: tuple[FactSlot, ...]


@dataclass(frozen=True)
class CellValue:
    """One value a document gives for a slot, as written (white space folded), with who says it and where.

    ``disputed``: the highest severity of the flags that pit it against another document's value of the
    same slot (None when no flag does).
    """

    text: str
    sources: tuple[str, ...]
    segments: tuple[str, ...]
    disputed: Severity | None

    def shown(self) -> str:
        return displayable(f"{self.text} ({'; '.join(self.sources)})" if self.sources else self.text)


@dataclass(frozen=True)
class Disputes:
    """Which slots the documents disagree on, how badly (the highest severity of the flags between their
    values; ``medium`` when no flag names them), and which values the flags pit against each other."""

    severity: dict[str, Severity]
    values: dict[tuple[str, tuple[int, ...]], Severity]  # (statement, span of the value in it) -> severity

    def of(self, slot: FactSlot) -> Severity | None:
        return self.severity.get(slot.id, "medium") if slot.disagreement else None


def fact_disputes(comparison: Comparison) -> Disputes:
    slot_of = {(v.segment, tuple(v.span)): slot.id for slot in comparison.facts for v in slot.values}
    severity: dict[str, Severity] = {}
    values: dict[tuple[str, tuple[int, ...]], Severity] = {}
    for pair in comparison.pairs:
        for flag in pair.flags:
            if flag.type not in ("number", "date") or not (flag.a and flag.b and flag.a.span and flag.b.span):
                continue
            a, b = (pair.a, tuple(flag.a.span)), (pair.b, tuple(flag.b.span))
            slot_id = slot_of.get(a)
            if slot_id is None or slot_id != slot_of.get(b):
                continue
            _keep_highest(severity, slot_id, flag.severity)
            _keep_highest(values, a, flag.severity)
            _keep_highest(values, b, flag.severity)
    return Disputes(severity, values)


def _keep_highest(held: dict[K, Severity], key: K, severity: Severity) -> None:
    if key not in held or SEVERITIES.index(severity) < SEVERITIES.index(held[key]):
        held[key] = severity


def fact_tables(comparison: Comparison) -> list[FactTable]:
    """The comparison's fact slots grouped by story, in the order of ``comparison.stories``.

    A slot that links a dated story with documents of unknown date (story ``S0+S1``) belongs to the
    dated story's table; a slot that only undated documents give has a table of its own.
    """
    stories = comparison.story_by_id
    order = {s.id: i for i, s in enumerate(comparison.stories)}
    groups: dict[tuple[str, ...], list[FactSlot]] = {}
    for slot in comparison.facts:
        ids = tuple(i for i in slot.story.split("+") if i)
        dated = tuple(i for i in ids if i in stories and stories[i].date is not None)
        groups.setdefault(dated or ids, []).append(slot)
    document_order = {d.id: i for i, d in enumerate(comparison.documents)}
    tables = []
    for key in sorted(groups, key=lambda k: ([order.get(i, len(order)) for i in k], k)):
        slots = groups[key]
        involved = {i for slot in slots for i in slot.story.split("+")}
        docs = {v.doc for slot in slots for v in slot.values}
        tables.append(
            FactTable(
                stories=tuple(sorted((stories[i] for i in involved if i in stories), key=lambda s: order[s.id])),
                docs=tuple(sorted(docs, key=lambda d: (document_order.get(d, len(document_order)), d))),
                slots=tuple(slots),
            )
        )
    return tables


def fact_table_title(table: FactTable, labels: dict[str, str]) -> str:
    """``S1 2025-12-02 (D2), with date unknown: D1 D3``: which story a table is about."""
    dated = [s for s in table.stories if s.date is not None]
    undated = [s for s in table.stories if s.date is None]
    if not table.stories:
        return "all documents"
    if not dated:
        return "date unknown (compared with every story)"
    title = ", ".join(f"{s.id} {s.label} ({labels_of(s.docs, labels)})" for s in dated)
    joined = [d for s in undated for d in s.docs if d in table.docs]
    if joined:
        title += f", with date unknown: {labels_of(joined, labels)}"
    return displayable(title)


def labels_of(docs: Iterable[str], labels: dict[str, str]) -> str:
    return " ".join(labels.get(d, d) for d in docs)


def cell_values(slot: FactSlot, doc: str, disputes: Disputes | None = None) -> list[CellValue]:
    """What one document gives for a slot. A value it repeats is listed once, with every source that
    gives it (``до 32 (Державна служба; Офісу)``) and every statement it is in."""
    merged: dict[str, tuple[str, list[str], list[str], Severity | None]] = {}
    for value in slot.values:
        if value.doc != doc:
            continue
        text = " ".join(value.text.split())
        shown, sources, segments, disputed = merged.get(text.casefold(), (text, [], [], None))
        source = " ".join((value.source or "").split())
        if source and source not in sources:
            sources.append(source)
        if value.segment not in segments:
            segments.append(value.segment)
        severity = disputes.values.get((value.segment, tuple(value.span))) if disputes else None
        if severity and (disputed is None or SEVERITIES.index(severity) < SEVERITIES.index(disputed)):
            disputed = severity
        merged[text.casefold()] = (shown, sources, segments, disputed)
    return [CellValue(t, tuple(src), tuple(seg), d) for t, src, seg, d in merged.values()]


def slot_cell(slot: FactSlot, doc: str) -> str:
    """One document's values for a slot as one line of plain text (``до 32 (ДСНС), 34``)."""
    return ", ".join(v.shown() for v in cell_values(slot, doc))
