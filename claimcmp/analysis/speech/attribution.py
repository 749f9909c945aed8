"""A segment's attribution: its first quote's speaker, else a speech verb of its main clause, else its sources."""

from __future__ import annotations

from claimcmp.analysis.speech.phrases import who_at
from claimcmp.analysis.speech.rules import COLON_LABEL, LABEL, LINK, REPORT
from claimcmp.analysis.speech.sources import chain
from claimcmp.analysis.speech.subjects import Speakers
from claimcmp.analysis.speech.view import MAX_COLON_SPEAKER_WORDS, Attr, Paragraph, Part, Who


def attribution_of(p: Paragraph, k: int, parts: list[Part], speakers: Speakers) -> Attr | None:
    """Segment ``k``'s attribution from its quotes, verbs and sources (None when it has none)."""
    g = p.segs[k]
    quoted = next((q for q in parts if q.who is not None), None)
    if quoted is not None:
        return Attr(quoted.who, quoted.verb, quoted.via, quoted.reported_by, from_quote=quoted)
    events = p.seg_events[k]
    sources = p.sources[k]
    main = [e for e in events if not e.subordinate and not e.editorial]
    chosen = next((e for e in main if e.who is not None and REPORT not in e.kinds), None)
    chosen = chosen or next((e for e in main if e.who is not None), None)
    if chosen is not None:
        speaker, via, reported_by = chain(p, chosen, k)
        return Attr(speaker, p.verb_text(chosen), via, reported_by)
    if sources.according:
        _, via, reported_by = chain(p, None, k)
        return Attr(sources.according[0][1], None, via, reported_by)
    if sources.according_sources or sources.cites:
        _, via, reported_by = chain(p, None, k)
        return Attr(None, None, via, reported_by)
    colon = _headline_speaker(p, k)
    if colon is not None:
        speakers.spoke(colon, g)
        return Attr(colon, None, None, None)
    other = next((e for e in events if e.who is not None and not e.editorial), None)
    if other is not None:
        speaker, via, reported_by = chain(p, other, k)
        return Attr(speaker, p.verb_text(other), via, reported_by)
    return None


def _headline_speaker(p: Paragraph, k: int) -> Who | None:
    """``Синът на Ердоган: Нямам политически амбиции`` — a short phrase and a colon open the sentence."""
    lo, hi = p.seg_first[k], p.seg_last[k]
    for j in range(lo + 1, min(hi, lo + MAX_COLON_SPEAKER_WORDS + 1)):
        if not p.bound[j]:
            continue
        if p.gap(j).strip() != ":" or p.tquote[j] >= 0:
            return None
        if p.has(lo, COLON_LABEL) or p.has(lo, LABEL) or not p.cap(lo):
            return None
        if any(p.stop_word(x) and not p.is_word(x, LINK) for x in range(lo, j)):
            return None
        return who_at(p, lo, j)
    return None
