"""The document: its paragraphs read in order, each by the parts of the package, and one ``Facts`` per segment.

:func:`read_paragraph` builds a paragraph's frozen view step by step (words, quotations, verbs of saying, clauses,
subjects and sources) and hands it to the parts that read quotes, attribution, polarity and document-level
source statements; :class:`_Document` keeps what runs across paragraphs (speakers for pronouns, a speaker
introduced by a paragraph ending in a colon, the document's source) and builds the records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from claimcmp.analysis.speech.attribution import attribution_of
from claimcmp.analysis.speech.clauses import boundaries, find_events, subordinate_clauses
from claimcmp.analysis.speech.polarity import polarity
from claimcmp.analysis.speech.quotations import classify, find_regions, quoted_words
from claimcmp.analysis.speech.quoting import quote_parts
from claimcmp.analysis.speech.rules import rules_for
from claimcmp.analysis.speech.sources import document_statement
from claimcmp.analysis.speech.subjects import Speakers, read_subjects
from claimcmp.analysis.speech.view import Attr, Paragraph, Part, Who, group_events, read_words, same
from claimcmp.records import Attribution, Cut, Facts, Quote, Span, Stance


def analyse_speech(segments: Sequence[Cut]) -> list[Facts]:
    """One :class:`Facts` per segment (quotes, attribution, negated, negation_span, stance only).

    ``segments`` are one document's, in reading order, of any kind.
    """
    if not segments:
        return []
    return _Document(list(segments)).run()


@dataclass
class _DocSources:
    """The document's own source, from the first statements that name one."""

    via: Who | None = None
    reported_by: Who | None = None

    def add(self, via: Who | None, reported_by: Who | None) -> None:
        if self.via is None and via is not None and not via.generic:
            self.via = via
        if self.reported_by is None and reported_by is not None:
            self.reported_by = reported_by


class _Document:
    """What is known across one document's paragraphs, and its segments' facts once all are read."""

    def __init__(self, segments: list[Cut]) -> None:
        self.segments = segments
        # the document's language: its segments' by length, since a longer text is told more surely
        known: Counter[str] = Counter()
        for segment in segments:
            if not rules_for(segment.lang).empty:
                known[segment.lang] += len(segment.text)
        fallback = rules_for(known.most_common(1)[0][0]) if known else rules_for("")
        self.rules = [fallback if rules_for(s.lang).empty else rules_for(s.lang) for s in segments]
        self.main = fallback
        n = len(segments)
        self.parts: list[list[Part]] = [[] for _ in range(n)]
        self.attrs: list[Attr | None] = [None] * n
        self.polarity: list[tuple[bool, Span | None, Stance]] = [(False, None, "unknown")] * n
        self.doc_sources = _DocSources()
        self.anaphor_before: list[int] = []  # segments right before an "Об этом сообщает" statement
        self.speakers = Speakers(segments)
        self.pending_colon: Who | bool | None = None  # a speaker introduced by "X заявил:" at a paragraph's end
        self.first_sentence = next((i for i, s in enumerate(segments) if s.kind == "sentence"), -1)

    def run(self) -> list[Facts]:
        for first, last in self._paragraphs():
            read_paragraph(self, list(range(first, last)))
        self._fill_document_sources()
        return [self._facts(i) for i in range(len(self.segments))]

    def _paragraphs(self) -> list[tuple[int, int]]:
        """Runs of consecutive segments of one paragraph, with consistent offsets."""
        runs: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(self.segments) + 1):
            if i == len(self.segments):
                runs.append((start, i))
                break
            prev, cur = self.segments[i - 1], self.segments[i]
            if cur.doc != prev.doc or cur.paragraph != prev.paragraph or cur.start < prev.end:
                runs.append((start, i))
                start = i
        return runs

    # -- sources for the whole document ------------------------------------------------------------------------------

    def _fill_document_sources(self) -> None:
        doc = self.doc_sources
        if doc.via is None and doc.reported_by is None:
            return
        for parts in self.parts:
            for part in parts:
                part.via, part.reported_by = self._filled(part.via, part.reported_by)
        for i, attr in enumerate(self.attrs):
            if attr is None or attr.from_quote is not None:
                continue
            if attr.via is not None and (attr.via.generic or same(attr.via, doc.via)):
                attr.via, attr.reported_by = self._filled(attr.via, attr.reported_by)
            elif attr.via is None and attr.reported_by is None and i in self.anaphor_before:
                attr.via, attr.reported_by = self._filled(None, None)

    def _filled(self, via: Who | None, reported_by: Who | None) -> tuple[Who | None, Who | None]:
        doc = self.doc_sources
        if via is None and reported_by is None:
            return doc.via, doc.reported_by
        if via is not None and via.generic and doc.via is not None:
            return doc.via, reported_by or doc.reported_by
        if via is not None and same(via, doc.via) and reported_by is None:
            return via, doc.reported_by
        return via, reported_by

    # -- output ------------------------------------------------------------------------------------------------------

    def _facts(self, i: int) -> Facts:
        quotes = tuple(
            Quote(
                span=p.span,
                text=p.text,
                speaker=p.who.text if p.who else None,
                speaker_span=p.who.span if p.who and p.who.seg == i else None,
                via=p.via.text if p.via else None,
                reported_by=p.reported_by.text if p.reported_by else None,
                verb=p.verb,
                partial=p.partial,
                quote_id=p.quote_id,
            )
            for p in self.parts[i]
        )
        attribution = None
        attr = self.attrs[i]
        if attr is not None:
            if attr.from_quote is not None:
                part = attr.from_quote
                attr = Attr(part.who, part.verb, part.via, part.reported_by)
            if attr.who is not None or attr.via is not None or attr.reported_by is not None:
                attribution = Attribution(
                    speaker=attr.who.text if attr.who else None,
                    speaker_span=attr.who.span if attr.who and attr.who.seg == i else None,
                    verb=attr.verb,
                    via=attr.via.text if attr.via else None,
                    reported_by=attr.reported_by.text if attr.reported_by else None,
                )
        negated, negation_span, stance = self.polarity[i]
        return Facts(
            quotes=quotes, attribution=attribution, negated=negated, negation_span=negation_span, stance=stance
        )


def view_of(doc: _Document, segs: list[int]) -> Paragraph:
    """The paragraph of segments ``segs``: its words, quotations, verbs of saying and clauses (no speakers yet)."""
    w = read_words([doc.segments[g].text for g in segs], segs, [doc.rules[g] for g in segs], doc.main)
    regions = find_regions(w, after_list_colon=doc.pending_colon is False)
    raw_quoted = quoted_words(w, regions)
    events = find_events(w, raw_quoted)  # quoted words are no verbs of saying, names' words neither
    event_pos = tuple(w.tstart[e.start] for e in events)
    quotes, tquote, name_quotes, name_words = classify(w, regions, raw_quoted, events, event_pos)
    bound = boundaries(w, quotes, tquote)
    sub = subordinate_clauses(w, tquote, bound)
    events = tuple(replace(e, subordinate=sub[e.start]) for e in events)
    return Paragraph(
        **{f.name: getattr(w, f.name) for f in fields(w)},
        quotes=quotes,
        tquote=tquote,
        name_quotes=name_quotes,
        name_words=name_words,
        events=events,
        event_pos=event_pos,
        seg_events=group_events(events, len(segs)),
        bound=bound,
        clause_starts=tuple(i for i in range(len(w.words)) if bound[i]),
        sub=sub,
    )


def read_paragraph(doc: _Document, segs: list[int]) -> None:
    """Read one paragraph into the document: its quotes, attributions, polarity and source statements."""
    pending = doc.pending_colon
    p = read_subjects(view_of(doc, segs), doc.speakers)  # in reading order, for pronouns
    doc.pending_colon = None
    for g, part in quote_parts(p, doc.segments, pending):
        doc.parts[g].append(part)
    for k, g in enumerate(segs):
        doc.attrs[g] = attribution_of(p, k, doc.parts[g], doc.speakers)
        doc.polarity[g] = polarity(p, k, doc.segments[g])
    for k, g in enumerate(segs):
        statement = document_statement(p, k, g == doc.first_sentence)
        if statement is None:
            continue
        doc.doc_sources.add(statement.via, statement.reported_by)
        if statement.fallback:
            doc.attrs[g] = doc.attrs[g] or statement.attr
        else:
            doc.attrs[g] = statement.attr or doc.attrs[g]
        if statement.anaphor:
            previous = doc.speakers.previous_sentence(g)
            if previous >= 0:
                doc.anaphor_before.append(previous)
    if segs and p.text.rstrip().endswith(":"):
        # a paragraph ending in "X заявил:" introduces the next paragraph's speech; one ending in ":" alone a list
        last = p.seg_events[-1][-1] if p.seg_events[-1] else None
        doc.pending_colon = last.who if last is not None and last.who is not None else False
