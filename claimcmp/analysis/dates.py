"""Dates mentioned in a segment, absolute and relative, and the date a document speaks from.

:func:`find_dates` reads ``15 августа``, ``Сен 9, 2024``, ``9 September``,
``в сентябре 2017 года``, ``в 2018 году``, ``1910-1945 г.``, ``15.08.2023``,
``в понедельник``, ``миналия месец``, ``yesterday``, ``am 15. August 2024``,
``16 sierpnia``, ``le 1er août``, ``15 de agosto de 2024`` … into
:class:`~claimcmp.records.DateMention` records; :func:`reference_date` picks the
date that relative expressions resolve against. Month and weekday names, year
words and relative expressions come from ``claimcmp/data/dates/<lang>.toml``.

Decisions:

* **Spans** cover the date expression, not a preposition before it: ``2018
  году`` in "в 2018 году", ``сентябре 2017 года``, ``прошлом году``. Modifier
  words belong to the expression (``last Monday``, ``миналия месец``).
* **Values** are ISO: ``2023-08-15`` (day), ``2017-09`` (month), ``2018``
  (year). A day and month without a year take the year that puts the date
  closest to the reference (so ``28 декабря`` in a January article is last
  December), else ``--08-15``; a month alone likewise, else ``--09``. These are
  not ``relative``: the text names the date.
* **Years.** A 4-digit number 1000–2100 is a year when a year word follows
  (``году``, ``г.``, ``року``, ``година``, also after ``2018-м``), when it
  follows a month (``сентябре 2017``), or when a year preposition precedes it
  (``в``, ``in``, ``през``, ``since``) and no counted noun follows: ``в 2018,``
  and ``in 2018 the`` are years, ``в 2000 раз`` and ``2000 солдат`` are counts.
  A function word (from ``data/languages``), a capitalised word or punctuation
  (also the ordinal dot of ``2023.``) after the number keeps it a year; where the
  table says ``nouns_capitalised`` (German), a lower-case word does instead. ``1910-1945 г.`` is two year mentions,
  ``1910`` and ``1945 г.`` (a range of years under the same rule as one year,
  or when neither end is followed by a noun). Decades (``1990-х``, ``1990s``)
  are neither dates nor counts.
* **Weekdays** without a reference: ``value`` None, precision ``weekday``. With
  one: the latest such weekday on or before the reference (news say "on
  Monday" of the past few days), ``last Monday`` strictly before, ``next
  Monday`` strictly after, ``this Monday`` the one in the reference's week; the
  value is then a day (precision ``day``). A weekday directly followed by its
  date (``понедельник, 14 августа``) gives only the date.
* **Relative expressions** (``вчера``, ``в этом году``, ``минулого тижня``,
  ``торішнього``, ``два года назад``, ``преди две години``) are ``relative``;
  with a reference their value is resolved at their own precision, without one
  it is None. Weeks have no precision of their own in :data:`DatePrecision`,
  so ``last week`` stays unresolved (precision ``day``, value None) while
  ``two weeks ago`` resolves to a day.
* **Numeric dates**: ``2023-08-15``; ``15.08.2023``, ``15/08/2023``,
  ``15.08.23`` in the table's order per separator (English ``/`` is
  month/day), the other order when the first is impossible. ``15.08`` alone is
  not read (it is a decimal as often).
* **Locales.** The tables of de, fr, es, pl, sr and hr are generated from CLDR
  (``benchmarks/make_locale_tables.py``): month names in every form CLDR has,
  weekdays, the numeric order, the ordinal dot (``d. MMMM y``) and the words
  joining day, month and year (``d 'de' MMMM 'de' y``) come from its date
  patterns; inflected forms and relative words are the generator's data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimcmp.analysis.numerals import (
    DIGITS,
    SYMBOL,
    WORD,
    NumberRules,
    PhraseIndex,
    Token,
    gap_between,
    language_code,
    language_folds,
    normalise_gap,
    number_rules,
    read_number_words,
    stopwords_of,
    table_for,
    tokenize,
)
from claimcmp.records import DateMention, DatePrecision, Span

MIN_YEAR, MAX_YEAR = 1000, 2100
_DASHES = frozenset("-–—‒−")
_NUMERIC_SEPARATORS = frozenset("./-")
_SPACES = frozenset(" \u00a0\u202f\u2009")
_ISO_PREFIX = re.compile(r"\s*([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")


@dataclass(frozen=True)
class DateRules:
    """A language's ``dates`` table, compiled. See ``claimcmp/data/dates/ru.toml`` for each key."""

    months: PhraseIndex[int]
    weekdays: PhraseIndex[int]
    capitalised: bool
    weekdays_need_context: frozenset[str]
    weekday_context: PhraseIndex[bool]
    year_words: PhraseIndex[bool]
    year_context: PhraseIndex[bool]
    month_context: PhraseIndex[bool]
    relative_words: PhraseIndex[tuple[str, int]]
    modifiers: PhraseIndex[int]
    relative_units: PhraseIndex[str]
    ago_units: PhraseIndex[str]
    ago_after: PhraseIndex[bool]
    ago_before: PhraseIndex[bool]
    numeric_order: dict[str, str]
    month_day_first: bool
    day_month_joiners: PhraseIndex[bool]
    month_year_joiners: PhraseIndex[bool]
    ordinal_dot: bool
    nouns_capitalised: bool
    decade_suffixes: frozenset[str]
    stopwords: frozenset[str]
    numbers: NumberRules
    folds: tuple[tuple[str, str], ...]
    triggers: frozenset[str]  # word keys a date expression can begin with


def _relative(value: Any) -> tuple[str, int]:
    return str(value["unit"]), int(value["offset"])


@cache
def date_rules(lang: str) -> DateRules:
    """The compiled ``dates`` rules of ``lang`` (the union of all tables when it has none)."""
    table = table_for("dates", lang)
    folds = language_folds(lang)

    def index(key: str, convert: Callable[[Any], Any]) -> PhraseIndex[Any]:
        raw = table.get(key, {})
        out: dict[str, Any] = {}
        if isinstance(raw, dict):
            for form, meaning in raw.items():
                try:
                    out[str(form)] = convert(meaning)
                except (TypeError, ValueError, KeyError):
                    continue  # a malformed entry costs that entry, not the run
        return PhraseIndex(out, folds)

    def flags(key: str) -> PhraseIndex[bool]:
        raw = table.get(key, [])
        return PhraseIndex(dict.fromkeys((str(v) for v in raw), True) if isinstance(raw, list) else {}, folds)

    def words(key: str) -> frozenset[str]:
        raw = table.get(key, [])
        return frozenset(tokenize(str(v), folds)[0].key for v in raw if tokenize(str(v), folds)) if raw else frozenset()

    order = table.get("numeric_order", {})
    months = index("months", int)
    weekdays = index("weekdays", int)
    relative_words = index("relative_words", _relative)
    modifiers = index("relative_modifiers", int)
    ago_units = index("ago_units", str)
    ago_before = flags("ago_before")
    numbers = number_rules(lang)
    triggers = frozenset().union(
        *(ix.starts for ix in (months, weekdays, relative_words, modifiers, ago_units, ago_before)),
        numbers.starts,
    )
    return DateRules(
        months=months,
        weekdays=weekdays,
        capitalised=bool(table.get("capitalised", False)),
        weekdays_need_context=words("weekdays_need_context"),
        weekday_context=flags("weekday_context"),
        year_words=flags("year_words"),
        year_context=flags("year_context"),
        month_context=flags("month_context"),
        relative_words=relative_words,
        modifiers=modifiers,
        relative_units=index("relative_units", str),
        ago_units=ago_units,
        ago_after=flags("ago_after"),
        ago_before=ago_before,
        numeric_order={str(k): str(v) for k, v in order.items()} if isinstance(order, dict) else {},
        month_day_first=bool(table.get("month_day_first", False)),
        day_month_joiners=flags("day_month_joiners"),
        month_year_joiners=flags("month_year_joiners"),
        ordinal_dot=bool(table.get("ordinal_dot", False)),
        nouns_capitalised=bool(table.get("nouns_capitalised", False)),
        decade_suffixes=words("decade_suffixes"),
        stopwords=stopwords_of(lang),
        numbers=numbers,
        folds=folds,
        triggers=triggers,
    )


# ---------------------------------------------------------------------------
# public API


def find_dates(text: str, lang: str, reference: datetime.date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, sorted by span start, never overlapping.

    Relative expressions are resolved against ``reference`` when it is given.
    """
    if not text:
        return []
    code = language_code(lang)
    rules = date_rules(code)
    tokens = tokenize(text, rules.folds)
    ref = datetime.date(reference.year, reference.month, reference.day) if reference is not None else None
    mentions, blocked = _DateScanner(text, tokens, rules, ref).scan()
    _remember(text, code, [m.span for m in mentions] + blocked)
    return mentions


# The pipeline calls find_dates and then find_quantities on the same segment; quantities
# need the date spans again (a year is never a count). Spans do not depend on the
# reference, so the last few segments' spans are kept instead of scanning twice.
_RECENT: dict[tuple[str, str], list[Span]] = {}
_RECENT_SIZE = 64
_RECENT_MAX_CHARS = 20_000


def _remember(text: str, code: str, spans: list[Span]) -> None:
    if len(text) > _RECENT_MAX_CHARS:
        return
    if len(_RECENT) >= _RECENT_SIZE:
        _RECENT.clear()
    _RECENT[(text, code)] = spans


def date_and_blocked_spans(text: str, lang: str, tokens: Sequence[Token] | None = None) -> list[Span]:
    """Spans no quantity may take: the dates of ``text`` and its decades (``1990-х``).

    ``tokens`` may be passed when the caller has already tokenised ``text`` for
    the same language (both families fold words alike).
    """
    if not text:
        return []
    code = language_code(lang)
    known = _RECENT.get((text, code))
    if known is not None:
        return list(known)
    rules = date_rules(code)
    toks = list(tokens) if tokens is not None else tokenize(text, rules.folds)
    mentions, blocked = _DateScanner(text, toks, rules, None).scan()
    spans = [m.span for m in mentions] + blocked
    _remember(text, code, spans)
    return spans


def reference_date(document_date: str | None, datelines: Sequence[str], lang: str) -> datetime.date | None:
    """The date relative expressions of a document resolve against.

    The document's metadata date when it parses (ISO-like ``2024-09-09``,
    ``2024-09-09T12:36:00+03:00``, ``2024/09/09``, or a written date such as
    ``Mon, 09 Sep 2024 12:36:00 GMT`` in any language); else the first dateline that states a full date
    (``Сен 9, 2024 / 12:36``, ``15.08.2023 09:30``); else None. Junk is ignored.
    """
    if document_date:
        # metadata dates are often written in English whatever the article's language
        # ("Mon, 09 Sep 2024 12:36:00 GMT"): all languages' month names are tried too
        found = _full_date(document_date, lang) or _full_date(document_date, "")
        if found is not None:
            return found
    for line in datelines:
        if line:
            found = _full_date(line, lang)
            if found is not None:
                return found
    return None


def _full_date(text: str, lang: str) -> datetime.date | None:
    m = _ISO_PREFIX.match(text[:64])
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    for mention in find_dates(text[:500], lang):
        if mention.precision == "day" and not mention.relative and mention.value and len(mention.value) == 10:
            try:
                return datetime.date.fromisoformat(mention.value)
            except ValueError:
                continue
    return None


# ---------------------------------------------------------------------------
# scanning


class _Part:
    """A number read as part of a date: its value and where it ends (token index after, char offset)."""

    __slots__ = ("end", "stop", "value")

    def __init__(self, value: int, stop: int, end: int) -> None:
        self.value = value
        self.stop = stop
        self.end = end


class _DateScanner:
    def __init__(self, text: str, tokens: list[Token], rules: DateRules, reference: datetime.date | None) -> None:
        self.text = text
        self.toks = tokens
        self.n = len(tokens)
        self.rules = rules
        self.ref = reference
        self.out: list[DateMention] = []
        self.blocked: list[Span] = []
        self.weekday_mentions: set[int] = set()  # indices into out of mentions that name a weekday

    # -- small readers ------------------------------------------------------

    def gap(self, k: int) -> str | None:
        """Normalised gap between token ``k - 1`` and token ``k``."""
        return normalise_gap(gap_between(self.text, self.toks, k - 1))

    def spaced(self, end: int, k: int) -> bool:
        """Whether only whitespace (some) lies between offset ``end`` and token ``k``."""
        if k >= self.n:
            return False
        between = self.text[end : self.toks[k].start]
        return 0 < len(between) <= 8 and between.isspace()

    def is_word(self, k: int) -> bool:
        return k < self.n and self.toks[k].kind == WORD

    def capital_ok(self, k: int) -> bool:
        return not self.rules.capitalised or self.text[self.toks[k].start].isupper()

    def month_at(self, k: int) -> tuple[int, int, int] | None:
        if not self.is_word(k):
            return None
        hit = self.rules.months.match(self.text, self.toks, k)
        if hit is None or not self.capital_ok(k):
            return None
        return hit

    def weekday_at(self, k: int) -> tuple[int, int, int] | None:
        if not self.is_word(k):
            return None
        hit = self.rules.weekdays.match(self.text, self.toks, k)
        if hit is None or not self.capital_ok(k):
            return None
        return hit

    def context_before(self, index: PhraseIndex[Any], k: int) -> int | None:
        """Start token of an ``index`` phrase ending right before token ``k`` (space or hyphen between)."""
        if k == 0 or self.gap(k) not in (" ", "-"):
            return None
        hit = index.match_ending(self.text, self.toks, k - 1)
        return hit[0] if hit is not None else None

    def after_dot(self, end: int) -> int:
        """Serbian-style ordinal dot ("15. августа", "2018. године"): include it."""
        if self.rules.ordinal_dot and self.text.startswith(".", end):
            return end + 1
        return end

    def suffix_end(self, k: int) -> tuple[int, int, str] | None:
        """An ordinal suffix glued or hyphened to the number before token ``k``: "15-го", "9th", "2018-м"."""
        if not self.is_word(k) or self.gap(k) not in ("", "-"):
            return None
        key = self.toks[k].key
        if key in self.rules.numbers.ordinal_suffixes or key in self.rules.numbers.count_suffixes:
            return k + 1, self.toks[k].end, key
        if key in self.rules.decade_suffixes:
            return k + 1, self.toks[k].end, key
        return None

    def plain_number(self, k: int) -> bool:
        """Token ``k`` is a number on its own, not part of ``1.5``, ``10 000``, ``A320`` or ``12:30``."""
        tok = self.toks[k]
        if k > 0:
            prev, raw = self.toks[k - 1], gap_between(self.text, self.toks, k - 1)
            if prev.kind == DIGITS and (raw in (".", ",", ":", "/") or (raw in _SPACES and len(tok.key) == 3)):
                return False  # "1.5", "12:30", "10 000"
            if prev.kind == WORD and raw in ("", "-") and self.context_before(self.rules.year_context, k) is None:
                return False  # "A320", "Су-57"; but "mid-2018"
        if k + 1 < self.n and self.toks[k + 1].kind == DIGITS:
            g = gap_between(self.text, self.toks, k)
            if g in (".", ",", ":", "/") and not self.rules.ordinal_dot:
                return False
            if g in (".", ",", ":", "/") and self.rules.ordinal_dot and len(self.toks[k + 1].key) != 4:
                return False  # "15.08" is not a day of the month even in Serbian
            if g in _SPACES and len(self.toks[k + 1].key) == 3 and len(tok.key) <= 3:
                return False  # "15 000"
        return True

    def day_at(self, k: int) -> _Part | None:
        if k >= self.n or self.toks[k].kind != DIGITS or len(self.toks[k].key) > 2:
            return None
        value = int(self.toks[k].key)
        if not 1 <= value <= 31 or not self.plain_number(k):
            return None
        stop, end = k + 1, self.toks[k].end
        suffix = self.suffix_end(stop)
        if suffix is not None and suffix[2] not in self.rules.decade_suffixes:
            stop, end = suffix[0], suffix[1]
        return _Part(value, stop, self.after_dot(end))

    def year_at(self, k: int) -> _Part | None:
        if k >= self.n or self.toks[k].kind != DIGITS or len(self.toks[k].key) != 4:
            return None
        value = int(self.toks[k].key)
        if not MIN_YEAR <= value <= MAX_YEAR or not self.plain_number(k):
            return None
        return _Part(value, k + 1, self.toks[k].end)

    def year_tail(self, year: _Part) -> tuple[int, int, bool, bool]:
        """After a year: (stop, end, has a year word, is a decade) over "-м", "s", ". године", "году"."""
        stop, end = year.stop, year.end
        suffix = self.suffix_end(stop)
        if suffix is not None:
            if suffix[2] in self.rules.decade_suffixes:
                return suffix[0], suffix[1], False, True
            stop, end = suffix[0], suffix[1]
        end = self.after_dot(end)
        if stop < self.n and self.is_word(stop):
            between = self.text[end : self.toks[stop].start]
            if between == "" or (len(between) <= 3 and between.isspace()):
                hit = self.rules.year_words.match(self.text, self.toks, stop)
                if hit is not None:
                    return hit[0], hit[1], True, False
        return stop, end, False, False

    def noun_follows(self, stop: int, end: int) -> bool:
        """Whether a counted noun or unit follows a number ending at ``end``: "2000 солдат", "2000 %"."""
        if stop >= self.n:
            return False
        between = self.text[end : self.toks[stop].start]
        if not between or not between.isspace() or self.text[end - 1] == ".":
            return False  # punctuation (or glued, or the ordinal dot of "2023.") ends the phrase
        tok = self.toks[stop]
        if tok.kind == SYMBOL:
            return tok.key not in "+~№#"
        if tok.kind == DIGITS:
            return False
        if tok.key in self.rules.stopwords:
            return False
        # a capitalised word is a name ("2018 Путин"), except where every noun is capitalised
        # (German "2000 Menschen"); there a lower-case word is no noun ("im März 2022 begann")
        if self.text[tok.start].isupper() != self.rules.nouns_capitalised:
            return False
        return self.month_at(stop) is None and self.weekday_at(stop) is None

    # -- values -------------------------------------------------------------

    def closest_year(self, month: int, day: int | None) -> int | None:
        """The year that puts month/day nearest the reference (None without a reference)."""
        if self.ref is None:
            return None
        best: tuple[int, int] | None = None
        for year in (self.ref.year - 1, self.ref.year, self.ref.year + 1):
            try:
                when = datetime.date(year, month, day or 15)
            except ValueError:
                continue
            distance = abs((when - self.ref).days)
            if best is None or distance < best[0]:
                best = (distance, year)
        return best[1] if best else None

    def add(self, start: int, end: int, value: str | None, precision: DatePrecision, relative: bool = False) -> None:
        self.out.append(DateMention((start, end), self.text[start:end], value, precision, relative))

    def add_day(self, start: int, end: int, year: int | None, month: int, day: int) -> bool:
        if year is None:
            year = self.closest_year(month, day)
        if year is None:
            try:
                datetime.date(2000, month, day)  # a leap year: "29 февраля" is a valid day without a year
            except ValueError:
                return False
            self.add(start, end, f"--{month:02d}-{day:02d}", "day")
            return True
        try:
            value = datetime.date(year, month, day).isoformat()
        except ValueError:
            return False
        self.add(start, end, value, "day")
        return True

    def add_month(self, start: int, end: int, year: int | None, month: int) -> None:
        if year is None:
            year = self.closest_year(month, None)
        self.add(start, end, f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}", "month")

    def add_relative(self, start: int, end: int, unit: str, offset: int) -> None:
        ref = self.ref
        precision: DatePrecision = "year" if unit == "year" else "month" if unit == "month" else "day"
        value: str | None = None
        if ref is not None:
            if unit == "day":
                value = (ref + datetime.timedelta(days=offset)).isoformat()
            elif unit == "month":
                months = ref.year * 12 + ref.month - 1 + offset
                value = f"{months // 12:04d}-{months % 12 + 1:02d}"
            elif unit == "year":
                value = f"{ref.year + offset:04d}"
            elif unit == "weeks_ago":
                value = (ref + datetime.timedelta(days=7 * offset)).isoformat()
        if value is not None and not value[:1].isdigit():
            value = None  # before year 1: a nonsense offset
        self.add(start, end, value, precision, relative=True)

    def add_weekday(self, start: int, end: int, weekday: int, offset: int | None) -> None:
        self.weekday_mentions.add(len(self.out))
        ref = self.ref
        if ref is None or not 1 <= weekday <= 7:
            self.add(start, end, None, "weekday", relative=True)
            return
        back = (ref.isoweekday() - weekday) % 7
        if offset is None:
            when = ref - datetime.timedelta(days=back)
        elif offset < 0:
            when = ref - datetime.timedelta(days=back or 7) - datetime.timedelta(weeks=-offset - 1)
        elif offset > 0:
            ahead = (weekday - ref.isoweekday()) % 7 or 7
            when = ref + datetime.timedelta(days=ahead) + datetime.timedelta(weeks=offset - 1)
        else:
            when = ref + datetime.timedelta(days=weekday - ref.isoweekday())
        self.add(start, end, when.isoformat(), "day", relative=True)

    # -- matchers -----------------------------------------------------------

    def scan(self) -> tuple[list[DateMention], list[Span]]:
        i = 0
        while i < self.n:
            tok = self.toks[i]
            nxt: int | None = None
            if tok.kind == DIGITS:
                nxt = self.digits_date(i)
            elif tok.kind == WORD and tok.key in self.rules.triggers:
                nxt = (
                    self.month_first(i)
                    or self.modified(i)
                    or self.weekday(i, None, i)
                    or self.relative_word(i)
                    or self.ago_before(i)
                    or self.ago_after(i)
                )
            i = nxt if nxt else i + 1
        return self.drop_weekdays_before_dates(), self.blocked

    def digits_date(self, i: int) -> int | None:
        """Try the readers that can start at digit token ``i``, after cheap tests of what follows it.

        Most digit runs are no date; ruling them out by length and by the next token keeps
        number-dense input (tables, junk) fast.
        """
        toks, n = self.toks, self.n
        length = len(toks[i].key)
        if length > 4:
            return None
        nxt = toks[i + 1] if i + 1 < n else None
        gap = self.text[toks[i].end : nxt.start] if nxt is not None else ""
        found: int | None = None
        if nxt is not None and nxt.kind == DIGITS and len(gap) == 1 and gap in _NUMERIC_SEPARATORS and i + 2 < n:
            found = self.numeric_date(i)
        if not found and length <= 2 and nxt is not None and (nxt.kind == WORD or self.rules.ordinal_dot):
            found = self.day_first(i)
        elif not found and length <= 2 and gap.strip() in _DASHES and i + 2 < n:
            # "15–16 августа": a day range needs a word after its second day
            found = self.day_first(i) if toks[i + 2].kind == WORD else None
        if not found and (length == 4 or (length == 2 and nxt is not None and nxt.kind == WORD)):
            found = self.years(i)
        if not found and length <= 3:
            found = self.ago_after(i)
        return found

    def drop_weekdays_before_dates(self) -> list[DateMention]:
        """ "понедельник, 14 августа": the date says it all; the weekday would only repeat it."""
        out: list[DateMention] = []
        for k, m in enumerate(self.out):
            if k in self.weekday_mentions and k + 1 < len(self.out):
                nxt = self.out[k + 1]
                between = self.text[m.span[1] : nxt.span[0]]
                if not nxt.relative and nxt.precision == "day" and len(between) <= 3 and between.strip(" ,") == "":
                    continue
            out.append(m)
        return out

    def numeric_date(self, i: int) -> int | None:
        """``15.08.2023``, ``2023-08-15``, ``08/15/2023``."""
        if i + 2 >= self.n:
            return None
        toks, text = self.toks, self.text
        a, b, c = toks[i], toks[i + 1], toks[i + 2]
        if b.kind != DIGITS or c.kind != DIGITS:
            return None
        sep = text[a.end : b.start]
        if len(sep) != 1 or sep not in _NUMERIC_SEPARATORS or text[b.end : c.start] != sep:
            return None
        # part of a longer chain (an IP address, a version): not a date
        if i > 0 and toks[i - 1].kind == DIGITS and text[toks[i - 1].end : a.start] in (".", ",", ":", "/", "-"):
            return None
        after = text[c.end : toks[i + 3].start] if i + 3 < self.n and toks[i + 3].kind == DIGITS else ""
        if after in (".", "/", "-", ":") and not (self.rules.ordinal_dot and after == "."):
            return None
        la, lb, lc = len(a.key), len(b.key), len(c.key)
        candidates: list[tuple[int, int, int]] = []
        if la == 4 and lb <= 2 and lc <= 2:
            candidates.append((int(a.key), int(b.key), int(c.key)))
        elif la <= 2 and lb <= 2 and lc in (2, 4):
            year = int(c.key) if lc == 4 else 2000 + int(c.key)
            x, y = int(a.key), int(b.key)
            order = self.rules.numeric_order.get(sep, "dmy")
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
            tail = self.year_tail(_Part(year, stop, end))
            stop, end = tail[0], tail[1]
            self.add(a.start, end, value, "day")
            return stop
        return None

    def day_first(self, i: int) -> int | None:
        """``15 августа``, ``9th of September``, ``29 април 2011 г.``, ``15–16 августа``."""
        day = self.day_at(i)
        if day is None:
            return None
        k = day.stop
        if self.spaced(day.end, k):
            month_k = k
            joiner = self.rules.day_month_joiners.match(self.text, self.toks, k)
            if joiner is not None and self.spaced(joiner[1], joiner[0]):
                month_k = joiner[0]  # "the 9th of September"
            month = self.month_at(month_k)
            if month is not None:
                return self.finish_day(self.toks[i].start, day.value, month)
        # "15–16 августа": the first day takes the second's month
        if k < self.n and self.gap(k) is not None and self.gap(k) in _DASHES:
            second = self.day_at(k)
            if second is not None and self.spaced(second.end, second.stop):
                month = self.month_at(second.stop)
                if month is not None and day.value < second.value:
                    year = self.year_after(month[0], month[1], after_day=True)
                    self.add_day(self.toks[i].start, day.end, year[0] if year else None, month[2], day.value)
                    return self.finish_day(self.toks[k].start, second.value, month)
        return None

    def year_after(self, stop: int, end: int, after_day: bool = False) -> tuple[int, int, int] | None:
        """A year right after a day or month: (year, stop, end), with its year word.

        After a bare month a counted noun makes the number a count ("в августе 2000 человек");
        after a day and month ("15 августа 2000") four digits are the year.
        """
        k = stop
        if k >= self.n:
            return None
        joiner = self.rules.month_year_joiners.match(self.text, self.toks, k) if self.spaced(end, k) else None
        if joiner is not None and self.spaced(joiner[1], joiner[0]):
            k, end = joiner[0], joiner[1]  # "15 de agosto de 2024"
        between = self.text[end : self.toks[k].start]
        if not (between.isspace() or between.strip() == ",") or len(between) > 4:
            return None
        year = self.year_at(k)
        if year is None:
            return None
        tail_stop, tail_end, has_word, decade = self.year_tail(year)
        if decade:
            return None
        if not has_word and not after_day and self.noun_follows(tail_stop, tail_end):
            return None  # "в августе 2000 человек": a count after the month
        return year.value, tail_stop, tail_end

    def finish_day(self, start: int, day: int, month: tuple[int, int, int]) -> int:
        stop, end, number = month
        year = self.year_after(stop, end, after_day=True)
        if year is not None and self.add_day(start, year[2], year[0], number, day):
            return year[1]
        self.add_day(start, end, None, number, day)
        return stop

    def month_first(self, i: int) -> int | None:
        """``Сен 9, 2024``, ``August 9``, ``сентябре 2017 года``, ``в июле``."""
        month = self.month_at(i)
        if month is None:
            return None
        stop, end, number = month
        start = self.toks[i].start
        # month, day (and year): written this way in English, and in web datelines everywhere with a year
        day = self.day_at(stop) if self.spaced(end, stop) else None
        if day is not None:
            # "June 15-16": a second day after a dash takes the same month (and year)
            second = None
            if day.stop < self.n and self.gap(day.stop) in _DASHES:
                second = self.day_at(day.stop)
                if second is not None and second.value <= day.value:
                    second = None
            last = second if second is not None else day
            year = self.year_after(last.stop, last.end, after_day=True)
            # "January 1st when …": a day with an ordinal ending counts nothing, whatever follows
            ordinal_day = self.text[last.end - 1].isalpha()
            english_order = self.rules.month_day_first and (ordinal_day or not self.noun_follows(last.stop, last.end))
            if year is not None or english_order:
                y = year[0] if year is not None else None
                first_end = day.end if second is not None or year is None else year[2]
                if self.add_day(start, first_end, y, number, day.value):
                    if second is not None:
                        second_end = year[2] if year is not None else second.end
                        self.add_day(self.toks[day.stop].start, second_end, y, number, second.value)
                    return year[1] if year is not None else last.stop
        year = self.year_after(stop, end)
        if year is not None:
            self.add_month(start, year[2], year[0], number)
            return year[1]
        if self.context_before(self.rules.month_context, i) is not None:
            self.add_month(start, end, None, number)
            return stop
        return None

    def years(self, i: int) -> int | None:
        """``2018 году``, ``в 2018``, ``1910-1945 г.``; decades are blocked for quantities."""
        year = self.year_at(i)
        if year is None:
            return self.short_decade(i)
        stop, end, has_word, decade = self.year_tail(year)
        if decade:
            self.blocked.append((self.toks[i].start, end))
            return stop
        context = self.context_before(self.rules.year_context, i) is not None
        # a range of years: "1910-1945 г.", "в 2014–2015 годах", "(1910-1945)"
        k = year.stop
        if not has_word and k < self.n and self.gap(k) is not None and self.gap(k) in _DASHES:
            second = self.year_at(k)
            if second is not None and year.value < second.value:
                s_stop, s_end, s_word, s_decade = self.year_tail(second)
                if s_decade:
                    self.blocked.append((self.toks[i].start, s_end))
                    return s_stop
                if s_word or context or not self.noun_follows(s_stop, s_end):
                    self.add(self.toks[i].start, year.end, str(year.value), "year")
                    self.add(self.toks[k].start, s_end, str(second.value), "year")
                    return s_stop
                return s_stop  # "2000-3000 солдат": counts, left to the quantities
        suffixed = stop > year.stop  # "у 2023-му": an ordinal ending makes the number a year after a preposition
        if has_word or (context and (suffixed or not self.noun_follows(stop, end))):
            self.add(self.toks[i].start, end, str(year.value), "year")
            return stop
        return None

    def short_decade(self, i: int) -> int | None:
        """``90-х годов``, ``60-те години``: a decade written with two digits, blocked like ``1990-х``."""
        tok = self.toks[i]
        if len(tok.key) != 2 or not tok.key.endswith("0") or not self.plain_number(i):
            return None
        suffix = self.suffix_end(i + 1)
        if suffix is None or suffix[2] not in self.rules.decade_suffixes:
            return None
        k = suffix[0]
        word = self.rules.year_words.match(self.text, self.toks, k) if self.spaced(suffix[1], k) else None
        if word is not None:
            self.blocked.append((tok.start, word[1]))
            return word[0]
        return None

    def modified(self, i: int) -> int | None:
        """``прошлом году``, ``миналия месец``, ``last week``, ``next Monday``."""
        hit = self.rules.modifiers.match(self.text, self.toks, i)
        if hit is None:
            return None
        stop, end, offset = hit
        if not self.spaced(end, stop):
            return None
        unit = self.rules.relative_units.match(self.text, self.toks, stop)
        if unit is not None:
            self.add_relative(self.toks[i].start, unit[1], unit[2], offset)
            return unit[0]
        return self.weekday(stop, offset, i)

    def weekday(self, k: int, offset: int | None, start_token: int) -> int | None:
        hit = self.weekday_at(k)
        if hit is None:
            return None
        needs_context = offset is None and self.toks[k].key in self.rules.weekdays_need_context
        if needs_context and self.context_before(self.rules.weekday_context, k) is None:
            return None  # "среда" is also "environment": only "в среду" is Wednesday
        self.add_weekday(self.toks[start_token].start, hit[1], hit[2], offset)
        return hit[0]

    def relative_word(self, i: int) -> int | None:
        hit = self.rules.relative_words.match(self.text, self.toks, i)
        if hit is None:
            return None
        unit, offset = hit[2]
        self.add_relative(self.toks[i].start, hit[1], unit, offset)
        return hit[0]

    def amount_at(self, k: int) -> tuple[int, int, int] | None:
        """A small count before a time unit: digits or number words, (value, stop, end)."""
        if k >= self.n:
            return None
        tok = self.toks[k]
        if tok.kind == DIGITS:
            if len(tok.key) > 3 or not self.plain_number(k):
                return None
            return int(tok.key), k + 1, tok.end
        number = read_number_words(self.rules.numbers, self.text, self.toks, k)
        if number is None or number.value is None or number.ordinal or number.value != int(number.value):
            return None
        return int(number.value), number.stop, number.end

    def ago_unit(self, k: int, end: int) -> tuple[int, int, str] | None:
        if not self.spaced(end, k):
            return None
        return self.rules.ago_units.match(self.text, self.toks, k)

    def add_ago(self, start: int, end: int, unit: str, amount: int) -> None:
        if unit == "week":
            self.add_relative(start, end, "weeks_ago", -amount)
        else:
            self.add_relative(start, end, unit, -amount)

    def ago_before(self, i: int) -> int | None:
        """``преди две години``, ``пре три дана``."""
        hit = self.rules.ago_before.match(self.text, self.toks, i)
        if hit is None or not self.spaced(hit[1], hit[0]):
            return None
        amount = self.amount_at(hit[0])
        k, end, value = (amount[1], amount[2], amount[0]) if amount else (hit[0], hit[1], 1)
        unit = self.ago_unit(k, end)
        if unit is None:
            return None
        self.add_ago(self.toks[i].start, unit[1], unit[2], value)
        return unit[0]

    def ago_after(self, i: int) -> int | None:
        """``два года назад``, ``три роки тому``, ``two weeks ago``, ``год назад``."""
        if not self.rules.ago_after:
            return None
        units = self.rules.ago_units.starts
        # the unit is this token or one of the next few: rule out the rest with set lookups
        if not any(self.toks[k].key in units for k in range(i, min(i + 4, self.n))):
            return None
        amount = self.amount_at(i)
        if amount is not None:
            value, k, end = amount
        else:
            value, k, end = 1, i, self.toks[i].start
            article = self.rules.numbers.articles.match(self.text, self.toks, i)
            if article is not None:
                k, end = article[0], article[1]
        unit = self.ago_unit(k, end) if k != i else self.rules.ago_units.match(self.text, self.toks, i)
        if unit is None:
            return None
        ago = self.rules.ago_after.match(self.text, self.toks, unit[0])
        if ago is None or not self.spaced(unit[1], unit[0]):
            return None
        self.add_ago(self.toks[i].start, ago[1], unit[2], value)
        return ago[0]
