"""Dates in ru, uk, bg, en (and sr, by data only): exact spans and ISO values written by hand."""

from __future__ import annotations

import datetime
import random
import time
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest

from claimcmp.analysis import dates as dates_module
from claimcmp.analysis import numerals
from claimcmp.analysis.dates import find_dates, reference_date
from claimcmp.analysis.quantities import find_quantities
from claimcmp.records import DateMention

from .conftest import HANG_GUARD_SECONDS, SEEDS, python_steps

D = datetime.date


def check_invariants(text: str, found: list[DateMention]) -> None:
    last_end = -1
    for m in found:
        start, end = m.span
        assert 0 <= start < end <= len(text)
        assert m.text == text[start:end]
        assert start >= last_end
        last_end = end


def dates(text: str, lang: str, reference: datetime.date | None = None) -> list[DateMention]:
    found = find_dates(text, lang, reference)
    check_invariants(text, found)
    return found


def one(text: str, lang: str, fragment: str, reference: datetime.date | None = None) -> DateMention:
    """The date mention whose text is ``fragment``, at the fragment's place in the text."""
    start = text.index(fragment)
    found = dates(text, lang, reference)
    matches = [m for m in found if m.span == (start, start + len(fragment))]
    assert matches, f"{fragment!r} not found as a date in {text!r}: {found}"
    return matches[0]


def shape(m: DateMention) -> tuple[str | None, str, bool]:
    return m.value, m.precision, m.relative


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# the seeds


@pytest.mark.parametrize(
    ("name", "lang", "fragment", "expected"),
    [
        ("001_b6e1b808a0f5a791.txt", "ru", "15 августа", ("--08-15", "day", False)),
        ("004_2d63bb16a09dbf8b.txt", "ru", "16 августа", ("--08-16", "day", False)),
        ("000_a584e82b9ec90ab3.txt", "ru", "13 июля", ("--07-13", "day", False)),
        ("004_2d63bb16a09dbf8b.txt", "ru", "9 сентября", ("--09-09", "day", False)),
        ("004_2d63bb16a09dbf8b.txt", "ru", "Сен 9, 2024", ("2024-09-09", "day", False)),
        ("002_2075f97cec139a43.txt", "bg", "18 август", ("--08-18", "day", False)),
        ("003_017250b7c650f034.txt", "uk", "15 серпня", ("--08-15", "day", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "сентябре 2017 года", ("2017-09", "month", False)),
        ("000_a584e82b9ec90ab3.txt", "ru", "2018 году", ("2018", "year", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "2021 года", ("2021", "year", False)),
        ("000_a584e82b9ec90ab3.txt", "ru", "июле", ("--07", "month", False)),
        ("000_a584e82b9ec90ab3.txt", "ru", "этом году", (None, "year", True)),
        ("001_b6e1b808a0f5a791.txt", "ru", "понедельник", (None, "weekday", True)),
        ("002_2075f97cec139a43.txt", "bg", "Миналия месец", (None, "month", True)),
        ("002_2075f97cec139a43.txt", "bg", "1910", ("1910", "year", False)),
        ("002_2075f97cec139a43.txt", "bg", "1945 г.", ("1945", "year", False)),
        ("002_2075f97cec139a43.txt", "bg", "29 април 2011 г.", ("2011-04-29", "day", False)),
        ("003_017250b7c650f034.txt", "uk", "цього року", (None, "year", True)),
        ("003_017250b7c650f034.txt", "uk", "торішнього", (None, "year", True)),
        ("003_017250b7c650f034.txt", "uk", "квітні", ("--04", "month", False)),
    ],
)
def test_seed_dates(name: str, lang: str, fragment: str, expected: tuple[str | None, str, bool]) -> None:
    assert shape(one(seed(name), lang, fragment)) == expected


def test_seed_dates_resolved_against_the_dateline() -> None:
    text = seed("004_2d63bb16a09dbf8b.txt")
    ref = reference_date(None, ["Сен 9, 2024 / 12:36"], "ru")
    assert ref == D(2024, 9, 9)
    assert shape(one(text, "ru", "16 августа", ref)) == ("2024-08-16", "day", False)
    assert shape(one(text, "ru", "9 сентября", ref)) == ("2024-09-09", "day", False)
    assert [m.value for m in dates(text, "ru", ref) if m.text == "июня"] == ["2024-06", "2024-06"]


def test_seed_relative_dates_with_a_reference() -> None:
    uk = seed("003_017250b7c650f034.txt")
    ref = D(2025, 8, 15)
    assert shape(one(uk, "uk", "цього року", ref)) == ("2025", "year", True)
    assert shape(one(uk, "uk", "торішнього", ref)) == ("2024", "year", True)
    assert shape(one(uk, "uk", "15 серпня", ref)) == ("2025-08-15", "day", False)
    bg = seed("002_2075f97cec139a43.txt")
    assert shape(one(bg, "bg", "Миналия месец", D(2023, 8, 16))) == ("2023-07", "month", True)
    ru = seed("001_b6e1b808a0f5a791.txt")
    # 2023-08-15 was a Tuesday: "в понедельник" is the Monday before
    assert shape(one(ru, "ru", "понедельник", D(2023, 8, 15))) == ("2023-08-14", "day", True)


# ---------------------------------------------------------------------------
# day and month, every language


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value"),
    [
        ("это случилось 15 августа", "ru", "15 августа", "--08-15"),
        ("с 1-го сентября", "ru", "1-го сентября", "--09-01"),
        ("15 авг. в Москве", "ru", "15 авг.", "--08-15"),
        ("15 серпня повідомляє", "uk", "15 серпня", "--08-15"),
        ("24 лютого 2022 року", "uk", "24 лютого 2022 року", "2022-02-24"),
        ("на 18 август", "bg", "18 август", "--08-18"),
        ("на 1-ви септември", "bg", "1-ви септември", "--09-01"),
        ("on 9 September", "en", "9 September", "--09-09"),
        ("on August 9", "en", "August 9", "--08-09"),
        ("on August 9th", "en", "August 9th", "--08-09"),
        ("on the 9th of September", "en", "9th of September", "--09-09"),
        ("on 9 September 2024", "en", "9 September 2024", "2024-09-09"),
        ("on August 9, 2024", "en", "August 9, 2024", "2024-08-09"),
        ("Sept. 9, 2024", "en", "Sept. 9, 2024", "2024-09-09"),
        ("Сен 9, 2024 / 12:36", "ru", "Сен 9, 2024", "2024-09-09"),
        ("15 августа 2023 года", "ru", "15 августа 2023 года", "2023-08-15"),
        ("29 февраля", "ru", "29 февраля", "--02-29"),
    ],
)
def test_day_and_month(text: str, lang: str, fragment: str, value: str) -> None:
    assert shape(one(text, lang, fragment)) == (value, "day", False)


def test_day_range_gives_both_days() -> None:
    text = "встреча 15–16 августа"
    assert [(m.text, m.value) for m in dates(text, "ru")] == [("15", "--08-15"), ("16 августа", "--08-16")]


def test_english_day_range_after_the_month() -> None:
    text = "the summit on June 15-16, 2024 in Switzerland"
    assert [(m.text, m.value) for m in dates(text, "en")] == [("June 15", "2024-06-15"), ("16, 2024", "2024-06-16")]
    assert [(m.text, m.value) for m in dates("on June 15-16", "en")] == [("June 15", "--06-15"), ("16", "--06-16")]


def test_day_without_year_takes_the_nearest_year() -> None:
    assert one("на 28 декабря", "ru", "28 декабря", D(2024, 1, 5)).value == "2023-12-28"
    assert one("на 18 август", "bg", "18 август", D(2023, 8, 16)).value == "2023-08-18"
    assert one("on 15 January", "en", "15 January", D(2023, 12, 20)).value == "2024-01-15"


def test_impossible_days_are_not_dates() -> None:
    assert dates("32 августа", "ru") == []
    assert dates("31.02.2023", "ru") == []


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value"),
    [
        ("в сентябре 2017 года", "ru", "сентябре 2017 года", "2017-09"),
        ("у вересні 2017 року", "uk", "вересні 2017 року", "2017-09"),
        ("през септември 2017 г.", "bg", "септември 2017 г.", "2017-09"),
        ("in September 2017", "en", "September 2017", "2017-09"),
        ("в конце июня", "ru", "июня", "--06"),
        ("through March", "en", "March", "--03"),
        ("през май", "bg", "май", "--05"),
    ],
)
def test_month_and_year(text: str, lang: str, fragment: str, value: str) -> None:
    assert shape(one(text, lang, fragment)) == (value, "month", False)


def test_english_month_names_must_be_capitalised() -> None:
    assert dates("May I ask, may 5 be enough?", "en") == []
    assert dates("they march in 2000 columns", "en") == []


def test_ambiguous_month_needs_context() -> None:
    assert dates("лютий мороз", "uk") == []
    assert shape(one("у лютому", "uk", "лютому")) == ("--02", "month", False)


# ---------------------------------------------------------------------------
# years


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("ввела в 2018 году", "ru", "2018 году"),
        ("в 2018-м году", "ru", "2018-м году"),
        ("в 2018 г. после", "ru", "2018 г."),
        ("у 2018 році", "uk", "2018 році"),
        ("през 2018 г.", "bg", "2018 г."),
        ("2018 година", "bg", "2018 година"),
        ("in 2018, the", "en", "2018"),
        ("since 2018 Russia", "en", "2018"),
        ("mid-2018", "en", "2018"),
        ("в 2018, как", "ru", "2018"),
        ("в 2018 и 2019 годах", "ru", "2018"),
        ("а у 2018-му зросла", "uk", "2018-му"),
    ],
)
def test_years(text: str, lang: str, fragment: str) -> None:
    assert shape(one(text, lang, fragment)) == ("2018", "year", False)


def test_year_ranges_are_two_years() -> None:
    assert [(m.text, m.value) for m in dates("управлението (1910-1945 г.)", "bg")] == [
        ("1910", "1910"),
        ("1945 г.", "1945"),
    ]
    assert [(m.text, m.value) for m in dates("в 2014–2015 годах", "ru")] == [("2014", "2014"), ("2015 годах", "2015")]
    assert [m.value for m in dates("from 2014 to 2016", "en")] == ["2014", "2016"]
    assert [m.value for m in dates("(1910-1945)", "en")] == ["1910", "1945"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("2000 солдат погибли", "ru"),
        ("в 2000 раз больше", "ru"),
        ("in 2000 cases", "en"),
        ("2000-3000 солдат", "ru"),
        ("в августе 2000 человек", "ru"),
        ("за 3 года", "ru"),
        ("в 1990-х годах", "ru"),
        ("in the 1990s", "en"),
        ("в 90-х годах", "ru"),
        ("15.08 процента", "ru"),
        ("1.2.3.4", "en"),
        ("в 12:36", "ru"),
    ],
)
def test_not_dates(text: str, lang: str) -> None:
    assert [m.text for m in dates(text, lang)] == ([] if "августе" not in text else ["августе"])


# ---------------------------------------------------------------------------
# numeric dates


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("15.08.2023", "ru", "2023-08-15"),
        ("2023-08-15", "ru", "2023-08-15"),
        ("15/08/2023", "bg", "2023-08-15"),
        ("05/08/2023", "ru", "2023-08-05"),
        ("08/15/2023", "en", "2023-08-15"),
        ("05/08/2023", "en", "2023-05-08"),
        ("15/08/2023", "en", "2023-08-15"),
        ("15.08.23", "uk", "2023-08-15"),
    ],
)
def test_numeric_dates(text: str, lang: str, value: str) -> None:
    assert shape(one(text, lang, text)) == (value, "day", False)


def test_numeric_date_with_year_word() -> None:
    assert shape(one("от 15.08.2023 г. насам", "bg", "15.08.2023 г.")) == ("2023-08-15", "day", False)


# ---------------------------------------------------------------------------
# weekdays and relative expressions

WED = D(2024, 9, 11)  # a Wednesday
MON = D(2024, 9, 9)


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("в понедельник", "ru", "понедельник"),
        ("у понеділок", "uk", "понеділок"),
        ("в понеделник", "bg", "понеделник"),
        ("on Monday", "en", "Monday"),
    ],
)
def test_weekdays(text: str, lang: str, fragment: str) -> None:
    assert shape(one(text, lang, fragment)) == (None, "weekday", True)
    assert shape(one(text, lang, fragment, WED)) == ("2024-09-09", "day", True)
    # on the weekday itself, the day itself
    assert shape(one(text, lang, fragment, MON)) == ("2024-09-09", "day", True)


def test_english_possessives() -> None:
    assert one("Monday's attack", "en", "Monday's", WED).value == "2024-09-09"
    assert one("last year's summit", "en", "last year's", WED).value == "2023"


def test_weekday_modifiers() -> None:
    assert one("в прошлый понедельник", "ru", "прошлый понедельник", MON).value == "2024-09-02"
    assert one("next Friday", "en", "next Friday", WED).value == "2024-09-13"
    assert one("в четвер", "uk", "четвер", WED).value == "2024-09-05"
    assert one("в следующий понедельник", "ru", "следующий понедельник").value is None


def test_weekday_before_its_date_is_dropped() -> None:
    assert [m.text for m in dates("В четверг, 14 августа, состоялась встреча", "ru")] == ["14 августа"]


def test_environment_is_not_wednesday() -> None:
    assert dates("окружающая среда", "ru") == []
    assert one("в среду", "ru", "среду", WED).value == "2024-09-11"


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "precision", "value"),
    [
        ("вчера", "ru", "вчера", "day", "2024-09-10"),
        ("сегодня", "ru", "сегодня", "day", "2024-09-11"),
        ("завтра", "uk", "завтра", "day", "2024-09-12"),
        ("вчора", "uk", "вчора", "day", "2024-09-10"),
        ("днес", "bg", "днес", "day", "2024-09-11"),
        ("yesterday", "en", "yesterday", "day", "2024-09-10"),
        ("в этом году", "ru", "этом году", "year", "2024"),
        ("в прошлом году", "ru", "прошлом году", "year", "2023"),
        ("в следующем году", "ru", "следующем году", "year", "2025"),
        ("минулого року", "uk", "минулого року", "year", "2023"),
        ("торік", "uk", "торік", "year", "2023"),
        ("торішнього візиту", "uk", "торішнього", "year", "2023"),
        ("миналата година", "bg", "миналата година", "year", "2023"),
        ("тази година", "bg", "тази година", "year", "2024"),
        ("last year", "en", "last year", "year", "2023"),
        ("в прошлом месяце", "ru", "прошлом месяце", "month", "2024-08"),
        ("миналия месец", "bg", "миналия месец", "month", "2024-08"),
        ("next month", "en", "next month", "month", "2024-10"),
        ("два года назад", "ru", "два года назад", "year", "2022"),
        ("год назад", "ru", "год назад", "year", "2023"),
        ("три роки тому", "uk", "три роки тому", "year", "2021"),
        ("преди две години", "bg", "преди две години", "year", "2022"),
        ("3 days ago", "en", "3 days ago", "day", "2024-09-08"),
        ("two weeks ago", "en", "two weeks ago", "day", "2024-08-28"),
        ("a year ago", "en", "a year ago", "year", "2023"),
    ],
)
def test_relative_expressions(text: str, lang: str, fragment: str, precision: str, value: str) -> None:
    assert shape(one(text, lang, fragment)) == (None, precision, True)
    assert shape(one(text, lang, fragment, WED)) == (value, precision, True)


def test_relative_month_crosses_the_year() -> None:
    assert one("миналия месец", "bg", "миналия месец", D(2023, 1, 10)).value == "2022-12"


def test_weeks_stay_unresolved() -> None:
    # DatePrecision has no "week": "last week" keeps value None even with a reference
    for text, lang in (("минулого тижня", "uk"), ("на прошлой неделе", "ru"), ("миналата седмица", "bg")):
        (m,) = dates(text, lang, WED)
        assert shape(m) == (None, "day", True)


# ---------------------------------------------------------------------------
# reference date


@pytest.mark.parametrize(
    ("document_date", "datelines", "lang", "expected"),
    [
        ("2024-09-09T12:36:00+03:00", [], "ru", D(2024, 9, 9)),
        ("2024-09-09", ["15.08.2023 09:30"], "ru", D(2024, 9, 9)),
        ("2024/09/09", [], "en", D(2024, 9, 9)),
        ("9 September 2024", [], "en", D(2024, 9, 9)),
        ("Mon, 09 Sep 2024 12:36:00 GMT", [], "ru", D(2024, 9, 9)),
        ("junk", ["Сен 9, 2024 / 12:36"], "ru", D(2024, 9, 9)),
        ("2024-13-45", ["15.08.2023 09:30"], "ru", D(2023, 8, 15)),
        (None, ["Заголовок", "15.08.2023 09:30"], "ru", D(2023, 8, 15)),
        ("", ["18 август"], "bg", None),
        (None, ["nothing here"], "en", None),
        (None, [], "ru", None),
    ],
)
def test_reference_date(
    document_date: str | None, datelines: list[str], lang: str, expected: datetime.date | None
) -> None:
    assert reference_date(document_date, datelines, lang) == expected


# ---------------------------------------------------------------------------
# a fifth language, and a made-up one, by data alone


def test_serbian_by_data_alone() -> None:
    text = "Састанак је одржан 15. августа 2023. године, а у 2018. години пре две године"
    assert shape(one(text, "sr", "15. августа 2023. године")) == ("2023-08-15", "day", False)
    assert shape(one(text, "sr", "2018. години")) == ("2018", "year", False)
    assert shape(one(text, "sr", "пре две године", D(2024, 9, 11))) == ("2022", "year", True)
    assert shape(one("у среду", "sr", "среду", WED)) == ("2024-09-11", "day", True)
    assert shape(one("15 avgusta 2023", "sr", "15 avgusta 2023")) == ("2023-08-15", "day", False)


TOY_NUMBERS = """
ordinal_suffixes = ["-a"]
connectors = ["kaj"]
[format]
decimal_mark = ","
three_digits = "group-unless-magnitude"
[words]
"du" = 2
"dek" = 10
"dudek" = 20
"kvin" = 5
[multipliers]
"mil" = 1e3
"miliono" = 1e6
"milionoj" = 1e6
[units]
"dolaroj" = "USD"
[bounds]
low = ["pli ol"]
approx = ["proksimume"]
"""

TOY_DATES = """
year_words = ["jaro"]
year_context = ["en"]
month_context = ["en"]
[months]
"aŭgusto" = 8
"aŭg." = 8
[weekdays]
"lundo" = 1
[relative_words]
"hieraŭ" = { unit = "day", offset = -1 }
"""


@pytest.fixture
def toy_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A language that exists only as two TOML tables: no line of code knows it."""
    real = numerals.load_table
    toy = {"numbers": tomllib.loads(TOY_NUMBERS), "dates": tomllib.loads(TOY_DATES)}

    def load(family: str, lang: str) -> dict[str, Any]:
        return toy[family] if lang == "eo" and family in toy else real(family, lang)

    def clear() -> None:
        for cached in (numerals.number_rules, numerals.language_folds, numerals.stopwords_of, dates_module.date_rules):
            cached.cache_clear()

    monkeypatch.setattr(numerals, "load_table", load)
    clear()
    yield
    monkeypatch.undo()
    clear()


@pytest.mark.usefixtures("toy_language")
def test_a_new_language_is_a_data_change() -> None:
    text = "La 15 aŭgusto 2023 pli ol dudek kvin mil dolaroj, hieraŭ; proksimume 600"
    assert shape(one(text, "eo", "15 aŭgusto 2023")) == ("2023-08-15", "day", False)
    assert shape(one(text, "eo", "hieraŭ", WED)) == ("2024-09-10", "day", True)
    found = {q.text: (q.value, q.low, q.high, q.unit, q.approx) for q in find_quantities(text, "eo")}
    assert found == {
        "pli ol dudek kvin mil dolaroj": (25000, 25000, None, "USD", False),
        "proksimume 600": (600, 600, 600, None, True),
    }


def test_unknown_language_uses_all_tables() -> None:
    text = "15 августа, 15 серпня, 18 август, 9 September 2024"
    assert [m.value for m in dates(text, "xx")] == ["--08-15", "--08-15", "--08-18", "2024-09-09"]


# ---------------------------------------------------------------------------
# hostile input and speed


HOSTILE = [
    "",
    "\x00\x01\x1f\x7f",
    "9" * 10_000,
    "1." * 5000,
    "1-" * 5000,
    "2000-" * 2000,
    "15 августа " * 500,
    "в в в в 2018 2018 2018",
    "\ud800",
    "Сен Сен Сен 9, 9, 9,",
    "31 31 31 февраля",
    "прошлом прошлом году году",
    "99999-99-99",
    "0000-00-00 00.00.0000",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("lang", ["ru", "uk", "bg", "en", "sr", "zz", ""])
def test_hostile_input_never_raises(text: str, lang: str) -> None:
    dates(text, lang)
    dates(text, lang, D(1, 1, 1))
    dates(text, lang, D(9999, 12, 31))
    reference_date(text, [text], lang)


def test_random_input_never_raises() -> None:
    rng = random.Random(11)
    alphabet = [*"0123456789 .,-/:\n", "августа", "году", "г.", "Сен", "прошлом", "назад", "два", "-го", "May", "in "]
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        for lang in ("ru", "en", "bg"):
            dates(text, lang, D(2024, 1, 1))


@pytest.mark.parametrize(
    "text",
    ["x" * 1_000_000, ("Путин" * 50 + "!") * 4000, "1" * 1_000_000, "".join(chr(c) for c in range(32)) * 32_000],
    ids=["letters", "words-no-spaces", "digits", "control"],
)
def test_one_megabyte_line_finishes(text: str) -> None:
    # a hang guard, not a complexity claim (the work at n and 4n is counted below): linear takes
    # a fraction of a second on a megabyte, a quadratic regular expression hours
    start = time.perf_counter()
    find_dates(text, "ru", D(2024, 1, 1))
    assert time.perf_counter() - start < HANG_GUARD_SECONDS


def test_dense_dates_take_linear_work() -> None:
    # work counted, not timed: 4x the input, linear is ~4x the steps, quadratic ~16x
    unit = "15 августа 2023 года, в 2018 году, 1.2.3, вчера, 15-16 мая; "
    find_dates(unit, "ru", D(2024, 1, 1))  # warm-up: imports and compiled patterns are not the work measured
    small = python_steps(lambda: find_dates(unit * 200, "ru", D(2024, 1, 1)))
    large = python_steps(lambda: find_dates(unit * 800, "ru", D(2024, 1, 1)))
    assert large < 5 * small, (small, large)


def test_an_ordinal_day_after_the_month_is_a_date_whatever_word_follows() -> None:
    found = find_dates("The issue started on January 1st when residents complained", "en", None)
    assert [(d.text, d.value, d.precision) for d in found] == [("January 1st", "--01-01", "day")]
    # a bare number before a noun counts that noun: no date
    assert find_dates("on January 1 soldiers", "en", None) == []
