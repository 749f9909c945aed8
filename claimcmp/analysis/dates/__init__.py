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

Layout: :mod:`.rules` (the tables), :mod:`.view` (the frozen view of a text and its readers), :mod:`.mentions`
(the mentions found and their values), :mod:`.absolute` and :mod:`.relative` (the readers of each kind of
date), :mod:`.scanning` (which readers are tried where).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from claimcmp.analysis.dates.mentions import Mentions
from claimcmp.analysis.dates.rules import DateRules, date_rules
from claimcmp.analysis.dates.scanning import scan
from claimcmp.analysis.dates.view import MAX_YEAR, MIN_YEAR, DateText
from claimcmp.analysis.numerals import Token, language_code, tokenize
from claimcmp.records import DateMention, Span

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "DateRules",
    "date_and_blocked_spans",
    "date_rules",
    "find_dates",
    "reference_date",
]

_ISO_PREFIX = re.compile(r"\s*([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")


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
    mentions, blocked = _scan(text, tokens, rules, ref)
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
    mentions, blocked = _scan(text, toks, rules, None)
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


def _scan(
    text: str, tokens: list[Token], rules: DateRules, reference: datetime.date | None
) -> tuple[list[DateMention], list[Span]]:
    """The date mentions of ``text`` and the spans no quantity may take (decades)."""
    return scan(DateText(text, tokens, len(tokens), rules, reference), Mentions(text, reference))
