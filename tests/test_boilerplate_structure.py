"""Boilerplate by structure: an end marker ends the article only when furniture follows it (issue 19).

No model: segmentation only. Each case failed before the decision by structure
(the marker cut every line after it; a title after navigation lines was a teaser).
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

import pytest

from claimcmp.input.segmentation import boilerplate_paragraphs, segment_document, shared_lines
from claimcmp.records import Document


def kinds(text: str, lang: str = "en", shared: frozenset[str] = frozenset()) -> dict[str, str]:
    document = Document(id="d", text=text, lang=lang)
    return {s.text: s.kind for s in segment_document(document, keep_boilerplate=True, shared=shared)}


ARTICLE = [
    "The rescue teams reached the village on Saturday after the road was cleared of rocks.",
    "Officials said at least 40 people were taken to hospital in the regional capital.",
    "The government promised to rebuild the school that collapsed during the night.",
    "Aid convoys from three neighbouring provinces are expected to arrive on Monday morning.",
]


def test_a_marker_in_the_middle_keeps_the_article_sentences_after_it() -> None:
    text = "\n\n".join([ARTICLE[0], ARTICLE[1], "Most read", *ARTICLE[2:]])
    found = kinds(text)
    assert found["Most read"] == "boilerplate"
    assert [found[s] for s in ARTICLE] == ["sentence"] * 4


def test_a_headline_list_after_a_marker_is_dropped_and_the_article_goes_on() -> None:
    widget = [
        "Читайте также",
        "В Киеве открылся новый мост через Днепр после ремонта",
        "12:30, 01.12.2025",
        "Курс гривны снова обновил годовой минимум на межбанке",
        "11:05, 01.12.2025",
    ]
    article = [
        "Спасатели продолжают разбирать завалы в центре города, сообщили в МЧС.",
        "По последним данным, погибли 12 человек, ещё 30 получили ранения.",
        "Власти объявили в регионе трёхдневный траур по погибшим.",
        "Губернатор пообещал выплатить компенсации семьям пострадавших до конца месяца.",
    ]
    text = "\n".join([*article[:2], *widget, *article[2:]])
    document = Document(id="d", text=text, lang="ru")
    segments = segment_document(document)
    assert [s.text for s in segments] == article


def test_a_list_of_other_stories_after_the_article_is_dropped_even_without_a_marker() -> None:
    headlines = [
        "Drones shooed the base of nuclear submarines in France — the marines ran like cockroaches",
        "The world's first AI minister got caught on bribes",
        "Politico: Belgium dealt a serious blow to Ukraine",
        "What concessions? Witkoff will only convey Russia's position to Umerov",
    ]
    document = Document(id="d", text="\n".join([*ARTICLE, *headlines]), lang="en")
    assert [s.text for s in segment_document(document)] == ARTICLE


def test_an_article_sentence_after_read_also_stays() -> None:
    text = "\n".join([ARTICLE[0], "Read also:", ARTICLE[1], ARTICLE[2]])
    found = kinds(text)
    assert found["Read also:"] == "boilerplate"
    assert found[ARTICLE[1]] == "sentence"


def test_the_headline_after_read_also_goes() -> None:
    teaser = "Stocks slide as oil prices climb to a three-year high"
    found = kinds("\n".join([ARTICLE[0], "Read also:", teaser, ARTICLE[1]]))
    assert found[teaser] == "boilerplate"
    assert found[ARTICLE[1]] == "sentence"


def test_a_title_after_navigation_lines_is_not_a_teaser() -> None:
    title = "Rescue teams reach the cut-off mountain village after two days of work"
    text = "\n\n".join(["Home.", "World.", title, *ARTICLE])
    assert kinds(text)[title] != "boilerplate"


def test_a_line_that_other_documents_of_the_run_share_is_furniture_but_a_shared_sentence_is_not() -> None:
    first = "\n".join(["Ukrainian Time", ARTICLE[0], ARTICLE[1]])
    second = "\n".join(["Ukrainian Time", ARTICLE[0], ARTICLE[2]])  # a wire copy: one sentence in common
    shared = shared_lines([first, second])
    found = kinds(first, shared=shared)
    assert found["Ukrainian Time"] == "boilerplate"
    assert found[ARTICLE[0]] == "sentence"


def test_a_login_form_after_back_to_site_is_furniture_to_the_end() -> None:
    paragraphs = [
        ARTICLE[0],
        "Comments",
        "The field User name must not be empty.",
        "The field E-mail must not be empty.",
        "The field Password must not be empty.",
    ]
    assert boilerplate_paragraphs(paragraphs) == {1, 2, 3, 4}


def test_the_real_furniture_family_is_what_its_script_builds(tmp_path: Path) -> None:
    from benchmarks import make_furniture_sets

    with mock.patch.object(sys, "argv", ["make_furniture_sets", "--out", str(tmp_path)]):
        make_furniture_sets.main()
    committed = make_furniture_sets.OUT
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    for relative in built:
        assert (tmp_path / relative).read_bytes() == (committed / relative).read_bytes(), relative


def test_a_text_of_headlines_alone_keeps_them() -> None:
    headlines = [
        "Drones shooed the base of nuclear submarines in France",
        "The world's first AI minister got caught on bribes",
        "Politico: Belgium dealt a serious blow to Ukraine",
    ]
    assert boilerplate_paragraphs(headlines) == set()


@pytest.mark.parametrize(
    ("lang", "lead_in", "advert", "before", "after"),
    [
        (
            "de",
            "Lesen Sie auch:",
            "Anzeige",
            "Das Erdbeben der Stärke 6,8 hat nach Angaben des Ministeriums mehr als 2000 Menschen getötet.",
            "Die Rettungskräfte suchen in den Bergdörfern weiter nach Verschütteten, teilte das Ministerium mit.",
        ),
        (
            "fr",
            "Lire aussi :",
            "Publicité",
            "Le séisme de magnitude 6,8 a fait plus de 2000 morts, selon le ministère de l'Intérieur.",
            "Les secouristes poursuivent les recherches dans les villages de montagne, a indiqué le ministère.",
        ),
        (
            "es",
            "Lee también:",
            "Publicidad",
            "El terremoto de magnitud 6,8 causó más de 2000 muertos, según el Ministerio del Interior.",
            "Los rescatistas siguen buscando a personas atrapadas en las aldeas de montaña, informó el ministerio.",
        ),
        (
            "pl",
            "Czytaj też:",
            "Reklama",
            "Trzęsienie ziemi o magnitudzie 6,8 zabiło ponad 2000 osób, podało ministerstwo spraw wewnętrznych.",
            "Ratownicy wciąż szukają zasypanych w górskich wioskach, przekazało ministerstwo.",
        ),
    ],
)
def test_a_language_file_names_its_lead_ins_and_adverts(
    lang: str, lead_in: str, advert: str, before: str, after: str
) -> None:
    # the teaser after "Lesen Sie auch:" reads like a title and "Anzeige" like a heading; only the
    # language's own words tell them apart (claimcmp/data/languages/<lang>.toml)
    teaser = "Hilfsorganisationen rufen zu Spenden auf"
    text = "\n\n".join([before, lead_in, teaser, after, advert, ARTICLE[0]])
    found = kinds(text, lang)
    assert found[lead_in] == found[teaser] == found[advert] == "boilerplate"
    assert found[before] == found[after] == "sentence"
