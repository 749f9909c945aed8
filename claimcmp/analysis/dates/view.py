"""The shared, frozen view of a text being scanned for dates, and the small readers over its tokens.

:class:`DateText` holds the text, its tokens, the language's rules and the reference date; its readers tell
what a token is (a month, a weekday, a day, a year and what follows it) without recording anything.
"""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from claimcmp.analysis.dates.rules import DateRules
from claimcmp.analysis.numerals import DIGITS, SYMBOL, WORD, PhraseIndex, Token, gap_between, normalise_gap

MIN_YEAR, MAX_YEAR = 1000, 2100
DASHES = frozenset("-–—‒−")
_SPACES = frozenset(" \u00a0\u202f\u2009")


class Part(NamedTuple):
    """A number read as part of a date: its value and where it ends (token index after, char offset)."""

    value: int
    stop: int
    end: int


class DateText(NamedTuple):
    """A text, its tokens, the language's date rules and the reference date (None when unknown).

    Immutable (a named tuple: one is built per segment, and a tuple is built fastest).
    """

    text: str
    toks: list[Token]
    n: int
    rules: DateRules
    ref: datetime.date | None

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

    def day_at(self, k: int) -> Part | None:
        if k >= self.n or self.toks[k].kind != DIGITS or len(self.toks[k].key) > 2:
            return None
        value = int(self.toks[k].key)
        if not 1 <= value <= 31 or not self.plain_number(k):
            return None
        stop, end = k + 1, self.toks[k].end
        suffix = self.suffix_end(stop)
        if suffix is not None and suffix[2] not in self.rules.decade_suffixes:
            stop, end = suffix[0], suffix[1]
        return Part(value, stop, self.after_dot(end))

    def year_at(self, k: int) -> Part | None:
        if k >= self.n or self.toks[k].kind != DIGITS or len(self.toks[k].key) != 4:
            return None
        value = int(self.toks[k].key)
        if not MIN_YEAR <= value <= MAX_YEAR or not self.plain_number(k):
            return None
        return Part(value, k + 1, self.toks[k].end)

    def year_tail(self, year: Part) -> tuple[int, int, bool, bool]:
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
