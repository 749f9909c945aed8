"""The fact table in its four places (issue 18, item 3): the terminal (``claimcmp facts`` and a compact
section of ``align``), JSON (``stories``, ``facts``, each pair's ``note``), CSV and the HTML report.

Model-free: the comparisons are built by hand from the records, with offsets computed from the text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from claimcmp.cli import app
from claimcmp.output.export import FACT_CSV_COLUMNS, comparison_to_dict, facts_to_csv
from claimcmp.output.html_report import WIDE_MAX_DOCUMENTS, comparison_to_html
from claimcmp.output.render import fact_tables, render_comparison, render_facts
from claimcmp.records import Comparison, Document, Facts, FactSlot, Pair, Segment, SlotValue, Story

from .support.html_samples import sample_comparison
from .test_json_contract import check_fields

runner = CliRunner()


def _value(segment: Segment, fragment: str, value: str, source: str | None = None) -> SlotValue:
    at = segment.text.index(fragment)
    return SlotValue(segment.id, segment.doc, (at, at + len(fragment)), fragment, value, source)


def fact_comparison() -> Comparison:
    """The HTML sample (alpha and beta dated 2024-08-15, gamma undated) with its stories and two fact slots:
    soldiers arrived (100 vs 200, the number flag's values: disputed) and the day (both say Monday)."""
    base = sample_comparison()
    segments = {s.id: s for s in base.segments}
    alpha, beta = segments["alpha:1"], segments["beta:0"]
    stories = (
        Story("S1", ("alpha", "beta"), "2024-08-15", "2024-08-15"),
        Story("S0", ("gamma",), None, "date unknown"),
    )
    facts = (
        FactSlot(
            "F1",
            "S1",
            "number",
            "soldiers arrived",
            (_value(alpha, "100", "100", "Agency A"), _value(beta, "200", "200")),
            disagreement=True,
        ),
        FactSlot(
            "F2",
            "S1",
            "date",
            "day they arrived",
            (_value(alpha, "Monday", "weekday:1"), _value(beta, "в понедельник", "weekday:1")),
        ),
    )
    pairs = tuple(
        replace(p, note="same fact: soldiers arrived") if p.a == "alpha:1" and p.b == "beta:0" else p
        for p in base.pairs
    )
    return replace(base, pairs=pairs, stories=stories, facts=facts)


def many_documents(n: int) -> Comparison:
    """``n`` articles that each give the death toll (D1 says 26, the others 24, one via Reuters)."""
    documents, segments, values = [], [], []
    for i in range(n):
        killed = "26" if i == 0 else "24"
        text = f"At least {killed} people were killed in the strike on the city."
        doc = Document(id=f"doc{i}", text=text, lang="en")
        segment = Segment(
            id=f"doc{i}:0", doc=doc.id, index=0, text=text, start=0, end=len(text), lang="en", facts=Facts()
        )
        documents.append(doc)
        segments.append(segment)
        values.append(_value(segment, killed, killed, "Reuters" if i == 1 else None))
    base = sample_comparison()
    return Comparison(
        model=base.model,
        documents=tuple(documents),
        segments=tuple(segments),
        pairs=(),
        clusters=(),
        stories=(Story("S1", tuple(d.id for d in documents), "2025-04-13", "2025-04-13"),),
        facts=(FactSlot("F1", "S1", "number", "people killed", tuple(values), disagreement=True),),
    )


def plain(comparison: Comparison, width: int = 80, facts: bool = True) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, color_system=None, force_terminal=False)
    (render_facts if facts else render_comparison)(comparison, console)
    return out.getvalue()


def _fits(text: str, width: int) -> None:
    for line in text.splitlines():
        assert len(line) <= width, line


# ----------------------------------------------------------------------------- JSON


def test_json_has_stories_facts_and_pair_notes_in_the_contract() -> None:
    data = json.loads(json.dumps(comparison_to_dict(fact_comparison())))
    assert data["schema_version"] == 1
    assert data["stories"] == [
        {"id": "S1", "docs": ["alpha", "beta"], "date": "2024-08-15", "label": "2024-08-15"},
        {"id": "S0", "docs": ["gamma"], "date": None, "label": "date unknown"},
    ]
    segments = {s["id"]: s for s in data["segments"]}
    for story in data["stories"]:
        check_fields(story, "story")
    for slot in data["facts"]:
        check_fields(slot, "fact_slot")
        for value in slot["values"]:
            check_fields(value, "slot_value")
            start, end = value["span"]
            assert segments[value["segment"]]["text"][start:end] == value["text"]
            assert segments[value["segment"]]["doc"] == value["doc"]
    first = data["facts"][0]
    assert (first["id"], first["story"], first["kind"], first["name"], first["disagreement"]) == (
        "F1",
        "S1",
        "number",
        "soldiers arrived",
        True,
    )
    assert first["values"][0] == {
        "segment": "alpha:1",
        "doc": "alpha",
        "span": [18, 21],
        "text": "100",
        "value": "100",
        "source": "Agency A",
    }
    notes = [p["note"] for p in data["pairs"]]
    assert notes[0] == "same fact: soldiers arrived" and notes[1:] == [None, None, None]
    for pair in data["pairs"]:
        check_fields(pair, "pair")


def test_json_of_a_comparison_without_facts_keeps_every_earlier_field() -> None:
    """Extended, never broken: the schema-1 fields stay where they were, the new ones are empty."""
    data = comparison_to_dict(sample_comparison())
    assert data["stories"] == [] and data["facts"] == []
    assert list(data)[:7] == ["schema_version", "tool", "model", "documents", "segments", "pairs", "clusters"]
    assert {"errors", "skipped", "warnings"} <= set(data)
    assert all(p["note"] is None for p in data["pairs"])


# ----------------------------------------------------------------------------- terminal


@pytest.mark.parametrize("width", (80, 120))
def test_facts_view_is_a_grid_of_slots_by_documents(width: int) -> None:
    text = plain(fact_comparison(), width)
    _fits(text, width)
    assert "Stories: S1 2024-08-15 (D1 D2) · date unknown (compared with all): D3" in text
    assert "Fact table · S1 2024-08-15 (D1 D2)" in text
    header = next(line for line in text.splitlines() if "fact" in line and "D1" in line)
    assert re.search(r"fact\s+┃\s+D1\s+┃\s+D2\s", header), header
    killed = next(line for line in text.splitlines() if "soldiers arrived" in line)
    assert re.search(r"!\s+│\s+F1 soldiers arrived\s+│\s+100 \(Agency A\)\s+│\s+200\s", killed), killed
    day = next(line for line in text.splitlines() if "day they arrived" in line)
    assert "!" not in day and "Monday" in day
    assert "2 fact slots, 1 where the documents disagree (marked !! or !)" in text


@pytest.mark.parametrize("width", (80, 120))
def test_many_documents_fall_back_to_a_row_per_slot(width: int) -> None:
    text = plain(many_documents(12), width)
    _fits(text, width)
    assert "┃ D12" not in text  # no grid
    assert "!  F1 people killed (number): the documents disagree" in text
    flat = " ".join(text.split())
    assert "D1 26 · D2 24 (Reuters) · D3 24" in flat and "D12 24" in flat


def test_disputed_values_are_coloured_and_marked_without_colour() -> None:
    out = io.StringIO()
    render_facts(fact_comparison(), Console(file=out, width=100, force_terminal=True, color_system="standard"))
    coloured = out.getvalue()
    assert re.search(r"\x1b\[[0-9;]*33m200", coloured)  # the flag's severity colour (medium: yellow)
    assert not re.search(r"\x1b\[[0-9;]*m+Monday", coloured.replace("\x1b[0m", ""))


def test_repeated_values_are_shown_once_with_every_source() -> None:
    comparison = fact_comparison()
    alpha = next(s for s in comparison.segments if s.id == "alpha:1")
    again = replace(_value(alpha, "100", "100", "Agency B"), span=(18, 21))
    slot = replace(comparison.facts[0], values=(*comparison.facts[0].values, again))
    text = plain(replace(comparison, facts=(slot, comparison.facts[1])), 120)
    assert "100 (Agency A; Agency B)" in text and text.count("100 (") == 1


def test_slots_are_grouped_by_story_and_undated_documents_join_the_dated_story() -> None:
    comparison = fact_comparison()
    segments = {s.id: s for s in comparison.segments}
    gamma = segments["gamma:0"]
    doc = Document(id="delta", text=gamma.text, lang="uk")
    delta = replace(gamma, id="delta:0", doc="delta")
    joined = FactSlot(
        "F3", "S0+S1", "number", "ministers", (_value(segments["alpha:1"], "100", "100"), _value(gamma, "Мін", "1"))
    )
    undated = FactSlot("F4", "S0", "number", "soldiers", (_value(gamma, "Мін", "1"), _value(delta, "Мін", "2")))
    comparison = replace(
        comparison,
        documents=(*comparison.documents, doc),
        segments=(*comparison.segments, delta),
        stories=(comparison.stories[0], Story("S0", ("gamma", "delta"), None, "date unknown")),
        facts=(undated, *comparison.facts, joined),
    )
    tables = fact_tables(comparison)
    assert [[s.id for s in t.slots] for t in tables] == [["F1", "F2", "F3"], ["F4"]]
    assert tables[0].docs == ("alpha", "beta", "gamma") and tables[1].docs == ("gamma", "delta")
    text = plain(comparison)
    assert "Fact table · S1 2024-08-15 (D1 D2), with date unknown: D3" in text
    assert "Fact table · date unknown (compared with every story)" in text
    assert text.index("F3 ministers") < text.index("date unknown (compared with every story)") < text.index("F4")


def test_no_facts_says_so() -> None:
    text = plain(replace(fact_comparison(), facts=()))
    assert "no fact slots: no figure or date is given by more than one document" in text


def test_align_shows_the_disputed_facts_after_the_claims_and_before_the_summary() -> None:
    text = plain(fact_comparison(), 80, facts=False)
    _fits(text, 80)
    section = text.index("Facts the documents disagree on")
    assert text.rindex("Claim c2") < section < text.index("Summary")
    assert text.index("Related statements that disagree") < section
    after = " ".join(text[section:].split())
    assert "Stories: S1 2024-08-15 (D1 D2) · date unknown (compared with all): D3" in after
    assert "! soldiers arrived: D1 100 (Agency A) · D2 200" in after
    assert "day they arrived" not in after  # only the disputed slots
    assert "1 of 2 fact slots disputed" in after


def test_align_without_stories_or_facts_has_no_fact_section() -> None:
    assert "Facts the documents disagree on" not in plain(sample_comparison(), facts=False)


def test_a_related_pair_says_why() -> None:
    comparison = fact_comparison()
    outside = Pair("alpha:3", "gamma:1", 0.7, 0.9, "related", note="different occasion: 2023 vs 2024-09-09")
    text = plain(replace(comparison, pairs=(*comparison.pairs[:3], outside)), facts=False)
    assert "related: different occasion: 2023 vs 2024-09-09" in text


def test_document_text_in_the_fact_table_is_shown_as_written() -> None:
    comparison = fact_comparison()
    slot = comparison.facts[0]
    hostile = replace(slot, name="[red]killed[/red]", values=(replace(slot.values[0], source="[bold]A\u202eB"),))
    text = plain(replace(comparison, facts=(hostile,)), 120)
    assert "[red]killed[/red]" in text and "[bold]A⟫B" in text and "\u202e" not in text


# ----------------------------------------------------------------------------- CSV


def test_csv_has_a_row_per_slot_value_and_guards_formulas() -> None:
    comparison = fact_comparison()
    slot = comparison.facts[1]
    evil = replace(slot, name="=HYPERLINK(1)", values=(replace(slot.values[0], source="@SUM(A1)"), slot.values[1]))
    rows = list(csv.reader(io.StringIO(facts_to_csv(replace(comparison, facts=(comparison.facts[0], evil))))))
    assert tuple(rows[0]) == FACT_CSV_COLUMNS
    assert rows[0][:10] == [
        "story",
        "slot",
        "name",
        "kind",
        "disagreement",
        "doc",
        "text",
        "value",
        "source",
        "statement",
    ]
    assert len(rows) == 1 + 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first == {
        "story": "S1",
        "slot": "F1",
        "name": "soldiers arrived",
        "kind": "number",
        "disagreement": "true",
        "doc": "alpha",
        "text": "100",
        "value": "100",
        "source": "Agency A",
        "statement": "The minister said 100 soldiers arrived on Monday.",
        "segment": "alpha:1",
        "lang": "en",
    }
    third = dict(zip(rows[0], rows[3], strict=True))
    assert third["name"] == "'=HYPERLINK(1)" and third["source"] == "'@SUM(A1)" and third["disagreement"] == "false"


# ----------------------------------------------------------------------------- HTML


def test_html_overview_has_the_stories_and_a_fact_table_per_story() -> None:
    page = comparison_to_html(fact_comparison())
    section = page[page.index('<section id="facts"') : page.index("</section>", page.index('<section id="facts"'))]
    assert '<a href="#facts">Fact table</a>' in page
    assert page.index('id="overview"') < page.index('<section id="facts"') < page.index('id="claims"')
    assert "<b>S1</b> 2024-08-15: " in section and "<b>date unknown</b> (compared with every story)" in section
    assert "<caption>Fact table · S1 2024-08-15 (D1 D2)</caption>" in section
    headers = re.findall(r'<th scope="col">(?:<abbr[^>]*>)?([^<]+)', section)
    assert headers == ["Fact", "D1", "D2"]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", section)
    assert len(rows) == 2
    assert '<span class="badge sev-medium">! disputed</span> soldiers arrived' in rows[0]
    assert '<mark class="sev-medium" title="disputed (medium)">200</mark>' in rows[0]
    assert '<span class="who">(Agency A)</span>' in rows[0]
    assert "badge" not in rows[1] and "<mark" not in rows[1]
    for anchor in re.findall(r'href="#(s-[^"]+)"', section):  # every value links to its statement
        assert f'id="{anchor}"' in page
    assert '<span class="note">same fact: soldiers arrived</span>' in page


def test_html_fact_table_escapes_document_text() -> None:
    comparison = fact_comparison()
    slot = comparison.facts[0]
    evil = replace(
        slot,
        name="<script>alert(1)</script>",
        values=(replace(slot.values[0], source='<img src=x onerror="alert(2)">'), slot.values[1]),
    )
    page = comparison_to_html(replace(comparison, facts=(evil,)))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page


def test_html_fact_table_with_many_documents_lists_values_per_fact() -> None:
    page = comparison_to_html(many_documents(WIDE_MAX_DOCUMENTS + 1))
    assert 'class="fact-table"' not in page
    values = page[page.index('<ul class="fact-values">') :]
    assert "<b>D1</b> " in values and f"<b>D{WIDE_MAX_DOCUMENTS + 1}</b> " in values
    assert '<span class="who">(Reuters)</span>' in values


# ----------------------------------------------------------------------------- the command


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """``compare`` returns the hand-made comparison: the command is tested without the model."""

    def compare(paths: Any, settings: Any, progress: Any = None) -> Comparison:
        return fact_comparison()

    monkeypatch.setattr("claimcmp.compare", compare)


@pytest.mark.usefixtures("no_model")
def test_facts_command_prints_the_table_and_writes_json_and_csv(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["facts", "any/", "--no-color"], terminal_width=80)
    assert shown.exit_code == 0, shown.output
    assert "Fact table · S1 2024-08-15 (D1 D2)" in shown.output and "soldiers arrived" in shown.output
    assert "\x1b[" not in shown.output
    out_json, out_csv = tmp_path / "facts.json", tmp_path / "facts.csv"
    written = runner.invoke(app, ["facts", "any/", "--json", str(out_json), "--csv", str(out_csv), "--quiet"])
    assert written.exit_code == 0 and written.output == ""
    assert json.loads(out_json.read_text(encoding="utf-8")) == json.loads(
        json.dumps(comparison_to_dict(fact_comparison()), default=str)
    )
    assert out_csv.read_text(encoding="utf-8") == facts_to_csv(fact_comparison())
    piped = runner.invoke(app, ["facts", "any/", "--json", "-"])
    assert piped.exit_code == 0 and json.loads(piped.output)["facts"][0]["name"] == "soldiers arrived"


def test_facts_command_checks_its_output_paths_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("compared before checking the output path")

    monkeypatch.setattr("claimcmp.compare", no_work)
    result = runner.invoke(app, ["facts", "any/", "--csv", str(tmp_path / "missing" / "f.csv")])
    assert result.exit_code == 1 and "--csv" in result.output
