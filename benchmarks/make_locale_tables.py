"""Generate the number and date tables of the CLDR-backed languages.

    python -m benchmarks.make_locale_tables            # write claimcmp/data/{numbers,dates}/<lang>.toml
    python -m benchmarks.make_locale_tables --check    # exit 1 when a committed table is out of date
    python -m benchmarks.make_locale_tables de pl      # only these languages

Each table is the merge of two sources:

* **CLDR, through Babel** (BSD): the decimal and group marks; month names in every
  form CLDR has (format and stand-alone, wide and abbreviated: the format forms
  are the genitives of Polish and Croatian); weekday names; currency and unit
  display names in each plural form; and, from the date patterns, the numeric
  date order (``dd.MM.yy``), whether a day takes an ordinal dot
  (``d. MMMM y``), the words joining day, month and year (``d 'de' MMMM 'de'
  y``), month-first order and whether month names are capitalised.
* **Hand data**, ``benchmarks/locale_sources/<lang>.toml``: what CLDR does not
  have (number words, magnitudes, bound words, vague amounts, inflected month
  and weekday forms, relative date words, year words), each section with a
  comment. German and French compound number words are spelled by rule here.

Serbian is one table for both scripts: every Cyrillic form also gets its Latin
transliteration. The output is committed; claimcmp never imports Babel.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_cldr_version
from babel.dates import get_date_format
from babel.numbers import format_decimal, get_currency_name, get_currency_symbol
from babel.units import format_unit

from claimcmp.analysis.numerals import ISO_CURRENCIES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "locale_sources"
OUT = ROOT / "claimcmp" / "data"
LANGUAGES = ("de", "fr", "es", "pl", "sr", "hr", "bs")

# ISO 4217 codes claimcmp knows (claimcmp.analysis.numerals.ISO_CURRENCIES)
CURRENCIES = ISO_CURRENCIES
# CLDR unit -> claimcmp's unit code; the short forms only where they are unambiguous symbols
UNITS = {
    "length-kilometer": "km",
    "mass-kilogram": "kg",
    "mass-tonne": "t",
    "concentr-percent": "%",
    "duration-hour": "h",
    "duration-minute": "min",
    "duration-day": "day",
    "duration-week": "week",
    "duration-month": "month",
    "duration-year": "year",
}
SHORT_UNITS = ("length-kilometer", "mass-kilogram", "mass-tonne")
# numbers in every plural category of these languages (one, few, many, other, fractions)
PLURAL_SAMPLES = (1, 2, 5, 22, 1.5)

NUMBER_LISTS = (
    "ordinal_suffixes",
    "count_suffixes",
    "connectors",
    "articles",
    "vague_joiners",
    "money_only_multipliers",
    "times_after",
    "times_before",
    "ordinal_endings",
    "roman_numeral_nouns",
    "abbreviations",
)
NUMBER_TABLES = (
    "folds",
    "format",
    "words",
    "multipliers",
    "vague",
    "vague_modifiers",
    "ordinal_stems",
    "ordinal_words",
    "units",
    "units_before",
    "bounds",
    "ranges",
)
DATE_SCALARS = ("capitalised", "month_day_first", "ordinal_dot", "nouns_capitalised")
DATE_LISTS = (
    "day_month_joiners",
    "month_year_joiners",
    "year_words",
    "year_context",
    "month_context",
    "weekdays_need_context",
    "weekday_context",
    "decade_suffixes",
    "ago_after",
    "ago_before",
)
DATE_TABLES = (
    "folds",
    "numeric_order",
    "months",
    "weekdays",
    "relative_words",
    "relative_modifiers",
    "relative_units",
    "ago_units",
)

NOTES = {
    "format": "CLDR number symbols; 'ambiguous': the decimal mark, which foreign-style text uses to group",
    "units": "CLDR currency and unit names (every plural form), then hand data",
    "months": "CLDR month names (format and stand-alone, wide and abbreviated), then hand data (other cases)",
    "weekdays": "CLDR weekday names (wide), then hand data (other cases); abbreviations are left out",
    "numeric_order": "CLDR short date pattern",
    "abbreviations": "words written with a full stop that end no sentence (read by claimcmp.input.segmentation)",
}

# --------------------------------------------------------------------------- Serbian scripts

_SR_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip


def to_serbian_latin(text: str) -> str:
    """Serbian Cyrillic to Latin (the official one-to-one alphabet; lower case)."""
    return "".join(_SR_LATIN.get(ch, _SR_LATIN.get(ch.lower(), ch)) for ch in text)


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def with_latin(section: Any) -> Any:
    """A table section with the Latin form of every Cyrillic form added right after it."""
    if isinstance(section, dict):
        out: dict[str, Any] = {}
        for key, value in section.items():
            out.setdefault(key, with_latin(value) if isinstance(value, list) else value)
            if _has_cyrillic(key):
                out.setdefault(to_serbian_latin(key), out[key])
        return out
    if isinstance(section, list):
        items: list[Any] = []
        for item in section:
            for form in (with_latin(item) if isinstance(item, list) else item, _latin_of(item)):
                if form is not None and form not in items:
                    items.append(form)
        return items
    return section


def _latin_of(item: Any) -> Any:
    """The Latin form of a Cyrillic string or pair of strings (a range's opener and joiner), else None."""
    if isinstance(item, str):
        return to_serbian_latin(item) if _has_cyrillic(item) else None
    if isinstance(item, list) and all(isinstance(x, str) for x in item) and any(map(_has_cyrillic, item)):
        return [to_serbian_latin(x) for x in item]
    return None


# --------------------------------------------------------------------------- number words by rule

_DE_UNITS = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_DE_TENS = {20: "zwanzig", 30: "dreißig", 40: "vierzig", 50: "fünfzig", 60: "sechzig", 70: "siebzig", 80: "achtzig",
            90: "neunzig"}  # fmt: skip


def german_compounds(base: dict[str, float]) -> dict[str, float]:
    """German writes 1-999 as one word: "einundzwanzig", "zweihundertfünfzig" (ß also as "ss")."""
    below_100 = {name: value for name, value in base.items() if value < 100}
    for tens, name in _DE_TENS.items():
        for unit in range(1, 10):
            below_100[f"{_DE_UNITS[unit]}und{name}"] = tens + unit
    out = dict(below_100)
    for hundreds in range(1, 10):
        prefixes = ["", "ein"] if hundreds == 1 else [_DE_UNITS[hundreds]]
        for prefix in prefixes:
            out[f"{prefix}hundert"] = hundreds * 100
            for name, value in below_100.items():
                if 1 <= value <= 99 and name not in ("eins", "eine", "einen", "einem", "einer", "zwo"):
                    out[f"{prefix}hundert{name}"] = hundreds * 100 + value
    out.update({k.replace("ß", "ss"): v for k, v in out.items() if "ß" in k})
    return out


_FR_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
             "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]  # fmt: skip
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}


def french_compounds(base: dict[str, float]) -> dict[str, float]:
    """French 17-99: "dix-sept", "vingt et un", "soixante-dix", "quatre-vingt-onze"; also the 1990 spelling
    with hyphens throughout ("vingt-et-un")."""
    out = dict(base)
    for value in range(17, 100):
        for name in _french(value):
            out[name] = value
            out[name.replace(" ", "-")] = value
    return out


def _french(value: int) -> list[str]:
    if value < 20:
        return [_FR_UNITS[value]]
    if value < 70:
        tens, unit = divmod(value, 10)
        head = _FR_TENS[tens * 10]
        if unit == 0:
            return [head]
        return [f"{head} et un"] if unit == 1 else [f"{head}-{_FR_UNITS[unit]}"]
    if value < 80:  # soixante-dix .. soixante-dix-neuf
        rest = value - 60
        return ["soixante et onze"] if rest == 11 else [f"soixante-{_FR_UNITS[rest]}"]
    rest = value - 80
    if rest == 0:
        return ["quatre-vingts", "quatre-vingt"]
    return [f"quatre-vingt-{_FR_UNITS[rest]}"]


COMPOUNDS = {"de": german_compounds, "fr": french_compounds}

# --------------------------------------------------------------------------- CLDR


def _strip_number(text: str, number: float, locale: str) -> str:
    shown = format_decimal(number, locale=locale)
    return text.replace(shown, "", 1).strip(" \u00a0\u202f\u2009").lower()


def _noun(name: str, position: str) -> str:
    words = name.split()
    word = words[-1] if position == "last" else words[0]
    return word.split("-")[-1] if position == "last" else word


def cldr_numbers(locale: str, spec: dict[str, Any], clock: set[str]) -> dict[str, Any]:
    loc = Locale.parse(locale)
    symbols = loc.number_symbols["latn"]
    decimal, group = symbols["decimal"], symbols["group"]
    fmt = {"decimal_mark": decimal, "group_mark": group, "three_digits": "by-mark", "ambiguous": [decimal]}
    units: dict[str, str] = {}
    position = spec.get("currency_noun", "last")
    for code in CURRENCIES:
        for n in PLURAL_SAMPLES:
            name = get_currency_name(code, n, locale=locale).lower()
            if name == code.lower():
                continue
            units.setdefault(name, code)
            units.setdefault(_noun(name, position), code)
        symbol = get_currency_symbol(code, locale=locale)
        if symbol.isalpha() and symbol.upper() != code and len(symbol) > 1:
            units.setdefault(symbol.lower(), code)  # "zł"
    for unit, code in UNITS.items():
        for n in PLURAL_SAMPLES:
            name = _strip_number(format_unit(n, unit, "long", locale=locale), n, locale)
            if name and name not in clock:
                units.setdefault(name, code)
        if unit in SHORT_UNITS:
            units.setdefault(_strip_number(format_unit(5, unit, "short", locale=locale), 5, locale), code)
    return {"format": fmt, "units": units}


_PATTERN_TOKEN = re.compile(r"'([^']*)'|(d+|M+|L+|y+|E+|G+)|([^'dMLyEG]+)")


def _pattern_parts(pattern: str) -> list[tuple[str, str]]:
    """A CLDR date pattern as (kind, text): kind "field" (d, MMMM, y) or "literal"."""
    parts = []
    for quoted, field, literal in _PATTERN_TOKEN.findall(pattern):
        if field:
            parts.append(("field", field))
        else:
            parts.append(("literal", quoted or literal))
    return parts


def _between(parts: list[tuple[str, str]], first: str, second: str) -> str | None:
    fields = [i for i, (kind, _) in enumerate(parts) if kind == "field"]
    for a, b in itertools.pairwise(fields):
        if parts[a][1][0] == first and parts[b][1][0] == second:
            return "".join(text for _, text in parts[a + 1 : b])
    return None


def cldr_dates(locale: str, spec: dict[str, Any]) -> dict[str, Any]:
    loc = Locale.parse(locale)
    drop = {str(w).lower() for w in spec.get("drop_month_abbreviations", [])}
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in sorted(loc.months[context][width].items()):
                form = name.lower()
                if width == "abbreviated" and (form.rstrip(".") in drop or len(form.rstrip(".")) < 3):
                    continue
                months.setdefault(form, number)
    weekdays: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in sorted(loc.days[context]["wide"].items()):
            weekdays.setdefault(name.lower(), number + 1)  # CLDR counts from Monday = 0; ISO from 1
    long_parts = _pattern_parts(get_date_format("long", locale=locale).pattern)
    day_month = _between(long_parts, "d", "M") or ""
    month_year = _between(long_parts, "M", "y") or ""
    month_first = _between(long_parts, "M", "d") is not None
    order: dict[str, str] = {}
    short = get_date_format("short", locale=locale).pattern
    fields = [f[0] for kind, f in _pattern_parts(short) if kind == "field"]
    sep = next((ch for ch in short if ch in "./-"), ".")
    shape = "".join(fields)
    for mark in (".", "/", "-"):
        order[mark] = "mdy" if mark == sep and shape.startswith("M") else "dmy"
    wide = list(loc.months["format"]["wide"].values())
    return {
        "capitalised": all(name[:1].isupper() for name in wide),
        "month_day_first": month_first,
        "ordinal_dot": day_month.startswith("."),
        "day_month_joiners": [w for w in day_month.replace(".", " ").split() if w.isalpha()],
        "month_year_joiners": [w for w in month_year.replace(",", " ").split() if w.isalpha()],
        "numeric_order": order,
        "months": months,
        "weekdays": weekdays,
    }


# --------------------------------------------------------------------------- merging and writing


def merge(derived: dict[str, Any], hand: dict[str, Any]) -> dict[str, Any]:
    """CLDR's entries first, hand data after; a hand scalar or sub-table entry overrides CLDR's."""
    out = dict(derived)
    for key, value in hand.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def abbreviations_of(table: dict[str, Any]) -> list[str]:
    """Every form of the table written with a final full stop ("Mio.", "godz."), without it."""
    found: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                visit(key)
                visit(inner)
        elif isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, str) and value.endswith(".") and len(value) > 1:
            word = value.split()[-1][:-1].lower()
            if word and word not in found:
                found.append(word)

    for key in ("words", "multipliers", "units", "units_before", "bounds", "times_after"):
        visit(table.get(key))
    return found


def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in "\u00a0\u202f\u2009":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value)
        if abs(value) >= 1e6 and float(f"{value:.0e}") == value:
            return f"{value:.0e}".replace("e+0", "e").replace("e+", "e")  # 1e6, 2e9
        return str(int(value))
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


def _wrapped(key: str, value: list[Any]) -> list[str]:
    line = f"{key} = {_toml_value(value)}"
    if len(line) <= 118:
        return [line]
    lines, current = [], f"{key} = ["
    for item in value:
        piece = _toml_value(item) + ", "
        if len(current) + len(piece) > 118:
            lines.append(current.rstrip())
            current = "  "
        current += piece
    lines.append(current.rstrip(", ") + "]")
    return lines


def render(
    header: list[str], table: dict[str, Any], scalars: Iterable[str], lists: Iterable[str], tables: Iterable[str]
) -> str:
    lines = [f"# {h}" if h else "#" for h in header]
    lines.append("")
    notes = table.get("_notes", {})
    for key in (*scalars, *lists):
        if key not in table:
            continue
        if key in NOTES or key in notes:
            lines.append(f"# {notes.get(key) or NOTES[key]}")
        value = table[key]
        lines.extend(_wrapped(key, value) if isinstance(value, list) else [f"{key} = {_toml_value(value)}"])
    for key in tables:
        if key not in table:
            continue
        lines.append("")
        if key in NOTES or key in notes:
            lines.append(f"# {notes.get(key) or NOTES[key]}")
        lines.append(f"[{key}]")
        for form, meaning in table[key].items():
            if isinstance(meaning, list) and key in ("bounds", "ranges"):
                lines.extend(_wrapped(form, meaning))
            else:
                lines.append(f"{_toml_string(form) if key not in ('format', 'bounds', 'ranges') else form} = "
                             f"{_toml_value(meaning)}")  # fmt: skip
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # what is written must read back
    return text


def build(lang: str) -> dict[str, str]:
    """The numbers and dates tables of ``lang`` as TOML text, by family."""
    source = tomllib.loads((SOURCES / f"{lang}.toml").read_text(encoding="utf-8"))
    spec = source.get("cldr", {})
    locales = [spec.get("locale", lang), *spec.get("extra_locales", [])]
    hand_numbers = dict(source.get("numbers", {}))
    hand_dates = dict(source.get("dates", {}))
    if lang in COMPOUNDS:
        hand_numbers["words"] = COMPOUNDS[lang](hand_numbers.get("words", {}))

    numbers: dict[str, Any] = {}
    dates: dict[str, Any] = {}
    for locale in locales:
        clock = {str(w).lower() for w in hand_numbers.get("times_after", [])}
        numbers = merge(numbers, cldr_numbers(locale, spec, clock))
        dates = merge(dates, cldr_dates(locale, spec))
    numbers = merge(numbers, hand_numbers)
    dates = merge(dates, hand_dates)
    if spec.get("transliterate_cyrillic"):
        numbers = {k: with_latin(v) if isinstance(v, dict | list) else v for k, v in numbers.items()}
        dates = {k: with_latin(v) if isinstance(v, dict | list) else v for k, v in dates.items()}
    numbers["abbreviations"] = list(dict.fromkeys([*abbreviations_of(numbers), *numbers.get("abbreviations", [])]))
    for table in (numbers, dates):
        table["_notes"] = source.get("notes", {})

    name = spec.get("name", lang)
    cldr = f"CLDR {get_cldr_version()} via Babel"
    common = [
        f"GENERATED by benchmarks/make_locale_tables.py from {cldr} ({', '.join(locales)}) and",
        f"benchmarks/locale_sources/{lang}.toml (hand data: what CLDR has no data for). Do not edit: edit the",
        "source and run `python -m benchmarks.make_locale_tables`.",
        "Forms in lower case; a form ending in '.' is an abbreviation (dot optional, part of the span when present).",
    ]
    return {
        "numbers": render(
            [f"{name} number rules for claimcmp.analysis.quantities.", *common, *spec.get("numbers_header", [])],
            numbers,
            (),
            NUMBER_LISTS,
            NUMBER_TABLES,
        ),
        "dates": render(
            [f"{name} date rules for claimcmp.analysis.dates.", *common, *spec.get("dates_header", [])],
            dates,
            DATE_SCALARS,
            DATE_LISTS,
            DATE_TABLES,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--check", action="store_true", help="only compare with the committed tables")
    args = parser.parse_args(argv)
    stale = []
    for lang in args.languages:
        for family, text in build(lang).items():
            path = OUT / family / f"{lang}.toml"
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(ROOT)))
                continue
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
