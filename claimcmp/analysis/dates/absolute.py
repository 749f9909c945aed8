"""Absolute dates: numeric dates, a day and a month (and a year), a month and a day, a month and a year, years.

The rules (when four digits are a year, which order a numeric date is read in, day ranges) are in the package
docstring.
"""

from __future__ import annotations

import datetime

from claimcmp.analysis.dates.mentions import Mentions
from claimcmp.analysis.dates.view import DASHES, MAX_YEAR, MIN_YEAR, DateText, Part
from claimcmp.analysis.numerals import DIGITS

NUMERIC_SEPARATORS = frozenset("./-")


def numeric_date(v: DateText, out: Mentions, i: int) -> int | None:
    """``15.08.2023``, ``2023-08-15``, ``08/15/2023``."""
    if i + 2 >= v.n:
        return None
    toks, text = v.toks, v.text
    a, b, c = toks[i], toks[i + 1], toks[i + 2]
    if b.kind != DIGITS or c.kind != DIGITS:
        return None
    sep = text[a.end : b.start]
    if len(sep) != 1 or sep not in NUMERIC_SEPARATORS or text[b.end : c.start] != sep:
        return None
    # part of a longer chain (an IP address, a version): not a date
    if i > 0 and toks[i - 1].kind == DIGITS and text[toks[i - 1].end : a.start] in (".", ",", ":", "/", "-"):
        return None
    after = text[c.end : toks[i + 3].start] if i + 3 < v.n and toks[i + 3].kind == DIGITS else ""
    if after in (".", "/", "-", ":") and not (v.rules.ordinal_dot and after == "."):
        return None
    la, lb, lc = len(a.key), len(b.key), len(c.key)
    candidates: list[tuple[int, int, int]] = []
    if la == 4 and lb <= 2 and lc <= 2:
        candidates.append((int(a.key), int(b.key), int(c.key)))
    elif la <= 2 and lb <= 2 and lc in (2, 4):
        year = int(c.key) if lc == 4 else 2000 + int(c.key)
        x, y = int(a.key), int(b.key)
        order = v.rules.numeric_order.get(sep, "dmy")
        first, second = ((year, y, x), (year, x, y)) if order != "mdy" else ((year, x, y), (year, y, x))
        candidates.extend((first, second))
    else:
        return None
    for year, month, day in candidates:
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        try:
            value = datetime.date(year, month, day).isoformat()
        except ValueError:
            continue
        stop, end = i + 3, c.end
        tail = v.year_tail(Part(year, stop, end))
        stop, end = tail[0], tail[1]
        out.add(a.start, end, value, "day")
        return stop
    return None


def day_first(v: DateText, out: Mentions, i: int) -> int | None:
    """``15 августа``, ``9th of September``, ``29 април 2011 г.``, ``15–16 августа``."""
    day = v.day_at(i)
    if day is None:
        return None
    k = day.stop
    if v.spaced(day.end, k):
        month_k = k
        joiner = v.rules.day_month_joiners.match(v.text, v.toks, k)
        if joiner is not None and v.spaced(joiner[1], joiner[0]):
            month_k = joiner[0]  # "the 9th of September"
        month = v.month_at(month_k)
        if month is not None:
            return finish_day(v, out, v.toks[i].start, day.value, month)
    # "15–16 августа": the first day takes the second's month
    if k < v.n and v.gap(k) is not None and v.gap(k) in DASHES:
        second = v.day_at(k)
        if second is not None and v.spaced(second.end, second.stop):
            month = v.month_at(second.stop)
            if month is not None and day.value < second.value:
                year = year_after(v, month[0], month[1], after_day=True)
                out.add_day(v.toks[i].start, day.end, year[0] if year else None, month[2], day.value)
                return finish_day(v, out, v.toks[k].start, second.value, month)
    return None


def year_after(v: DateText, stop: int, end: int, after_day: bool = False) -> tuple[int, int, int] | None:
    """A year right after a day or month: (year, stop, end), with its year word.

    After a bare month a counted noun makes the number a count ("в августе 2000 человек");
    after a day and month ("15 августа 2000") four digits are the year.
    """
    k = stop
    if k >= v.n:
        return None
    joiner = v.rules.month_year_joiners.match(v.text, v.toks, k) if v.spaced(end, k) else None
    if joiner is not None and v.spaced(joiner[1], joiner[0]):
        k, end = joiner[0], joiner[1]  # "15 de agosto de 2024"
    between = v.text[end : v.toks[k].start]
    if not (between.isspace() or between.strip() == ",") or len(between) > 4:
        return None
    year = v.year_at(k)
    if year is None:
        return None
    tail_stop, tail_end, has_word, decade = v.year_tail(year)
    if decade:
        return None
    if not has_word and not after_day and v.noun_follows(tail_stop, tail_end):
        return None  # "в августе 2000 человек": a count after the month
    return year.value, tail_stop, tail_end


def finish_day(v: DateText, out: Mentions, start: int, day: int, month: tuple[int, int, int]) -> int:
    stop, end, number = month
    year = year_after(v, stop, end, after_day=True)
    if year is not None and out.add_day(start, year[2], year[0], number, day):
        return year[1]
    out.add_day(start, end, None, number, day)
    return stop


def month_first(v: DateText, out: Mentions, i: int) -> int | None:
    """``Сен 9, 2024``, ``August 9``, ``сентябре 2017 года``, ``в июле``."""
    month = v.month_at(i)
    if month is None:
        return None
    stop, end, number = month
    start = v.toks[i].start
    # month, day (and year): written this way in English, and in web datelines everywhere with a year
    day = v.day_at(stop) if v.spaced(end, stop) else None
    if day is not None:
        # "June 15-16": a second day after a dash takes the same month (and year)
        second = None
        if day.stop < v.n and v.gap(day.stop) in DASHES:
            second = v.day_at(day.stop)
            if second is not None and second.value <= day.value:
                second = None
        last = second if second is not None else day
        year = year_after(v, last.stop, last.end, after_day=True)
        # "January 1st when …": a day with an ordinal ending counts nothing, whatever follows
        ordinal_day = v.text[last.end - 1].isalpha()
        english_order = v.rules.month_day_first and (ordinal_day or not v.noun_follows(last.stop, last.end))
        if year is not None or english_order:
            y = year[0] if year is not None else None
            first_end = day.end if second is not None or year is None else year[2]
            if out.add_day(start, first_end, y, number, day.value):
                if second is not None:
                    second_end = year[2] if year is not None else second.end
                    out.add_day(v.toks[day.stop].start, second_end, y, number, second.value)
                return year[1] if year is not None else last.stop
    year = year_after(v, stop, end)
    if year is not None:
        out.add_month(start, year[2], year[0], number)
        return year[1]
    if v.context_before(v.rules.month_context, i) is not None:
        out.add_month(start, end, None, number)
        return stop
    return None


def years(v: DateText, out: Mentions, i: int) -> int | None:
    """``2018 году``, ``в 2018``, ``1910-1945 г.``; decades are blocked for quantities."""
    year = v.year_at(i)
    if year is None:
        return short_decade(v, out, i)
    stop, end, has_word, decade = v.year_tail(year)
    if decade:
        out.blocked.append((v.toks[i].start, end))
        return stop
    context = v.context_before(v.rules.year_context, i) is not None
    # a range of years: "1910-1945 г.", "в 2014–2015 годах", "(1910-1945)"
    k = year.stop
    if not has_word and k < v.n and v.gap(k) is not None and v.gap(k) in DASHES:
        second = v.year_at(k)
        if second is not None and year.value < second.value:
            s_stop, s_end, s_word, s_decade = v.year_tail(second)
            if s_decade:
                out.blocked.append((v.toks[i].start, s_end))
                return s_stop
            if s_word or context or not v.noun_follows(s_stop, s_end):
                out.add(v.toks[i].start, year.end, str(year.value), "year")
                out.add(v.toks[k].start, s_end, str(second.value), "year")
                return s_stop
            return s_stop  # "2000-3000 солдат": counts, left to the quantities
    suffixed = stop > year.stop  # "у 2023-му": an ordinal ending makes the number a year after a preposition
    if has_word or (context and (suffixed or not v.noun_follows(stop, end))):
        out.add(v.toks[i].start, end, str(year.value), "year")
        return stop
    return None


def short_decade(v: DateText, out: Mentions, i: int) -> int | None:
    """``90-х годов``, ``60-те години``: a decade written with two digits, blocked like ``1990-х``."""
    tok = v.toks[i]
    if len(tok.key) != 2 or not tok.key.endswith("0") or not v.plain_number(i):
        return None
    suffix = v.suffix_end(i + 1)
    if suffix is None or suffix[2] not in v.rules.decade_suffixes:
        return None
    k = suffix[0]
    word = v.rules.year_words.match(v.text, v.toks, k) if v.spaced(suffix[1], k) else None
    if word is not None:
        out.blocked.append((tok.start, word[1]))
        return word[0]
    return None


def unit_date(v: DateText, out: Mentions, i: int) -> int | None:
    """``2024년 8월 15일``, ``8월 15일``, ``2024년 8월``, ``지난 15일``: figures with glued unit words, year first
    (the table's ``date_units``; Korean). A day alone is a day of the reference's month."""
    units = v.rules.date_units
    parts: dict[str, int] = {}
    order = ("year", "month", "day")
    k, end, last = i, v.toks[i].start, -1
    while k + 1 < v.n and v.toks[k].kind == DIGITS and (k == i or v.spaced(end, k)):
        unit = v.toks[k + 1]
        part = units.get(unit.key)
        if part is None or v.toks[k].end != unit.start or order.index(part) <= last:
            break
        # "3일간" (for three days), "15일째": a duration or a count, not a date
        if k + 2 < v.n and v.toks[k + 2].key in v.rules.date_unit_blockers and v.toks[k + 2].start - unit.end <= 1:
            break
        value = int(v.toks[k].key)
        if not _part_ok(part, value, len(v.toks[k].key)):
            break
        parts[part] = value
        last = order.index(part)
        k, end = k + 2, unit.end
    if not parts:
        return None
    start = v.toks[i].start
    year, month, day = parts.get("year"), parts.get("month"), parts.get("day")
    if year is None and month is not None:
        year = _year_said_before(v, out, start)
    if month is not None and day is not None:
        if not out.add_day(start, end, year, month, day):
            return None
    elif month is not None:
        if day is None and year is None and "day" in parts:
            return None
        out.add_month(start, end, year, month)
    elif year is not None and day is None:
        out.add(start, end, str(year), "year")
    elif day is not None and year is None:
        modifier = v.context_before(v.rules.day_modifiers, i) if v.rules.day_modifiers else None
        direction = 0
        if modifier is not None and v.rules.day_modifiers is not None:
            hit = v.rules.day_modifiers.match(v.text, v.toks, modifier)
            direction = hit[2] if hit is not None else 0
            start = v.toks[modifier].start
        out.add_day_of_month(start, end, day, direction)
    else:
        return None  # "2024년 15일": no date
    return k


def _part_ok(part: str, value: int, digits: int) -> bool:
    if part == "year":
        return digits == 4 and MIN_YEAR <= value <= MAX_YEAR
    if part == "month":
        return 1 <= value <= 12
    return 1 <= value <= 31


def _year_said_before(v: DateText, out: Mentions, start: int) -> int | None:
    """ "지난해 12월", "올해 8월": the year a relative year word right before the month resolved to."""
    if not out.found:
        return None
    last = out.found[-1]
    if last.precision != "year" or not last.value or not v.text[last.span[1] : start].isspace():
        return None
    return int(last.value) if last.value.isdigit() else None
