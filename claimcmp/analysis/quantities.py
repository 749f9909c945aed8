"""Quantities stated in a segment: counts, money, percentages, measures and ordinals.

:func:`find_quantities` reads ``100 000``, ``3,3 миллиарда``, ``$40bn``,
``понад 10 000``, ``близько 600``, ``десятки``, ``76-й`` … into
:class:`~claimcmp.records.Quantity` records. All words (number words,
magnitudes, currencies, bound words) come from ``claimcmp/data/numbers/<lang>.toml``;
the code knows only digits, separators and the language-neutral signs
(``$ € £ ₽ ₴ ₩ ¥ %``) and ISO currency codes.

Decisions (the rules a reader of the output needs):

* **Digit grouping.** A space (also U+00A0, U+202F, U+2009) between a 1–3 digit
  run and 3-digit runs groups thousands (``100 000``). Two or more groups with
  one mark (``1.000.000``, ``10,000,000``) group too, and ``1.234,5`` /
  ``1,234.5`` are read by the mark that comes last. A single mark followed by a
  digit count other than three is a decimal mark in every language (``3,3``,
  ``1,5``, ``24.1``). A single mark followed by exactly three digits
  (``10,000``, ``3,300``, ``48.846``) is decided by the table's
  ``format.three_digits``: ``by-mark`` (English: ``,`` groups, ``.`` is
  decimal) or ``group-unless-magnitude`` (ru, uk, bg, sr: grouping, except
  before a magnitude word, where ``6,158 млрд`` and ``48.846 млрд`` are
  decimals). A leading ``0`` (``0,500``) is always decimal. A mark the table's
  ``format.ambiguous`` lists (the locale's decimal mark, which foreign-style text
  uses to group: German ``100,000``, English ``100.000``) is read the locale's
  way for ``value`` but, with no magnitude or second mark to decide it, the
  quantity is ``approx`` with ``low``/``high`` spanning both readings, so the
  other reading of the same digits never contradicts it.
* **Magnitudes** multiply (``3,3 миллиарда`` = 3.3e9 = ``3.3 billion``);
  ``m``/``k``/``b`` count as magnitudes only next to a currency (``$40m``).
* **Bounds.** ``value`` is always the stated figure. ``более/понад/над/over/at
  least`` → ``low`` = figure, ``high`` None; ``до/менее/under/up to`` → ``high``
  = figure, ``low`` None; ``около/близько/about/почти/nearly`` → ``approx`` and
  ``low`` = ``high`` = figure (no invented ±10 %: the comparer decides how much
  slack "about" buys). The bound words are part of the span (``понад 10 000``).
* **Ranges** ``10–15``, ``от 10 до 15``, ``between 10 and 15``, ``$10-15bn``:
  ``value`` None, ``low``/``high`` the ends; a magnitude or unit stated once
  applies to both ends (``10–15 тысяч`` = 10 000–15 000).
* **Vague** plurals are ranges with ``value`` None: ``десятки`` 20–99,
  ``сотни`` 200–999, ``тысячи/хиляди/thousands`` 2 000–9 999, ``dozens``
  24–99 (from the tables), scaled by a following magnitude (``десятки тысяч`` =
  20 000–99 999); ``несколько/кілька/several`` count only before a magnitude.
* **Ordinals** ``76-й``, ``78-ата``, ``225-ї``, ``78th`` and ordinal words
  (``второй``, ``seventy-sixth``) have kind ``ordinal``, as do Roman numerals
  before a noun the table lists in ``roman_numeral_nouns`` (``XIX века``). A number hyphen-glued
  to another word (``29-годишен``, ``10-летний``) is a plain count of the digits.
* **Not quantities:** times (``12:36``), ``12/3``-style pairs, version or IP
  chains (``1.2.3``), phone numbers (``+7 495 …``, ``123-45-67``), identifiers
  glued to letters (``Су-57``, ``A320``, ``COVID-19``, ``5G``), ``№ 5``, runs
  of more than 15 digits, clock times the table marks (``times_after``: ``5 p.m.``;
  ``times_before``: Polish ``godz. 20.00``; ``format.clock_mark``: ``18.00`` where a
  decimal comma leaves ``HH.MM`` to the clock), the single words ``один/one/first`` (articles or idiom
  far more often than figures), and anything overlapping a date: years are
  dates, so :func:`find_quantities` always leaves out what
  :func:`~claimcmp.analysis.dates.find_dates` finds, plus the caller's ``exclude``.
* **Unknown language:** the union of all tables (forms that conflict between
  languages dropped) with ``group-unless-magnitude``.

Units are codes: ISO 4217 for money (``USD``, ``GBP``, ``BGN`` …), ``%`` for
percentages, short lower-case codes for measures (``km``, ``kg``, ``t``, ``h``,
``min``, ``day``, ``week``, ``month``, ``year``, ``pp`` for percentage points,
``bp`` for basis points); counted nouns get None. The kind follows the unit:
``%`` is ``percent``, a three-letter upper-case code ``money``, any other code
``measure``, none ``count``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from claimcmp.analysis import dates as _dates
from claimcmp.analysis.numerals import (
    DIGITS,
    SYMBOL,
    WORD,
    NumberRules,
    Token,
    gap_between,
    inside_hangul_word,
    is_hangul,
    normalise_gap,
    number_rules,
    power_of_ten_unit,
    read_number_words,
    spans_to_token_mask,
    table_for,
    tokenize,
)
from claimcmp.records import Quantity, QuantityKind, Span

_GROUP_SPACES = frozenset(" \u00a0\u202f\u2009")
_MARKS = frozenset(".,")
_DASHES = frozenset("-–—‒−")
# separators that chain digit runs into one token-string that is not a figure (12:36, 1.2.3, 24/7)
_ID_JOINERS = frozenset(".,:/")
_MAX_DIGITS = 15
_PHONE_DIGITS = 7


class _Range(NamedTuple):
    """Both ends of ``A–B`` read: the range's bounds, where it ends, its unit."""

    low: float
    high: float
    stop: int
    end: int
    unit: str | None
    money_only: bool


class _Core(NamedTuple):
    """A bare figure before units, bounds and ranges are attached."""

    first: int
    stop: int
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    factor: float = 1.0
    ordinal: bool = False
    final: bool = False  # takes no magnitude, unit, range or bound: "76-й", "29-годишен"
    money_only: bool = False
    literal: str = ""  # the digits as written, for a product without binary rounding error
    ambiguous: bool = False  # "100,000" in German: the locale's reading, with the other one as the far bound


def find_quantities(text: str, lang: str, exclude: Sequence[Span] = ()) -> list[Quantity]:
    """Every quantity in ``text`` (language ``lang``), sorted by span start, never overlapping.

    ``exclude`` holds spans already taken (by dates); no quantity overlaps one,
    and dates found in the text are excluded as well, so a year never becomes a count.
    """
    if not text:
        return []
    rules = number_rules(lang)
    tokens = tokenize(text, rules.folds)
    if not any(t.kind == DIGITS or t.kind == WORD for t in tokens):
        return []
    taken = list(exclude) + _dates.date_and_blocked_spans(text, lang, tokens)
    blocked = spans_to_token_mask(tokens, taken)
    found = _compounds_joined(text, _Scanner(text, tokens, rules, blocked).scan())
    found = _with_roman_ordinals(text, lang, found, taken)
    # the scanner never reads a blocked token; this also keeps a span that only grazes an
    # excluded one (the dot of "млн." inside a caller's span) out, whatever the caller passes
    if not exclude:
        return found
    starts, ends = _merged(taken)
    return [q for q in found if not _overlaps(q.span, starts, ends)]


def _compounds_joined(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "1 млн 560 тис.", "2 million 100 thousand": a count of millions and a count of thousands right after
    it are one figure (1 560 000), not two."""
    out: list[Quantity] = []
    for q in found:
        head = out[-1] if out else None
        if (
            head is not None
            and (text[head.span[1] : q.span[0]].isspace() or (head.span[1] == q.span[0] and _hangul_magnitude(head)))
            and q.value is not None
            and (
                (_in_units_of(head, 1_000_000) and _in_units_of(q, 1_000) and q.value < 1_000_000)
                # "1억 2천만 달러", "3만 5천 명": Korean counts in units of 10 000; the second count is below
                # the head's unit and may carry the unit of both
                or (
                    _hangul_magnitude(head)
                    and _in_units_of(head, 10_000)
                    and q.kind in ("count", "money")
                    and q.value % 1_000 == 0
                    and q.value < power_of_ten_unit(head.value)
                )
            )
            and (q.low, q.high) == (q.value, q.value)
        ):
            assert head.value is not None
            total = head.value + q.value
            low = None if head.low is None else total
            high = None if head.high is None else total
            span = (head.span[0], q.span[1])
            out[-1] = Quantity(span, text[span[0] : span[1]], total, low, high, q.unit, q.kind, approx=head.approx)
            continue
        out.append(q)
    return out


def _hangul_magnitude(q: Quantity) -> bool:
    """A figure whose magnitude is written in Hangul ("3만", "1억")."""
    return is_hangul(q.text.rstrip()[-1:])


def _in_units_of(q: Quantity, unit: int) -> bool:
    """A plain count whose value is a whole number of ``unit`` and written with a word for it ("1 млн")."""
    return (
        q.kind == "count"
        and q.unit is None
        and q.value is not None
        and q.value >= unit
        and q.value % unit == 0
        and not q.text.rstrip(".").strip()[-1:].isdigit()
    )


# "XIX века", "XXI століття": Roman numerals, read only before the nouns a table lists
_ROMAN = re.compile(r"\b([IVXLC]{1,7})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral up to 399, else None ("IIII", "VX" are not)."""
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(numeral) and value < _ROMAN_VALUES[numeral[i + 1]]:
            total -= value
        else:
            total += value
    return total if 0 < total < 400 and _to_roman(total) == numeral else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out


def _with_roman_ordinals(text: str, lang: str, found: list[Quantity], taken: Sequence[Span]) -> list[Quantity]:
    """``found`` plus Roman ordinals before the table's ``roman_numeral_nouns`` (centuries, congresses)."""
    nouns = {str(n).lower() for n in table_for("numbers", lang).get("roman_numeral_nouns", [])}
    if not nouns or not any(ch in text for ch in "IVXLC"):
        return found
    spans = [q.span for q in found] + list(taken)
    extra = []
    for match in _ROMAN.finditer(text):
        following = text[match.end() :].split(maxsplit=1)
        word = following[0].strip('.,;:!?»"').lower() if following else ""
        value = _roman_value(match.group(1))
        if value is None or word not in nouns or not text[match.end() : match.end() + 1].isspace():
            continue
        span = match.span(1)
        if any(lo < span[1] and span[0] < hi for lo, hi in spans):
            continue
        extra.append(
            Quantity(
                span=span,
                text=match.group(1),
                value=float(value),
                low=float(value),
                high=float(value),
                unit=None,
                kind="ordinal",
                approx=False,
            )
        )
    return sorted([*found, *extra], key=lambda q: q.span) if extra else found


def _merged(spans: Sequence[Span]) -> tuple[list[int], list[int]]:
    """Disjoint sorted intervals covering ``spans``, as parallel start and end lists."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _overlaps(span: Span, starts: list[int], ends: list[int]) -> bool:
    # the last interval starting before the span's end is the only one that can overlap it
    k = bisect_left(starts, span[1]) - 1
    return k >= 0 and ends[k] > span[0]


class _Tokens:
    """One text's tokens and what reading a figure asks about a position: whether a token may be read,
    the gap before it, the magnitude, unit, bound or range word that stands next to it."""

    def __init__(self, text: str, tokens: list[Token], rules: NumberRules, blocked: list[bool]) -> None:
        self.text = text
        self.toks = tokens
        self.n = len(tokens)
        self.rules = rules
        self.blocked = blocked

    def usable(self, k: int) -> bool:
        return 0 <= k < self.n and not self.blocked[k]

    def gap(self, k: int) -> str | None:
        """Normalised gap between token ``k - 1`` and token ``k``."""
        return normalise_gap(gap_between(self.text, self.toks, k - 1))

    def raw_gap(self, k: int) -> str:
        """The text between token ``k - 1`` and token ``k``, as written."""
        return gap_between(self.text, self.toks, k - 1)

    def next_to(self, end: int, k: int) -> bool:
        """Whether token ``k`` follows offset ``end`` glued or after whitespace only.

        Offsets, not token gaps: after an abbreviation ("млрд. лв.") the dot is already spent.
        """
        if k >= self.n or not self.usable(k):
            return False
        between = self.text[end : self.toks[k].start]
        return not between or (len(between) <= 8 and between.isspace())

    def skip_chain(self, i: int, joiners: frozenset[str] = _ID_JOINERS) -> int:
        """Index after the digit tokens chained to token ``i`` by ``joiners`` (an identifier, time, phone)."""
        k = i
        while k + 1 < self.n and self.toks[k + 1].kind == DIGITS and self.raw_gap(k + 1) in joiners:
            k += 1
        return k + 1

    def multiplier_at(self, k: int) -> tuple[int, int, float] | None:
        if k >= self.n or self.toks[k].key not in self.rules.multipliers.starts:
            return None
        if not self.next_to(self.toks[k - 1].end, k):
            return None
        return self.rules.multipliers.match(self.text, self.toks, k, self.usable)

    def unit_after(self, k: int, end: int) -> tuple[int, int, str] | None:
        if k >= self.n or self.toks[k].key not in self.rules.units_after.starts or not self.next_to(end, k):
            return None
        return self.rules.units_after.match(self.text, self.toks, k, self.usable)

    def counter_after(self, k: int, end: int) -> tuple[int, int] | None:
        """(index after, end offset) of a counter ("명", "개") glued or next to offset ``end``."""
        if k >= self.n or self.toks[k].key not in self.rules.counters.starts or not self.next_to(end, k):
            return None
        hit = self.rules.counters.match(self.text, self.toks, k, self.usable)
        return None if hit is None else (hit[0], hit[1])

    def bound_after(self, k: int, end: int) -> tuple[int, int, str] | None:
        """A bound word right after offset ``end`` ("100 and more", "100명 이상"): (index after, end, bound)."""
        if k >= self.n or self.toks[k].key not in self.rules.bounds_after.starts or not self.next_to(end, k):
            return None
        return self.rules.bounds_after.match(self.text, self.toks, k, self.usable)

    def unit_before(self, first: int, floor: int) -> tuple[int, str] | None:
        j = first - 1
        if j < floor or self.toks[j].key not in self.rules.units_before.ends:
            return None
        if not self.usable(j) or self.gap(first) not in ("", " "):
            return None
        hit = self.rules.units_before.match_ending(self.text, self.toks, j, self.usable)
        if hit is None or hit[0] < floor:
            return None
        return hit

    def phrase_before(self, index_name: str, first: int, floor: int) -> tuple[int, object] | None:
        j = first - 1
        index = getattr(self.rules, index_name)
        if j < floor or self.toks[j].key not in index.ends or not self.usable(j):
            return None
        gap = self.raw_gap(first)
        if self.gap(first) in ("", " "):
            hit = index.match_ending(self.text, self.toks, j, self.usable)
        elif gap.startswith(".") and 1 < len(gap) <= 8 and gap[1:].isspace():
            # an abbreviation's dot: "ca. 100", "ok. 40", "godz. 20.00"
            hit = index.match_ending(self.text, self.toks, j, self.usable, abbreviation_only=True)
        else:
            return None
        if hit is None or hit[0] < floor:
            return None
        return hit  # type: ignore[no-any-return]


class _Figures(_Tokens):
    """Reads the bare figure at a token: digits with their grouping and decimal marks, number words, a glued
    ordinal ending or magnitude; codes, phone numbers and clock times are passed over."""

    def read_core(self, i: int) -> tuple[_Core | None, int]:
        """The figure at token ``i`` and the index to go on from."""
        if self.toks[i].kind == DIGITS:
            return self.read_literal(i)
        word = read_number_words(self.rules, self.text, self.toks, i, self.usable)
        hangul = is_hangul(self.toks[i].key)
        if word is None or (hangul and (word.value is not None or inside_hangul_word(self.toks, i))):
            # Korean writes figures in digits: of its number words only a vague amount that starts a word
            # ("수천 명") is read; a bare "천" or "만" is a syllable of another word ("천안", "한 번만")
            return None, i + 1
        core = _Core(
            word.first,
            word.stop,
            self.toks[word.first].start,
            word.end,
            word.value,
            word.low,
            word.high,
            factor=word.factor,
            ordinal=word.ordinal,
            final=word.ordinal,
            money_only=word.money_only,
        )
        return core, word.stop

    def is_identifier_start(self, i: int) -> bool:
        """Whether token ``i`` continues a code, not a figure: ``Су-57``, ``A320``, ``№ 5``, ``3.14.15``."""
        if i == 0:
            return False
        prev = self.toks[i - 1]
        g = self.raw_gap(i)
        if prev.kind == WORD and g in ("", "-"):
            # Hangul glued before digits is a magnitude of the same figure ("3만5천") or a word run on
            # without a space, never a code
            return not (g == "" and is_hangul(prev.key))
        if prev.kind == SYMBOL and prev.key in "№#" and g in ("", " "):
            return True
        return prev.kind == DIGITS and len(g) == 1 and g in _ID_JOINERS

    def phone_end(self, i: int) -> int | None:
        """After a glued ``+``: the end of a phone number's digit chain, or None when too short for one."""
        if i == 0 or self.toks[i - 1].key != "+" or self.raw_gap(i) != "":
            return None
        if i >= 2 and self.toks[i - 2].kind == DIGITS and self.raw_gap(i - 1) == "":
            return None  # "60+" then digits: not a phone prefix
        k, digits = i, len(self.toks[i].key)
        while k + 1 < self.n and self.toks[k + 1].kind == DIGITS and self.gap(k + 1) in (" ", "-", "(", ")", ")-"):
            k += 1
            digits += len(self.toks[k].key)
        return k + 1 if digits >= _PHONE_DIGITS else None

    def read_literal(self, i: int) -> tuple[_Core | None, int]:
        toks, text = self.toks, self.text
        if self.is_identifier_start(i):
            return None, self.skip_chain(i)
        phone = self.phone_end(i)
        if phone is not None:
            return None, phone
        head = toks[i].key
        if len(head) > _MAX_DIGITS:
            return None, self.skip_chain(i)
        if self.rules.clock_mark and self.is_clock_time(i):
            return None, i + 2

        int_part, frac_part = head, ""
        k = i  # last token of the literal
        groups, sep = 0, ""
        if len(head) <= 3 and not (head.startswith("0") and len(head) > 1):
            while k + 1 < self.n and self.usable(k + 1) and toks[k + 1].kind == DIGITS and len(toks[k + 1].key) == 3:
                g = gap_between(text, toks, k)
                if len(g) != 1 or not (g in _MARKS or g in _GROUP_SPACES):
                    break
                g = " " if g in _GROUP_SPACES else g
                if sep and g != sep:
                    break
                sep = g
                groups += 1
                k += 1
        if groups == 1 and sep in _MARKS and self.single_mark_is_decimal(i, k, sep):
            frac_part = toks[k].key
        else:
            int_part = "".join(t.key for t in toks[i : k + 1])
            # a decimal part after the grouping, with the other mark: "1.234,5", "100 000,5"
            if k + 1 < self.n and self.usable(k + 1) and toks[k + 1].kind == DIGITS:
                g = gap_between(text, toks, k)
                if len(g) == 1 and g in _MARKS and g != sep:
                    k += 1
                    frac_part = toks[k].key
        # a further mark and digits: a version, an IP address, a time, a fraction; not a figure
        if k + 1 < self.n and toks[k + 1].kind == DIGITS:
            g = gap_between(text, toks, k)
            if len(g) == 1 and g in _ID_JOINERS:
                return None, self.skip_chain(k + 1)
        if len(int_part) > _MAX_DIGITS:
            return None, k + 1
        literal = int_part + ("." + frac_part[:_MAX_DIGITS] if frac_part else "")
        value = float(literal)
        core = _Core(i, k + 1, toks[i].start, toks[k].end, value, value, value, literal=literal)
        if groups == 1 and sep in self.rules.ambiguous_marks and self.mark_is_ambiguous(i, k):
            # "100,000" in German, "100.000" in English: the locale's reading is the value, the
            # other reading the far bound, so neither reading can be contradicted by the other
            other = float(head + toks[k].key) if frac_part else float(head + "." + toks[k].key)
            core = core._replace(low=min(value, other), high=max(value, other), ambiguous=True)
        return self.attach_suffix(core, plain=(groups == 0 and not frac_part))

    def is_clock_time(self, i: int) -> bool:
        """``18.00``, ``10.15``: hours and minutes with the table's ``clock_mark``, no unit after."""
        toks = self.toks
        if i + 1 >= self.n or toks[i + 1].kind != DIGITS or len(toks[i].key) > 2 or len(toks[i + 1].key) != 2:
            return False
        if self.raw_gap(i + 1) != self.rules.clock_mark or int(toks[i].key) > 24 or int(toks[i + 1].key) > 59:
            return False
        if i + 2 < self.n and toks[i + 2].kind == DIGITS and len(self.raw_gap(i + 2)) == 1:
            return False  # "15.08.2024", "1.20.3": a date or a version
        end = toks[i + 1].end
        return self.multiplier_at(i + 2) is None and self.unit_after(i + 2, end) is None

    def mark_is_ambiguous(self, i: int, k: int) -> bool:
        """``1,500`` / ``100.000`` alone: nothing (a magnitude, a second mark, a leading 0) decides the mark."""
        if self.toks[i].key == "0" or self.multiplier_at(k + 1) is not None:
            return False
        if k + 1 < self.n and self.toks[k + 1].kind == DIGITS:
            g = gap_between(self.text, self.toks, k)
            if len(g) == 1 and g in _MARKS:
                return False
        return True

    def single_mark_is_decimal(self, i: int, k: int, mark: str) -> bool:
        """``10,000`` / ``3,300`` / ``48.846``: one mark before exactly three digits."""
        if self.toks[i].key == "0":
            return True
        # "1,234.5": another mark follows, so this one groups
        if k + 1 < self.n and self.toks[k + 1].kind == DIGITS:
            g = gap_between(self.text, self.toks, k)
            if len(g) == 1 and g in _MARKS and g != mark:
                return False
        if self.rules.three_digits == "by-mark":
            return mark == self.rules.decimal_mark
        return self.multiplier_at(k + 1) is not None

    def attach_suffix(self, core: _Core, plain: bool) -> tuple[_Core | None, int]:
        """Deal with what is glued or hyphened to a literal: ``78th``, ``76-й``, ``40bn``, ``5G``, ``29-годишен``."""
        k = core.stop
        if k >= self.n or not self.usable(k) or self.toks[k].kind != WORD:
            return self.attach_multiplier(core)
        g = self.raw_gap(k)  # as written: "672 - poinformowało" is a dash between clauses, not "29-годишен"
        key = self.toks[k].key
        rules = self.rules
        if g in ("", "-"):
            if plain and key in rules.ordinal_suffixes:
                return core._replace(stop=k + 1, end=self.toks[k].end, ordinal=True, final=True), k + 1
            if g == "-" and key in rules.count_suffixes:
                return core._replace(stop=k + 1, end=self.toks[k].end, final=True), k + 1
        if g == "":
            # glued letters: a magnitude or unit ("40bn", "10km") goes on, and so does Hangul, which glues
            # counters, bound words and particles to a figure ("2천명이", "100여", "6.8의"); anything else is
            # a code ("5G")
            if self.multiplier_at(k) is not None or self.unit_after(k, core.end) is not None or is_hangul(key):
                return self.attach_multiplier(core)
            return None, k + 1
        if g == "-":
            return core._replace(final=True), k  # "29-годишен", "10-летний": the count of a compound word
        return self.attach_multiplier(core)

    def attach_multiplier(self, core: _Core) -> tuple[_Core, int]:
        hit = self.multiplier_at(core.stop)
        if hit is None:
            return core, core.stop
        stop, end, factor = hit
        value = _times(core, factor)
        money_only = self.toks[core.stop].key in self.rules.money_only
        return core._replace(
            stop=stop, end=end, value=value, low=value, high=value, factor=factor, money_only=money_only
        ), stop


class _Scanner(_Figures):
    """The quantities of a text: each figure with its unit, its bounds ("более", "up to") or the range it opens."""

    def scan(self) -> list[Quantity]:
        out: list[Quantity] = []
        floor = 0  # tokens before this belong to an earlier quantity
        i = 0
        while i < self.n:
            tok = self.toks[i]
            if self.blocked[i] or tok.kind == SYMBOL or (tok.kind == WORD and tok.key not in self.rules.starts):
                i += 1  # most words are no number: one set lookup decides
                continue
            quantity, nxt = self.read_quantity(i, floor)
            if quantity is not None:
                out.append(quantity)
                floor = nxt
            i = max(nxt, i + 1)
        return out

    def read_quantity(self, i: int, floor: int) -> tuple[Quantity | None, int]:
        core, nxt = self.read_core(i)
        if core is None:
            return None, nxt
        if core.final:
            kind: QuantityKind = "ordinal" if core.ordinal else "count"
            return self.make(core.start, core.end, core.value, core.value, core.value, None, kind, False), nxt

        stop, end = core.stop, core.end
        unit: str | None = None
        hit_unit = self.unit_after(stop, end)
        if hit_unit is not None:
            stop, end, unit = hit_unit
        if (
            stop < self.n
            and self.toks[stop].key in self.rules.times_after.starts
            and self.next_to(end, stop)
            and self.rules.times_after.match(self.text, self.toks, stop, self.usable)
        ):
            return None, stop  # "5 p.m.": a clock time
        if self.rules.times_before and self.phrase_before("times_before", core.first, floor) is not None:
            return None, stop  # "o godz. 20.00": a clock time
        low, high, value = core.low, core.high, core.value
        money_only = core.money_only
        approx = core.ambiguous

        # where the quantity's words begin: a currency sign, a range opener, a bound
        first = core.first
        hit_before = self.unit_before(first, floor)
        opener = self.phrase_before("range_starts", first if hit_before is None else hit_before[0], floor)

        change = self.phrase_before("range_not_after", first if hit_before is None else hit_before[0], floor)
        ranged, phone = self.read_range(core, stop, end, unit, opener, bare_joiners=change is None)
        if phone:
            return None, self.skip_chain(stop, frozenset(_DASHES))
        if ranged is not None:
            low, high, value = ranged.low, ranged.high, None
            stop, end, unit = ranged.stop, ranged.end, ranged.unit
            money_only = money_only or ranged.money_only
            if opener is not None and isinstance(opener[1], tuple):
                first = opener[0]
        if hit_before is not None and unit is None:
            unit = hit_before[1]
        if hit_before is not None and hit_before[1] == unit:
            first = min(first, hit_before[0])
        if money_only and not (unit and _is_currency(unit)):
            return None, stop  # "40m" without a currency is metres or a code, not millions

        bound = _unless_reached(self.phrase_before("bounds_before", first, floor), self.toks, floor, self.rules)
        if bound is not None:
            first = bound[0]
            low, high, approx = _apply_bound(str(bound[1]), value, low, high, approx)
        # a bound word and a counter in either order: "100여 명" (some 100 people), "100명 이상" (100 or more)
        after = self.bound_after(stop, end)
        if after is not None:
            stop, end = after[0], after[1]
            low, high, approx = _apply_bound(after[2], value, low, high, approx)
        counter = self.counter_after(stop, end) if unit is None else None
        if counter is not None:
            stop, end = counter
            if after is None:
                after = self.bound_after(stop, end)
                if after is not None:
                    stop, end = after[0], after[1]
                    low, high, approx = _apply_bound(after[2], value, low, high, approx)
        kind = _kind_of(unit)
        return self.make(self.toks[first].start, end, value, low, high, unit, kind, approx), stop

    def read_range(
        self,
        a: _Core,
        a_stop: int,
        a_end: int,
        a_unit: str | None,
        opener: tuple[int, object] | None,
        bare_joiners: bool = True,
    ) -> tuple[_Range | None, bool]:
        """``A–B``, ``от A до B``, ``A to B`` after the figure ``a``; the flag is true for a phone (``123-45-67``)."""
        k = a_stop
        if k >= self.n or not self.usable(k):
            return None, False
        g = normalise_gap(self.text[a_end : self.toks[k].start])
        b_i: int | None = None
        if g is not None and len(g) == 1 and g in _DASHES:
            b_i = k
        elif g == "" and self.toks[k].key == "~" and k + 1 < self.n and self.toks[k + 1].kind == DIGITS:
            b_i = k + 1  # "10~15명": a tilde between two figures is a range (Korean, Japanese, Chinese)
        elif g == " ":
            joiners = self.rules.range_joiners
            if opener is not None and isinstance(opener[1], tuple):
                hit = self.rules.range_pair_joiners.match(self.text, self.toks, k, self.usable)
                if hit is not None and self.toks[k].key in opener[1]:
                    b_i = hit[0]
            if b_i is None and joiners and bare_joiners:
                hit = joiners.match(self.text, self.toks, k, self.usable)
                if hit is not None:
                    b_i = hit[0]
            if b_i is not None and (b_i >= self.n or self.gap(b_i) != " "):
                return None, False
        if b_i is None or b_i >= self.n or not self.usable(b_i):
            return None, False
        b_unit_before = None
        hit_sign = self.rules.units_before.match(self.text, self.toks, b_i, self.usable)
        if hit_sign is not None and hit_sign[0] < self.n and self.gap(hit_sign[0]) in ("", " "):
            b_unit_before = hit_sign[2]
            b_i = hit_sign[0]
        if self.toks[b_i].kind == SYMBOL:
            return None, False
        b, _ = self.read_core(b_i)
        if b is None or b.final or b.ordinal:
            return None, False
        # "123-45-67": a third dashed part makes it a phone number or code
        if b.stop < self.n and self.toks[b.stop].kind == DIGITS and self.raw_gap(b.stop) in _DASHES:
            return None, True
        stop, end = b.stop, b.end
        b_unit = b_unit_before
        hit_unit = self.unit_after(stop, end)
        if hit_unit is not None:
            stop, end, b_unit = hit_unit
        if a_unit and b_unit and a_unit != b_unit:
            return None, False
        a_low, a_high = a.low, a.high
        if a.factor == 1.0 and b.factor != 1.0 and a_low is not None and a_high is not None:
            # "10–15 тысяч": the magnitude stated once applies to both ends
            a_low, a_high = _times(a, b.factor, a_low), _times(a, b.factor, a_high)
        if a_low is None or b.high is None or a_low > b.high:
            return None, False
        return _Range(a_low, b.high, stop, end, a_unit or b_unit, b.money_only), False

    def make(
        self,
        start: int,
        end: int,
        value: float | None,
        low: float | None,
        high: float | None,
        unit: str | None,
        kind: QuantityKind,
        approx: bool,
    ) -> Quantity:
        return Quantity((start, end), self.text[start:end], value, low, high, unit, kind, approx)


def _times(core: _Core, factor: float, number: float | None = None) -> float:
    """``number`` (default: the core's literal) times ``factor``, in decimal: 3.3e9, never 3299999999.9999995."""
    literal = core.literal if number is None else None
    try:
        base = Decimal(literal) if literal else Decimal(repr(number if number is not None else core.value))
        return float(base * Decimal(repr(factor)))
    except (InvalidOperation, ValueError):
        return float(number if number is not None else core.value or 0.0) * factor


def _unless_reached(
    bound: tuple[int, object] | None, toks: Sequence[Token], floor: int, rules: NumberRules
) -> tuple[int, object] | None:
    """``bound``, or None where an upper-bound word follows a verb of change: "the toll rose to 133"
    ("возросло до 133", "зросла до 137") names the value reached, not an upper bound."""
    if bound is None or bound[1] != "high" or not rules.target_verbs:
        return bound
    reached = any(j >= floor and toks[j].key.startswith(rules.target_verbs) for j in (bound[0] - 1, bound[0] - 2))
    return None if reached else bound


def _apply_bound(
    bound: str, value: float | None, low: float | None, high: float | None, approx: bool
) -> tuple[float | None, float | None, bool]:
    if bound == "low":
        return (value if value is not None else low), None, approx
    if bound == "high":
        return None, (value if value is not None else high), approx
    if bound == "approx":
        return low, high, True
    return low, high, approx


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isascii() and unit.isupper()


def _kind_of(unit: str | None) -> QuantityKind:
    if unit is None:
        return "count"
    if unit == "%":
        return "percent"
    if _is_currency(unit):
        return "money"
    return "measure"


def describe_quantity(quantity: Quantity) -> str:
    """``≥10000``, ``20–99``, ``≈600 USD``: the bounds a number allows, in a few characters."""
    unit = f" {quantity.unit}" if quantity.unit else ""
    kind = " (ordinal)" if quantity.kind == "ordinal" else ""
    low, high, value = quantity.low, quantity.high, quantity.value

    def fmt(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,g}"

    if value is not None and low == value and high == value:
        body = fmt(value)
    elif low is not None and high is not None:
        body = f"{fmt(low)}–{fmt(high)}"
    elif low is not None:
        body = f"≥{fmt(low)}"
    elif high is not None:
        body = f"≤{fmt(high)}"
    else:
        body = fmt(value) if value is not None else "?"
    return ("≈" if quantity.approx else "") + body + unit + kind
