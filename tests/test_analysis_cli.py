"""`claimcmp inspect` and `claimcmp quotes`: facts per statement, without loading the model."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from .conftest import REPO, SEEDS


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimcmp", *args], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_quotes_lists_speakers_and_sources_of_the_seeds() -> None:
    proc = run_module("quotes", str(SEEDS), "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    quotes = data["quotes"]
    assert {q["doc"][:3] for q in quotes} >= {"000", "001", "002", "003"}
    volodin = next(q for q in quotes if q["text"].startswith("Росія ніколи не забуде"))
    assert volodin["speaker"] == "Володін" and volodin["lang"] == "uk"
    putin_letter = next(q for q in quotes if q["text"].startswith("Сигурен съм"))
    assert putin_letter["speaker_key"] == "putin"
    assert putin_letter["via_key"] == "kcna"


def test_inspect_json_carries_facts_and_imports_no_model() -> None:
    code = (
        "import sys, runpy; sys.argv = ['claimcmp', 'inspect', 'seeds/', '--json', '-'];"
        "from claimcmp.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    by_text = {s["text"]: s for s in data["segments"]}
    denial = next(s for t, s in by_text.items() if t.startswith("Пхенян и Москва напълно отрекоха"))
    assert denial["stance"] == "denied"
    figures = {n["text"] for s in data["segments"] for n in s["numbers"]}
    assert {"55%", "78-ата"} <= figures


def test_inspect_prints_a_table_per_document() -> None:
    proc = run_module("inspect", str(next(SEEDS.glob("003_*.txt"))))
    assert proc.returncode == 0, proc.stderr
    assert "003_017250b7c650f034" in proc.stdout and "15 серпня" in proc.stdout


def test_a_bad_reference_date_is_a_one_line_error() -> None:
    proc = run_module("inspect", str(SEEDS), "--date", "yesterday")
    assert proc.returncode == 1
    assert "ISO date" in proc.stderr and "Traceback" not in proc.stderr


def test_a_short_name_takes_the_full_name_of_its_document() -> None:
    from claimcmp.analysis import analyse_document
    from claimcmp.input.segmentation import segment_document
    from claimcmp.records import Document

    def speaker_keys(text: str) -> list[str | None]:
        document = Document(id="d", text=text, lang="bg")
        segments = analyse_document(document, segment_document(document))
        return [q.speaker_key for s in segments if s.facts for q in s.facts.quotes]

    one_kim = 'Ким Чен-ун писа на Путин.\n\n"Ще победим", каза Ким.'
    assert speaker_keys(one_kim) == ["kim-jong-un"]
    # two people share the surname: "Ким" alone cannot say which one
    two_kims = 'Ким Чен-ун и Ким Йо-чен писаха на Путин.\n\n"Ще победим", каза Ким.'
    assert speaker_keys(two_kims) == ["kim"]
