from __future__ import annotations

import pytest

from claimcmp.input.languages import detect_language, load_languages
from claimcmp.input.reading import read_document

from .conftest import SEEDS


def test_seed_languages() -> None:
    langs = [read_document(p).lang for p in sorted(SEEDS.glob("*.txt"))]
    assert langs == ["ru", "ru", "bg", "uk", "ru"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Президент заявил, что страны будут развивать отношения.", "ru"),
        ("Президент заявив, що країни будуть розвивати відносини.", "uk"),
        ("Президентът заяви, че двете страни ще развиват отношенията си.", "bg"),
        ("The president said that the two countries will develop their ties.", "en"),
        ("12 345 678", "und"),
    ],
)
def test_detect_short_texts(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_every_language_file_has_the_fields_code_relies_on() -> None:
    languages = load_languages()
    assert {"ru", "uk", "bg", "en"} <= set(languages)
    for code, lang in languages.items():
        assert lang.code == code
        assert lang.stopwords and lang.abbreviations and lang.boilerplate


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Прэзідэнт заявіў, што краіны будуць развіваць адносіны ў гэтым годзе.", "be"),
        ("Претседателот изјави дека двете земји ќе ги развиваат односите меѓу себе.", "mk"),
        ("Председник је изјавио да ће земље развијати односе и сарадњу између себе.", "sr"),
    ],
)
def test_neighbouring_cyrillic_languages(text: str, lang: str) -> None:
    assert detect_language(text) == lang
