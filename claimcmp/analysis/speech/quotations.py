"""Where a paragraph's quotations are, and which of them are names or scare quotes rather than quoted words.

Quotation marks are found by :func:`claimcmp.analysis.quotes.find_quotations`; direct speech after a dash that
opens the paragraph is cut here at the narrator's remarks. A short quoted span is then told apart as a quote, a
name or a scare quote (the rules are in the package docstring).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from claimcmp.analysis.quotes import find_quotations, leading_dash, spaced_dashes
from claimcmp.analysis.speech.rules import REPORT, SCARE, SPEECH, VERBS
from claimcmp.analysis.speech.view import MAX_SHORT_QUOTE_WORDS, SENTENCE_PUNCT, Event, QuoteRegion, Words, event_before

_COMMA = re.compile(r",\s+")


def find_regions(w: Words, after_list_colon: bool) -> list[QuoteRegion]:
    """The paragraph's quotations in order: marked ones and dash speech (none after a list's ``…:``)."""
    regions = [QuoteRegion(a, b) for a, b in find_quotations(w.text)]
    regions.extend(_dash_speech(w, regions, after_list_colon))
    regions.sort(key=lambda r: r.open)
    return regions


def quoted_words(w: Words, regions: list[QuoteRegion]) -> list[int]:
    """The index of the quotation each word is in (-1 for none)."""
    tquote = [-1] * len(w.words)
    j = 0
    for qi, region in enumerate(regions):
        j = bisect_left(w.tstart, region.open, lo=j)
        while j < len(w.tstart) and w.tstart[j] < region.close:
            tquote[j] = qi
            j += 1
    return tquote


def _dash_speech(w: Words, marked: list[QuoteRegion], after_list_colon: bool) -> list[QuoteRegion]:
    """Direct speech after a dash that opens the paragraph, cut at the narrator's remarks."""
    start = leading_dash(w.text)
    if start is None or after_list_colon:
        return []  # after "…:" without a speech verb a dash starts a list item
    if any(r.open <= start < r.close for r in marked):
        return []
    out: list[QuoteRegion] = []
    group = start
    pos = start
    dashes = spaced_dashes(w.text, start)
    # the narrator's remark starts at a spaced dash with a speech verb right after it, or at a comma
    # directly followed by one ("…, каза Любомиров")
    cuts = [(a, b) for a, b in dashes if _verb_soon_after(w, b, 3)]
    cuts += [(m.start(), m.end()) for m in _COMMA.finditer(w.text, start) if _verb_soon_after(w, m.end(), 1)]
    cuts.sort()
    c = d = 0  # both lists are walked once
    while pos < len(w.text):
        while c < len(cuts) and cuts[c][0] < pos:
            c += 1
        if c == len(cuts):
            out.append(QuoteRegion(pos - 1, len(w.text), dash=True, group=group))
            break
        remark = cuts[c]
        out.append(QuoteRegion(pos - 1, remark[0], dash=True, group=group))
        # speech resumes after the next spaced dash that follows a full stop or a colon
        while d < len(dashes) and (dashes[d][0] <= remark[1] or w.text[dashes[d][0] - 1] not in ".:!?"):
            d += 1
        if d == len(dashes):
            break
        pos = dashes[d][1]
    return [r for r in out if w.text[r.open + 1 : r.close].strip()]


def _verb_soon_after(w: Words, pos: int, within: int) -> bool:
    j = bisect_left(w.tstart, pos)
    return any(w.starts_verb(i) for i in range(j, min(j + within, len(w.words))))


def classify(
    w: Words, regions: list[QuoteRegion], tquote: list[int], events: tuple[Event, ...], event_pos: tuple[int, ...]
) -> tuple[tuple[QuoteRegion, ...], tuple[int, ...], dict[int, QuoteRegion], frozenset[int]]:
    """Mark names and scare quotes (see the package docstring); their words go back to the sentence.

    Returns the regions with their kinds, each word's quotation (none for a name's words), the names and scare
    quotes by their opening mark, and their words.
    """
    out = list(regions)
    tquote = list(tquote)
    name_quotes: dict[int, QuoteRegion] = {}
    name_words: set[int] = set()
    for qi, region in enumerate(regions):
        if region.dash:
            continue
        first = bisect_left(w.tstart, region.open)
        last = bisect_left(w.tstart, region.close)
        inner = w.text[region.open + 1 : region.close].strip()
        if last - first > MAX_SHORT_QUOTE_WORDS or not inner or inner[-1] in SENTENCE_PUNCT:
            continue
        attributed = _directly_attributed(w, tquote, region, first, last)
        # "повідомляє «Українська правда»": an outlet's name after its report verb
        outlet = first > 0 and w.has(first - 1, REPORT) and SPEECH not in w.cover[first - 1]
        kind = region.kind
        if first > 0 and w.has(first - 1, SCARE) and w.tseg[first - 1] == w.seg_of(region.open):
            kind = "scare"
        elif inner[0].isupper() and (not attributed or outlet):
            kind = "name"
        elif not attributed and event_before(w, events, event_pos, region.open) is None:
            kind = "scare"
        if kind != "quote":
            out[qi] = name_quotes[region.open] = replace(region, kind=kind)
            for j in range(first, last):
                tquote[j] = -1
                name_words.add(j)
    return tuple(out), tuple(tquote), name_quotes, frozenset(name_words)


def _directly_attributed(w: Words, tquote: list[int], region: QuoteRegion, first: int, last: int) -> bool:
    if w.char_before(region.open, 0) == ":":
        return True
    if first > 0 and w.tend[first - 1] <= region.open and any(w.begins(first - 1, v) for v in VERBS):
        return not w.text[w.tend[first - 1] : region.open].strip(" \u00a0")
    after = w.text[region.close + 1 : region.close + 6]
    inner = w.text[region.open + 1 : region.close].rstrip()
    if after[:1] in ",–—-" or after.lstrip()[:1] in "–—" or inner.endswith(","):
        return any(tquote[j] < 0 and w.starts_verb(j) for j in range(last, min(last + 3, len(w.words))))
    return False
