"""Quantities in ru, uk, bg, en (and sr, by data only): exact spans and values written by hand."""

from __future__ import annotations

import random
import time

import pytest

from claimcmp.analysis.quantities import find_quantities
from claimcmp.records import Quantity

from .conftest import HANG_GUARD_SECONDS, SEEDS, python_steps


def check_invariants(text: str, found: list[Quantity]) -> None:
    """Spans point into the text, are sorted and never overlap."""
    last_end = -1
    for q in found:
        start, end = q.span
        assert 0 <= start < end <= len(text)
        assert q.text == text[start:end]
        assert start >= last_end
        last_end = end


def quantities(text: str, lang: str) -> list[Quantity]:
    found = find_quantities(text, lang)
    check_invariants(text, found)
    return found


def one(text: str, lang: str, fragment: str, occurrence: int = 0) -> Quantity:
    """The quantity whose text is ``fragment``; its span must be where the fragment stands."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    matches = [q for q in quantities(text, lang) if q.span == (start, start + len(fragment))]
    assert matches, f"{fragment!r} not found as a quantity in {text!r}: {quantities(text, lang)}"
    return matches[0]


def shape(q: Quantity) -> tuple[float | None, float | None, float | None, str | None, str, bool]:
    return q.value, q.low, q.high, q.unit, q.kind, q.approx


# ---------------------------------------------------------------------------
# the seeds


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "lang", "fragment", "expected"),
    [
        ("001_b6e1b808a0f5a791.txt", "ru", "100 000", (100000, 100000, 100000, None, "count", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "не менее 60", (60, 60, None, None, "count", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "55%", (55, 55, 55, "%", "percent", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "40 миллиардов долларов", (4e10, 4e10, 4e10, "USD", "money", False)),
        (
            "001_b6e1b808a0f5a791.txt",
            "ru",
            "33 миллиарда фунтов стерлингов",
            (3.3e10, 3.3e10, 3.3e10, "GBP", "money", False),
        ),
        (
            "001_b6e1b808a0f5a791.txt",
            "ru",
            "3,3 миллиарда фунтов стерлингов",
            (3.3e9, 3.3e9, 3.3e9, "GBP", "money", False),
        ),
        ("001_b6e1b808a0f5a791.txt", "ru", "4 миллиарда долларов", (4e9, 4e9, 4e9, "USD", "money", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "18 месяцев", (18, 18, 18, "month", "measure", False)),
        ("001_b6e1b808a0f5a791.txt", "ru", "десять", (10, 10, 10, None, "count", False)),
        ("000_a584e82b9ec90ab3.txt", "ru", "десятки", (None, 20, 99, None, "count", False)),
        ("004_2d63bb16a09dbf8b.txt", "ru", "76-й", (76, 76, 76, None, "ordinal", False)),
        ("003_017250b7c650f034.txt", "uk", "понад 10 000", (10000, 10000, None, None, "count", False)),
        ("003_017250b7c650f034.txt", "uk", "близько 600", (600, 600, 600, None, "count", True)),
        ("003_017250b7c650f034.txt", "uk", "тисячі", (None, 2000, 9999, None, "count", False)),
        ("003_017250b7c650f034.txt", "uk", "225-ї", (225, 225, 225, None, "ordinal", False)),
        ("002_2075f97cec139a43.txt", "bg", "78-ата", (78, 78, 78, None, "ordinal", False)),
        ("002_2075f97cec139a43.txt", "bg", "6,158 млрд. лв.", (6.158e9, 6.158e9, 6.158e9, "BGN", "money", False)),
        (
            "002_2075f97cec139a43.txt",
            "bg",
            "48.846 млрд. лв.",
            (4.8846e10, 4.8846e10, 4.8846e10, "BGN", "money", False),
        ),
        ("002_2075f97cec139a43.txt", "bg", "24.1%", (24.1, 24.1, 24.1, "%", "percent", False)),
        ("002_2075f97cec139a43.txt", "bg", "14-та", (14, 14, 14, None, "ordinal", False)),
        ("002_2075f97cec139a43.txt", "bg", "Десетки", (None, 20, 99, None, "count", False)),
    ],
)
def test_seed_figures(name: str, lang: str, fragment: str, expected: tuple[object, ...]) -> None:
    assert shape(one(seed(name), lang, fragment)) == expected


def test_seed_years_are_not_counts() -> None:
    texts = {
        "ru": seed("000_a584e82b9ec90ab3.txt") + seed("001_b6e1b808a0f5a791.txt"),
        "bg": seed("002_2075f97cec139a43.txt"),
    }
    for lang, text in texts.items():
        values = {q.value for q in quantities(text, lang)}
        assert not values & {2018.0, 2017.0, 2021.0, 1910.0, 1945.0, 2011.0, 2019.0, 2024.0, 2022.0}


def test_seed_dateline_time_and_day_are_not_quantities() -> None:
    text = "Сен 9, 2024 / 12:36"
    assert quantities(text, "ru") == []


# ---------------------------------------------------------------------------
# digits, grouping and decimal marks


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value"),
    [
        ("их было 100 000 человек", "ru", "100 000", 100000),
        ("их было 10\u00a0000 человек", "ru", "10\u00a0000", 10000),
        ("их было 10\u202f000 человек", "uk", "10\u202f000", 10000),
        ("их было 1 000 000 человек", "ru", "1 000 000", 1e6),
        ("их было 1.000.000 человек", "ru", "1.000.000", 1e6),
        ("there were 10,000 troops", "en", "10,000", 10000),
        ("there were 10,000,000 troops", "en", "10,000,000", 1e7),
        ("a share of 1,5 points", "en", "1,5", 1.5),
        ("a share of 1.500 points", "en", "1.500", 1.5),
        ("it cost 1,234.5 in all", "en", "1,234.5", 1234.5),
        ("всего 1.234,5 тонны", "ru", "1.234,5 тонны", 1234.5),
        ("всего 3,300 человек", "ru", "3,300", 3300),
        ("всего 3,3 человека", "ru", "3,3", 3.3),
        ("доля 0,500 процента", "ru", "0,500 процента", 0.5),
        ("над 1.500 души", "bg", "над 1.500", 1500),
        ("рост на 2,5%", "ru", "2,5%", 2.5),
        ("100 000,5 рубля", "ru", "100 000,5 рубля", 100000.5),
    ],
)
def test_digit_grouping_and_decimals(text: str, lang: str, fragment: str, value: float) -> None:
    assert one(text, lang, fragment).value == value


def test_three_digits_after_a_mark_are_decimals_before_a_magnitude() -> None:
    # "3,300" groups in Russian, but "6,158 млрд" is 6.158 billion in every language that writes a decimal comma
    assert one("дефицит 6,158 млрд рублей", "ru", "6,158 млрд рублей").value == 6.158e9
    assert one("дефіцит 6,158 млрд гривень", "uk", "6,158 млрд гривень").value == 6.158e9
    # English "1,500 million" groups: a comma before three digits is always a thousands separator there
    assert one("£1,500 million", "en", "£1,500 million").value == 1.5e9


def test_same_amount_in_four_languages() -> None:
    figures = [
        ("40 миллиардов долларов", "ru"),
        ("40 мільярдів доларів", "uk"),
        ("40 милиарда долара", "bg"),
        ("$40bn", "en"),
        ("$40 billion", "en"),
        ("40 billion dollars", "en"),
    ]
    for text, lang in figures:
        (q,) = quantities(text, lang)
        assert (q.span, q.value, q.unit, q.kind) == ((0, len(text)), 4e10, "USD", "money"), text


def test_three_point_three_billion_equal_across_languages() -> None:
    assert one("3,3 млрд", "ru", "3,3 млрд").value == 3.3e9
    assert one("3,3 мільярда", "uk", "3,3 мільярда").value == 3.3e9
    assert one("3,3 милиарда", "bg", "3,3 милиарда").value == 3.3e9
    assert one("3.3 billion", "en", "3.3 billion").value == 3.3e9
    assert one("£33bn", "en", "£33bn").value == 3.3e10
    assert one("£33bn", "en", "£33bn").unit == "GBP"


# ---------------------------------------------------------------------------
# currencies and units


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value", "unit"),
    [
        ("потратили $40 млн", "ru", "$40 млн", 4e7, "USD"),
        ("потратили 40 млн долларов США", "ru", "40 млн долларов США", 4e7, "USD"),
        ("коштувало 5 млн грн", "uk", "5 млн грн", 5e6, "UAH"),
        ("коштувало п'ятсот гривень", "uk", "п'ятсот гривень", 500, "UAH"),
        ("струваше 10 лева", "bg", "10 лева", 10, "BGN"),
        ("струваше 10 лв.", "bg", "10 лв.", 10, "BGN"),
        ("cost €5.5bn", "en", "€5.5bn", 5.5e9, "EUR"),
        ("cost US$40 million", "en", "US$40 million", 4e7, "USD"),
        ("cost 40 USD", "en", "40 USD", 40, "USD"),
        ("a 40 € fee", "en", "40 €", 40, "EUR"),
        ("10 тысяч рублей", "ru", "10 тысяч рублей", 1e4, "RUB"),
        ("1 трлн вон", "ru", "1 трлн вон", 1e12, "KRW"),
        ("55 per cent", "en", "55 per cent", 55, "%"),
        ("55 відсотків", "uk", "55 відсотків", 55, "%"),
        ("55 процента", "bg", "55 процента", 55, "%"),
    ],
)
def test_currencies_before_and_after(text: str, lang: str, fragment: str, value: float, unit: str) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.unit) == (value, unit)
    assert q.kind == ("percent" if unit == "%" else "money")


def test_money_only_magnitudes_need_a_currency() -> None:
    assert one("they raised $40m", "en", "$40m").value == 4e7
    assert quantities("a 40m tower", "en") == []


def test_percentage_points_are_not_percent() -> None:
    q = one("ставка выросла на 2 процентных пункта", "ru", "2 процентных пункта")
    assert (q.value, q.unit, q.kind) == (2, "pp", "measure")
    q = one("дефицит от 3 на сто от БВП", "bg", "3 на сто")
    assert (q.value, q.unit, q.kind) == (3, "%", "percent")


def test_measures_have_codes() -> None:
    q = one("за последние 18 месяцев", "ru", "18 месяцев")
    assert (q.unit, q.kind) == ("month", "measure")
    q = one("в 300 км от границы", "ru", "300 км")
    assert (q.value, q.unit, q.kind) == (300, "km", "measure")


# ---------------------------------------------------------------------------
# bounds, approximations, ranges, vague amounts


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "expected"),
    [
        ("погибли более 2000 человек", "ru", "более 2000", (2000, 2000, None, False)),
        ("не менее 60 боеголовок", "ru", "не менее 60", (60, 60, None, False)),
        ("до 100 человек", "ru", "до 100", (100, None, 100, False)),
        ("около 600 солдат", "ru", "около 600", (600, 600, 600, True)),
        ("почти 300 ракет", "ru", "почти 300", (300, 300, 300, True)),
        ("10 000 и более", "ru", "10 000 и более", (10000, 10000, None, False)),
        ("понад 10 000 військових", "uk", "понад 10 000", (10000, 10000, None, False)),
        ("не більше 50 осіб", "uk", "не більше 50", (50, None, 50, False)),
        ("приблизно 600 осіб", "uk", "приблизно 600", (600, 600, 600, True)),
        ("поне 60 бойни глави", "bg", "поне 60", (60, 60, None, False)),
        ("над 100 души", "bg", "над 100", (100, 100, None, False)),
        ("повече от 10 000 войници", "bg", "повече от 10 000", (10000, 10000, None, False)),
        ("около 600 души", "bg", "около 600", (600, 600, 600, True)),
        ("more than 10,000 troops", "en", "more than 10,000", (10000, 10000, None, False)),
        ("at least 60 warheads", "en", "at least 60", (60, 60, None, False)),
        ("up to 100 people", "en", "up to 100", (100, None, 100, False)),
        ("about 600 soldiers", "en", "about 600", (600, 600, 600, True)),
        ("nearly 300 missiles", "en", "nearly 300", (300, 300, 300, True)),
        ("60+ people", "en", "60+", (60, 60, None, False)),
        ("~600 people", "en", "~600", (600, 600, 600, True)),
        ("more than $4bn", "en", "more than $4bn", (4e9, 4e9, None, False)),
    ],
)
def test_bounds_and_approximations(
    text: str, lang: str, fragment: str, expected: tuple[float, float | None, float | None, bool]
) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.low, q.high, q.approx) == expected


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "low", "high", "unit"),
    [
        ("от 10 до 15 человек", "ru", "от 10 до 15", 10, 15, None),
        ("10–15 тысяч человек", "ru", "10–15 тысяч", 1e4, 1.5e4, None),
        ("от 10 до 15 тысяч долларов", "ru", "от 10 до 15 тысяч долларов", 1e4, 1.5e4, "USD"),
        ("1,5–2 млн рублей", "ru", "1,5–2 млн рублей", 1.5e6, 2e6, "RUB"),
        ("від 10 до 15 тисяч", "uk", "від 10 до 15 тисяч", 1e4, 1.5e4, None),
        ("между 10 и 15 души", "bg", "между 10 и 15", 10, 15, None),
        ("between 10 and 15 people", "en", "between 10 and 15", 10, 15, None),
        ("10 to 15 percent", "en", "10 to 15 percent", 10, 15, "%"),
        ("10-15%", "en", "10-15%", 10, 15, "%"),
        ("$10-15bn", "en", "$10-15bn", 1e10, 1.5e10, "USD"),
        ("десять-пятнадцать тысяч", "ru", "десять-пятнадцать тысяч", 1e4, 1.5e4, None),
    ],
)
def test_ranges(text: str, lang: str, fragment: str, low: float, high: float, unit: str | None) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.low, q.high, q.unit) == (None, low, high, unit)


def test_a_change_is_not_a_range() -> None:
    found = quantities("exports rose from 10% to 15%", "en")
    assert [(q.text, q.value) for q in found] == [("10%", 10), ("15%", 15)]


def test_a_descending_pair_is_not_a_range() -> None:
    assert [q.value for q in quantities("счёт 3-1 в пользу хозяев", "ru")] == [3, 1]


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "low", "high"),
    [
        ("десятки пусков", "ru", "десятки", 20, 99),
        ("сотни людей", "ru", "сотни", 200, 999),
        ("десятки тысяч людей", "ru", "десятки тысяч", 20000, 99999),
        ("несколько тысяч людей", "ru", "несколько тысяч", 2000, 9999),
        ("тисячі зазнали поранень", "uk", "тисячі", 2000, 9999),
        ("кілька сотень осіб", "uk", "кілька сотень", 200, 999),
        ("хиляди войници", "bg", "хиляди", 2000, 9999),
        ("няколко хиляди души", "bg", "няколко хиляди", 2000, 9999),
        ("dozens of launches", "en", "dozens", 24, 99),
        ("tens of thousands of people", "en", "tens of thousands", 20000, 99999),
        ("several hundred people", "en", "several hundred", 200, 999),
    ],
)
def test_vague_amounts_are_ranges(text: str, lang: str, fragment: str, low: float, high: float) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.low, q.high) == (None, low, high)


def test_vague_money() -> None:
    q = one("hundreds of millions of dollars", "en", "hundreds of millions of dollars")
    assert (q.value, q.low, q.high, q.unit) == (None, 2e8, 999999999, "USD")


# ---------------------------------------------------------------------------
# number words and ordinals


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value"),
    [
        ("сто тысяч солдат", "ru", "сто тысяч", 1e5),
        ("двадцать пять человек", "ru", "двадцать пять", 25),
        ("две тысячи двадцать три солдата", "ru", "две тысячи двадцать три", 2023),
        ("полтора миллиарда человек", "ru", "полтора миллиарда", 1.5e9),
        ("двадцять п’ять тисяч", "uk", "двадцять п’ять тисяч", 25000),
        ("сто тисяч військових", "uk", "сто тисяч", 1e5),
        ("двеста и петдесет хиляди", "bg", "двеста и петдесет хиляди", 250000),
        ("двадесет и пет души", "bg", "двадесет и пет", 25),
        ("two hundred and fifty thousand", "en", "two hundred and fifty thousand", 250000),
        ("twenty-five people", "en", "twenty-five", 25),
        ("a million people", "en", "a million", 1e6),
        ("ten times more", "en", "ten", 10),
    ],
)
def test_number_words(text: str, lang: str, fragment: str, value: float) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.kind) == (value, "count")


def test_collective_numerals() -> None:
    assert one("погибли двое детей", "ru", "двое").value == 2
    assert one("Шестеро людей загинули", "uk", "Шестеро").value == 6
    assert one("трима пострадаха", "bg", "трима").value == 3


def test_one_alone_is_not_a_figure() -> None:
    assert quantities("one of the few allies", "en") == []
    assert quantities("одна из немногих стран", "ru") == []


@pytest.mark.parametrize(
    ("text", "lang", "fragment", "value"),
    [
        ("76-й годовщины", "ru", "76-й", 76),
        ("на 1-му місці", "uk", "1-му", 1),
        ("76-ї річниці", "uk", "76-ї", 76),
        ("78-ата годишнина", "bg", "78-ата", 78),
        ("the 78th anniversary", "en", "78th", 78),
        ("семьдесят шестой годовщины", "ru", "семьдесят шестой", 76),
        ("второй раз", "ru", "второй", 2),
        ("the seventy-sixth anniversary", "en", "seventy-sixth", 76),
        ("втората световна война", "bg", "втората", 2),
    ],
)
def test_ordinals(text: str, lang: str, fragment: str, value: float) -> None:
    q = one(text, lang, fragment)
    assert (q.value, q.kind, q.unit) == (value, "ordinal", None)


def test_compound_words_count_their_digits() -> None:
    q = one("29-годишен мъж", "bg", "29")
    assert (q.value, q.kind) == (29, "count")
    q = one("за 3-х дней", "ru", "3-х")
    assert (q.value, q.kind) == (3, "count")


# ---------------------------------------------------------------------------
# what is not a quantity


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("в 12:36 по Москве", "ru"),
        ("истребитель Су-57 и МиГ-29", "ru"),
        ("an A320 and COVID-19", "en"),
        ("дом № 5", "ru"),
        ("5G networks", "en"),
        ("version 1.2.3", "en"),
        ("host 192.168.0.1", "en"),
        ("call +7 495 123-45-67", "en"),
        ("звоните 123-45-67", "ru"),
        ("at 5 p.m.", "en"),
        ("24/7 support", "en"),
        ("в 1990-х годах", "ru"),
        ("in the 1990s", "en"),
        ("в 90-х годах", "ru"),
    ],
)
def test_not_quantities(text: str, lang: str) -> None:
    assert quantities(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "year"),
    [
        ("ввела в 2018 году", "ru", "2018"),
        ("у 2018 році", "uk", "2018"),
        ("през 2019 г.", "bg", "2019"),
        ("in 2018, it", "en", "2018"),
        ("в сентябре 2017 года", "ru", "2017"),
        ("(1910-1945 г.)", "bg", "1945"),
    ],
)
def test_years_are_not_counts(text: str, lang: str, year: str) -> None:
    assert all(year not in q.text for q in quantities(text, lang))


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("2000 солдат погибли", "ru", "2000"),
        ("в 2000 раз больше", "ru", "2000"),
        ("in 2000 cases", "en", "2000"),
        ("2000-3000 солдат", "ru", "2000-3000"),
    ],
)
def test_four_digit_counts_stay_counts(text: str, lang: str, fragment: str) -> None:
    q = one(text, lang, fragment)
    assert q.kind == "count"


def test_exclude_spans_are_respected() -> None:
    text = "В 2018 году 300 человек и 40 миллиардов"
    found = find_quantities(text, "ru", exclude=[(text.index("300"), text.index("300") + 3)])
    assert [q.text for q in found] == ["40 миллиардов"]
    # a span that covers only part of a quantity removes that quantity, never yields a piece of it
    found = find_quantities("100 000 солдат", "ru", exclude=[(4, 7)])
    assert all(q.span[1] <= 4 for q in found)
    # a span that only grazes one (the dot of an abbreviation) still removes it
    text = "выделили 40 млн. на ремонт"
    dot = text.index(".")
    assert find_quantities(text, "ru", exclude=[(dot, dot + 1)]) == []


# ---------------------------------------------------------------------------
# other languages: data only


def test_fifth_language_serbian_by_data_alone() -> None:
    text = "Више од 10.000 људи и двадесет пет хиљада динара, око 600 војника, десетине хиљада"
    assert shape(one(text, "sr", "Више од 10.000")) == (10000, 10000, None, None, "count", False)
    assert shape(one(text, "sr", "двадесет пет хиљада динара")) == (25000, 25000, 25000, "RSD", "money", False)
    assert shape(one(text, "sr", "око 600")) == (600, 600, 600, None, "count", True)
    assert shape(one(text, "sr", "десетине хиљада")) == (None, 20000, 99999, None, "count", False)


def test_unknown_language_uses_neutral_rules_and_all_tables() -> None:
    text = "55% и $40bn и сто тысяч и 3,3 млрд"
    assert [(q.text, q.value, q.unit) for q in quantities(text, "xx")] == [
        ("55%", 55, "%"),
        ("$40bn", 4e10, "USD"),
        ("сто тысяч", 1e5, None),
        ("3,3 млрд", 3.3e9, None),
    ]
    assert quantities("55%", "RU-ru")[0].value == 55


# ---------------------------------------------------------------------------
# hostile input


HOSTILE = [
    "",
    " ",
    "\x00\x01\x02\x1f\x7f",
    "9" * 10_000,
    "1," * 5000,
    "1." * 5000,
    "+" * 100 + "1",
    "-1-1-1-1-",
    "1\u00a0000\u00a0000\u202f000 000,000.000",
    "$$$€€€%%%",
    "млрд млрд тысяч тысяч",
    "и и и сто и и и",
    "\ud800\udfff",
    "٣٤٥ ۱۲",
    "0" * 20 + "," + "0" * 20,
    "3-й-й-й",
    "a" + "'" * 50 + "b",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("lang", ["ru", "uk", "bg", "en", "sr", "zz", ""])
def test_hostile_input_never_raises(text: str, lang: str) -> None:
    quantities(text, lang)


def test_random_input_never_raises() -> None:
    rng = random.Random(7)
    alphabet = [*"0123456789 .,-–:/+$%€£~№()\n\u00a0аблнтысячмрд", "млрд", " тыс.", "году", "-й", "th", "bn", "около "]
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        for lang in ("ru", "en", "bg"):
            quantities(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        ("Путин" * 50 + "!") * 4000,
        "1" * 1_000_000,
        "".join(chr(c) for c in range(32)) * 32_000,
    ],
    ids=["letters", "words-no-spaces", "digits", "control"],
)
def test_one_megabyte_line_finishes(text: str) -> None:
    # a hang guard, not a complexity claim (the work at n and 4n is counted below): linear takes
    # a fraction of a second on a megabyte, a quadratic regular expression hours
    start = time.perf_counter()
    find_quantities(text, "ru")
    assert time.perf_counter() - start < HANG_GUARD_SECONDS


def test_dense_numbers_take_linear_work() -> None:
    # work counted, not timed: 4x the input, linear is ~4x the steps, quadratic ~16x
    unit = "около 1 000,5 млрд долларов, 3-й, 12:30, 15.08.2023; "
    find_quantities(unit, "ru")  # warm-up: imports and compiled patterns are not the work measured
    small = python_steps(lambda: find_quantities(unit * 200, "ru"))
    large = python_steps(lambda: find_quantities(unit * 800, "ru"))
    assert large < 5 * small, (small, large)


@pytest.mark.parametrize(
    ("text", "lang", "numeral", "value"),
    [
        ("существуют с XIX века", "ru", "XIX", 19.0),
        ("у XXI столітті", "uk", "XXI", 21.0),
        ("през XX век", "bg", "XX", 20.0),
        ("in the XIX century", "en", "XIX", 19.0),
    ],
)
def test_roman_centuries_are_ordinals(text: str, lang: str, numeral: str, value: float) -> None:
    q = one(text, lang, numeral)
    assert (q.value, q.kind) == (value, "ordinal")


@pytest.mark.parametrize(
    ("text", "lang"), [("Louis XIV said", "en"), ("в IIII веке", "ru"), ("Людовик XIV сказал", "ru"), ("XIXвека", "ru")]
)
def test_roman_numerals_elsewhere_are_not_quantities(text: str, lang: str) -> None:
    assert quantities(text, lang) == []
