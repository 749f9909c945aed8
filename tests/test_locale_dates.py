"""Dates in German, French, Spanish, Polish, Serbian (both scripts) and Croatian (issue 19, items 3-5).

Month and weekday names, the numeric order, the ordinal dot ("15. August") and the words joining
day, month and year ("15 de agosto de 2024") come from CLDR through the generated tables; a day's
ordinal dot does not end a sentence; a planted day or year is a date flag.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from claimcmp.analysis import analyse_document
from claimcmp.analysis.dates import find_dates
from claimcmp.analysis.quantities import find_quantities
from claimcmp.facts.flags import flag_pair
from claimcmp.input.segmentation import segment_document
from claimcmp.records import Document, Flag, Segment

REFERENCE = datetime.date(2024, 9, 9)  # a Monday
REPO = Path(__file__).resolve().parent.parent


def dated(text: str, lang: str, reference: datetime.date | None = None) -> list[tuple[str, str | None]]:
    found = find_dates(text, lang, reference)
    for d in found:
        assert text[d.span[0] : d.span[1]] == d.text
    return [(d.text, d.value) for d in found]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Das Treffen fand am 15. August 2024 in Berlin statt.", [("15. August 2024", "2024-08-15")]),
        ("de", "Die Lieferung kam am 2. Oktober an.", [("2. Oktober", "2024-10-02")]),
        (
            "de",
            "Die Wahl war am 26.10.2024, das Ergebnis im November.",
            [("26.10.2024", "2024-10-26"), ("November", "2024-11")],
        ),
        ("de", "Im März 2022 begann der Bau.", [("März 2022", "2022-03")]),
        ("de", "Das Komitee teilte am Samstag bei Telegram mit.", [("Samstag", "2024-09-07")]),  # real: dpa-AFX
        ("de", "Viele Menschen hatten am Freitagabend ein Konzert besuchen wollen.", [("Freitagabend", "2024-09-06")]),
        ("de", "Gestern war es ruhig.", [("Gestern", "2024-09-08")]),
        ("pl", "Do ataku doszło 16 sierpnia.", [("16 sierpnia", "2024-08-16")]),
        ("pl", "Spotkanie odbyło się 16 sierpnia 2024 r. w Warszawie.", [("16 sierpnia 2024 r.", "2024-08-16")]),
        ("pl", "Największa katastrofa miała miejsce w 1981 roku.", [("1981 roku", "1981")]),  # real: gazeta.pl
        ("pl", "Turcja, gdzie w lipcu zginęło ponad 5 tys. ludzi.", [("lipcu", "2024-07")]),
        ("pl", "Władze poinformowały w niedzielę o ataku.", [("niedzielę", "2024-09-08")]),  # real: tvn24
        ("pl", "W środę i w piątek.", [("środę", "2024-09-04"), ("piątek", "2024-09-06")]),
        ("fr", "Le sommet a eu lieu le 15 août 2024 à Paris.", [("15 août 2024", "2024-08-15")]),
        ("fr", "La réunion du 1er juillet.", [("1er juillet", "2024-07-01")]),
        ("fr", "Des milliers ont manifesté samedi.", [("samedi", "2024-09-07")]),
        ("fr", "Il a été élu il y a deux ans.", [("il y a deux ans", "2022")]),
        ("es", "El ataque ocurrió el 15 de agosto de 2024.", [("15 de agosto de 2024", "2024-08-15")]),
        ("es", "El 15 de agosto fue festivo.", [("15 de agosto", "2024-08-15")]),
        ("es", "Ocurrió en agosto de 2023.", [("agosto de 2023", "2023-08")]),
        ("es", "Ayer se manifestaron el sábado pasado.", [("Ayer", "2024-09-08"), ("sábado", "2024-09-07")]),
        ("sr", "Напад се догодио 15. августа 2024. године.", [("15. августа 2024. године", "2024-08-15")]),
        ("sr", "Napad se dogodio 15. avgusta 2024. godine.", [("15. avgusta 2024. godine", "2024-08-15")]),
        ("sr", "Sastanak je održan 1. septembra.", [("1. septembra", "2024-09-01")]),
        ("sr", "Протест је одржан у суботу.", [("суботу", "2024-09-07")]),
        ("sr", "Protest je održan u subotu.", [("subotu", "2024-09-07")]),
        ("hr", "Nesreća se dogodila 2. lipnja 2023. u Odishi.", [("2. lipnja 2023.", "2023-06-02")]),
        ("hr", "Sudar se dogodio u petak navečer.", [("petak", "2024-09-06")]),  # real: cri.cn
        ("hr", "U kolovozu 2023. stigla je pomoć.", [("kolovozu 2023.", "2023-08")]),
    ],
)
def test_dates_in_each_locale(lang: str, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert dated(text, lang, REFERENCE) == expected


def test_dates_without_a_reference_keep_their_year_or_none() -> None:
    assert dated("am 15. August", "de") == [("15. August", "--08-15")]
    assert dated("16 sierpnia", "pl") == [("16 sierpnia", "--08-16")]
    assert dated("le 15 août", "fr") == [("15 août", "--08-15")]
    assert dated("el 15 de agosto", "es") == [("15 de agosto", "--08-15")]
    assert dated("15. avgusta", "sr") == [("15. avgusta", "--08-15")]
    assert dated("15. августа", "sr") == [("15. августа", "--08-15")]
    assert dated("Turcja, gdzie w lutym zginęło ponad 5 tys. ludzi.", "pl") == [("lutym", "--02")]  # real: wnp.pl


def test_a_date_is_never_a_figure() -> None:
    for text, lang in (("am 15. August 2024 kamen 40", "de"), ("16 sierpnia 2024 r. zginęło 40", "pl")):
        assert [q.text for q in find_quantities(text, lang)] == ["40"]


def test_month_abbreviations_that_are_common_words_are_not_months() -> None:
    assert dated("Il a attendu sept ans.", "fr") == []
    assert dated("W tym roku lis uciekł, a on sie zgubił.", "pl", REFERENCE) == [("tym roku", "2024")]
    assert dated("Svi su došli.", "hr") == []


# ----------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("lang", "text", "sentences"),
    [
        ("de", "Die Explosion ereignete sich am 15. August 2024 in Moskau. Die Polizei kam.", 2),
        ("de", "Am 3. Oktober feiert Deutschland. Danach kamen 3. Die Zahl stieg.", 3),
        ("sr", "Napad se dogodio 1. Avgusta 2024. Policija je stigla.", 2),
        ("hr", "Nesreća je bila 2. Lipnja. Pomoć je stigla.", 2),
        # the language is not known: the ordinal dot before a month name still holds
        ("und", "Die Explosion ereignete sich am 15. August in Moskau. Die Polizei kam.", 2),
    ],
)
def test_a_days_ordinal_dot_ends_no_sentence(lang: str, text: str, sentences: int) -> None:
    segments = segment_document(Document(id="d", text=text, lang=lang))
    assert len(segments) == sentences, [s.text for s in segments]
    # no statement ends with the day of a date: "am 15." / "August in Moskau."
    assert not any(re.search(r"(?<![\d.])\d{1,2}\.$", s.text) for s in segments[:1])


def test_abbreviations_in_the_tables_end_no_sentence() -> None:
    for text, lang in (("Es kamen ca. 100 Menschen. Dann gingen sie.", "de"), ("Było ok. 100 osób. Potem.", "pl")):
        assert len(segment_document(Document(id="d", text=text, lang=lang))) == 2


def test_the_real_german_article_keeps_its_dates() -> None:
    text = (REPO / "benchmarks/data/real/crocus_city_hall_attack_2024/07_de_wallstreet-online-dpa-afx.txt").read_text()
    document = Document(id="d", text=text, lang="de")
    analysed = analyse_document(document, segment_document(document), datetime.date(2024, 3, 23))
    assert [d.text for s in analysed for d in (s.facts.dates if s.facts else [])] == ["Samstag", "Freitagabend"]


# ----------------------------------------------------------------------------- planted disagreements


def statement(text: str, lang: str, doc: str) -> Segment:
    document = Document(id=doc, text=text, lang=lang)
    return analyse_document(document, segment_document(document), REFERENCE)[0]


def flags_between(text_a: str, lang_a: str, text_b: str, lang_b: str) -> list[Flag]:
    return flag_pair(statement(text_a, lang_a, "a"), statement(text_b, lang_b, "b"))


PLANTED = {
    "de": ("Der Anschlag ereignete sich am {d}. August 2024 in Moskau.", "{d}. August 2024"),
    "fr": ("L'attentat a eu lieu le {d} août 2024 à Moscou.", "{d} août 2024"),
    "es": ("El atentado ocurrió el {d} de agosto de 2024 en Moscú.", "{d} de agosto de 2024"),
    "pl": ("Do zamachu doszło {d} sierpnia w Moskwie.", "{d} sierpnia"),
    "sr": ("Напад се догодио {d}. августа 2024. године у Москви.", "{d}. августа 2024. године"),
    "hr": ("Napad se dogodio {d}. kolovoza 2024. u Moskvi.", "{d}. kolovoza 2024."),
}


@pytest.mark.parametrize("lang", sorted(PLANTED))
def test_a_planted_day_is_a_date_flag(lang: str) -> None:
    template, date_text = PLANTED[lang]
    found = flags_between(template.format(d="15"), lang, template.format(d="16"), lang)
    dates = [f for f in found if f.type == "date"]
    assert dates and dates[0].severity == "high", found
    assert dates[0].a is not None and dates[0].a.text == date_text.format(d="15")
    assert not flags_between(template.format(d="15"), lang, template.format(d="15"), lang)


def test_one_date_in_two_locales_is_not_flagged_and_another_is() -> None:
    de = "Der Anschlag ereignete sich am 15. August 2024."
    assert not flags_between(de, "de", "Atak nastąpił 15 sierpnia 2024 r.", "pl")
    assert not flags_between(de, "de", "El atentado ocurrió el 15 de agosto de 2024.", "es")
    found = flags_between(de, "de", "Напад се догодио 16. августа 2024. године.", "sr")
    assert [f.type for f in found] == ["date"] and found[0].severity == "high"


# ----------------------------------------------------------------------------- generated tables


def test_the_committed_tables_are_what_the_generator_writes() -> None:
    babel_core = pytest.importorskip("babel.core")
    from benchmarks import make_locale_tables

    header = (REPO / "claimcmp/data/numbers/de.toml").read_text(encoding="utf-8").splitlines()[1]
    if f"CLDR {babel_core.get_cldr_version()} " not in header:
        pytest.skip("another CLDR version than the committed tables were generated from")
    for lang in make_locale_tables.LANGUAGES:
        for family, text in make_locale_tables.build(lang).items():
            committed = (REPO / "claimcmp" / "data" / family / f"{lang}.toml").read_text(encoding="utf-8")
            assert committed == text, f"{family}/{lang}.toml is stale: run python -m benchmarks.make_locale_tables"
