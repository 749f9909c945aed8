"""Relative dates: ``вчера``, ``прошлом году``, ``last Monday``, weekdays, ``два года назад``, ``преди две години``.

With a reference date their value is resolved at their own precision; without one it is None.
"""

from __future__ import annotations

from claimcmp.analysis.dates.mentions import Mentions
from claimcmp.analysis.dates.view import DateText
from claimcmp.analysis.numerals import DIGITS, is_hangul, read_number_words


def modified(v: DateText, out: Mentions, i: int) -> int | None:
    """``прошлом году``, ``миналия месец``, ``last week``, ``next Monday``."""
    hit = v.rules.modifiers.match(v.text, v.toks, i)
    if hit is None:
        return None
    stop, end, offset = hit
    if not v.spaced(end, stop):
        return None
    unit = v.rules.relative_units.match(v.text, v.toks, stop)
    if unit is not None:
        out.add_relative(v.toks[i].start, unit[1], unit[2], offset)
        return unit[0]
    return weekday(v, out, stop, offset, i)


def weekday(v: DateText, out: Mentions, k: int, offset: int | None, start_token: int) -> int | None:
    hit = v.weekday_at(k)
    if hit is None:
        return None
    needs_context = offset is None and v.toks[k].key in v.rules.weekdays_need_context
    if needs_context and v.context_before(v.rules.weekday_context, k) is None:
        return None  # "среда" is also "environment": only "в среду" is Wednesday
    out.add_weekday(v.toks[start_token].start, hit[1], hit[2], offset)
    return hit[0]


def relative_word(v: DateText, out: Mentions, i: int) -> int | None:
    hit = v.rules.relative_words.match(v.text, v.toks, i)
    if hit is None:
        return None
    unit, offset = hit[2]
    out.add_relative(v.toks[i].start, hit[1], unit, offset)
    return hit[0]


def amount_at(v: DateText, k: int) -> tuple[int, int, int] | None:
    """A small count before a time unit: digits or number words, (value, stop, end)."""
    if k >= v.n:
        return None
    tok = v.toks[k]
    if tok.kind == DIGITS:
        if len(tok.key) > 3 or not v.plain_number(k):
            return None
        return int(tok.key), k + 1, tok.end
    number = read_number_words(v.rules.numbers, v.text, v.toks, k)
    if number is None or number.value is None or number.ordinal or number.value != int(number.value):
        return None
    return int(number.value), number.stop, number.end


def ago_unit(v: DateText, k: int, end: int) -> tuple[int, int, str] | None:
    # Korean glues the unit to the count: "3일 전" (three days ago)
    glued_hangul = k < v.n and v.toks[k].start == end and is_hangul(v.toks[k].key)
    if not (v.spaced(end, k) or glued_hangul):
        return None
    return v.rules.ago_units.match(v.text, v.toks, k)


def ago_before(v: DateText, out: Mentions, i: int) -> int | None:
    """``преди две години``, ``пре три дана``."""
    hit = v.rules.ago_before.match(v.text, v.toks, i)
    if hit is None or not v.spaced(hit[1], hit[0]):
        return None
    amount = amount_at(v, hit[0])
    k, end, value = (amount[1], amount[2], amount[0]) if amount else (hit[0], hit[1], 1)
    unit = ago_unit(v, k, end)
    if unit is None:
        return None
    out.add_ago(v.toks[i].start, unit[1], unit[2], value)
    return unit[0]


def ago_after(v: DateText, out: Mentions, i: int) -> int | None:
    """``два года назад``, ``три роки тому``, ``two weeks ago``, ``год назад``."""
    if not v.rules.ago_after:
        return None
    units = v.rules.ago_units.starts
    # the unit is this token or one of the next few: rule out the rest with set lookups
    if not any(v.toks[k].key in units for k in range(i, min(i + 4, v.n))):
        return None
    amount = amount_at(v, i)
    if amount is not None:
        value, k, end = amount
    else:
        if i > 0 and v.toks[i - 1].kind == DIGITS and v.toks[i - 1].end == v.toks[i].start:
            return None  # the unit of "3일 전", read from its count
        value, k, end = 1, i, v.toks[i].start
        article = v.rules.numbers.articles.match(v.text, v.toks, i)
        if article is not None:
            k, end = article[0], article[1]
    unit = ago_unit(v, k, end) if k != i else v.rules.ago_units.match(v.text, v.toks, i)
    if unit is None:
        return None
    ago = v.rules.ago_after.match(v.text, v.toks, unit[0])
    if ago is None or not v.spaced(unit[1], unit[0]):
        return None
    out.add_ago(v.toks[i].start, ago[1], unit[2], value)
    return ago[0]
