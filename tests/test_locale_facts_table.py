"""The per-language table of BENCHMARKS.md ("Numbers and dates by locale") stays true: every figure
and date of ``benchmarks/locale_facts.py``'s sentences is found in its own language. No model."""

from __future__ import annotations

import pytest

from benchmarks.locale_facts import CASES, LANGUAGES, Case, read


@pytest.mark.parametrize("case", CASES, ids=[f"{c.lang}:{c.text[:30]}" for c in CASES])
def test_each_sentence_gives_its_figures_and_dates(case: Case) -> None:
    numbers, dates = read(case, case.lang)
    assert sorted(numbers) == sorted(case.numbers)
    assert sorted(dates, key=str) == sorted(case.dates, key=str)


def test_every_language_of_the_table_has_sentences() -> None:
    assert {c.lang for c in CASES} == set(LANGUAGES)
