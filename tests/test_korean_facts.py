"""Full fact analysis in Korean (issue 19, items 4 and 5): sentences, numbers, dates, quotes, speakers, name keys.

Sentences written for the test about real events (the Morocco earthquake of 2023, figures as reported), with the
facts a reader expects, and a planted disagreement (a number, a date and a name changed) that must raise all three
flags. No model: statements are analysed as the pipeline analyses them (reference date Monday 2024-09-09).
"""

from __future__ import annotations

import pytest

from claimcmp.analysis.entities import entity_key
from claimcmp.analysis.quantities import find_quantities
from claimcmp.input import fact_rule_warnings, segment_document
from claimcmp.records import Document
from tests.test_flag_rules import flags_between, statement, types


def test_korean_has_all_fact_rules() -> None:
    assert fact_rule_warnings(("ko",)) == ()


def test_korean_sentences_are_split_after_their_verb_endings() -> None:
    text = (
        "모로코 내무부는 최소 2,012명이 숨졌다고 밝혔다. 부상자 가운데 1,404명은 중상이다. 구조 작업은 계속되고 있다."
    )
    cuts = segment_document(Document(id="d", text=text, lang="ko"))
    assert [c.text for c in cuts] == [
        "모로코 내무부는 최소 2,012명이 숨졌다고 밝혔다.",
        "부상자 가운데 1,404명은 중상이다.",
        "구조 작업은 계속되고 있다.",
    ]


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit", "approx"),
    [
        ("최소 2,012명이 숨졌다", 2012, 2012, None, None, False),
        ("3만 명이 대피했다", 30000, 30000, 30000, None, False),
        ("1억 2천만 달러를 지원했다", 120000000, 120000000, 120000000, "USD", False),
        ("3만5천 명이", 35000, 35000, 35000, None, False),
        ("5천여 명이 다쳤다", 5000, 5000, None, None, False),
        ("100여 명이", 100, 100, None, None, False),
        ("100명 이상이 숨졌다", 100, 100, None, None, False),
        ("10명 미만", 10, None, 10, None, False),
        ("100명 가까이", 100, 100, 100, None, True),
        ("약 70km 떨어진 곳", 70, 70, 70, "km", True),
        ("주택 50채가 무너졌다", 50, 50, 50, None, False),
        ("물가가 3.5% 올랐다", 3.5, 3.5, 3.5, "%", False),
        ("20퍼센트", 20, 20, 20, "%", False),
    ],
)
def test_korean_figures_with_magnitudes_counters_and_bounds(
    text: str, value: float, low: float | None, high: float | None, unit: str | None, approx: bool
) -> None:
    [q] = find_quantities(text, "ko")
    assert (q.value, q.low, q.high, q.unit, q.approx) == (value, low, high, unit, approx)


@pytest.mark.parametrize(
    "text", ["계약 70건이 체결됐다", "천안시에서 열렸다", "오후 11시 11분에 발생했다", "사흘간 3일간 이어졌다"]
)
def test_korean_syllables_inside_words_are_no_figures_or_bounds(text: str) -> None:
    found = find_quantities(text, "ko")
    assert all(not q.approx and q.low == q.high for q in found)
    assert "천" not in "".join(q.text for q in found) or "70건" in text


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("2024년 8월 15일 오후 발생했다.", ["2024-08-15"]),
        ("지진은 8월 15일에 발생했다.", ["2024-08-15"]),
        ("지진은 지난 5일 발생했다.", ["2024-09-05"]),
        ("지진은 5일 밤 발생했다.", ["2024-09-05"]),
        ("회담은 오는 20일 열린다.", ["2024-09-20"]),
        ("2023년 9월 지진이 있었다.", ["2023-09"]),
        ("사흘 전인 3일 전 일이다.", ["2024-09-06"]),
        ("구조 작업은 15일 동안 이어졌다.", []),
        ("월요일에 발표했다.", ["2024-09-09"]),
    ],
)
def test_korean_dates(text: str, dates: list[str]) -> None:
    assert [d.value for d in statement(text, "ko").facts.dates] == dates


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        # the speaker is shown without the particle where the particle is certain (after a title)
        ("푸틴 대통령은 “러시아는 도울 준비가 돼 있다”고 강조했다.", "푸틴 대통령", "러시아는 도울 준비가 돼 있다"),
        ("압델라티프 우아비 내무장관은 ‘구조 작업이 계속되고 있다’라고 말했다.", "압델라티프 우아비 내무장관", None),
        ("김정은 위원장은 “우리는 어떤 도전에도 맞설 준비가 돼 있다”라고 밝혔다.", "김정은 위원장", None),
    ],
)
def test_korean_speaker_comes_first_marked_by_a_particle(text: str, speaker: str, quoted: str | None) -> None:
    facts = statement(text, "ko").facts
    assert facts.attribution is not None and facts.attribution.speaker == speaker
    assert len(facts.quotes) == 1 and facts.quotes[0].speaker == speaker
    if quoted is not None:
        assert facts.quotes[0].text == quoted


def test_korean_according_to_names_the_phrase_before_it() -> None:
    facts = statement("미국 지질조사국에 따르면 지진은 밤 11시에 발생했다.", "ko").facts
    # "에" after "조사국" may end a Hangul name as well: kept; after a Latin letter or bracket it is cut
    assert facts.attribution is not None and facts.attribution.speaker == "미국 지질조사국에"
    facts = statement("영국 BBC에 따르면 지진은 밤 11시에 발생했다.", "ko").facts
    assert facts.attribution is not None and facts.attribution.speaker == "영국 BBC"


@pytest.mark.parametrize(
    ("names", "key"),
    [
        ((("푸틴 대통령은", "ko"), ("Путин", "ru"), ("Putin", "en")), "putin"),
        ((("젤렌스키 대통령이", "ko"), ("Зеленский", "ru"), ("Zelensky", "en")), "zelensky"),
        ((("김정은 위원장이", "ko"), ("Ким Чен Ын", "ru"), ("Kim Jong Un", "en")), "kim-jong-un"),
        ((("러시아의", "ko"), ("России", "ru"), ("Russia", "en")), "russia"),
    ],
)
def test_korean_names_share_a_key_with_their_cyrillic_and_latin_renderings(
    names: tuple[tuple[str, str], ...], key: str
) -> None:
    assert {entity_key(name, lang) for name, lang in names} == {key}


def test_korean_negation() -> None:
    assert statement("러시아는 이 제안을 받아들이지 않았다.", "ko").facts.negated
    assert not statement("러시아는 이 제안을 받아들였다.", "ko").facts.negated


PLANTED = (
    "푸틴 대통령은 8월 15일 러시아에서 630명이 숨졌다고 말했다.",
    "푸틴 대통령은 8월 16일 우크라이나에서 730명이 숨졌다고 말했다.",
)


def test_a_planted_korean_number_date_and_name_are_flagged() -> None:
    a, b = PLANTED
    assert {"number", "date", "entity"} <= types(flags_between(a, "ko", b, "ko"))


def test_the_same_korean_statement_is_not_flagged() -> None:
    a, _ = PLANTED
    assert not types(flags_between(a, "ko", a, "ko")) & {"number", "date", "entity", "speaker"}


def test_a_korean_and_a_russian_statement_of_one_fact_disagree_only_where_planted() -> None:
    ko = "푸틴 대통령은 8월 15일 러시아에서 630명이 숨졌다고 말했다."
    ru = "Путин 15 августа заявил, что в России погибли 730 человек."
    found = types(flags_between(ko, "ko", ru, "ru"))
    assert "number" in found and "date" not in found


def test_the_topic_is_the_speaker_not_the_subject_of_a_clause_inside() -> None:
    # real: theeastnews (benchmarks/data/real_languages/morocco_earthquake_2023/08_ko_theeastnews.txt)
    facts = statement(
        "지진이 발생한 것은 9일 밤으로, 모로코 내무부는 사망자를 최소 2012명, 부상자를 2059명으로 집계하며, "
        "중상자는 그 중 1404명이라고 발표했다.",
        "ko",
    ).facts
    assert facts.attribution is not None and facts.attribution.speaker == "모로코 내무부는"
    facts = statement("지진의 규모는 USGS 기준 6.8, 반면 모로코 당국의 측정에 따르면 7.2로 알려졌다.", "ko").facts
    assert facts.attribution is not None and facts.attribution.speaker == "모로코 당국의 측정에"
