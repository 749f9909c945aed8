"""The verbs of saying of a paragraph (its *events*) and its clause structure: boundaries and subordinate clauses."""

from __future__ import annotations

import re

from claimcmp.analysis.speech.rules import CITING, COMPL, CONJ, REL, SUBORD, VERBS
from claimcmp.analysis.speech.view import BOUNDARY, CLOSING_MARKS, MAX_WALK, Event, Paragraph, QuoteRegion, Words

# up to three words in brackets, nothing else (a word cannot split two ways, so no backtracking blow-up)
_SHORT_BRACKETS = re.compile(r"\(\s*[^\W_]+(?:[-'’][^\W_]+)*(?:\s+[^\W_]+(?:[-'’][^\W_]+)*){0,2}\s*\)")


def find_events(w: Words, tquote: list[int]) -> tuple[Event, ...]:
    """Verbs of saying outside quotation marks and cue phrases, in order (the longest phrase at each word)."""
    events: list[Event] = []
    i = 0
    n = len(w.words)
    while i < n:
        starts = w.starts[i]
        kinds = [v for v in VERBS if v in starts]
        if not kinds or tquote[i] >= 0 or w.in_cue(i):
            i += 1
            continue
        end = max(starts[v] for v in kinds)
        events.append(Event(i, end, frozenset(kinds), w.tseg[i], index=len(events)))
        i = end
    return tuple(events)


def boundaries(w: Words, quotes: tuple[QuoteRegion, ...], tquote: tuple[int, ...]) -> tuple[bool, ...]:
    """``bound[i]``: punctuation (not a name's quotation marks) or a quotation's edge before word ``i``."""
    n = len(w.words)
    blank = {r.open for r in quotes if r.kind != "quote"} | {r.close for r in quotes if r.kind != "quote"}
    # a bracketed acronym or short name belongs to the phrase it follows: "агентство Кореи (ЦТАК)"
    for m in _SHORT_BRACKETS.finditer(w.text):
        blank.update((m.start(), m.end() - 1))
    bound = [True] * n
    for i in range(1, n):
        if w.tseg[i] != w.tseg[i - 1] or tquote[i] != tquote[i - 1]:
            continue
        bound[i] = _boundary_text(w, w.tend[i - 1], w.tstart[i], blank, i)
    return tuple(bound)


def _boundary_text(w: Words, a: int, b: int, blank: set[int], i: int) -> bool:
    gap = w.text[a:b]
    if not gap.strip():
        return False
    if gap.strip() == "." and len(w.words[i - 1]) == 1 and w.cap(i - 1):
        return False  # an initial: "В. Путин"
    return any(ch in BOUNDARY and a + offset not in blank for offset, ch in enumerate(gap))


def subordinate_clauses(w: Words, tquote: tuple[int, ...], bound: tuple[bool, ...]) -> tuple[bool, ...]:
    """``sub[i]``: word ``i`` is in a relative or adverbial clause (up to the next punctuation)."""
    n = len(w.words)
    sub = [False] * n
    i = 0
    while i < n:
        if tquote[i] < 0 and (w.is_word(i, REL) or w.begins(i, SUBORD)):
            j = i
            stop = w.seg_last[w.tseg[i]]
            while j < stop and (j == i or not bound[j]):
                sub[j] = True
                j += 1
            i = j
            continue
        i += 1
    return tuple(sub)


def clause_before(p: Paragraph, v: int) -> tuple[int, str]:
    """First word of the clause that ends right before word ``v``, and what bounds it."""
    lo = p.sentence(v)[0]
    j = v
    steps = 0
    while j > lo and steps < MAX_WALK:
        if p.bound[j]:
            return j, "quote" if p.tquote[j - 1] >= 0 or _closing_gap(p, j) else "punct"
        q = j - 1
        if p.has(q, REL):
            return j, "rel"
        if p.is_word(q, COMPL) or p.has(q, SUBORD):
            return j, "compl"
        if any(p.has(q, c) for c in VERBS):
            return j, "verb"
        if p.is_word(q, CONJ) and j == v:
            return j, "conj"
        j -= 1
        steps += 1
    return j, "sentence"


def _closing_gap(p: Paragraph, j: int) -> bool:
    gap = p.gap(j)
    return any(ch in CLOSING_MARKS for ch in gap)


def nothing_more_said(p: Paragraph, i: int, hi: int) -> bool:
    """No quotation, reported content or other verb of saying follows (a sentence-final "…, said X")."""
    for j in range(i, hi):
        if p.tquote[j] >= 0 or p.is_word(j, COMPL) or p.starts_verb(j):
            return False
        if p.begins(j, CITING) or p.is_word(j, REL):
            return True
    return True
