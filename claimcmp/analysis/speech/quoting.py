"""Quotes out: each quotation's speaker, verb and sources, cut into its segments' parts with their ids.

Which verb attributes a quote depends on where it stands (opening its sentence, after a colon, inside a
sentence); an unattributed quote right after an attributed one goes on with its speaker (the package docstring
has the rules).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from claimcmp.analysis.quotes import DASHES, outermost
from claimcmp.analysis.speech.phrases import who_at
from claimcmp.analysis.speech.rules import COLON_LABEL
from claimcmp.analysis.speech.sources import chain
from claimcmp.analysis.speech.view import MAX_COLON_SPEAKER_WORDS, Event, Paragraph, Part, QuoteRegion, Who
from claimcmp.input import quotation_spans
from claimcmp.records import Cut

_QUOTE_ID = re.compile(r"^(.*):q(\d+)$")


def quote_parts(p: Paragraph, segments: list[Cut], pending: Who | bool | None) -> list[tuple[int, Part]]:
    """Each quotation's part in each of its segments (global index, part), with its speaker, verb and sources.

    ``pending``: the speaker a previous paragraph ending in "X said:" introduced (False after a list's colon).
    """
    out: list[tuple[int, Part]] = []
    ids = _quote_ids(p, segments)
    groups: dict[int, tuple[Event | None, Who | None]] = {}
    previous: tuple[int, Who | None, str | None] = (-2, None, None)  # the last quote's sentence, speaker, verb
    for qi, region in enumerate(p.quotes):
        if region.kind != "quote":
            continue
        a_seg = p.seg_of(region.open + 1 if region.dash else region.open)
        b_seg = p.seg_of(max(region.close - 1, 0) if region.dash else region.close)
        previous_char = p.char_before(region.open, p.offsets[a_seg])
        colon = previous_char == ":"
        opens_sentence = region.dash or not previous_char or colon
        following = p.quotes[qi + 1].open if qi + 1 < len(p.quotes) else len(p.text)
        limit = min(p.ends[b_seg], following)
        tail = p.event_after(region.close, limit) if not region.dash else None
        if region.dash and region.group in groups:
            event, who = groups[region.group]
        else:
            if region.dash:
                tail = p.event_after(region.close, p.ends[b_seg])
            pre = p.event_before(region.open)
            if colon:
                event = pre or tail
            elif opens_sentence:
                event = tail
            else:
                event = pre or tail
            who = event.who if event else None
            if event is None and colon:
                who = _colon_speaker(p, a_seg, region.open)
            if event is None and region.open <= 1 and isinstance(pending, Who):
                who = pending
            if event is None and who is None and opens_sentence and previous[0] >= a_seg - 1:
                who = previous[1]  # '"…," he said. "…"': the quote goes on in the next sentence
        if region.dash:
            groups[region.group] = (event, who)
        speaker, via, reported_by = chain(p, event, event.seg if event else b_seg)
        if event is not None:
            who = speaker
        partial = not opens_sentence or not _closes_clause(p, region)
        verb = p.verb_text(event) if event else None
        if event is None and who is not None and who is previous[1]:
            verb = previous[2]
        previous = (b_seg, who, verb)
        quote_id = ids[qi]
        for k in range(a_seg, b_seg + 1):
            lo = max(region.open + 1, p.offsets[k])
            hi = min(region.close, p.ends[k])
            while lo < hi and (p.text[lo].isspace() or (region.dash and p.text[lo] in DASHES)):
                lo += 1
            while hi > lo and (p.text[hi - 1].isspace() or p.text[hi - 1] in ",;:"):
                hi -= 1
            if hi <= lo:
                continue
            offset = p.offsets[k]
            part = Part((lo - offset, hi - offset), p.text[lo:hi], who, verb, via, reported_by, partial, quote_id)
            out.append((p.segs[k], part))
    return out


def _closes_clause(p: Paragraph, region: QuoteRegion) -> bool:
    """The quote ends where its sentence or clause ends (else it is a fragment of a longer sentence)."""
    if region.dash:
        return True
    inner = p.text[region.open + 1 : region.close].rstrip()
    if inner and inner[-1] in ".,!?…;:":
        return True
    after = p.text[region.close + 1 : region.close + 4].lstrip(' \u00a0»“”"’›')
    return not after or after[0] in ",.;:!?…–—-)"


def _colon_speaker(p: Paragraph, k: int, pos: int) -> Who | None:
    """``Путин: «…»`` — the short phrase before a colon that opens a quote."""
    lo = p.seg_first[k]
    hi = bisect_left(p.tstart, pos)
    if not 0 < hi - lo <= MAX_COLON_SPEAKER_WORDS or p.has(lo, COLON_LABEL) or not p.cap(lo):
        return None
    if any(p.bound[j] or p.stop_word(j) for j in range(lo + 1, hi)) or p.stop_word(lo):
        return None
    return who_at(p, lo, hi)


def _verb_text(p: Paragraph, event: Event) -> str:
    return p.text[p.tstart[event.start] : p.tend[event.end - 1]]


def _quote_ids(p: Paragraph, segments: list[Cut]) -> list[str]:
    """Segmentation's quote ids where it saw the same quotation, else ids of this module's own."""
    seen = outermost(quotation_spans(p.text))
    closes = [b for _, b in seen]
    number: dict[tuple[int, int], str] = {}
    for k, g in enumerate(p.segs):
        quote_id = segments[g].quote_id
        match = _QUOTE_ID.match(quote_id or "")
        if not match:
            continue
        lo, hi = p.offsets[k], p.ends[k]
        first = bisect_left(closes, lo)  # outermost quotations are ordered by both ends
        if first >= len(seen) or seen[first][0] >= hi:
            continue
        prefix, n = match.group(1), int(match.group(2))
        number = {span: f"{prefix}:q{n - first + i}" for i, span in enumerate(seen)}
        break
    ids: list[str] = []
    group_ids: dict[int, str] = {}
    for region in p.quotes:
        if region.dash and region.group in group_ids:
            ids.append(group_ids[region.group])
            continue
        found = number.get((region.open, region.close))
        if found is None:
            k = p.seg_of(region.open)
            found = f"{segments[p.segs[k]].id}:x{region.open - p.offsets[k]}"
        if region.dash:
            group_ids[region.group] = found
        ids.append(found)
    return ids
