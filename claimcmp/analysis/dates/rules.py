"""The dates tables: one language's month and weekday names, year words and relative expressions, compiled.

The tables are ``claimcmp/data/dates/<lang>.toml`` (generated from CLDR for de, fr, es, pl, sr and hr; see the
package docstring); each key is documented in ``claimcmp/data/dates/ru.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from claimcmp.analysis.numerals import (
    NumberRules,
    PhraseIndex,
    language_folds,
    number_rules,
    stopwords_of,
    table_for,
    tokenize,
)


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
    # Korean writes a date as figures with unit words, year first: "2024년 8월 15일" (year, month, day)
    date_units: dict[str, str] = field(default_factory=dict)
    # before a bare day of the month ("지난 15일", the 15th just past): the direction from the reference
    day_modifiers: PhraseIndex[int] | None = None
    # a word after a figure and its unit word that makes it a duration or count ("3일간", "15일 동안")
    date_unit_blockers: frozenset[str] = frozenset()


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
        date_units=_date_units(table.get("date_units")),
        day_modifiers=index("day_modifiers", int),
        date_unit_blockers=words("date_unit_blockers"),
    )


def _date_units(raw: Any) -> dict[str, str]:
    """The ``date_units`` table ({"year": "년", ...}) as unit word -> part, parts checked."""
    if not isinstance(raw, dict):
        return {}
    return {str(word): str(part) for part, word in raw.items() if part in ("year", "month", "day")}
