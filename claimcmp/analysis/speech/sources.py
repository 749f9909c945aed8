"""Sources: who words come through (``via``) and which outlet relays them (``reported_by``).

A sentence names its sources by citing cues (``со ссылкой на X``), ``according to X`` and outlets' report verbs;
:func:`chain` picks a speaker's ``via`` and ``reported_by`` from them, and :func:`document_statement` finds the
statements that give the whole document's source (``Об этом сообщает X``, ``По материалам: X``). The rules are
in the package docstring.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from claimcmp.analysis.speech.clauses import clause_before, nothing_more_said
from claimcmp.analysis.speech.phrases import np_before, np_forward, outlet_of, skip, who_at
from claimcmp.analysis.speech.rules import (
    ACCORDING,
    ACCORDING_AFTER,
    ACCORDING_PRONOUN,
    ACCORDING_SOURCE,
    ANAPHOR,
    CITING,
    LABEL,
    LINK,
    REPORT,
)
from claimcmp.analysis.speech.view import MAX_COLON_SPEAKER_WORDS, Attr, Event, Paragraph, Sources, Who, same


def sentence_sources(p: Paragraph, k: int, antecedent: Callable[[int, bool], Who | None]) -> Sources:
    """What sentence ``k`` says about sources (``antecedent`` resolves "по его словам")."""
    cites: list[tuple[int, Who]] = []
    according: list[tuple[int, Who]] = []
    according_sources: list[tuple[int, Who]] = []
    lo, hi = p.seg_first[k], p.seg_last[k]
    for i in range(lo, hi):
        starts = p.starts[i]
        if not starts or p.tquote[i] >= 0:
            continue
        for category, target in ((CITING, cites), (ACCORDING_SOURCE, according_sources)):
            if category in starts:
                at = skip(p, starts[category], hi)
                if at < hi - 1 and p.is_prep(at) and not p.bound[at + 1]:
                    at += 1  # "как сообщили в пресс-службе Кремля"
                np = np_forward(p, at, hi)
                if np is not None:
                    target.append((i, outlet_of(p, who_at(p, *np))))
        if ACCORDING_PRONOUN in starts:
            end = starts[ACCORDING_PRONOUN]
            found = antecedent(p.segs[k], False)
            if found is not None:
                according.append((i, Who(found.text, p.segs[k], who_at(p, i, end).span)))
        elif ACCORDING in starts and not p.has(i, ACCORDING_SOURCE):
            at = starts[ACCORDING]
            if at < hi - 1 and p.begins(at, LINK) and not p.bound[at + 1]:
                at += 1  # the genitive of the cue's noun: "nach Angaben des Ministeriums"
            np = np_forward(p, at, hi)
            if np is not None:
                according.append((i, who_at(p, *np)))
        elif ACCORDING_AFTER in starts and i > lo and not p.bound[i]:
            np = np_before(p, i - 1, lo)
            if np is not None:
                according.append((np[0], who_at(p, *np)))
    return Sources(tuple(cites), tuple(at for at, _ in cites), tuple(according), tuple(according_sources))


def _reports(p: Paragraph, k: int) -> tuple[list[Event], list[int]]:
    """The report verbs of sentence ``k`` that name an outlet, and where they start."""
    listed = [e for e in p.seg_events[k] if REPORT in e.kinds and e.outlet is not None]
    return listed, [e.start for e in listed]


def chain(p: Paragraph, event: Event | None, k: int) -> tuple[Who | None, Who | None, Who | None]:
    """(speaker, via, reported_by) of words attributed by ``event`` in sentence ``k``."""
    sources = p.sources[k]
    speaker = event.who if event else None
    reports, report_starts = _reports(p, k)
    via: Who | None = None
    reported_by: Who | None = None
    if sources.cites:
        position = event.start if event else -1
        index = bisect_right(sources.cite_at, position)
        at, via = sources.cites[index if index < len(sources.cites) else 0]
        r = bisect_left(report_starts, at) - 1
        if r >= 0 and reports[r] is event:
            r -= 1
        if r >= 0:
            reported_by = reports[r].outlet
        elif event is not None and REPORT in event.kinds and event.outlet is not None:
            speaker, reported_by = None, event.outlet  # "сообщает VOA со ссылкой на ЦТАК": no speaker named
    else:
        other = next((e for e in reports[:2] if e is not event), None)
        via = other.outlet if other is not None else None
    if via is None and sources.according_sources:
        via = sources.according_sources[0][1]
    if via is None and event is not None and sources.according:
        via = outlet_of(p, sources.according[0][1])  # "Putin said …, according to KCNA"
    if via is None and event is not None:
        via = _closing_source(p, event, k)
    return speaker, via, reported_by


def _closing_source(p: Paragraph, event: Event, k: int) -> Who | None:
    """The speaker of a sentence-final "…, North Korea's state media said" after ``event``'s own words."""
    last = p.seg_events[k][-1] if p.seg_events[k] else None
    if last is None or last is event or last.start < event.start or last.who is None or event.who is None:
        return None
    if same(last.who, event.who) or last.subordinate:
        return None
    _, why = clause_before(p, last.start)
    if why not in ("punct", "quote") or not nothing_more_said(p, last.end, p.seg_last[k]):
        return None
    return last.outlet


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence that gives the document's source: what it adds, and the attribution it gives its segment."""

    via: Who | None
    reported_by: Who | None
    attr: Attr | None = None  # the segment's attribution
    fallback: bool = False  # ``attr`` only when the segment has none of its own
    anaphor: bool = False  # "Об этом сообщает X": the sentence before gets the document's source too


def document_statement(p: Paragraph, k: int, first_sentence: bool) -> Statement | None:
    """Sentence ``k`` as a document-level source statement, or None (``first_sentence``: the document's first)."""
    lo, hi = p.seg_first[k], p.seg_last[k]
    if lo >= hi:
        return None
    label = _source_label(p, k)
    if label is not None:
        return Statement(None, label, Attr(None, None, None, label), fallback=True)
    events = [e for e in p.seg_events[k] if REPORT in e.kinds and e.outlet is not None]
    if not events:
        return None
    anaphor = any(p.has(i, ANAPHOR) for i in range(lo, min(lo + 2, hi)))
    if anaphor:
        event = events[0]
        _, via, reported_by = chain(p, event, k)
        if via is None:
            via = event.outlet
        return Statement(via, reported_by, Attr(None, p.verb_text(event), via, reported_by), anaphor=True)
    if first_sentence and p.sources[k].cites:
        event = events[-1]
        cite = next((c for at, c in p.sources[k].cites if at > event.start), None)
        if cite is not None:
            return Statement(cite, event.outlet)
    return None


def _source_label(p: Paragraph, k: int) -> Who | None:
    """``По материалам: iz.ru`` — the outlet an article relays."""
    lo, hi = p.seg_first[k], p.seg_last[k]
    if not p.begins(lo, LABEL):
        return None
    end = p.starts[lo][LABEL]
    if end >= hi or p.gap(end).strip() != ":":
        return None
    start = p.tstart[end]
    stop = p.ends[k]
    name = p.text[start:stop].rstrip(" .;,")
    if not name or len(name.split()) > MAX_COLON_SPEAKER_WORDS:
        return None
    return Who(name, p.segs[k], (start - p.offsets[k], start - p.offsets[k] + len(name)))
