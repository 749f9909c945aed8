"""Shared machinery of :mod:`~claimcmp.analysis.quantities` and :mod:`~claimcmp.analysis.dates`.

Both read text through the same three pieces:

* :func:`tokenize` cuts a text into digit runs, words and a few symbols with one
  linear regex (no nested quantifier can backtrack); everything else (spaces,
  dots, commas, dashes) stays in the *gaps* between tokens, which the readers
  inspect to tell ``100 000`` from ``9, 2024``. Runs of more than 64 characters
  without a space (URLs, identifiers, junk) are not read at all.
* :class:`PhraseIndex` finds the longest listed phrase (``фунтов стерлингов``,
  ``не менее``, ``тыс.``) starting or ending at a token, in time bounded by the
  phrase length.
* :class:`NumberRules` is a language's ``numbers`` table compiled once, and
  :func:`read_number_words` reads spelled-out numbers (``сто тысяч``,
  ``двадесет и пет``, ``twenty-five``) with it.

Every word comes from ``claimcmp/data/<family>/<lang>.toml``; a language without
a table gets the union of all tables (:func:`table_for`), in which a form that
means different things in different languages is dropped as ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

from claimcmp.input import languages_with, load_languages, load_table

T = TypeVar("T")

DIGITS, WORD, SYMBOL = 0, 1, 2

# Digits are ASCII only: other Unicode digits are not how these languages write
# figures, and keeping them out keeps float() parsing predictable. A word is a run
# of letters, optionally joined by apostrophes (Ukrainian "п'ять", "дев’ять").
# The symbols are the language-neutral signs a figure can carry. A Hangul syllable is a token of its own:
# Korean glues magnitudes, counters and particles to the word before ("2천명이", "15일"), so each syllable
# must be a token for the tables' phrases ("천", "명", "이상", "일") to match inside a written word.
# the last class: currency and other signs, and the square unit letters of CJK typesetting ("70㎞")
_TOKEN = re.compile(r"[0-9]+|[가-힣]|[^\W\d_가-힣]+(?:['’ʼ][^\W\d_가-힣]+)*|[$€£¥₽₴₩%‰+~№#\u3380-\u33df]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


class Token(NamedTuple):
    """One digit run, word or symbol: ``text[start:end]``, with its folded lookup ``key``."""

    start: int
    end: int
    kind: int
    key: str


def tokenize(text: str, folds: Sequence[tuple[str, str]] = ()) -> list[Token]:
    """Cut ``text`` into tokens; word keys are lower-cased and folded (``ё`` → ``е`` where the table says so)."""
    keys = _fold_memo(tuple(folds))
    out: list[Token] = []
    append = out.append
    make = tuple.__new__  # a Token without the keyword-handling constructor: this loop is the hot path
    for m in _tokens_outside_long_runs(text):
        s = m.group()
        start, end = m.span()
        c = s[0]
        if "0" <= c <= "9":
            append(make(Token, (start, end, DIGITS, s)))
        elif c.isalpha():
            key = keys.get(s)
            if key is None:
                key = fold_word(s, folds)
                if len(keys) < _FOLD_MEMO_SIZE:
                    keys[s] = key
            append(make(Token, (start, end, WORD, key)))
        else:
            append(make(Token, (start, end, SYMBOL, s)))
    return out


def _tokens_outside_long_runs(text: str) -> Iterator[re.Match[str]]:
    """Token matches, skipping runs of more than :data:`LONG_RUN` characters without a space.

    No figure or date is written that long without a space; such runs are URLs,
    identifiers or junk, and reading them token by token would only cost time.
    The lookbehind makes the run pattern start only where a run starts, so the
    search stays linear.
    """
    pos = 0
    for run in _LONG_RUN.finditer(text):
        yield from _TOKEN.finditer(text, pos, run.start())
        pos = run.end()
    yield from _TOKEN.finditer(text, pos)


LONG_RUN = 64
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONG_RUN + 1},}}")
_FOLD_MEMO_SIZE = 200_000
_fold_memos: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _fold_memo(folds: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Folded keys of words already seen (news repeat their words), one table per fold set."""
    memo = _fold_memos.get(folds)
    if memo is None:
        memo = _fold_memos[folds] = {}
    return memo


def fold_word(word: str, folds: Sequence[tuple[str, str]] = ()) -> str:
    """The lookup form of a word: lower case, one apostrophe, then the table's letter folds."""
    key = word.lower().translate(_APOSTROPHES)
    for a, b in folds:
        if a in key:
            key = key.replace(a, b)
    return key


def normalise_gap(gap: str) -> str | None:
    """What separates two tokens, in comparable form.

    ``""`` (glued), ``" "`` (any whitespace), or the punctuation itself with the
    whitespace around it removed (``"-"``, ``","``); ``None`` when the gap mixes
    punctuation with inner spaces or is long, which no phrase or numeral spans.
    """
    if not gap:
        return ""
    if len(gap) > 8:
        return None
    if gap.isspace():
        return " "
    core = gap.strip()
    if any(ch.isspace() for ch in core):
        return None
    return core


def gap_between(text: str, tokens: Sequence[Token], i: int) -> str:
    """The raw text between token ``i`` and token ``i + 1``."""
    return text[tokens[i].end : tokens[i + 1].start]


_Entry = tuple[tuple[str, ...], tuple[str, ...], bool, Any]


class PhraseIndex(Generic[T]):
    """Phrases of one or more words, found at a token position, longest first.

    A phrase is tokenised like the text; the separators inside it (space,
    hyphen, nothing) must be matched by the text's gaps (any run of whitespace
    counts as one space). A trailing ``.`` marks an abbreviation: the dot is
    optional in the text and, when present, part of the match.
    """

    def __init__(self, phrases: Mapping[str, T], folds: Sequence[tuple[str, str]] = ()) -> None:
        self._forward: dict[str, list[_Entry]] = {}
        self._backward: dict[str, list[_Entry]] = {}
        for phrase, payload in phrases.items():
            entry = self._compile(phrase, payload, folds)
            if entry is None:
                continue
            keys = entry[0]
            self._forward.setdefault(keys[0], []).append(entry)
            self._backward.setdefault(keys[-1], []).append(entry)
        for table in (self._forward, self._backward):
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))
        # the keys a phrase begins and ends with: one set lookup rules most tokens out
        self.starts: frozenset[str] = frozenset(self._forward)
        self.ends: frozenset[str] = frozenset(self._backward)

    @staticmethod
    def _compile(phrase: str, payload: Any, folds: Sequence[tuple[str, str]]) -> _Entry | None:
        phrase = phrase.strip()
        abbreviation = phrase.endswith(".") and len(phrase) > 1
        if abbreviation:
            phrase = phrase[:-1]
        toks = tokenize(phrase, folds)
        if not toks:
            return None
        gaps = []
        for k in range(len(toks) - 1):
            g = normalise_gap(gap_between(phrase, toks, k))
            if g is None:
                return None
            gaps.append(g)
        return tuple(t.key for t in toks), tuple(gaps), abbreviation, payload

    def __contains__(self, key: str) -> bool:
        return key in self._forward

    def __bool__(self) -> bool:
        return bool(self._forward)

    def match(
        self, text: str, tokens: Sequence[Token], i: int, usable: Callable[[int], bool] | None = None
    ) -> tuple[int, int, T] | None:
        """The longest phrase starting at token ``i``: (index after its last token, end offset, payload)."""
        if i >= len(tokens):
            return None
        entries = self._forward.get(tokens[i].key)
        if not entries:
            return None
        n = len(tokens)
        for keys, gaps, abbreviation, payload in entries:
            last = i + len(keys) - 1
            if last >= n:
                continue
            if not _matches(text, tokens, i, keys, gaps, usable):
                continue
            end = tokens[last].end
            if abbreviation and text.startswith(".", end):
                end += 1
            return last + 1, end, payload
        return None

    def match_ending(
        self,
        text: str,
        tokens: Sequence[Token],
        j: int,
        usable: Callable[[int], bool] | None = None,
        abbreviation_only: bool = False,
    ) -> tuple[int, T] | None:
        """The longest phrase whose last token is token ``j``: (index of its first token, payload).

        ``abbreviation_only``: only a phrase written with a final dot (``ca.``), for a token the text
        follows with its dot.
        """
        if j < 0 or j >= len(tokens):
            return None
        entries = self._backward.get(tokens[j].key)
        if not entries:
            return None
        for keys, gaps, abbreviation, payload in entries:
            if abbreviation_only and not abbreviation:
                continue
            first = j - len(keys) + 1
            if first < 0 or inside_hangul_word(tokens, first):
                continue
            if _matches(text, tokens, first, keys, gaps, usable):
                return first, payload
        return None


_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3  # the precomposed Hangul syllables


def is_hangul(key: str) -> bool:
    """A Hangul syllable token (Korean words are read syllable by syllable, see ``_TOKEN``)."""
    return len(key) == 1 and _HANGUL_FIRST <= ord(key) <= _HANGUL_LAST


def inside_hangul_word(tokens: Sequence[Token], k: int) -> bool:
    """Token ``k`` is a Hangul syllable glued to the syllable before it: no phrase read backwards starts
    there ("약 70km" is "about 70 km", the last syllable of "계약 70건", "contract", is not)."""
    return k > 0 and is_hangul(tokens[k].key) and tokens[k - 1].end == tokens[k].start and is_hangul(tokens[k - 1].key)


def power_of_ten_unit(value: float | None) -> float:
    """The largest power of ten that divides ``value`` (``120000000`` -> ``10000000``; 1 for a fraction)."""
    unit = 1.0
    if value is None or value <= 0 or value != int(value):
        return unit
    while value % (unit * 10) == 0:
        unit *= 10
    return unit


def _matches(
    text: str,
    tokens: Sequence[Token],
    i: int,
    keys: tuple[str, ...],
    gaps: tuple[str, ...],
    usable: Callable[[int], bool] | None,
) -> bool:
    for k, key in enumerate(keys):
        if tokens[i + k].key != key or (usable is not None and not usable(i + k)):
            return False
        if k and normalise_gap(gap_between(text, tokens, i + k - 1)) != gaps[k - 1]:
            return False
    return True


# ---------------------------------------------------------------------------
# tables


def language_code(lang: str) -> str:
    """``"ru-RU"``, ``"RU"``, ``"ru_ru"`` → ``"ru"``."""
    return lang.strip().lower().replace("_", "-").split("-")[0] if lang else ""


def table_for(family: str, lang: str) -> dict[str, Any]:
    """``lang``'s table of ``family``, or the union of every language's table when it has none."""
    code = language_code(lang)
    table = load_table(family, code) if code.isalpha() else {}
    return table if table else union_table(family)


@cache
def union_table(family: str) -> dict[str, Any]:
    """All languages' ``family`` tables merged, for text whose language has no table.

    Sub-tables are merged entry by entry and a form that two languages give
    different meanings (Bulgarian ``година`` "year", Ukrainian "hour") is dropped,
    as is a format switch the languages disagree on (the decimal mark), so the
    readers fall back to their language-neutral defaults; lists, also those inside a
    sub-table (the bound words), are concatenated and top-level scalars left out.
    """
    merged: dict[str, Any] = {}
    conflicts: dict[str, set[str]] = {}
    for code in languages_with(family):
        for key, value in load_table(family, code).items():
            if isinstance(value, dict):
                into = merged.setdefault(key, {})
                bad = conflicts.setdefault(key, set())
                if not isinstance(into, dict):
                    continue
                for form, meaning in value.items():
                    known = into.get(form)
                    if isinstance(known, list) and isinstance(meaning, list) and key != "format":
                        # word lists (bound words, range pairs) add up; a format switch must agree
                        known.extend(m for m in meaning if m not in known)
                        continue
                    if form in into and known != meaning:
                        bad.add(form)
                    into.setdefault(form, list(meaning) if isinstance(meaning, list) else meaning)
            elif isinstance(value, list):
                into_list = merged.setdefault(key, [])
                if isinstance(into_list, list):
                    into_list.extend(v for v in value if v not in into_list)
    for key, bad in conflicts.items():
        for form in bad:
            merged[key].pop(form, None)
    return merged


def folds_of(table: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The letter folds a table asks for (``ё`` → ``е``), applied to text and table forms alike."""
    raw = table.get("folds", {})
    return tuple((str(a), str(b)) for a, b in raw.items()) if isinstance(raw, dict) else ()


@cache
def language_folds(lang: str) -> tuple[tuple[str, str], ...]:
    """The letter folds of ``lang``'s ``numbers`` and ``dates`` tables together.

    Both families read one token list, so both must fold words the same way.
    """
    out: dict[str, str] = {}
    for family in ("numbers", "dates"):
        out.update(folds_of(table_for(family, lang)))
    return tuple(out.items())


@cache
def stopwords_of(lang: str) -> frozenset[str]:
    """The language's function words (from ``data/languages``); all languages' for an unknown one."""
    languages = load_languages()
    code = language_code(lang)
    if code in languages:
        return languages[code].stopwords
    return frozenset().union(*(lg.stopwords for lg in languages.values()))


def _str_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _phrase_map(value: Any, convert: Callable[[Any], T]) -> dict[str, T]:
    if not isinstance(value, dict):
        return {}
    out: dict[str, T] = {}
    for form, meaning in value.items():
        try:
            out[str(form)] = convert(meaning)
        except (TypeError, ValueError, KeyError, IndexError):
            continue  # a malformed entry in a data file costs that entry, not the run
    return out


def _first_key(phrase: str, folds: Sequence[tuple[str, str]]) -> str:
    toks = tokenize(phrase, folds)
    return toks[0].key if toks else ""


def _pair(value: Any) -> tuple[float, float]:
    low, high = value
    return float(low), float(high)


# ---------------------------------------------------------------------------
# numbers


@dataclass(frozen=True)
class NumberRules:
    """A language's ``numbers`` table, compiled. See ``claimcmp/data/numbers/ru.toml`` for each key."""

    folds: tuple[tuple[str, str], ...]
    decimal_mark: str
    three_digits: str
    # marks that may group thousands in foreign-style text though the locale reads them as decimal
    # ("100,000" in German, "100.000" in English): one such mark before three digits is ambiguous
    ambiguous_marks: frozenset[str]
    clock_mark: str  # "18.00" is a time of day where the locale writes hours.minutes this way ("" if not)
    words: PhraseIndex[float]
    ordinal_words: PhraseIndex[float]
    multipliers: PhraseIndex[float]
    money_only: frozenset[str]
    vague: PhraseIndex[tuple[float, float]]
    vague_modifiers: PhraseIndex[tuple[float, float]]
    vague_joiners: PhraseIndex[bool]
    articles: PhraseIndex[bool]
    connectors: PhraseIndex[bool]
    ordinal_suffixes: frozenset[str]
    count_suffixes: frozenset[str]
    units_after: PhraseIndex[str]
    units_before: PhraseIndex[str]
    bounds_before: PhraseIndex[str]
    bounds_after: PhraseIndex[str]
    range_starts: PhraseIndex[tuple[str, ...]]
    range_joiners: PhraseIndex[bool]
    range_pair_joiners: PhraseIndex[bool]
    range_not_after: PhraseIndex[bool]
    times_after: PhraseIndex[bool]
    times_before: PhraseIndex[bool]
    # counted nouns written right after a figure, before any bound word ("2,012명", "100명 이상")
    counters: PhraseIndex[bool]
    starts: frozenset[str]  # word keys a spelled-out number can begin with
    # stems of verbs of change and words of travel: "возросло до 133" names the value reached and
    # "рейсы до 59 пунктов" a direction, not an upper bound
    target_verbs: tuple[str, ...] = ()


# Signs and ISO 4217 codes are the same in every language, so they live here rather
# than in every table; a table may add more (``US$``) or override one.
NEUTRAL_UNITS_BEFORE = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH", "₩": "KRW", "¥": "JPY"}
NEUTRAL_UNITS_AFTER = {**NEUTRAL_UNITS_BEFORE, "%": "%"}
ISO_CURRENCIES = (
    *("USD", "EUR", "GBP", "RUB", "UAH", "BGN", "KRW", "KPW", "CNY", "JPY", "CHF", "RSD", "BYN", "PLN"),
    *("INR", "MDL", "GEL", "MAD"),
)


@cache
def number_rules(lang: str) -> NumberRules:
    """The compiled ``numbers`` rules of ``lang`` (the union of all tables when it has none)."""
    table = table_for("numbers", lang)
    folds = language_folds(lang)
    fmt = table.get("format", {}) if isinstance(table.get("format"), dict) else {}
    bounds = table.get("bounds", {}) if isinstance(table.get("bounds"), dict) else {}
    ranges = table.get("ranges", {}) if isinstance(table.get("ranges"), dict) else {}

    iso = {code.lower(): code for code in ISO_CURRENCIES}
    units_after = {**NEUTRAL_UNITS_AFTER, **iso, **_phrase_map(table.get("units"), str)}
    units_before = {**NEUTRAL_UNITS_BEFORE, **iso, **_phrase_map(table.get("units_before"), str)}

    before: dict[str, str] = {}
    for bound in ("low", "high", "approx"):
        before.update(dict.fromkeys(_str_list(bounds.get(bound)), bound))
    after: dict[str, str] = {}
    for bound in ("low", "high", "approx"):
        after.update(dict.fromkeys(_str_list(bounds.get(f"{bound}_after")), bound))
    # signs that mean the same in any language: "60+" is a lower bound, "~600" an approximation
    after.setdefault("+", "low")
    before.setdefault("~", "approx")

    openers: dict[str, list[str]] = {}
    for pair in ranges.get("pairs", []) if isinstance(ranges.get("pairs"), list) else []:
        if isinstance(pair, list) and len(pair) == 2:
            openers.setdefault(str(pair[0]), []).append(str(pair[1]))
    joiners = {j for js in openers.values() for j in js}

    ordinal_words = _phrase_map(table.get("ordinal_words"), float)
    stems = _phrase_map(table.get("ordinal_stems"), float)
    for stem, value in stems.items():
        for ending in _str_list(table.get("ordinal_endings")):
            ordinal_words.setdefault(stem + ending, value)

    def index(mapping: Mapping[str, T]) -> PhraseIndex[T]:
        return PhraseIndex(mapping, folds)

    def flags(value: Any) -> PhraseIndex[bool]:
        return PhraseIndex(dict.fromkeys(_str_list(value), True), folds)

    words = index(_phrase_map(table.get("words"), float))
    multipliers = index(_phrase_map(table.get("multipliers"), float))
    vague = index(_phrase_map(table.get("vague"), _pair))
    vague_modifiers = index(_phrase_map(table.get("vague_modifiers"), _pair))
    articles = flags(table.get("articles"))
    ordinals = index(ordinal_words)
    starts = frozenset().union(*(ix.starts for ix in (words, multipliers, vague, vague_modifiers, articles, ordinals)))
    return NumberRules(
        folds=folds,
        decimal_mark=str(fmt.get("decimal_mark", ".")),
        three_digits=str(fmt.get("three_digits", "group-unless-magnitude")),
        ambiguous_marks=frozenset(_str_list(fmt.get("ambiguous"))) & frozenset(".,"),
        clock_mark=str(fmt.get("clock_mark", "")),
        words=words,
        ordinal_words=ordinals,
        multipliers=multipliers,
        money_only=frozenset(fold_word(w.rstrip("."), folds) for w in _str_list(table.get("money_only_multipliers"))),
        vague=vague,
        vague_modifiers=vague_modifiers,
        vague_joiners=flags(table.get("vague_joiners")),
        articles=articles,
        connectors=flags(table.get("connectors")),
        ordinal_suffixes=frozenset(fold_word(s, folds) for s in _str_list(table.get("ordinal_suffixes"))),
        count_suffixes=frozenset(fold_word(s, folds) for s in _str_list(table.get("count_suffixes"))),
        units_after=index(units_after),
        units_before=index(units_before),
        bounds_before=index(before),
        bounds_after=index(after),
        range_starts=index({k: tuple(_first_key(j, folds) for j in v) for k, v in openers.items()}),
        range_joiners=flags(ranges.get("joiners")),
        range_pair_joiners=flags(sorted(joiners)),
        range_not_after=flags(ranges.get("not_after")),
        times_after=flags(table.get("times_after")),
        times_before=flags(table.get("times_before")),
        counters=flags(table.get("counters")),
        starts=starts,
        target_verbs=tuple(fold_word(w, folds) for w in _str_list(bounds.get("target_after"))),
    )


class WordNumber(NamedTuple):
    """A spelled-out number read from tokens ``first`` to ``stop - 1``.

    ``value`` is None for a vague amount (``десятки``: ``low``–``high``);
    ``money_only`` marks a multiplier that means "million" only next to a
    currency (``m`` in ``$40m``).
    """

    first: int
    stop: int
    end: int
    value: float | None
    low: float
    high: float
    ordinal: bool
    multiplied: bool
    money_only: bool
    factor: float = 1.0


def _rank(value: float) -> int:
    # hundreds > tens > teens > units: within one group a word must rank below the one before
    if value >= 100:
        return 4
    if value >= 20 and value % 10 == 0:
        return 3
    if value >= 10:
        return 2
    return 1


def _follows(previous_rank: int, value: float) -> bool:
    rank = _rank(value)
    if previous_rank == 3:  # after "двадцать" only a unit: "двадцать пять", never "двадцать двенадцать"
        return rank == 1
    return rank < previous_rank


def scale_range(low: float, high: float, factor: float) -> tuple[float, float]:
    """A vague range times a multiplier: ``десятки тысяч`` is 20 000–99 999, not 20 000–99 000."""
    if factor >= 1 and high == int(high):
        return low * factor, (high + 1) * factor - 1
    return low * factor, high * factor


def read_number_words(
    rules: NumberRules, text: str, tokens: Sequence[Token], i: int, usable: Callable[[int], bool] | None = None
) -> WordNumber | None:
    """Read a spelled-out number starting at token ``i``, or None.

    Grammar (all forms from the table): an optional vague modifier or article
    before a multiplier (``несколько тысяч``, ``a million``); a vague plural alone
    or before a multiplier (``десятки``, ``сотни тысяч``); or groups of cardinal
    words each closed by a decreasing multiplier (``два миллиона триста тысяч``),
    optionally ending in an ordinal word (``семьдесят шестой``). Words are joined
    by whitespace or a hyphen (``twenty-five``) and, between number words only, a
    connector (``hundred and five``, ``сто и пет``).
    """
    n = len(tokens)
    ok: Callable[[int], bool] = usable if usable is not None else (lambda _k: True)
    if i >= n or tokens[i].key not in rules.starts or not ok(i):
        return None

    def joined(k: int) -> bool:
        # token k continues the number begun before it
        return k < n and ok(k) and normalise_gap(gap_between(text, tokens, k - 1)) in (" ", "-")

    def multiplier_at(k: int) -> tuple[int, int, float, bool] | None:
        if not joined(k):
            return None
        hit = rules.multipliers.match(text, tokens, k, ok)
        if hit is None:
            return None
        return hit[0], hit[1], hit[2], tokens[k].key in rules.money_only

    # a vague modifier only counts before a multiplier: "несколько тысяч", "a few hundred"
    hit_mod = rules.vague_modifiers.match(text, tokens, i, ok)
    if hit_mod is not None:
        mult = multiplier_at(hit_mod[0])
        if mult is None:
            return None
        low, high = scale_range(hit_mod[2][0], hit_mod[2][1], mult[2])
        return WordNumber(i, mult[0], mult[1], None, low, high, False, True, mult[3], mult[2])

    hit_vague = rules.vague.match(text, tokens, i, ok)
    if hit_vague is not None:
        stop, end, (low, high) = hit_vague
        joiner = rules.vague_joiners.match(text, tokens, stop, ok) if joined(stop) else None
        mult = multiplier_at(joiner[0] if joiner else stop)
        if mult is not None:
            low, high = scale_range(low, high, mult[2])
            return WordNumber(i, mult[0], mult[1], None, low, high, False, True, mult[3], mult[2])
        return WordNumber(i, stop, end, None, low, high, False, False, False)

    total = 0.0
    group = 0.0
    group_rank = 5  # above hundreds: anything may start a group
    group_scaled = False  # the group already took "hundred"/"dozen"
    last_multiplier = float("inf")
    factor = 1.0  # the last magnitude, which a range's other end may borrow ("десять-пятнадцать тысяч")
    k = i
    stop = i
    end = tokens[i].start
    any_word = False
    multiplied = False
    money_only = False
    ordinal = False
    hit_article = rules.articles.match(text, tokens, i, ok)
    if hit_article is not None:
        # "a million", "a hundred and fifty": the article is a 1 that a multiplier must follow
        if multiplier_at(hit_article[0]) is None:
            return None
        group, any_word, k = 1.0, True, hit_article[0]
    while k < n and (k == i or joined(k)):
        hit_word = rules.words.match(text, tokens, k, ok)
        if hit_word is not None and _follows(group_rank, hit_word[2]):
            group += hit_word[2]
            group_rank = _rank(hit_word[2])
            any_word = True
            k, end = hit_word[0], hit_word[1]
            stop = k
            continue
        hit_mult = rules.multipliers.match(text, tokens, k, ok)
        if hit_mult is not None:
            factor = hit_mult[2]
            if hit_mult[2] < 1000:
                # "two hundred", "два десятка": scales the group, which may then go on ("hundred and five")
                if group_scaled or (group_rank < 4 and group >= factor):
                    break
                group = (group if group else 1.0) * hit_mult[2]
                group_rank, group_scaled = 4, True
            else:
                if hit_mult[2] >= last_multiplier:
                    break
                total += (group if group else 1.0) * hit_mult[2]
                last_multiplier = hit_mult[2]
                group, group_rank, group_scaled = 0.0, 5, False
            money_only = money_only or tokens[k].key in rules.money_only
            any_word = multiplied = True
            k, end = hit_mult[0], hit_mult[1]
            stop = k
            continue
        hit_ord = rules.ordinal_words.match(text, tokens, k, ok)
        if hit_ord is not None and (not any_word or _follows(group_rank, hit_ord[2])):
            group += hit_ord[2]
            k, end = hit_ord[0], hit_ord[1]
            stop = k
            any_word = ordinal = True
            break
        # a connector counts only between two number words: "hundred and five", "сто и пет"
        hit_conn = rules.connectors.match(text, tokens, k, ok) if any_word and k > i else None
        if hit_conn is None or not joined(hit_conn[0]):
            break
        after = rules.words.match(text, tokens, hit_conn[0], ok)
        if after is None or not _follows(group_rank, after[2]):
            break
        k = hit_conn[0]
    if not any_word or stop == i:
        return None
    value = total + group
    if value == 1 and stop == i + 1 and not multiplied:
        return None  # "один", "one", "first" alone are articles or idiom far more often than figures
    return WordNumber(i, stop, end, value, value, value, ordinal, multiplied, money_only, factor)


def spans_to_token_mask(tokens: Sequence[Token], spans: Iterable[tuple[int, int]]) -> list[bool]:
    """For each token, whether it overlaps one of ``spans``."""
    merged: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    mask = [False] * len(tokens)
    k = 0
    for idx, tok in enumerate(tokens):
        # both lists are sorted and the intervals disjoint: one forward pass
        while k < len(merged) and merged[k][1] <= tok.start:
            k += 1
        mask[idx] = k < len(merged) and merged[k][0] < tok.end
    return mask
