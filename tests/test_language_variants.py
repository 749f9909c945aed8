"""Languages that share another's rule tables (``same_as`` in a table file): Bosnian and Croatian.

Bosnian has number and date tables of its own (CLDR bs and hand data) and reads figure words as
Croatian does and speech and names as Serbian does (Latin forms); Croatian takes Serbian's speech
and names. No model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcmp.input import fact_rule_warnings
from claimcmp.input.tables import load_table
from tests.test_flag_rules import flags_between, statement, types


def test_bosnian_and_croatian_have_every_fact_rule() -> None:
    assert fact_rule_warnings(("bs", "hr")) == ()


def test_a_table_that_is_the_same_as_another_is_that_table() -> None:
    assert load_table("slots", "bs") == load_table("slots", "hr") != {}
    assert load_table("speech", "bs") == load_table("speech", "sr") != {}


def test_a_same_as_chain_is_no_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a chain (or a loop) is a data error: read as no table rather than followed without end
    from claimcmp.input import tables

    for code, target in (("xa", "xb"), ("xb", "xa")):
        (tmp_path / "numbers").mkdir(exist_ok=True)
        (tmp_path / "numbers" / f"{code}.toml").write_text(f'same_as = "{target}"\n', encoding="utf-8")

    class _Files:
        def __truediv__(self, name: str) -> Path:
            return tmp_path if name == "data" else tmp_path / name

    monkeypatch.setattr(tables.resources, "files", lambda _package: _Files())
    tables.load_table.cache_clear()
    tables.load_table_file.cache_clear()
    try:
        assert tables.load_table("numbers", "xa") == {}
    finally:
        tables.load_table.cache_clear()
        tables.load_table_file.cache_clear()


# real: https://saff.ba/broj-poginulih-u-zemljotresu-u-maroku-povecan-na-2-012 (Bosnian, ijekavian)
def test_a_real_bosnian_sentence_gives_its_figures_and_source() -> None:
    facts = statement(
        "Najmanje 2.012 osoba je poginulo, a 2.059 je povrijeđeno u snažnom zemljotresu koji je pogodio Maroko, "
        "saopštilo je Ministarstvo unutrašnjih poslova, javlja Anadolu.",
        "bs",
    ).facts
    assert [q.value for q in facts.numbers] == [2012.0, 2059.0]
    assert facts.attribution is not None and facts.attribution.verb == "saopštilo"


def test_a_croatian_quotation_has_its_speaker() -> None:
    quotes = statement("„Nikoga nećemo ostaviti“, rekao je Plenković.", "hr").facts.quotes
    assert [q.speaker for q in quotes] == ["Plenković"]


@pytest.mark.parametrize(("lang", "month"), [("bs", "augusta"), ("hr", "kolovoza")])
def test_a_planted_number_date_and_place_are_flagged(lang: str, month: str) -> None:
    a = f"Premijer je 15. {month} u Moskvi izjavio da je poginulo 630 ljudi."
    b = f"Premijer je 16. {month} u Berlinu izjavio da je poginulo 730 ljudi."
    assert {"number", "date", "entity"} <= types(flags_between(a, lang, b, lang))
    assert not types(flags_between(a, lang, a, lang)) & {"number", "date", "entity", "speaker"}
