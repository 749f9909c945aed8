"""The seeds' disagreements as a journalist reads them (issue 18, item 6), with the real model.

The five seeds report four different letters: 2022 (000 and 001), August 2023 (002), September
2024 (004) and 2025 (003). Two statements really disagree; five pairs of statements only look
as if they did (different numbers of different facts, or of different occasions) and must not
be flagged. The letters of 2023 (002) and 2024 (004) are different stories.
"""

from __future__ import annotations

import pytest

from claimcmp.records import Comparison, Flag

pytestmark = pytest.mark.model

CONTRADICTIONS = frozenset({"number", "date", "speaker", "polarity", "entity"})

# (document, fragment of its statement, document, fragment of the other statement, flag type)
REAL = [
    # one 2022 Putin quotation in two Russian renderings
    ("000", "«дальнейшее наращивание", "001", "«расширять всесторонние", "quote_variant"),
    # "dozens of launches this year, breaking the moratorium it introduced in 2018" / "last test in September 2017"
    ("000", "мораторий на испытания", "001", "в сентябре 2017 года", "date"),
]

# (document, fragment, document, fragment): different facts, or one fact of different occasions
NOT_DISAGREEMENTS = [
    ("002", "78-ата годишнина", "004", "76-й годовщины"),  # liberation (2023) / founding (2024)
    ("001", "предложил Кремлю 100 000", "003", "понад 10 000 військових"),  # offered (2022) / sent (2025)
    ("001", "15 августа, Путин сказал", "004", "ранее, 16 августа"),  # Liberation Day / the 2024 telegram
    ("002", "напълно отрекоха", "003", "вперше офіційно підтвердила"),  # arms deals denied / troops confirmed
    ("001", "не менее 60 боеголовок", "003", "близько 600"),  # warheads / soldiers
]


def statements(comparison: Comparison, doc: str, fragment: str) -> set[str]:
    found = {s.id for s in comparison.segments if s.doc.startswith(doc) and fragment in s.text}
    assert found, f"no statement of {doc} holds {fragment!r}"
    return found


def flags_between(comparison: Comparison, a: set[str], b: set[str]) -> list[Flag]:
    return [f for p in comparison.pairs if (p.a in a and p.b in b) or (p.a in b and p.b in a) for f in p.flags]


@pytest.mark.parametrize(("doc_a", "fragment_a", "doc_b", "fragment_b", "flag_type"), REAL)
def test_the_real_disagreements_are_flagged(
    seed_comparison: Comparison, doc_a: str, fragment_a: str, doc_b: str, fragment_b: str, flag_type: str
) -> None:
    a, b = statements(seed_comparison, doc_a, fragment_a), statements(seed_comparison, doc_b, fragment_b)
    flags = [f for f in flags_between(seed_comparison, a, b) if f.type == flag_type]
    assert flags, f"no {flag_type} flag between {fragment_a!r} and {fragment_b!r}"
    assert all(f.message and f.severity in ("low", "medium", "high") for f in flags)


def test_the_date_flag_names_both_dates(seed_comparison: Comparison) -> None:
    a = statements(seed_comparison, "000", "мораторий на испытания")
    b = statements(seed_comparison, "001", "в сентябре 2017 года")
    (flag,) = [f for f in flags_between(seed_comparison, a, b) if f.type == "date"]
    assert flag.a is not None and flag.b is not None
    assert {flag.a.value, flag.b.value} == {"2018", "2017-09"}
    # the fact table marks the same slot as disputed, with both statements in it
    disputed = [s for s in seed_comparison.facts if s.disagreement and {v.segment for v in s.values} & a]
    assert any({v.segment for v in s.values} & b for s in disputed)


def test_the_quote_variant_shows_the_differing_words(seed_comparison: Comparison) -> None:
    a = statements(seed_comparison, "000", "«дальнейшее наращивание")
    b = statements(seed_comparison, "001", "«расширять всесторонние")
    (flag,) = [f for f in flags_between(seed_comparison, a, b) if f.type == "quote_variant"]
    assert "наращивание" in flag.message and "расширять" in flag.message


def test_no_other_statements_of_the_seeds_are_said_to_contradict(seed_comparison: Comparison) -> None:
    # the date flag is the seeds' one contradiction (the quotation's wording is a variant, not one)
    a = statements(seed_comparison, "000", "мораторий на испытания")
    b = statements(seed_comparison, "001", "в сентябре 2017 года")
    texts = {s.id: s.text for s in seed_comparison.segments}
    others = [
        f"{f.type}: {texts[p.a][:50]!r} / {texts[p.b][:50]!r}"
        for p in seed_comparison.pairs
        if not ({p.a, p.b} & a and {p.a, p.b} & b)
        for f in p.flags
        if f.type in CONTRADICTIONS
    ]
    assert others == []
    disputed = [s.name for s in seed_comparison.facts if s.disagreement and not {v.segment for v in s.values} & a]
    assert disputed == []


@pytest.mark.parametrize(("doc_a", "fragment_a", "doc_b", "fragment_b"), NOT_DISAGREEMENTS)
def test_what_only_looks_like_a_disagreement_is_not_flagged(
    seed_comparison: Comparison, doc_a: str, fragment_a: str, doc_b: str, fragment_b: str
) -> None:
    a, b = statements(seed_comparison, doc_a, fragment_a), statements(seed_comparison, doc_b, fragment_b)
    wrong = [f"{f.type}: {f.message}" for f in flags_between(seed_comparison, a, b) if f.type in CONTRADICTIONS]
    assert wrong == []
    # nor are the two statements' values one disputed fact in the table
    for slot in seed_comparison.facts:
        segments = {v.segment for v in slot.values}
        assert not (slot.disagreement and segments & a and segments & b), slot


def test_the_2023_and_2024_letters_are_different_stories(seed_comparison: Comparison) -> None:
    story = {doc: s for s in seed_comparison.stories for doc in s.docs}
    (letter,) = [story[d.id] for d in seed_comparison.documents if d.id.startswith("002")]
    (telegram,) = [story[d.id] for d in seed_comparison.documents if d.id.startswith("004")]
    assert letter.id != telegram.id
    assert (letter.date or "").startswith("2023") and telegram.date == "2024-09-09"


def test_the_78th_and_the_76th_anniversary_are_at_most_related_as_different_occasions(
    seed_comparison: Comparison,
) -> None:
    # "Never compare facts from different events. At most, such statements are related, with the
    # reason shown" (issue 18, item 2): the README's old example must say why it is no disagreement
    a = statements(seed_comparison, "002", "78-ата годишнина")
    b = statements(seed_comparison, "004", "76-й годовщины")
    for pair in seed_comparison.pairs:
        if (pair.a in a and pair.b in b) or (pair.a in b and pair.b in a):
            assert pair.relation == "related", pair
            assert pair.note is not None and pair.note.startswith("different occasion: 2023 vs 2024"), pair
