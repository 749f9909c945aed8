"""Quotations, speakers, sources, reported speech and polarity (claimcmp.analysis.speech).

Expected values are written by hand from the articles; spans are found with
``str.index`` on the segment's text, never taken from the code under test.
"""

from __future__ import annotations

import ast
import random
import time
import tomllib
from functools import cache
from typing import get_args

import pytest

from claimcmp.analysis.quotes import find_quotations
from claimcmp.analysis.speech import analyse_speech
from claimcmp.input.reading import read_document
from claimcmp.input.segmentation import segment_document
from claimcmp.records import Cut, Document, Facts, Quote, Segment, SegmentKind, Stance

from .conftest import HANG_GUARD_SECONDS, REPO, SEEDS, python_steps

Pairs = list[tuple[Segment, Facts]]


def analyse_text(text: str, lang: str, doc_id: str = "t") -> Pairs:
    segments = segment_document(Document(id=doc_id, text=text, lang=lang))
    facts = analyse_speech(segments)
    assert len(facts) == len(segments)
    return list(zip(segments, facts, strict=True))


@cache
def _seed(prefix: str) -> tuple[tuple[Segment, Facts], ...]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    segments = segment_document(read_document(path))
    return tuple(zip(segments, analyse_speech(segments), strict=True))


def seed(prefix: str) -> Pairs:
    return list(_seed(prefix))


def at(pairs: Pairs, fragment: str) -> tuple[Segment, Facts]:
    """The one segment containing ``fragment``."""
    hits = [(s, f) for s, f in pairs if fragment in s.text]
    assert len(hits) == 1, (fragment, [s.text for s, _ in hits])
    return hits[0]


def span(text: str, fragment: str, after: str = "") -> tuple[int, int]:
    """Where ``fragment`` is in ``text`` (the first time after ``after``)."""
    start = text.index(fragment, text.index(after) + len(after) if after else 0)
    return start, start + len(fragment)


def only_quote(facts: Facts) -> Quote:
    assert len(facts.quotes) == 1, facts.quotes
    return facts.quotes[0]


# ---------------------------------------------------------------------------------------------------------------------
# the seeds


def test_seeds_spans_are_exact_everywhere() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        for segment, facts in seed(prefix):
            for quote in facts.quotes:
                assert segment.text[quote.span[0] : quote.span[1]] == quote.text
                assert quote.speaker_key is None and quote.via_key is None and quote.reported_by_key is None
            if facts.negation_span:
                assert 0 <= facts.negation_span[0] < facts.negation_span[1] <= len(segment.text)
            if facts.attribution and facts.attribution.speaker_span:
                start, end = facts.attribution.speaker_span
                assert 0 <= start < end <= len(segment.text)


def test_000_partial_quote_of_putin_through_voa_and_ctak() -> None:
    segment, facts = at(seed("000"), "дальнейшее наращивание")
    quote = only_quote(facts)
    words = "дальнейшее наращивание всего комплекса конструктивных двусторонних связей"
    assert quote.text == words and quote.span == span(segment.text, words)
    assert quote.speaker == "Президент России Владимир Путин"
    assert quote.speaker_span == span(segment.text, "Президент России Владимир Путин")
    assert quote.verb == "заявил"
    assert quote.partial
    assert (quote.via, quote.reported_by) == ("ЦТАК", "ГОЛОС АМЕРИКИ")
    assert quote.quote_id == segment.quote_id
    assert facts.attribution is not None and facts.attribution.speaker == "Президент России Владимир Путин"


def test_000_source_statement_separates_outlet_and_agency() -> None:
    _, facts = at(seed("000"), "Об этом сообщает ГОЛОС АМЕРИКИ")
    attribution = facts.attribution
    assert attribution is not None
    assert attribution.speaker is None
    assert (attribution.via, attribution.reported_by, attribution.verb) == ("ЦТАК", "ГОЛОС АМЕРИКИ", "сообщает")
    assert facts.quotes == ()


def test_000_quote_attributed_at_the_end_of_a_long_sentence() -> None:
    segment, facts = at(seed("000"), "«Стратегическое и тактическое")
    quote = only_quote(facts)
    words = "Стратегическое и тактическое сотрудничество, поддержка и солидарность между двумя странами поднимаются на новый уровень"  # noqa: E501
    assert quote.text == words and quote.span == (1, 1 + len(words))
    assert quote.speaker == "Ким Чен Ына"
    assert quote.speaker_span == span(segment.text, "Ким Чен Ына")
    assert quote.verb == "говорится"
    assert quote.partial  # the sentence goes on after the quote: "… уровень» для устранения угроз …"
    assert (quote.via, quote.reported_by) == ("ЦТАК", "ГОЛОС АМЕРИКИ")


def test_000_multi_sentence_quote_is_one_quote_with_the_speaker_found_at_its_end() -> None:
    pairs = seed("000")
    first, first_facts = at(pairs, "«В ответ на столь недружественный акт")
    second, second_facts = at(pairs, "Политические и экономические контакты")
    a, b = only_quote(first_facts), only_quote(second_facts)
    ministry = "украинское внешнеполитическое ведомство"
    assert a.text == first.text[1:] and a.text.endswith("Республикой.")
    assert b.text == (
        "Политические и экономические контакты с КНДР не осуществляются из-за наложенных на эту страну "
        "международных санкций"
    )
    assert b.span == (0, len(b.text))
    assert a.quote_id == b.quote_id == first.quote_id == second.quote_id is not None
    assert a.speaker == b.speaker == ministry
    assert a.speaker_span is None  # the ministry is named in the next segment
    assert b.speaker_span == span(second.text, ministry)
    assert a.verb == b.verb == "заявило"
    assert not a.partial and not b.partial
    assert first_facts.attribution is not None and first_facts.attribution.speaker == ministry
    assert second_facts.negated and second_facts.negation_span == span(second.text, "не", "КНДР")
    assert second_facts.stance == "denied"


def test_000_scare_quote_and_reported_speech_with_generic_agency() -> None:
    pairs = seed("000")
    _, facts = at(pairs, "«народные республики»")
    assert facts.quotes == ()
    segment, facts = at(pairs, "Путин указал, что более тесные")
    assert facts.quotes == ()
    attribution = facts.attribution
    assert attribution is not None
    assert attribution.speaker == "Путин" and attribution.speaker_span == span(segment.text, "Путин", "освобождения")
    assert attribution.verb == "указал"
    # "сообщило агентство" is the agency named before: ЦТАК, relayed by VOA
    assert (attribution.via, attribution.reported_by) == ("ЦТАК", "ГОЛОС АМЕРИКИ")
    _, facts = at(pairs, "в котором отметил")
    assert facts.attribution is not None and facts.attribution.speaker == "Ким Чен Ын"


def test_001_partial_quotes_and_sources() -> None:
    pairs = seed("001")
    segment, facts = at(pairs, "«расширять всесторонние")
    quote = only_quote(facts)
    assert quote.speaker == "Президент России" and quote.speaker_span == (0, len("Президент России"))
    assert quote.partial and quote.verb == "заявил"
    assert quote.via == "государственные СМИ"  # "сообщили в понедельник государственные СМИ в Пхеньяне"
    segment, facts = at(pairs, "Путин сказал, что «более тесные связи")
    quote = only_quote(facts)
    assert quote.text.startswith("более тесные связи будут") and quote.text.endswith("Северо-Восточной Азии")
    assert quote.speaker == "Путин" and quote.speaker_span == span(segment.text, "Путин")
    assert quote.partial and quote.verb == "сказал"
    assert quote.via == "KCNA"  # "Об этом сообщает северокорейское информационное агентство KCNA."
    assert quote.reported_by is None


def test_001_reported_speech_without_quotes() -> None:
    pairs = seed("001")
    _segment, facts = at(pairs, "Джавад Оуджи заявил")
    attribution = facts.attribution
    assert attribution is not None
    assert attribution.speaker == "Министр нефти Ирана Джавад Оуджи"
    assert attribution.speaker_span == (0, len("Министр нефти Ирана Джавад Оуджи"))
    assert (attribution.verb, attribution.via, attribution.reported_by) == ("заявил", "Express", None)
    _, facts = at(pairs, "Киев заявил")
    assert facts.attribution is not None and facts.attribution.speaker == "Киев"
    _, facts = at(pairs, "По сообщениям российских государственных СМИ")
    assert facts.attribution is not None
    assert facts.attribution.speaker is None and facts.attribution.via == "российских государственных СМИ"
    _, facts = at(pairs, "не менее 60 боеголовок")
    assert not facts.negated and facts.stance == "asserted"
    _, facts = at(pairs, "Путин будет налаживать")  # the title
    assert facts.stance == "unknown"


def test_002_kim_letter_through_kcna_relayed_by_reuters() -> None:
    pairs = seed("002")
    segment, facts = at(pairs, '"Твърдо съм убеден')
    quote = only_quote(facts)
    assert quote.text.startswith("Твърдо съм убеден") and quote.text.endswith("изискванията на новата ера")
    assert quote.speaker == "Ким" and quote.speaker_span == span(segment.text, "Ким", "писмото на ")
    assert quote.verb == "се казва" and not quote.partial
    assert (quote.via, quote.reported_by) == ("КЦНА", "Ройтерс")
    # "се казва още в него": "it" is the letter of the previous speaker
    segment, facts = at(pairs, '"Двете страни винаги')
    quote = only_quote(facts)
    assert quote.speaker == "Ким" and quote.speaker_span == span(segment.text, "него")
    assert (quote.via, quote.reported_by) == ("КЦНА", "Ройтерс")


def test_002_putin_letter_cited_by_kcna() -> None:
    segment, facts = at(seed("002"), '"Сигурен съм')
    quote = only_quote(facts)
    assert quote.speaker == "Путин" and quote.speaker_span == span(segment.text, "Путин", "писмото на ")
    assert quote.via == "КЦНА"  # "цитирано от КЦНА": its own source, the document's too
    assert quote.reported_by == "Ройтерс"
    assert facts.attribution is not None and facts.attribution.speaker == "Путин"


def test_002_partial_quotes_in_reported_speech() -> None:
    pairs = seed("002")
    segment, facts = at(pairs, '"дългосрочни стратегически отношения"')
    quote = only_quote(facts)
    assert quote.text == "дългосрочни стратегически отношения" and quote.partial
    assert quote.speaker == "Ким" and quote.speaker_span == span(segment.text, "Ким", "което ")
    assert (quote.verb, quote.via, quote.reported_by) == ("нарече", "КЦНА", "Ройтерс")
    segment, facts = at(pairs, "севернокорейският лидер заявява")
    quote = only_quote(facts)
    assert quote.speaker == "севернокорейският лидер"
    assert quote.speaker_span == span(segment.text, "севернокорейският лидер")
    assert quote.partial and (quote.via, quote.reported_by) == ("КЦНА", "Ройтерс")


def test_002_denial() -> None:
    segment, facts = at(seed("002"), "напълно отрекоха")
    assert facts.stance == "denied"
    assert facts.negated and facts.negation_span == span(segment.text, "отрекоха")
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.verb) == ("Пхенян и Москва", "отрекоха")
    _, facts = at(seed("002"), "В посланието си до Ким Путин")
    assert facts.attribution is not None and facts.attribution.speaker == "Путин"


def test_003_quotes_through_the_guardian() -> None:
    pairs = seed("003")
    segment, facts = at(pairs, "Це повністю довела")
    quote = only_quote(facts)
    assert quote.speaker == "Путін" and quote.speaker_span == span(segment.text, "Путін")
    assert quote.verb == "заявив" and not quote.partial and quote.via == "The Guardian"
    segment, facts = at(pairs, "Росія ніколи не забуде")
    quote = only_quote(facts)
    assert quote.text == "Росія ніколи не забуде північнокорейських військ, які воювали ціною власного життя"
    assert quote.speaker == "Володін" and quote.speaker_span == span(segment.text, "Володін")
    assert facts.negated and facts.negation_span == span(segment.text, "ніколи не") and facts.stance == "denied"
    _, facts = at(pairs, "Про це 15 серпня повідомляє The Guardian")
    assert facts.attribution is not None and facts.attribution.via == "The Guardian"


def test_003_short_fragments_after_a_speech_verb_are_partial_quotes() -> None:
    pairs = seed("003")
    _, facts = at(pairs, '"героїчну участь"')
    quote = only_quote(facts)
    assert quote.text == "героїчну участь" and quote.partial
    assert quote.speaker == "Російський диктатор" and quote.speaker_span == (0, len("Російський диктатор"))
    assert quote.verb == "подякував"
    _segment, facts = at(pairs, '"героїчними"')
    assert [q.text for q in facts.quotes] == ["героїчними", "військову дружбу"]
    assert {q.speaker for q in facts.quotes} == {"Правитель РФ"}
    assert [q.verb for q in facts.quotes] == ["назвав", "нагадав"]
    assert facts.quotes[0].quote_id != facts.quotes[1].quote_id
    _, facts = at(pairs, '"Пентагон"')
    assert facts.quotes == ()


def test_003_pronoun_speaker_resolves_to_the_name_before() -> None:
    _segment, facts = at(seed("003"), "Він також подякував")
    quote = only_quote(facts)
    assert quote.text == "чудових солдатів" and quote.partial
    assert quote.speaker == "В’ячеслав Володін"
    assert quote.speaker_span == (0, len("Він"))
    assert facts.attribution is not None and facts.attribution.speaker == "В’ячеслав Володін"


def test_003_confirmation_and_hedge() -> None:
    pairs = seed("003")
    segment, facts = at(pairs, "вперше офіційно підтвердила")
    assert facts.stance == "confirmed" and not facts.negated
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.verb) == ("КНДР", "підтвердила")
    assert facts.attribution.speaker_span == span(segment.text, "КНДР")
    _, facts = at(pairs, "не виключає")
    assert not facts.negated and facts.stance == "asserted"
    assert facts.attribution is not None and facts.attribution.speaker == "Сеул"
    _, facts = at(pairs, "За даними південнокорейської розвідки")
    assert facts.attribution is not None and facts.attribution.speaker == "південнокорейської розвідки"
    _, facts = at(pairs, "Поглиблення військової співпраці")  # a heading
    assert facts.stance == "unknown"


def test_004_multi_sentence_quote_cited_by_the_agency() -> None:
    pairs = seed("004")
    first, first_facts = at(pairs, "«Примите мои искренние поздравления")
    second, second_facts = at(pairs, "Я уверен, что совместными усилиями")
    a, b = only_quote(first_facts), only_quote(second_facts)
    assert a.quote_id == b.quote_id == first.quote_id == second.quote_id is not None
    assert b.text.endswith("между Россией и КНДР")  # without the comma before the closing mark
    assert a.speaker == b.speaker == "Путин"
    assert b.speaker_span == span(second.text, "Путин") and a.speaker_span is None
    # "которое цитирует агентство": the agency is ЦТАК, named in "Об этом сообщило … (ЦТАК)"
    assert a.via == b.via == "ЦТАК"
    assert a.verb == "отметил"


def test_004_names_in_quotes_negation_bounds_and_the_sentence_before_the_source() -> None:
    pairs = seed("004")
    _, facts = at(pairs, "«Единая Россия»")
    assert facts.quotes == ()
    assert facts.attribution is not None
    assert facts.attribution.speaker == "Центральный комитет Трудовой партии Кореи (ТПК)"
    segment, facts = at(pairs, "«Наши народы должны не только")
    quote = only_quote(facts)
    assert quote.speaker == "президент Путин" and quote.speaker_span == span(segment.text, "президент Путин")
    assert not facts.negated and facts.stance == "asserted"
    _, facts = at(pairs, "В своем обращении Путин выразил")
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.via) == ("Путин", "ЦТАК")
    _, facts = at(pairs, "которые подтвердила высокий уровень")  # a confirmation verb in a relative clause
    assert facts.stance == "asserted"
    _, facts = at(pairs, "Стоит отметить, что ранее")
    assert facts.attribution is not None and facts.attribution.speaker == "Путин"


# ---------------------------------------------------------------------------------------------------------------------
# quotation styles


@pytest.mark.parametrize(
    ("opener", "closer"), [("«", "»"), ("„", "“"), ("„", "”"), ("“", "”"), ('"', '"'), ("‘", "’"), ("‹", "›")]
)
def test_every_quotation_style(opener: str, closer: str) -> None:
    text = f"{opener}Мы не отступим{closer}, — заявил Путин."
    (segment, facts), *_ = analyse_text(text, "ru")
    quote = only_quote(facts)
    assert quote.text == "Мы не отступим" and quote.span == (1, 1 + len("Мы не отступим"))
    assert quote.speaker == "Путин" and quote.speaker_span == span(segment.text, "Путин")
    assert quote.verb == "заявил" and not quote.partial


def test_apostrophes_are_not_quotation_marks() -> None:
    assert find_quotations("Він пов’язує це з В’ячеславом, don’t") == []
    assert find_quotations("‘yes’ and don’t") == [(0, 4)]


def test_dash_speech_with_remarks() -> None:
    text = (
        "Министърът на отбраната заяви:\n\n"
        "– Няма да изпращаме войски. Това е позицията ни – заяви той пред журналисти. – Решението е окончателно.\n\n"
        "– Да, бъркаме в много неща, каза Любомиров"
    )
    pairs = analyse_text(text, "bg")
    first, first_facts = at(pairs, "Няма да изпращаме")
    second, second_facts = at(pairs, "Това е позицията ни")
    _third, third_facts = at(pairs, "бъркаме")
    assert only_quote(first_facts).text == "Няма да изпращаме войски."
    assert [q.text for q in second_facts.quotes] == ["Това е позицията ни", "Решението е окончателно."]
    for quote in (*first_facts.quotes, *second_facts.quotes):
        assert quote.speaker == "Министърът на отбраната" and quote.verb == "заяви" and not quote.partial
    assert len({q.quote_id for q in (*first_facts.quotes, *second_facts.quotes)}) == 1
    assert second_facts.quotes[0].speaker_span == span(second.text, "той")
    assert first_facts.negated and first_facts.negation_span == span(first.text, "Няма да")
    quote = only_quote(third_facts)
    assert quote.text == "Да, бъркаме в много неща" and quote.speaker == "Любомиров"


def test_a_dash_after_a_colon_without_a_speech_verb_is_a_list() -> None:
    pairs = analyse_text("Участниците са:\n\n– министрите на отбраната и на външните работи.", "bg")
    assert all(f.quotes == () for _, f in pairs)


def test_english_quotes_pronouns_and_continuation() -> None:
    text = (
        'Russian President Vladimir Putin said on Tuesday that closer ties would "benefit both countries". '
        '"The two countries will always win," he said. "This is our common goal." '
        '"No," said Peskov.'
    )
    pairs = analyse_text(text, "en")
    segment, facts = at(pairs, "benefit both countries")
    quote = only_quote(facts)
    assert quote.speaker == "Russian President Vladimir Putin" and quote.partial and quote.verb == "said"
    segment, facts = at(pairs, "will always win")
    quote = only_quote(facts)
    assert quote.text == "The two countries will always win"  # the comma inside the marks is no part of it
    assert quote.speaker == "Russian President Vladimir Putin" and quote.speaker_span == span(
        segment.text, "he", 'win,"'
    )
    _, facts = at(pairs, "This is our common goal")
    assert only_quote(facts).speaker == "Russian President Vladimir Putin"
    segment, facts = at(pairs, '"No," said Peskov')
    quote = only_quote(facts)
    assert quote.text == "No" and quote.speaker == "Peskov" and not quote.partial


# ---------------------------------------------------------------------------------------------------------------------
# names and scare quotes, partial quotes


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Центральный комитет высказал надежду на развитие связей с партией «Единая Россия».", "ru"),
        ("Так называемые «мирные инициативы» были отвергнуты в июле этого года.", "ru"),
        ("В июле Северная Корея признала две сепаратистские «народные республики» на востоке Украины.", "ru"),
        ('Бійці підрозділу "Пентагон" показали кадри незвичайного трофея.', "uk"),
        ('Източник разкри, че двамата се познават от снимачната площадка на филма "Коледа в рая".', "bg"),
        ('The so-called "people\'s republics" were recognised by Pyongyang in July.', "en"),
    ],
)
def test_names_and_scare_quotes_are_not_quotations(text: str, lang: str) -> None:
    assert all(f.quotes == () for _, f in analyse_text(text, lang))


@pytest.mark.parametrize(
    ("text", "lang", "words", "speaker", "verb"),
    [
        ("Путин назвал войска «героическими» и поблагодарил Кима.", "ru", "героическими", "Путин", "назвал"),
        (
            'Ким нарече връзките "дългосрочни стратегически отношения".',
            "bg",
            "дългосрочни стратегически отношения",
            "Ким",
            "нарече",
        ),
        ('Зеленський назвав це "ганебним рішенням" Кремля.', "uk", "ганебним рішенням", "Зеленський", "назвав"),
        ('Putin called the troops "heroic" in his letter.', "en", "heroic", "Putin", "called"),
        ("Он сказал «нет».", "ru", "нет", None, "сказал"),
    ],
)
def test_short_fragments_attributed_by_a_speech_verb_are_partial_quotes(
    text: str, lang: str, words: str, speaker: str | None, verb: str
) -> None:
    (segment, facts), *_ = analyse_text(text, lang)
    quote = only_quote(facts)
    assert quote.text == words and quote.span == span(segment.text, words)
    assert quote.speaker == speaker and quote.verb == verb


def test_a_short_quote_right_before_its_attribution_is_a_full_quote() -> None:
    (_segment, facts), *_ = analyse_text("«Нет», — ответил Песков.", "ru")
    quote = only_quote(facts)
    assert (quote.text, quote.speaker, quote.partial) == ("Нет", "Песков", False)


def test_colon_introduces_a_full_quote_and_a_headline_speaker() -> None:
    pairs = analyse_text(
        "Песков заявил: «Мы не будем комментировать эти сообщения».\n\n"
        "Илиян Любомиров: Родителите имат нужда от спокойствие",
        "ru",
    )
    _, facts = pairs[0]
    quote = only_quote(facts)
    assert quote.text == "Мы не будем комментировать эти сообщения" and not quote.partial
    assert quote.speaker == "Песков" and quote.speaker_span == (0, 6)
    _segment, facts = pairs[1]
    assert facts.attribution is not None and facts.attribution.speaker == "Илиян Любомиров"
    assert facts.attribution.speaker_span == (0, len("Илиян Любомиров"))


# ---------------------------------------------------------------------------------------------------------------------
# reported speech


@pytest.mark.parametrize(
    ("text", "lang", "speaker", "verb"),
    [
        (
            "Пресс-секретарь Кремля Дмитрий Песков заявил, что переговоры продолжатся.",
            "ru",
            "Пресс-секретарь Кремля Дмитрий Песков",
            "заявил",
        ),
        (
            "Кроме того, российский лидер добавил, что переговоры способствовали сотрудничеству.",
            "ru",
            "российский лидер",
            "добавил",
        ),
        ("В своем обращении Путин выразил уверенность в успехе переговоров.", "ru", "Путин", "выразил"),
        (
            "Президентът на Русия Владимир Путин каза, че отношенията ще се развиват.",
            "bg",
            "Президентът на Русия Владимир Путин",
            "каза",
        ),
        (
            "Пресслужба президента повідомила, що зустріч відбудеться в Києві.",
            "uk",
            "Пресслужба президента",
            "повідомила",
        ),
        (
            "Об этом сообщил пресс-секретарь президента Дмитрий Песков.",
            "ru",
            "пресс-секретарь президента Дмитрий Песков",
            "сообщил",
        ),
        ("Как заявил Путин, Россия продолжит сотрудничество с КНДР.", "ru", "Путин", "заявил"),
        ("В Кремле заявили, что знают о письме.", "ru", "Кремле", "заявили"),
        ("Kim Jong Un also said that the friendship was forged in the war.", "en", "Kim Jong Un", "said"),
        (
            "The North Korean foreign ministry said that the talks would go on.",
            "en",
            "The North Korean foreign ministry",
            "said",
        ),
    ],
)
def test_reported_speech_without_quotation_marks(text: str, lang: str, speaker: str, verb: str) -> None:
    (segment, facts), *_ = analyse_text(text, lang)
    assert facts.quotes == ()
    attribution = facts.attribution
    assert attribution is not None
    assert (attribution.speaker, attribution.verb) == (speaker, verb)
    assert attribution.speaker_span == span(segment.text, speaker)


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("По словам Пескова, переговоры продолжатся.", "ru", "Пескова"),
        # the sentence alone reads as Bulgarian; the document's language (the next sentence's) still applies
        (
            "За словами Кулеби, переговори тривають. Україна не відступить від своїх вимог щодо переговорів.",
            "uk",
            "Кулеби",
        ),
        ("Според Шойгу войските са готови.", "bg", "Шойгу"),
        ("According to South Korean intelligence, Pyongyang has sent troops.", "en", "South Korean intelligence"),
    ],
)
def test_according_to_names_the_speaker(text: str, lang: str, speaker: str) -> None:
    (segment, facts), *_ = analyse_text(text, lang)
    assert facts.attribution is not None and facts.attribution.speaker == speaker
    assert facts.attribution.speaker_span == span(segment.text, speaker)


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("У Міноборони РФ заперечили удар по цивільних об'єктах.", "uk", "Міноборони РФ"),
        ("Як зазначили в Генштабі ЗСУ, ворог втратив понад 500 військових.", "uk", "Генштабі ЗСУ"),
        ("От Кремъл отрекоха информацията за сделката.", "bg", "Кремъл"),
        ("В Москве Путин заявил, что переговоры продолжатся.", "ru", "Путин"),  # a subject of its own
        ("В посланието си до Ким Путин също обеща да укрепи отношенията.", "bg", "Путин"),
    ],
)
def test_a_place_speaks_for_a_plural_verb_without_a_subject(text: str, lang: str, speaker: str) -> None:
    (segment, facts), *_ = analyse_text(text, lang)
    assert facts.attribution is not None
    assert facts.attribution.speaker == speaker
    assert facts.attribution.speaker_span == span(segment.text, speaker, segment.text.split()[0])


def test_english_wire_story_sources() -> None:
    text = (
        "SEOUL, Aug 15 (Reuters) - Russian President Vladimir Putin told North Korean leader Kim Jong Un that "
        'the two countries would expand their "comprehensive and constructive bilateral relations", '
        "North Korea's state media said on Monday.\n\n"
        "In a letter to Kim, Putin said closer ties would benefit both countries, according to the official KCNA "
        "news agency.\n\n"
        "Kim, in his own letter, said the friendship had been forged in World War Two."
    )
    pairs = analyse_text(text, "en")
    segment, facts = at(pairs, "comprehensive and constructive")
    quote = only_quote(facts)
    assert quote.speaker == "Russian President Vladimir Putin"
    assert quote.speaker_span == span(segment.text, "Russian President Vladimir Putin")
    assert quote.partial and quote.via == "North Korea's state media"
    _, facts = at(pairs, "according to the official KCNA")
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.via) == ("Putin", "KCNA")
    _, facts = at(pairs, "Kim, in his own letter")
    assert facts.attribution is not None and facts.attribution.speaker == "Kim"


def test_an_outlet_named_in_quotation_marks_is_no_quote() -> None:
    (_, facts), *_ = analyse_text('Про це повідомляє "Українська правда" з посиланням на Генштаб ЗСУ.', "uk")
    assert facts.quotes == ()
    assert facts.attribution is not None
    assert (facts.attribution.reported_by, facts.attribution.via) == ("Українська правда", "Генштаб ЗСУ")


def test_editorial_we_is_no_speaker() -> None:
    (_, facts), *_ = analyse_text("Раніше ми також інформували про обстріл Харкова.", "uk")
    assert facts.attribution is None


# ---------------------------------------------------------------------------------------------------------------------
# pronouns


def test_pronouns_resolve_to_the_previous_speaker() -> None:
    text = (
        "Путин заявил, что Москва поддержит Пхеньян. Он также отметил, что санкции не помогут.\n\n"
        "По его словам, переговоры продолжатся."
    )
    pairs = analyse_text(text, "ru")
    _segment, facts = at(pairs, "Он также отметил")
    assert facts.attribution is not None
    assert facts.attribution.speaker == "Путин" and facts.attribution.speaker_span == (0, 2)
    _, facts = at(pairs, "По его словам")
    assert facts.attribution is not None and facts.attribution.speaker == "Путин"


def test_a_pronoun_with_no_one_before_it_has_no_speaker() -> None:
    (_, facts), *_ = analyse_text('"We will win," he said.', "en")
    assert only_quote(facts).speaker is None


# ---------------------------------------------------------------------------------------------------------------------
# sources


def test_via_and_reported_by_kept_apart() -> None:
    text = (
        "Путин заявил, что связи будут крепнуть, передает ТАСС со ссылкой на пресс-службу Кремля.\n\n"
        "«Мы будем вместе», — сказал Ким, которого цитирует агентство ЦТАК.\n\n"
        "Агентство Bloomberg со ссылкой на источники сообщило о планах Кремля."
    )
    pairs = analyse_text(text, "ru")
    _, facts = at(pairs, "передает ТАСС")
    attribution = facts.attribution
    assert attribution is not None
    assert (attribution.speaker, attribution.via, attribution.reported_by) == ("Путин", "пресс-службу Кремля", "ТАСС")
    _, facts = at(pairs, "Мы будем вместе")
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.via) == ("Ким", "ЦТАК")
    _, facts = at(pairs, "Bloomberg")
    assert facts.attribution is not None
    assert (facts.attribution.speaker, facts.attribution.via, facts.attribution.reported_by) == (
        None,
        "источники",
        "Bloomberg",
    )


def test_document_source_reaches_quotes_without_their_own() -> None:
    text = (
        '"Ние ще победим", каза Ким.\n\n'
        '"Сделка няма", каза Шойгу, цитиран от ТАСС.\n\n'
        "Това предаде Ройтерс, цитирайки агенция КЦНА."
    )
    pairs = analyse_text(text, "bg")
    _, facts = at(pairs, "Ние ще победим")
    quote = only_quote(facts)
    assert (quote.speaker, quote.via, quote.reported_by) == ("Ким", "КЦНА", "Ройтерс")
    _, facts = at(pairs, "Сделка няма")
    quote = only_quote(facts)
    assert (quote.speaker, quote.via, quote.reported_by) == ("Шойгу", "ТАСС", None)  # its own source stays


# ---------------------------------------------------------------------------------------------------------------------
# polarity


@pytest.mark.parametrize(
    ("text", "lang", "cue", "stance"),
    [
        ("Кремль не стал комментировать сообщения о поставках оружия.", "ru", "не", "denied"),
        ("Ни один из участников переговоров не пострадал при обстреле.", "ru", "не", "denied"),
        ("Политическите контакти с КНДР не са възможни при тези санкции.", "bg", "не са", "denied"),
        ("Таких випадків у регіоні не було за останні десять років.", "uk", "не було", "denied"),
        ("Pyongyang has never admitted sending weapons to Russia.", "en", "never", "denied"),
        ("The Kremlin did not comment on the report on Tuesday.", "en", "not", "denied"),
    ],
)
def test_negation_cues(text: str, lang: str, cue: str, stance: str) -> None:
    (segment, facts), *_ = analyse_text(text, lang)
    assert facts.negated and facts.negation_span == span(segment.text, cue)
    assert facts.stance == stance


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Северная Корея создала не менее 60 боеголовок на своем ядерном объекте.", "ru"),
        ("Стороны не раз обсуждали это сотрудничество на встречах в Пхеньяне.", "ru"),
        ("Россия и КНДР должны не только сохранять, но и укреплять связи.", "ru"),
        ("Сеул не виключає, що Пхеньян планує направити нові сили.", "uk"),
        ("Кремъл не само подкрепи, но и одобри решението на съюзниците.", "bg"),
        ("North Korea sent no fewer than 10,000 troops and not only shells but also missiles.", "en"),
        ("Украина, которая не признает аннексию, заявила о готовности к переговорам.", "ru"),
        ("If the talks do not succeed, the sanctions will stay in place for years.", "en"),
    ],
)
def test_fixed_expressions_and_subordinate_clauses_are_not_negation(text: str, lang: str) -> None:
    (_, facts), *_ = analyse_text(text, lang)
    assert not facts.negated and facts.negation_span is None
    assert facts.stance == "asserted"


@pytest.mark.parametrize(
    ("text", "lang", "stance", "negated"),
    [
        ("МИД России опроверг сообщения о поставках оружия в КНДР.", "ru", "denied", True),
        ("Кремль заперечив причетність до атаки на Москву.", "uk", "denied", True),
        ("Pyongyang and Moscow have denied any arms deals.", "en", "denied", True),
        ("Министерството потвърди, че учението е започнало.", "bg", "confirmed", False),
        ("North Korea confirmed for the first time that it had deployed troops.", "en", "confirmed", False),
        ("Москва не подтвердила эту информацию о переговорах.", "ru", "denied", True),
        ("Кремль не опроверг сообщения о переговорах с КНДР.", "ru", "unknown", True),
        ("Подпишет ли Путин соглашение с КНДР в этом году?", "ru", "unknown", False),
    ],
)
def test_denial_and_confirmation(text: str, lang: str, stance: str, negated: bool) -> None:
    (_, facts), *_ = analyse_text(text, lang)
    assert facts.stance == stance and facts.negated == negated


# ---------------------------------------------------------------------------------------------------------------------
# a language is data


def test_a_fifth_language_works_from_its_data_file_alone() -> None:
    text = (
        "«Беларусь не будзе ўдзельнічаць у вайне», — заявіў Аляксандр Лукашэнка.\n\n"
        "Пра гэта паведамляе агенцтва БелТА.\n\n"
        "Ён таксама падкрэсліў, што краіна падтрымлівае Расію.\n\n"
        "МЗС Беларусі абверг паведамленні пра перакідку войскаў.\n\n"
        "Беларусь не толькі падтрымала, але і ўхваліла рашэнне суседзяў."
    )
    pairs = analyse_text(text, "be")
    segment, facts = at(pairs, "Беларусь не будзе")
    quote = only_quote(facts)
    assert quote.text == "Беларусь не будзе ўдзельнічаць у вайне"
    assert quote.speaker == "Аляксандр Лукашэнка" and quote.speaker_span == span(segment.text, "Аляксандр Лукашэнка")
    assert (quote.verb, quote.via) == ("заявіў", "БелТА")
    assert facts.negated and facts.negation_span == span(segment.text, "не")
    _, facts = at(pairs, "Ён таксама падкрэсліў")
    assert facts.attribution is not None and facts.attribution.speaker == "Аляксандр Лукашэнка"
    _, facts = at(pairs, "абверг")
    assert facts.stance == "denied"
    _, facts = at(pairs, "не толькі")
    assert not facts.negated


def test_the_code_spells_no_word_of_any_language() -> None:
    record_words = {*get_args(Stance), *get_args(SegmentKind)}  # the records' own vocabulary
    words: set[str] = set()
    for path in (REPO / "claimcmp" / "data" / "speech").glob("*.toml"):
        for value in tomllib.loads(path.read_text(encoding="utf-8")).values():
            if isinstance(value, list):
                words.update(str(v).lower() for v in value)
    analysis = REPO / "claimcmp" / "analysis"
    for path in (*sorted((analysis / "speech").glob("*.py")), analysis / "quotes.py"):
        module = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                assert not any("\u0400" <= ch <= "\u04ff" for ch in node.value), (module, node.value)
                assert node.value.lower() not in words - record_words, (module, node.value)


def test_a_segment_without_a_table_uses_the_document_language() -> None:
    segments = segment_document(Document(id="t", text="«Мы победим», — заявил Путин. Москва не отступит.", lang="ru"))
    from dataclasses import replace

    mixed = [replace(segments[0], lang="und"), *segments[1:]]
    facts = analyse_speech(mixed)
    assert only_quote(facts[0]).speaker == "Путин"
    assert analyse_speech([]) == []


# ---------------------------------------------------------------------------------------------------------------------
# hostile input and speed


def _check(pairs: Pairs) -> None:
    for segment, facts in pairs:
        for quote in facts.quotes:
            assert segment.text[quote.span[0] : quote.span[1]] == quote.text
            if quote.speaker_span is not None:
                assert 0 <= quote.speaker_span[0] <= quote.speaker_span[1] <= len(segment.text)
        if facts.negation_span is not None:
            assert 0 <= facts.negation_span[0] < facts.negation_span[1] <= len(segment.text)


@pytest.mark.parametrize(
    "text",
    [
        '"' * 10_000 + " слово",
        "«а " * 10_000,
        '"а ' * 10_000,
        "» „ “ ” ‘ ’ ‹ › " * 2_000 + "заявил Путин.",
        "«Путин заявил, что это так. " * 5_000,
        "Он сказал «да. Потом ушёл. " * 2_500,
        "– " + "– заявил он – " * 5_000,
        "(ТПК) " * 5_000,
        "не " * 10_000,
        "заявил, " * 10_000,
        "«а» — заявил он, " * 5_000,
        "который заявил " * 5_000,
        "Путин: " * 5_000,
        "", "   ", "\n\n\n", "–", ":", "«»", '""', "(((((", "не", "X: «",
    ],
)  # fmt: skip
def test_hostile_text_never_raises(text: str) -> None:
    started = time.perf_counter()
    for lang in ("ru", "bg", "en"):
        _check(analyse_text(text, lang))
    # a hang guard, not a complexity claim (growth is counted in test_a_megabyte_line_takes_linear_work)
    assert time.perf_counter() - started < HANG_GUARD_SECONDS


@pytest.mark.slow
def test_a_megabyte_line_takes_linear_work() -> None:
    def line(n: int) -> str:
        return "«Связи» не ослабнут, сообщает ТАСС со ссылкой на Кремль, и " + "Путин заявил, что он сказал " * n

    analyse_text(line(500), "ru")  # warm-up
    # work counted, not timed: 4x the input, linear is ~4x the steps, quadratic ~16x
    small = python_steps(lambda: analyse_text(line(2_250), "ru"))
    large = python_steps(lambda: analyse_text(line(9_000), "ru"))
    assert large < 5 * small, (small, large)
    text = line(36_000)
    assert len(text) > 1_000_000
    started = time.perf_counter()
    _check(analyse_text(text, "ru"))
    # a hang guard for what the count cannot see (backtracking inside one regular expression)
    assert time.perf_counter() - started < HANG_GUARD_SECONDS


def test_random_text_never_raises() -> None:
    alphabet = list("«»„“”‘’‹›\"'()–—-:;,.!? \n") + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ") + list("AbCdе")
    words = ["заявил", "сказал", "не", "ни", "он", "Путин", "Ким", "со ссылкой на", "Об этом", "сообщает", "который"]
    rng = random.Random(20240815)
    for _ in range(150):
        pieces = [rng.choice(alphabet) if rng.random() < 0.7 else f" {rng.choice(words)} " for _ in range(200)]
        text = "".join(pieces)
        for lang in ("ru", "uk", "en"):
            _check(analyse_text(text, lang))


def test_segments_with_inconsistent_offsets() -> None:
    rows: list[tuple[str, str, SegmentKind]] = [
        ("«Да», — сказал он.", "ru", "sentence"),
        ("", "xx", "heading"),
        ("он «", "", "title"),
        ("»", "ru", "sentence"),
    ]
    segments = [
        Cut(id=f"d:{i}", doc="d", index=i, text=text, start=0, end=len(text), lang=lang, kind=kind)
        for i, (text, lang, kind) in enumerate(rows)
    ]
    facts = analyse_speech(segments)
    assert len(facts) == 4
    assert only_quote(facts[0]).text == "Да"
