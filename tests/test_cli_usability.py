"""Things a user trips over (issue 17, item 5): switches in --help, index remove's warning, one article
alone or twice, output paths checked first, the layout at 80 and 120 columns, the dateline's date,
and a reader that closes the pipe early."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from claimcmp.cli import _check_outputs, app
from claimcmp.corpus import add_to_index, search_index
from claimcmp.corpus.index import CorpusIndex
from claimcmp.errors import OutputPathError
from claimcmp.input.untrusted import displayable
from claimcmp.output.render import document_labels, quotes_table, render_comparison, search_table
from claimcmp.pipeline import analyse, compare
from claimcmp.records import Analysis, Comparison, Document, Facts, Flag, SearchHit, Segment

from .conftest import REPO, SEEDS
from .support.embedders import HashEmbedder
from .test_cli import all_command_paths
from .test_corpus_index import SEED_FILES, _settings

runner = CliRunner()
WIDTHS = (80, 120)
DATED = SEEDS / "004_2d63bb16a09dbf8b.txt"  # its dateline: "Сен 9, 2024 / 12:36"


def plain(renderable: RenderableType | None = None, width: int = 80, comparison: Comparison | None = None) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, color_system=None, force_terminal=False)
    if comparison is not None:
        render_comparison(comparison, console)
    else:
        console.print(renderable)
    return out.getvalue()


# ----------------------------------------------------------------------------- 1. switches in --help


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p) or "claimcmp")
def test_help_shows_switches_without_a_value_type(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output


def test_a_switch_line_in_help_names_no_value_and_switches_parse(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["align", "--help"], terminal_width=120).output
    ordered = next(line for line in shown.splitlines() if "--ordered" in line)
    assert re.search(r"--ordered\s+The documents are", ordered), ordered
    # every switch is accepted without a value: the run gets as far as reading the (missing) input
    switches = ["--ordered", "--no-text", "--keep-boilerplate", "--strict", "--quiet", "--verbose"]
    switches += ["--only-flagged", "--no-color", "--no-cache"]
    result = runner.invoke(app, ["align", str(tmp_path / "nope.txt"), *switches])
    assert result.exit_code == 1 and "nope.txt" in result.output


# ----------------------------------------------------------------------------- 2. index remove


def test_removing_a_document_keeps_the_faiss_file_in_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{tmp_path}"\nvectors = false\n', encoding="utf-8")
    removed = runner.invoke(app, ["index", "remove", "--index", "news", SEED_FILES[0].stem, "--config", str(config)])
    assert removed.exit_code == 0, removed.output
    info = runner.invoke(app, ["index", "info", "--index", "news", "--config", str(config)])
    assert info.exit_code == 0 and "4 documents" in info.output
    hits = search_index("Путин", "news", settings, limit=200, embedder=HashEmbedder())
    assert hits and all(h.document.id != SEED_FILES[0].stem for h in hits)
    index = CorpusIndex(tmp_path, "news", settings.index)
    assert index._vectors.index().ntotal == index.info().vectors and not index.warnings
    printed = removed.output + info.output + capsys.readouterr().err
    assert "warning" not in printed and "out of step" not in printed


# ----------------------------------------------------------------------------- 3. one article, or the same twice


def test_the_same_article_twice_is_compared_once_and_said_so(tmp_path: Path) -> None:
    for name in ("01.txt", "02.txt"):
        (tmp_path / name).write_text(DATED.read_text(encoding="utf-8"), encoding="utf-8")
    comparison = compare([tmp_path], _settings(tmp_path), embedder=HashEmbedder())
    assert [d.id for d in comparison.documents] == ["01"]
    assert {s.doc for s in comparison.segments} == {"01"}
    assert any(re.search(r"01\.txt and .*02\.txt have the same text; compared once", w) for w in comparison.warnings)
    for width in WIDTHS:
        view = plain(width=width, comparison=comparison)
        assert "nothing to compare: one document" in view
        assert "Summary" not in view and "0 shared claims" not in view


def test_one_article_alone_says_there_is_nothing_to_compare(tmp_path: Path) -> None:
    comparison = compare([DATED], _settings(tmp_path), embedder=HashEmbedder())
    assert not any("same text" in w for w in comparison.warnings)
    view = plain(comparison=comparison)
    assert "nothing to compare: one document" in view and "Summary" not in view


@pytest.mark.model
def test_the_cli_prints_the_repeat_as_one_warning_line(tmp_path: Path) -> None:
    from .conftest import CACHE

    for name in ("01.txt", "02.txt"):
        (tmp_path / name).write_text(DATED.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{CACHE}"\n', encoding="utf-8")
    result = runner.invoke(app, ["align", str(tmp_path), "--config", str(config)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert re.search(r"^warning: \S*01\.txt and \S*02\.txt have the same text; compared once$", result.stderr, re.M)
    assert "nothing to compare: one document" in result.stdout


# ----------------------------------------------------------------------------- 4. output paths checked first


@pytest.mark.parametrize("option", ["--json", "--csv", "--html"])
def test_an_unwritable_output_path_fails_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the comparison ran before the output path was checked")

    monkeypatch.setattr("claimcmp.compare", no_work)
    for target, problem in (
        (tmp_path / "missing" / "out.txt", "does not exist"),
        (tmp_path, "it is a folder"),
        (SEED_FILES[0] / "out.txt", "is a file, not a folder"),
    ):
        result = runner.invoke(app, ["align", str(SEEDS), option, str(target)], terminal_width=400)
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: cannot write " + option), result.output
        assert problem in lines[0] and "expected" in lines[0] and "You can fix this by" in lines[0]


def test_a_read_only_folder_is_refused_and_good_paths_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_outputs(json=str(tmp_path / "out.json"), csv="-", html=None)  # nothing to complain about
    monkeypatch.setattr("claimcmp.cli.os.access", lambda path, mode: False)  # as for a user without write access
    with pytest.raises(OutputPathError, match="is not writable"):
        _check_outputs(json=str(tmp_path / "out.json"))


# ----------------------------------------------------------------------------- 5. layout at 80 and 120 columns


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


@pytest.mark.model
@pytest.mark.parametrize("width", WIDTHS)
def test_flag_messages_wrap_under_their_start(seed_comparison: Comparison, width: int) -> None:
    # whatever the seeds are flagged with today, every pair carries one message too long for a line
    a, b = seed_comparison.documents[0].id, seed_comparison.documents[1].id
    long = Flag(
        type="speaker",
        message=f"{a} attributes this to севернокорейският лидер Ким Чен-ун in his letter; {b} to the "
        "President of the Russian Federation Vladimir Putin in a telegram published by state media",
    )
    comparison = replace(
        seed_comparison, pairs=tuple(replace(p, flags=(*p.flags, long)) for p in seed_comparison.pairs)
    )
    lines = _lines(plain(width=width, comparison=comparison))
    labels = document_labels(comparison)
    expected = set()
    for pair in comparison.pairs:
        for flag in pair.flags:
            message = flag.message
            for document_id, label in labels.items():
                message = message.replace(document_id, label)
            expected.add(" ".join(f"{flag.type} ({flag.severity}): {displayable(message)}".split()))
    found, wrapped = set(), 0
    for i, line in enumerate(lines):
        if not re.match(r"^  (!!|! |· ) \w", line):
            continue
        parts = [line[5:]]
        for following in lines[i + 1 :]:
            if not following.startswith("     ") or re.match(r"^  (!!|! |· ) \w", following):
                break
            parts.append(following.strip())
        wrapped += len(parts) > 1
        found.add(" ".join(" ".join(parts).split()))
    assert found == expected  # every message whole: its continuation lines are indented, none at column 0
    assert wrapped, "the long message wraps"


@pytest.mark.model
@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_uses_the_width(seed_comparison: Comparison, width: int) -> None:
    lines = _lines(plain(width=width, comparison=seed_comparison))
    assert max(len(line) for line in lines) <= width
    for start in ("claims carried by", f"{len(seed_comparison.documents)} documents read"):
        first = next(i for i, line in enumerate(lines) if line.startswith(start))
        paragraph = [first]
        while paragraph[-1] + 1 < len(lines) and lines[paragraph[-1] + 1] and lines[paragraph[-1] + 1][0] != " ":
            if lines[paragraph[-1] + 1].startswith(("claims carried", f"{len(seed_comparison.documents)} doc")):
                break
            paragraph.append(paragraph[-1] + 1)
        # a wrapped line leaves less than a long word free: the text is not squeezed into a narrow table caption
        assert all(len(lines[i]) >= width - 25 for i in paragraph[:-1]), [lines[i] for i in paragraph]


def _table_rows(text: str) -> list[list[list[str]]]:
    """Rows of the box tables in ``text``: for each row, each cell's lines."""
    rows: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in _lines(text):
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            if current is None or cells[0]:  # a row starts with its number
                current = [[] for _ in cells]
                rows.append(current)
            for cell, value in zip(current, cells, strict=True):
                if value:
                    cell.append(value)
        else:
            current = None  # a separator, header or title ends the row
    return rows


def _column_widths(text: str) -> list[list[int]]:
    return [[len(c) for c in line[1:-1].split("┳")] for line in _lines(text) if line.startswith("┏")]


@pytest.mark.parametrize("width", WIDTHS)
def test_quotes_get_most_of_the_width_and_wrap_between_words(width: int) -> None:
    analysis = analyse([SEEDS])
    expected = {
        displayable(" ".join(q.text.split())) + (" (partial)" if q.partial else "")
        for s in analysis.segments
        for q in (s.facts.quotes if s.facts else ())
    }
    text = plain(quotes_table(analysis), width)
    assert max(len(line) for line in _lines(text)) <= width
    shown = {" ".join(row[-1]) for row in _table_rows(text)}
    assert shown == expected  # joined at line ends with a space, every quotation reads whole: no word cut in two
    for columns in _column_widths(text):
        assert columns[-1] > 0.55 * sum(columns), columns


def _hit(title: str, text: str) -> SearchHit:
    document = Document(id="001_b6e1b808a0f5a791", text=text, lang="ru", title=title, date="2024-09-09")
    segment = Segment(id="001:3", doc=document.id, index=3, text=text, start=0, end=len(text), lang="ru", facts=Facts())
    return SearchHit(score=0.912, segment=segment, document=document)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_keep_titles_and_statements_readable(width: int) -> None:
    title = "Путин будет налаживать более тесные связи с Северной Кореей, поскольку Россия ищет безопасности"
    statement = (
        "Президент России заявил своему северокорейскому коллеге, что их две страны будут «расширять "
        "всесторонние и конструктивные двусторонние отношения совместными усилиями»."
    )
    text = plain(search_table("Ким Чен Ын", [_hit(title, statement), _hit(title, "Коротко.")]), width)
    assert max(len(line) for line in _lines(text)) <= width
    rows = _table_rows(text)
    assert len(rows) == 2
    for row, said in zip(rows, (statement, "Коротко."), strict=True):
        cell = row[-1]
        joined = " ".join(cell)
        assert joined.startswith(said + " " + title + " · 001_b6e1b808a0f5a791 · ru · 2024-09-09"), joined
        at = next(i for i, line in enumerate(cell) if line.startswith("Путин"))
        assert all(len(line.split()) >= 4 for line in cell[at:-1]), cell  # not a word per line


# ----------------------------------------------------------------------------- 6. the dateline's date


@pytest.mark.model
def test_a_dateline_dates_its_document_in_the_terminal_and_html(seed_comparison: Comparison) -> None:
    from claimcmp.output.html_report import comparison_to_html

    analysis = analyse([DATED])
    assert analysis.documents[0].date == "2024-09-09"
    dated = next(d for d in seed_comparison.documents if d.id == DATED.stem)
    assert dated.date == "2024-09-09"
    for width in WIDTHS:
        row = next(line for line in _lines(plain(width=width, comparison=seed_comparison)) if DATED.stem in line)
        assert "2024-09-09" in row
    assert "<td>2024-09-09</td>" in comparison_to_html(seed_comparison)


def test_a_metadata_date_is_kept_over_the_dateline() -> None:
    from claimcmp.analysis import dated as _dated

    analysis: Analysis = analyse([DATED])
    document = replace(analysis.documents[0], date="2024-09-10T08:00:00Z")
    assert _dated(document, analysis.segments).date == "2024-09-10T08:00:00Z"


# ----------------------------------------------------------------------------- 7. a reader that closes early


@pytest.mark.parametrize("args", [["inspect", "seeds/", "seeds/"], ["inspect", "seeds/", "--json", "-"]])
def test_a_reader_closing_the_pipe_early_ends_the_run_quietly(args: list[str]) -> None:
    # the output (over 128 KB) is more than the pipe holds: the writer is still writing when the reader leaves
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcmp", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    error = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0, error
    assert error == ""
