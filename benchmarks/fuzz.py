"""Coverage-guided fuzzing of the parsers that read untrusted text (atheris, Apache-2.0).

``python -m benchmarks.fuzz TARGET [--seconds 600] [--max-len 20000]`` runs libFuzzer through
atheris on one target for a bounded time, then prints what it ran and found. Targets:

* ``parse``: bytes → format sniffing, decoding, text/Markdown/HTML/JSON/JSONL readers
* ``segment``: text → paragraphs, boilerplate, sentences, quotation spans
* ``analyse``: text → quotes, speakers, numbers, dates, names (the facts of each segment)
* ``flags``: two texts → every statement of one flagged against every statement of the other

Each input is checked against :mod:`tests.invariants` (only ``ClaimcmpError`` escapes, offsets
inside the text, facts from their own segment, the same result twice). A broken rule, any
other exception, an input slower than ``--input-timeout`` seconds or a run over ``--rss-mb``
is a finding: libFuzzer writes the input to ``benchmarks/fuzz_findings/TARGET-*`` and stops.
Turn each finding into a regression test (tests/test_hostile_properties.py) before fixing it.

The corpus grows in ``benchmarks/fuzz_corpus/TARGET/`` (not committed), seeded from the sample
articles and the hostile corpus in ``tests/data/hostile/``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "benchmarks" / "fuzz_corpus"
FINDINGS = REPO / "benchmarks" / "fuzz_findings"
SEED_SOURCES = (REPO / "seeds", REPO / "tests" / "data" / "hostile", REPO / "tests" / "data" / "pages")
# seed files larger than this are cut: libFuzzer mutates small inputs far faster
_SEED_BYTES = 8000
LANGS = ("ru", "uk", "bg", "en", "und")


def _split(data: bytes) -> tuple[int, bytes]:
    return (data[0] if data else 0), data[1:]


def _text(data: bytes) -> tuple[str, str]:
    selector, rest = _split(data)
    return LANGS[selector % len(LANGS)], rest.decode("utf-8", "replace")


def target_parse(data: bytes) -> None:
    from tests.support.invariants import EXTENSIONS, InvariantBroken, parse_untrusted

    selector, raw = _split(data)
    extension = EXTENSIONS[selector % len(EXTENSIONS)]
    first = parse_untrusted(raw, extension)
    second = parse_untrusted(raw, extension)
    if (first is None) != (second is None) or (
        first is not None and second is not None and first.documents != second.documents
    ):
        raise InvariantBroken("parsing the same bytes twice gave different documents")


def target_segment(data: bytes) -> None:
    from claimcmp.input.segmentation import segment_document
    from claimcmp.records import Document
    from tests.support.invariants import check_segments

    lang, text = _text(data)
    document = Document(id="d", text=text, lang=lang)
    check_segments(document, segment_document(document, keep_boilerplate=True))
    check_segments(document, segment_document(document, keep_boilerplate=False))


def target_analyse(data: bytes) -> None:
    from tests.support.invariants import InvariantBroken, analyse_text

    lang, text = _text(data)
    if analyse_text(text, lang) != analyse_text(text, lang):
        raise InvariantBroken("analysing the same text twice gave different facts")


def target_flags(data: bytes) -> None:
    from tests.support.invariants import compare_texts

    lang, text = _text(data)
    text_a, _, text_b = text.partition("\n\n\n")
    compare_texts(text_a, text_b or text_a[::-1], lang, "uk" if lang != "uk" else "ru")


TARGETS: dict[str, Callable[[bytes], None]] = {
    "parse": target_parse,
    "segment": target_segment,
    "analyse": target_analyse,
    "flags": target_flags,
}


def seed_corpus(target: str) -> Path:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for source in SEED_SOURCES:
        if not source.is_dir():
            continue
        for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
            seed = folder / f"seed-{source.name}-{path.name}"
            if not seed.exists():
                prefix = bytes([sum(path.name.encode()) % 251])  # a varied language / format selector
                seed.write_bytes(prefix + path.read_bytes()[:_SEED_BYTES])
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--seconds", type=int, default=600, help="total fuzzing time (default 600)")
    parser.add_argument("--max-len", type=int, default=20000, help="largest input libFuzzer builds, in bytes")
    parser.add_argument("--input-timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--rss-mb", type=int, default=3072, help="memory limit of the fuzzing process")
    parser.add_argument("--fresh", action="store_true", help="start from the seeds, dropping the grown corpus")
    args = parser.parse_args(argv)

    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install atheris (it is in the dev extra)", file=sys.stderr)
        return 2

    if args.fresh:
        shutil.rmtree(CORPUS / args.target, ignore_errors=True)
    corpus = seed_corpus(args.target)
    FINDINGS.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO))
    with atheris.instrument_imports(include=["claimcmp", "tests"]):
        import claimcmp.analysis.dates
        import claimcmp.analysis.entities
        import claimcmp.analysis.quantities
        import claimcmp.analysis.speech
        import claimcmp.facts.flags
        import claimcmp.input.formats
        import claimcmp.input.segmentation  # noqa: F401
        import tests.support.invariants  # noqa: F401
    # the readers and extractors load their rules lazily: warm them before timing starts
    TARGETS["flags"](b"\x00" + "«Да», — сказал Путин 9 мая 2023 года о 100 ракетах.\n\n\nТак.".encode())
    TARGETS["parse"](b"\x03" + "<html><body><p>Текст статьи.</p></body></html>".encode())
    # ... and charset-normalizer, imported at the first legacy-encoded input: an early 12 s
    # "slow unit" in the first run was that import (under load), not the input
    TARGETS["parse"](b"\x01" + "Текст статьи о письме Путина.".encode("cp1251"))

    started = time.monotonic()
    libfuzzer_args = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={args.seconds}",
        f"-max_len={args.max_len}",
        f"-timeout={args.input_timeout}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-artifact_prefix={FINDINGS}/{args.target}-",
        "-print_final_stats=1",
    ]
    print(f"fuzzing {args.target} for {args.seconds} s, corpus {corpus}", file=sys.stderr, flush=True)
    atheris.Setup(libfuzzer_args, TARGETS[args.target])
    try:
        atheris.Fuzz()
    finally:
        print(f"{args.target}: ran {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
