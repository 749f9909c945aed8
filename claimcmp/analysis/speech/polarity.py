"""Polarity of a segment: whether its main claim is negated, and its stance (asserted, denied, confirmed)."""

from __future__ import annotations

from claimcmp.analysis.speech.rules import CONFIRM, DENIAL, NEG, NEG_FIXED
from claimcmp.analysis.speech.view import Paragraph
from claimcmp.input import load_table
from claimcmp.records import Cut, Segment, Span, Stance


def polarity(p: Paragraph, k: int, segment: Cut) -> tuple[bool, Span | None, Stance]:
    """(negated, negation_span, stance) of segment ``k`` (the rules are in the package docstring)."""
    lo, hi = p.seg_first[k], p.seg_last[k]
    offset = p.offsets[k]
    cue: tuple[int, int] | None = None
    cues: list[int] = []
    verdict: tuple[str, int, int] | None = None
    i = lo
    while i < hi:
        starts = p.starts[i]
        if not starts or p.sub[i] or i in p.name_words:
            i += 1
            continue
        if NEG in starts and not p.has(i, NEG_FIXED):
            cues.append(i)
            if cue is None:
                cue = (i, starts[NEG])
            i = starts[NEG]
            continue
        if verdict is None and (DENIAL in starts or CONFIRM in starts) and not p.in_cue(i):
            category = DENIAL if DENIAL in starts else CONFIRM
            verdict = (category, i, starts[category])
        i += 1
    negated = cue is not None
    span = (p.tstart[cue[0]] - offset, p.tend[cue[1] - 1] - offset) if cue else None
    stance: Stance = "asserted"
    if verdict is not None:
        category, at, end = verdict
        negated_verb = any(0 < at - c <= 3 for c in cues)
        if category == DENIAL:
            stance = "unknown" if negated_verb else "denied"
            if not negated:
                negated, span = True, (p.tstart[at] - offset, p.tend[end - 1] - offset)
        else:
            stance = "denied" if negated_verb else "confirmed"
    elif negated:
        stance = "denied"
    if segment.kind != "sentence" or lo == hi or _is_question(segment.text):
        stance = "unknown"
    return negated, span, stance


def _is_question(text: str) -> bool:
    stripped = text.rstrip().rstrip('»“”"’›)]').rstrip()
    return stripped.endswith("?")


def denies_in_words(segment: Segment) -> bool:
    """Whether the segment's stance is ``denied`` by a denial verb ("отрекоха", "denied"), not a bare "не".

    Translations move plain negation around freely; a denial verb they keep.
    """
    facts = segment.facts
    if facts.stance != "denied" or facts.negation_span is None:
        return False
    cue = segment.text[facts.negation_span[0] : facts.negation_span[1]].lower()
    negations = {str(c).lower() for c in load_table("speech", segment.lang).get("negation_cues", [])}
    return cue not in negations and cue.split()[0] not in negations
