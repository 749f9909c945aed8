"""The adversarial corpus: what each hostile input is, and what a user gets from it.

Small cases are files in ``tests/data/hostile/``; large or odd ones (a 5 MB line, a file
name with a newline, a symlink loop) are built by :func:`build_corpus`, because git should
not carry megabytes or names that break checkouts.

``python -m tests.support.hostile_corpus FOLDER CASE`` reads one case the way ``claimcmp inspect``
does and prints a JSON record of the outcome, time and peak memory;
tests/test_hostile_corpus.py runs every case that way (one process each, so memory is
measured per case), and ``python -m tests.support.hostile_corpus --table`` prints them all as the
table in BENCHMARKS.md. The README's reliability table lists what a user gets from each.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

COMMITTED = Path(__file__).resolve().parent.parent / "data" / "hostile"
NEWLINE_NAME = "evil\nname $(touch PWNED); `id` | rm -rf ~.txt"

Outcome = Literal["processed", "skipped", "error"]

# The time limits are hang guards, not complexity claims: far above what a case takes on a loaded
# two-core machine (BENCHMARKS.md: under 1 s for the small cases, 16 s for the largest), far below
# what quadratic work on their megabytes would take (hours), so load cannot fail them and a hang
# cannot pass. Growth is tested where it can be counted: each stage's tests compare the work done
# at n and 4n (tests/conftest.py python_steps); BENCHMARKS.md records the seconds.
SMALL_CASE_SECONDS = 60.0
LARGE_CASE_SECONDS = 240.0  # under the 300 s tests/test_hostile_corpus.py gives each case's process


@dataclass(frozen=True)
class HostileCase:
    name: str  # file (or folder) in the corpus
    what: str
    outcome: Outcome
    detail: str  # must occur in a warning (processed) or the reason (skipped, error); "" for none
    max_seconds: float = SMALL_CASE_SECONDS  # a hang guard (above)
    max_memory_mb: float = 80.0  # peak resident memory beyond what the process held before reading
    statements: tuple[int, int] = (1, 10)  # how many statements a processed case yields, at least / at most


CASES: tuple[HostileCase, ...] = (
    HostileCase(
        "zero_width_bidi.txt", "zero-width spaces/joiners, BOM, bidi overrides in words and figures", "processed", ""
    ),
    HostileCase("combining.txt", "decomposed letters and stacked combining marks (zalgo)", "processed", ""),
    HostileCase("mixed_scripts.txt", "Latin o, y, P, C inside Cyrillic words", "processed", ""),
    HostileCase("homoglyph_names.txt", "names spelled with look-alike letters of another script", "processed", ""),
    HostileCase("script_payload.html", "<script>, javascript: links, onerror, iframe, svg onload", "processed", ""),
    HostileCase("terminal_escapes.txt", "ANSI escapes that recolour, retitle, clear screens", "processed", "control"),
    HostileCase(
        "surrogates_and_nan.json", "lone surrogate escapes, NaN, 1e999, -Infinity in JSON", "processed", "surrogate"
    ),
    HostileCase("broken_lines.jsonl", "bad JSON lines among good ones, one nested 5,000 deep", "processed", "line 2"),
    HostileCase("many_quote_marks.txt", "10,000 opening quotation marks", "processed", ""),
    HostileCase(
        "unbalanced_quotes.txt",
        "5,000 sentences, each opening a quotation that never closes",
        "processed",
        "",
        max_seconds=LARGE_CASE_SECONDS,
        max_memory_mb=300,
        statements=(5000, 5000),
    ),
    HostileCase(
        "long_line.txt",
        "a 5 MB line without a space",
        "processed",
        "",
        max_seconds=LARGE_CASE_SECONDS,
        max_memory_mb=300,
        statements=(2500, 2500),
    ),
    HostileCase(
        "word_soup.txt",
        "6 MB of words with no full stop and no line break (scraped text without punctuation)",
        "processed",
        "",
        max_seconds=LARGE_CASE_SECONDS,
        max_memory_mb=800,
        statements=(1500, 2500),
    ),
    HostileCase(
        "made_up_languages.jsonl",
        "2,000 JSON records, each declaring another made-up language code, all with the same id",
        "processed",
        "",
        statements=(4000, 4000),
    ),
    HostileCase("deep_nesting.json", "JSON nested 100,000 arrays deep", "skipped", "nested too deeply"),
    HostileCase("long_number.json", "a JSON number of 10,000 digits", "processed", ""),
    HostileCase(
        "nested_tags.html", "HTML with 10,000 nested tags around the article", "processed", "extractor found nothing"
    ),
    HostileCase(
        "repetition.txt",
        "one sentence repeated 200,000 times (10 MB from one line: a bomb of repetition)",
        "processed",
        "",
        max_seconds=LARGE_CASE_SECONDS,
        max_memory_mb=400,
        statements=(1, 1),
    ),
    HostileCase(NEWLINE_NAME, "a file name with a newline and shell metacharacters", "processed", ""),
    HostileCase("symlink_loop", "a folder holding a symlink to itself", "processed", "", statements=(2, 2)),
    HostileCase("binary.txt", "NUL bytes: a binary file named .txt", "skipped", "looks binary"),
    HostileCase("empty.txt", "an empty file", "skipped", "is empty"),
)


def build_corpus(folder: Path) -> Path:
    """Write every case into ``folder`` (committed files copied, the rest generated); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in COMMITTED.iterdir():
        shutil.copyfile(path, folder / path.name)
    sentence = "Путин заявил о новых поставках ракет. "
    (folder / "many_quote_marks.txt").write_text("Путин сказал " + "«" * 10_000 + " и замолчал.\n")
    (folder / "unbalanced_quotes.txt").write_text(
        "".join(f"Он сказал «поставлено {i} ракет. " for i in range(5000)) + "\n"
    )
    letters = "абвгдежзийклмнопрстуфхцчшщыэюя"
    (folder / "long_line.txt").write_text("".join(random.Random(5).choices(letters, k=5_000_000)))
    vocabulary = [
        "путин",
        "заявил",
        "ракета",
        "письмо",
        "ким",
        "чен",
        "ын",
        "москва",
        "пхеньян",
        "договор",
        "2024",
        "года",
        "мая",
        "10",
        "тысяч",
        "не",
        "и",
        "в",
        "о",
        "на",
    ]
    (folder / "word_soup.txt").write_text(" ".join(random.Random(1).choices(vocabulary, k=800_000)))
    (folder / "made_up_languages.jsonl").write_text(
        "".join(
            json.dumps({"id": "same", "lang": f"x{i}", "text": f"Путин заявил о {i} ракетах. Ким ответил."}) + "\n"
            for i in range(2000)
        )
    )
    (folder / "deep_nesting.json").write_text('{"text": "a b c", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (folder / "long_number.json").write_text(
        '{"text": "Путин направил письмо Ким Чен Ыну. Ответ пришёл 9 мая.", "n": ' + "9" * 10_000 + "}"
    )
    (folder / "nested_tags.html").write_text(
        "<html><body>" + "<div>" * 10_000 + f"<p>{sentence * 3}</p>" + "</div>" * 10_000 + "</body></html>"
    )
    (folder / "repetition.txt").write_text(sentence * 200_000)
    (folder / NEWLINE_NAME).write_text("Ким Чен Ын ответил Путину письмом. Письмо пришло 12 июня.\n")
    loop = folder / "symlink_loop"
    (loop / "inner").mkdir(parents=True, exist_ok=True)
    (loop / "inner" / "article.txt").write_text(sentence + "Песков подтвердил это.\n")
    if not (loop / "inner" / "back").is_symlink():
        os.symlink("..", loop / "inner" / "back")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def run_case(folder: Path, name: str) -> dict[str, object]:
    """Read one case as ``claimcmp inspect`` does: outcome, statements, messages, seconds, memory."""
    from claimcmp.errors import ClaimcmpError
    from claimcmp.pipeline import analyse

    before = _peak_mb()
    started = time.perf_counter()
    record: dict[str, object]
    try:
        analysis = analyse([folder / name])
        record = {
            "outcome": "processed",
            "statements": len(analysis.segments),
            "longest": max(len(s.text) for s in analysis.segments),
            "messages": list(analysis.warnings),
            "texts": [s.text[:200] for s in analysis.segments[:20]],
        }
    except ClaimcmpError as exc:
        record = {"outcome": "error", "statements": 0, "messages": [str(exc)]}
    if record["outcome"] == "error" and "could be read" in str(record["messages"]):
        record["outcome"] = "skipped"  # the one input was unreadable: the run would go on without it
    record["seconds"] = round(time.perf_counter() - started, 2)
    record["memory_mb"] = round(_peak_mb() - before, 1)
    return record


def _peak_mb() -> float:
    """Peak resident memory of this process image. Not ``ru_maxrss``: Linux carries that over
    from the parent across exec, so under a large pytest process every case would measure 0."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def print_table() -> None:
    """Every case in its own process: the markdown table BENCHMARKS.md shows."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = build_corpus(Path(scratch))
        print("| case | outcome | statements | seconds | memory (MB) |")
        print("| --- | --- | --- | --- | --- |")
        for case in CASES:
            proc = subprocess.run(
                [sys.executable, "-m", "tests.support.hostile_corpus", str(folder), case.name],
                capture_output=True,
                text=True,
                check=True,
            )
            record = json.loads(proc.stdout)
            name = case.name.replace("\n", "\\n").replace("|", "\\|").replace("`", "\\`")
            print(
                f"| {name}: {case.what} | {record['outcome']} | {record['statements']} "
                f"| {record['seconds']} | {record['memory_mb']} |"
            )


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:
        print_table()
        raise SystemExit(0)
    # imports and rule files first, so the memory measured is the reading's, not theirs
    import trafilatura  # noqa: F401

    from claimcmp.analysis import analyse_documents
    from claimcmp.config import Settings
    from claimcmp.records import Document

    analyse_documents([Document(id="warm", text="Путин заявил 9 мая 2024 года: «Поставлено 100 ракет».")], Settings())
    print(json.dumps(run_case(Path(sys.argv[1]), sys.argv[2]), ensure_ascii=False))
