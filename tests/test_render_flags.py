"""The terminal diff view and the flag exports, on the seeds with the real model.

The seeds' two real disagreements (issue 18, item 6: one 2022 quotation in two
Russian renderings, and the 2018 moratorium against the last test in September
2017) must be flagged with the right type, show in an 80-column plain-text view
without losing their meaning, and come out in the CSV; the five pairs that only
look like disagreements must not be marked. tests/test_seed_disagreements.py
checks the flags themselves, statement by statement.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from claimcmp.output.export import CSV_COLUMNS, comparison_to_csv
from claimcmp.output.render import render_comparison
from claimcmp.records import Comparison

from .conftest import REPO, SEEDS

pytestmark = pytest.mark.model  # every test here compares the seeds with the real model

# (statement of one document, statement of another, flag type): found by reading the seeds
SEED_DISAGREEMENTS = [
    ("«дальнейшее наращивание", "«расширять всесторонние", "quote_variant"),
    ("мораторий на испытания", "в сентябре 2017 года", "date"),
]

# different facts, or one fact of different occasions: never flagged (issue 18, item 6)
SEED_NON_DISAGREEMENTS = [
    ("78-ата годишнина", "76-й годовщины"),  # liberation (2023) / founding (2024)
    ("предложил Кремлю 100 000", "понад 10 000 військових"),  # offered (2022) / sent (2025)
    ("15 августа, Путин сказал", "ранее, 16 августа"),  # Liberation Day / the 2024 telegram
    ("напълно отрекоха", "вперше офіційно підтвердила"),  # arms deals denied / troops confirmed
    ("не менее 60 боеголовок", "близько 600"),  # warheads / soldiers
]
CONTRADICTIONS = {"number", "date", "entity", "speaker", "polarity"}


def flag_types_between(comparison: Comparison, fragment_a: str, fragment_b: str) -> set[str]:
    texts = {s.id: s.text for s in comparison.segments}
    found: set[str] = set()
    for pair in comparison.pairs:
        sides = {texts[pair.a], texts[pair.b]}
        if any(fragment_a in t for t in sides) and any(fragment_b in t for t in sides):
            found |= {f.type for f in pair.flags}
    return found


@pytest.mark.parametrize(("fragment_a", "fragment_b", "flag_type"), SEED_DISAGREEMENTS)
def test_the_seeds_real_disagreements_are_flagged(
    seed_comparison: Comparison, fragment_a: str, fragment_b: str, flag_type: str
) -> None:
    assert flag_type in flag_types_between(seed_comparison, fragment_a, fragment_b)


@pytest.mark.parametrize(("fragment_a", "fragment_b"), SEED_NON_DISAGREEMENTS)
def test_the_seeds_non_disagreements_are_not_flagged(
    seed_comparison: Comparison, fragment_a: str, fragment_b: str
) -> None:
    texts = [s.text for s in seed_comparison.segments]
    assert any(fragment_a in t for t in texts) and any(fragment_b in t for t in texts)
    assert not flag_types_between(seed_comparison, fragment_a, fragment_b) & CONTRADICTIONS


def test_the_same_quote_in_two_renderings_is_equivalent(seed_comparison: Comparison) -> None:
    texts = {s.id: s.text for s in seed_comparison.segments}
    pair = next(
        p
        for p in seed_comparison.pairs
        if "«дальнейшее наращивание" in texts[p.a] + texts[p.b] and "«расширять" in texts[p.a] + texts[p.b]
    )
    assert pair.relation == "equivalent"


def test_contradicting_pairs_are_related_and_explained(seed_comparison: Comparison) -> None:
    for pair in seed_comparison.pairs:
        contradictions = [f for f in pair.flags if f.type in CONTRADICTIONS]
        # related: the two statements contradict each other, or the note says why they are only related
        # ("different occasion: 2023 vs 2024-09-09")
        assert (pair.relation == "related") == bool(contradictions or pair.note), pair
        for flag in pair.flags:
            assert flag.message and flag.severity in ("low", "medium", "high")


def render(comparison: Comparison, **options: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True, color_system=None, force_terminal=False)
    render_comparison(comparison, console, **options)
    return out.getvalue()


def test_the_view_fits_80_columns_and_keeps_its_meaning_in_plain_text(seed_comparison: Comparison) -> None:
    text = render(seed_comparison)
    assert "\x1b[" not in text  # no colour codes
    assert max(len(line) for line in text.splitlines()) <= 80
    # differing words are bracketed, flags say their type and severity, coverage has ✓ and ✗
    assert "[2018 году]" in text and "[сентябре 2017 года]" in text
    assert "«[дальнейшее наращивание" in text and "«[расширять всесторонние" in text
    assert "date (medium)" in text and "quote_variant (low)" in text
    # the figures of different facts or occasions are not marked as differing
    for value in ("78-ата", "76-й", "100 000", "10 000", "15 августа", "16 августа", "60", "600"):
        assert f"[{value}" not in text and f"{value}]" not in text, value
    assert "number (" not in text and "speaker (" not in text and "polarity (" not in text
    assert "✓" in text and "✗" in text
    assert "Summary" in text and "Coverage" in text
    # a long statement wraps instead of being cut: its last word is still printed
    assert "дальності." in text


def test_only_flagged_leaves_out_claims_without_flags(seed_comparison: Comparison) -> None:
    everything, flagged = render(seed_comparison), render(seed_comparison, only_flagged=True)
    unflagged_claims = [
        c.id
        for c in seed_comparison.clusters
        if not any(p.flags for p in seed_comparison.pairs if p.a in c.segments and p.b in c.segments)
    ]
    assert unflagged_claims, "the seeds have claims without flags"
    for claim in unflagged_claims:
        assert f"Claim {claim} ·" in everything and f"Claim {claim} ·" not in flagged


def test_csv_has_one_row_per_flag_with_both_sides(seed_comparison: Comparison) -> None:
    rows = list(csv.DictReader(io.StringIO(comparison_to_csv(seed_comparison))))
    assert len(rows) == sum(len(p.flags) for p in seed_comparison.pairs)
    assert tuple(rows[0]) == CSV_COLUMNS
    (date,) = [r for r in rows if r["type"] == "date"]
    assert {date["lang_a"], date["lang_b"]} == {"ru"}
    assert {date["flagged_a"], date["flagged_b"]} == {"2018 году", "сентябре 2017 года"}
    assert {date["value_a"], date["value_b"]} == {"2018", "2017-09"}
    assert date["flagged_a"] in date["text_a"] and date["flagged_b"] in date["text_b"]
    (quote,) = [r for r in rows if r["type"] == "quote_variant"]
    assert "наращивание" in quote["flagged_a"] + quote["flagged_b"]
    assert "расширять" in quote["flagged_a"] + quote["flagged_b"]


def test_cli_min_severity_and_csv(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimcmp",
            "align",
            str(SEEDS),
            "--min-severity",
            "medium",
            "--json",
            "-",
            "--csv",
            str(tmp_path / "flags.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    severities = {f["severity"] for p in data["pairs"] for f in p["flags"]}
    assert severities and severities <= {"medium", "high"}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "flags.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(p["flags"]) for p in data["pairs"])
    bad = subprocess.run(
        [sys.executable, "-m", "claimcmp", "align", str(SEEDS), "--min-severity", "urgent"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert bad.returncode == 2 and "urgent" in bad.stderr
