"""The facts of one document's statements: each cut of segmentation finished as a :class:`Segment`.

The extractors read each statement's visible text (:mod:`.visible`), speech first over the whole
document (a pronoun speaker resolves to an earlier one), then dates, numbers and names per statement;
short names become the document's full names at the end.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from claimcmp.analysis.dates import find_dates, reference_date
from claimcmp.analysis.entities import entity_key, find_entities
from claimcmp.analysis.quantities import find_quantities
from claimcmp.analysis.speech import analyse_speech
from claimcmp.analysis.visible import VisibleText, visible_view
from claimcmp.input import known_language
from claimcmp.records import Attribution, Cut, Document, Facts, Quote, Segment, Span

# kinds whose text is no statement of the article: nothing is extracted from them
_NOT_ANALYSED = frozenset({"boilerplate"})


def analyse_document(document: Document, cuts: Sequence[Cut], reference: datetime.date | None = None) -> list[Segment]:
    """``cuts`` (one document's, in reading order) finished as segments with their :class:`Facts`.

    ``reference`` is the date relative expressions resolve against; without it
    the document's own date (metadata, else its first dateline) is used. The
    extractors read each segment's visible text (:mod:`.visible`); the spans
    they find are mapped back onto the segment's own text.
    """
    views = [visible_view(c.text) for c in cuts]
    readable = [c if view is None else replace(c, text=view.text) for c, view in zip(cuts, views, strict=True)]
    analysed = _analyse_readable(document, readable, reference)
    return [
        found if view is None else _mapped_back(found, original, view)
        for found, original, view in zip(analysed, cuts, views, strict=True)
    ]


def _analyse_readable(document: Document, cuts: Sequence[Cut], reference: datetime.date | None) -> list[Segment]:
    if reference is None:
        datelines = [c.text for c in cuts if c.kind == "dateline"]
        reference = reference_date(document.date, datelines, known_language(document.lang))
    spoken = analyse_speech(cuts)
    analysed: list[Segment] = []
    for cut, speech in zip(cuts, spoken, strict=True):
        if cut.kind in _NOT_ANALYSED:
            analysed.append(cut.with_facts(Facts()))
            continue
        lang = cut.lang
        dates = find_dates(cut.text, lang, reference)
        facts = replace(
            speech,
            quotes=tuple(_keyed_quote(q, lang) for q in speech.quotes),
            attribution=_keyed_attribution(speech.attribution, lang),
            dates=tuple(dates),
            numbers=tuple(find_quantities(cut.text, lang, exclude=[d.span for d in dates])),
            entities=tuple(find_entities(cut.text, lang)),
        )
        analysed.append(cut.with_facts(facts))
    return _with_full_names(analysed)


def _mapped_back(found: Segment, original: Cut, view: VisibleText) -> Segment:
    """``found`` (analysed on the visible view) with the original text and every span mapped onto it."""
    text = original.text

    def span(value: Span | None) -> Span | None:
        return None if value is None else view.original_span(value)

    def moved(fact: Any) -> Any:
        """A quote, number, date or name with its span and text those of the original."""
        start, end = view.original_span(fact.span)
        return replace(fact, span=(start, end), text=text[start:end])

    facts = found.facts
    quotes = tuple(replace(moved(q), speaker_span=span(q.speaker_span)) for q in facts.quotes)
    attribution = facts.attribution
    if attribution is not None:
        attribution = replace(attribution, speaker_span=span(attribution.speaker_span))
    return replace(
        found,
        text=text,
        facts=replace(
            facts,
            quotes=quotes,
            attribution=attribution,
            numbers=tuple(map(moved, facts.numbers)),
            dates=tuple(map(moved, facts.dates)),
            entities=tuple(map(moved, facts.entities)),
            negation_span=span(facts.negation_span),
        ),
    )


def _with_full_names(segments: list[Segment]) -> list[Segment]:
    """Keys of short names ("Ким", "Putin") replaced by the document's full name they stand for.

    Articles name a person in full once and by one part of the name after that;
    across documents "Ким" must meet "Kim Jong Un". A one-word key becomes the
    longer person key of the same document whose first or last word it is, when
    exactly one such key exists (two Kims in one article stay "kim").
    """
    full_keys = {e.key for s in segments for e in s.facts.entities if e.type == "person" and e.key and "-" in e.key}
    expansions: dict[str, set[str]] = {}
    for key in full_keys:
        words = key.split("-")
        for part in {words[0], words[-1]}:
            expansions.setdefault(part, set()).add(key)
    full = {part: next(iter(keys)) for part, keys in expansions.items() if len(keys) == 1}
    if not full:
        return segments

    def expand(key: str | None) -> str | None:
        return full.get(key, key) if key else key

    out = []
    for segment in segments:
        facts = segment.facts
        quotes = tuple(replace(q, speaker_key=expand(q.speaker_key)) for q in facts.quotes)
        attribution = facts.attribution
        if attribution is not None:
            attribution = replace(attribution, speaker_key=expand(attribution.speaker_key))
        entities = tuple(replace(e, key=full.get(e.key, e.key)) if e.type == "person" else e for e in facts.entities)
        out.append(replace(segment, facts=replace(facts, quotes=quotes, attribution=attribution, entities=entities)))
    return out


def _key(name: str | None, lang: str) -> str | None:
    return entity_key(name, lang) if name else None


def _keyed_quote(quote: Quote, lang: str) -> Quote:
    return replace(
        quote,
        speaker_key=_key(quote.speaker, lang),
        via_key=_key(quote.via, lang),
        reported_by_key=_key(quote.reported_by, lang),
    )


def _keyed_attribution(attribution: Attribution | None, lang: str) -> Attribution | None:
    if attribution is None:
        return None
    return replace(
        attribution,
        speaker_key=_key(attribution.speaker, lang),
        via_key=_key(attribution.via, lang),
        reported_by_key=_key(attribution.reported_by, lang),
    )
