"""Evidence from agreeing facts: what raises a candidate pair's score, and what never lowers it."""

from __future__ import annotations

from claimcmp.align.evidence import evidence_scorer
from claimcmp.analysis import analyse_document
from claimcmp.input.segmentation import segment_document
from claimcmp.records import Document, Segment

WEIGHT = 0.02


def statements(*texts_and_langs: tuple[str, str]) -> list[Segment]:
    """One analysed statement per (text, language), each its own document (a lone line may be a title)."""
    out = []
    for n, (text, lang) in enumerate(texts_and_langs):
        document = Document(id=f"d{n}", text=text, lang=lang)
        out.append(analyse_document(document, segment_document(document))[0])
    return out


def test_a_shared_figure_and_date_across_languages_add_one_weight_each() -> None:
    a, b, c = statements(
        ("15 августа армия отправила 10 000 солдат на фронт.", "ru"),
        ("15 серпня армія відправила 10 000 солдатів на фронт.", "uk"),
        ("Армията изпрати войници на фронта.", "bg"),
    )
    scorer = evidence_scorer([a, b, c], WEIGHT)
    assert abs(scorer.bonus(0, 1) - 2 * WEIGHT) < 1e-9
    assert scorer.bonus(0, 2) == 0.0
    assert scorer.bonus(1, 0) == scorer.bonus(0, 1)  # symmetric


def test_a_different_figure_or_date_never_counts_against_a_pair() -> None:
    a, b = statements(
        ("16 августа армия отправила 100 000 солдат.", "ru"),
        ("15 серпня армія відправила понад 10 000 солдатів.", "uk"),
    )
    assert evidence_scorer([a, b], WEIGHT).bonus(0, 1) == 0.0


def test_a_name_every_statement_shares_weighs_nothing_a_rare_one_weighs_much() -> None:
    segments = statements(
        ("Путин заявил, что связи крепнут.", "ru"),
        ("Путін заявив, що Володін прибув до Пхеньяна.", "uk"),
        ("Путин каза, че Володин пристигна в Пхенян.", "bg"),
        ("Путин написал письмо.", "ru"),
    )
    scorer = evidence_scorer(segments, WEIGHT)
    common_only = scorer.bonus(0, 3)  # both name (and quote) only Putin, whom every statement names
    rare = scorer.bonus(1, 2)  # Volodin and Pyongyang: named in two statements of four
    assert common_only < 0.002 < rare


def test_the_same_speaker_in_two_scripts_counts_by_how_rarely_they_speak() -> None:
    segments = statements(
        ("«Мы победим», — заявил Ким Чен Ын.", "ru"),
        ('"We will win," Kim Jong Un said.', "en"),
        ("Армия отступила.", "ru"),
        ("The army retreated.", "en"),
    )
    # the only name of both (a full weight) and the speaker of two statements of four (half a weight)
    assert abs(evidence_scorer(segments, WEIGHT).bonus(0, 1) - 1.5 * WEIGHT) < 1e-9
    # when he is the only name and the only speaker of the input, sharing him tells nothing
    assert evidence_scorer(segments[:2], WEIGHT).bonus(0, 1) == 0.0


def test_weight_zero_turns_evidence_off() -> None:
    a, b = statements(("15 августа пришли 10 000 солдат.", "ru"), ("15 серпня прийшли 10 000 солдатів.", "uk"))
    assert evidence_scorer([a, b], 0.0).bonus(0, 1) == 0.0
