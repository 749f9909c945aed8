"""Full fact analysis in German, French, Spanish, Polish and Serbian (both scripts): issue 19, items 4 and 5.

Each language: real sentences (from benchmarks/data/real, or written for the test) with the facts a reader
expects (the speaker and verb, numbers, dates, names and their keys), and a planted disagreement (one
statement in two renderings, a number, a date and a name changed) that must raise all three flags.
No model: statements are analysed as the pipeline analyses them.
"""

from __future__ import annotations

import datetime

import pytest

from claimcmp.analysis import analyse_document
from claimcmp.input import fact_rule_warnings, segment_document
from claimcmp.records import Document
from tests.test_flag_rules import flags_between, statement, types

LANGS = ("de", "fr", "es", "pl", "sr")


def test_each_new_language_has_all_fact_rules() -> None:
    assert fact_rule_warnings(LANGS) == ()


# (text, lang, speaker, verb, numbers, ISO dates, entity keys that must be found)
SENTENCES = [
    # real: benchmarks/data/real/georgia_parliamentary_election_2024/08_de_open4business.txt
    (
        "Er sagte, dass die regierende Partei Georgischer Traum die Wahlen mit 54,08 Prozent der "
        "Wählerstimmen gewonnen habe.",
        "de",
        None,
        None,
        [54.08],
        [],
        [],
    ),
    # real: benchmarks/data/real/crocus_city_hall_attack_2024/07_de_wallstreet-online-dpa-afx.txt
    (
        "Beim Wegräumen der Trümmer in der Konzerthalle des Zentrums hätten Einsatzkräfte weitere Leichen "
        "gefunden, teilte das Moskauer Ermittlungskomitee am Samstag bei Telegram mit.",
        "de",
        "das Moskauer Ermittlungskomitee",
        "teilte",
        [],
        ["2024-09-07"],
        ["telegram"],
    ),
    (
        "Bundeskanzler Olaf Scholz sagte am 15. August in Berlin, die Regierung werde 100.000 Euro bereitstellen.",
        "de",
        "Bundeskanzler Olaf Scholz",
        "sagte",
        [100000.0],
        ["2024-08-15"],
        ["scholz", "berlin"],
    ),
    (
        "Le président Emmanuel Macron a déclaré le 15 août à Paris que le gouvernement débloquerait 100 000 euros.",
        "fr",
        "Le président Emmanuel Macron",
        "déclaré",
        [100000.0],
        ["2024-08-15"],
        ["macron", "paris"],
    ),
    (
        "Le bilan s'élève à 2 946 morts, a annoncé le ministère de l'Intérieur.",
        "fr",
        "le ministère de l'Intérieur",
        "annoncé",
        [2946.0],
        [],
        [],
    ),
    (
        "El presidente Pedro Sánchez dijo el 15 de agosto en Madrid que el Gobierno destinará 100.000 euros.",
        "es",
        "El presidente Pedro Sánchez",
        "dijo",
        [100000.0],
        ["2024-08-15"],
        ["sanchez"],
    ),
    (
        "La cifra de muertos asciende a 2.946, informó el Ministerio del Interior.",
        "es",
        "el Ministerio del Interior",
        "informó",
        [2946.0],
        [],
        [],
    ),
    # real: benchmarks/data/real/crocus_city_hall_attack_2024/08_pl_rp.txt
    (
        "Michaił Muraszko, rosyjski minister zdrowia, przekazał, że stan 60 rannych jest poważny.",
        "pl",
        "Michaił Muraszko",
        "przekazał",
        [60.0],
        [],
        [],
    ),
    # real: benchmarks/data/real/morocco_earthquake_2023/07_pl_wnp.txt
    (
        "Liczba ofiar śmiertelnych trzęsienia ziemi, które nawiedziło w piątek wieczorem Maroko, wzrosła do 820, "
        "a rannych do co najmniej 672 - poinformowało w sobotę MSW tego kraju.",
        "pl",
        "MSW",
        "poinformowało",
        [820.0, 672.0],
        ["2024-09-06", "2024-09-07"],
        ["msw"],
    ),
    (
        "Premier Donald Tusk powiedział 15 sierpnia w Warszawie, że rząd przeznaczy 100 000 zł.",
        "pl",
        "Premier Donald Tusk",
        "powiedział",
        [100000.0],
        ["2024-08-15"],
        ["warsaw"],
    ),
    (
        "Predsednik Aleksandar Vučić izjavio je 15. avgusta u Beogradu da će vlada izdvojiti 100.000 dinara.",
        "sr",
        "Predsednik Aleksandar Vučić",
        "izjavio",
        [100000.0],
        ["2024-08-15"],
        ["vusik", "beohrad"],
    ),
    (
        "Председник Александар Вучић изјавио је 15. августа у Београду да ће влада издвојити 100.000 динара.",
        "sr",
        "Председник Александар Вучић",
        "изјавио",
        [100000.0],
        ["2024-08-15"],
        ["vusik", "beohrad"],
    ),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "verb", "numbers", "dates", "keys"), SENTENCES)
def test_real_sentences_give_their_facts(
    text: str, lang: str, speaker: str | None, verb: str | None, numbers: list[float], dates: list[str], keys: list[str]
) -> None:
    facts = statement(text, lang).facts
    attribution = facts.attribution
    assert (attribution.speaker if attribution else None) == speaker
    assert (attribution.verb if attribution else None) == verb
    assert [q.value for q in facts.numbers] == numbers
    assert [d.value for d in facts.dates] == dates
    assert set(keys) <= {e.key for e in facts.entities}


@pytest.mark.parametrize(
    ("quoted", "lang", "speaker"),
    [
        ("„Wir lassen niemanden im Stich“, sagte Scholz.", "de", "Scholz"),
        ("« Nous ne laisserons personne tomber », a déclaré Macron.", "fr", "Macron"),
        ("«No dejaremos a nadie atrás», afirmó Sánchez.", "es", "Sánchez"),
        ("„Nikogo nie zostawimy”, zapewnił Tusk.", "pl", "Tusk"),
        ("„Nikoga nećemo ostaviti“, rekao je Vučić.", "sr", "Vučić"),
        ("„Никога нећемо оставити“, рекао је Вучић.", "sr", "Вучић"),
    ],
)
def test_a_quotation_in_each_language_has_its_speaker(quoted: str, lang: str, speaker: str) -> None:
    quotes = statement(quoted, lang).facts.quotes
    assert [q.speaker for q in quotes] == [speaker]


def test_german_common_nouns_are_not_names() -> None:
    facts = statement("Nach Angaben der Behörden kamen mindestens 630 Menschen ums Leben, 15 Prozent mehr.", "de").facts
    assert facts.entities == ()


def test_serbian_latin_and_cyrillic_renderings_of_a_name_share_a_key() -> None:
    latin = statement("Predsednik Aleksandar Vučić doputovao je u Beograd.", "sr").facts.entities
    cyrillic = statement("Председник Александар Вучић допутовао је у Београд.", "sr").facts.entities
    assert [e.key for e in latin] == [e.key for e in cyrillic]


def test_a_day_before_its_month_does_not_end_a_sentence() -> None:
    facts = statement("Die Wahl fand am 15. August statt.", "de").facts
    assert [d.value for d in facts.dates] == ["2024-08-15"]


# one statement in two renderings: the number, the date and the place changed
PLANTED = [
    (
        "Bundeskanzler Olaf Scholz sagte am 15. August in Berlin, 630 Menschen seien gestorben.",
        "Bundeskanzler Olaf Scholz sagte am 16. August in Paris, 730 Menschen seien gestorben.",
        "de",
    ),
    (
        "Le président Emmanuel Macron a déclaré le 15 août à Paris que 630 personnes sont mortes.",
        "Le président Emmanuel Macron a déclaré le 16 août à Berlin que 730 personnes sont mortes.",
        "fr",
    ),
    (
        "El presidente Pedro Sánchez dijo el 15 de agosto en Moscú que murieron 630 personas.",
        "El presidente Pedro Sánchez dijo el 16 de agosto en París que murieron 730 personas.",
        "es",
    ),
    (
        "Premier Donald Tusk powiedział 15 sierpnia w Warszawie, że zginęło 630 osób.",
        "Premier Donald Tusk powiedział 16 sierpnia w Berlinie, że zginęło 730 osób.",
        "pl",
    ),
    (
        "Predsednik Aleksandar Vučić izjavio je 15. avgusta u Moskvi da je poginulo 630 ljudi.",
        "Predsednik Aleksandar Vučić izjavio je 16. avgusta u Berlinu da je poginulo 730 ljudi.",
        "sr",
    ),
    (
        "Председник Александар Вучић изјавио је 15. августа у Москви да је погинуло 630 људи.",
        "Председник Александар Вучић изјавио је 16. августа у Берлину да је погинуло 730 људи.",
        "sr",
    ),
]


@pytest.mark.parametrize(("a", "b", "lang"), PLANTED)
def test_a_planted_number_date_and_name_are_flagged(a: str, b: str, lang: str) -> None:
    assert {"number", "date", "entity"} <= types(flags_between(a, lang, b, lang))


@pytest.mark.parametrize(("a", "b", "lang"), PLANTED)
def test_the_same_statement_is_not_flagged(a: str, b: str, lang: str) -> None:
    assert not types(flags_between(a, lang, a, lang)) & {"number", "date", "entity", "speaker"}


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("»Wir lassen niemanden im Stich. Das ist klar«, sagte Scholz.", "de", "Scholz"),
        ("„Nikogo nie zostawimy. To pewne”, zapewnił Tusk.", "pl", "Tusk"),
    ],
)
def test_a_quotation_of_two_sentences_in_the_language_s_own_marks_is_one_quotation(
    text: str, lang: str, speaker: str
) -> None:
    # each sentence is a statement of its own; both carry the quotation's id and its speaker
    document = Document(id="d", text=text, lang=lang)
    segments = analyse_document(document, segment_document(document), datetime.date(2024, 1, 1))
    assert len(segments) == 2 and segments[0].quote_id is not None
    assert {s.quote_id for s in segments} == {segments[0].quote_id}
    assert [[q.speaker for q in s.facts.quotes] for s in segments] == [[speaker], [speaker]]


@pytest.mark.parametrize(
    ("text", "speaker", "verb"),
    [
        # the cue after its speaker, the genitive after the cue, a lower-case verb ending the phrase
        ("Der Polizei zufolge wurden 40 Menschen getötet.", "Der Polizei", None),
        ("Scholz zufolge starben 2000 Menschen.", "Scholz", None),
        ("Laut Polizei wurden 40 Menschen getötet.", "Polizei", None),
        ("Nach Angaben des russischen Innenministeriums starben 2000 Menschen.", "russischen Innenministeriums", None),
        ("Laut dem russischen Gesundheitsministerium liegen 60 Verletzte im Krankenhaus.",
         "dem russischen Gesundheitsministerium", None),
        ("Wie das Innenministerium mitteilte, starben 2000 Menschen.", "das Innenministerium", "mitteilte"),
    ],
)  # fmt: skip
def test_german_attributions_name_their_source(text: str, speaker: str, verb: str | None) -> None:
    attribution = statement(text, "de").facts.attribution
    assert attribution is not None
    assert (attribution.speaker, attribution.verb) == (speaker, verb)
