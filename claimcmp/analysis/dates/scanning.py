"""The scan: every reader tried at each token a date can start with, left to right, never overlapping."""

from __future__ import annotations

from claimcmp.analysis.dates.absolute import (
    NUMERIC_SEPARATORS,
    day_first,
    month_first,
    numeric_date,
    unit_date,
    years,
)
from claimcmp.analysis.dates.mentions import Mentions
from claimcmp.analysis.dates.relative import ago_after, ago_before, modified, relative_word, weekday
from claimcmp.analysis.dates.view import DASHES, DateText
from claimcmp.analysis.numerals import DIGITS, WORD, inside_hangul_word
from claimcmp.records import DateMention, Span


def scan(v: DateText, out: Mentions) -> tuple[list[DateMention], list[Span]]:
    i = 0
    while i < v.n:
        tok = v.toks[i]
        nxt: int | None = None
        if tok.kind == DIGITS:
            nxt = digits_date(v, out, i)
        elif tok.kind == WORD and tok.key in v.rules.triggers and not inside_hangul_word(v.toks, i):
            # (a Korean date word starts a written word: "어제", yesterday, not the middle of "언어제")
            nxt = (
                month_first(v, out, i)
                or modified(v, out, i)
                or weekday(v, out, i, None, i)
                or relative_word(v, out, i)
                or ago_before(v, out, i)
                or ago_after(v, out, i)
            )
        i = nxt if nxt else i + 1
    return out.drop_weekdays_before_dates(), out.blocked


def digits_date(v: DateText, out: Mentions, i: int) -> int | None:
    """Try the readers that can start at digit token ``i``, after cheap tests of what follows it.

    Most digit runs are no date; ruling them out by length and by the next token keeps
    number-dense input (tables, junk) fast.
    """
    toks, n = v.toks, v.n
    length = len(toks[i].key)
    if length > 4:
        return None
    nxt = toks[i + 1] if i + 1 < n else None
    gap = v.text[toks[i].end : nxt.start] if nxt is not None else ""
    found: int | None = None
    if v.rules.date_units and nxt is not None and nxt.key in v.rules.date_units:
        found = unit_date(v, out, i)
        if found:
            return found
    if nxt is not None and nxt.kind == DIGITS and len(gap) == 1 and gap in NUMERIC_SEPARATORS and i + 2 < n:
        found = numeric_date(v, out, i)
    if not found and length <= 2 and nxt is not None and (nxt.kind == WORD or v.rules.ordinal_dot):
        found = day_first(v, out, i)
    elif not found and length <= 2 and gap.strip() in DASHES and i + 2 < n:
        # "15–16 августа": a day range needs a word after its second day
        found = day_first(v, out, i) if toks[i + 2].kind == WORD else None
    if not found and (length == 4 or (length == 2 and nxt is not None and nxt.kind == WORD)):
        found = years(v, out, i)
    if not found and length <= 3:
        found = ago_after(v, out, i)
    return found
