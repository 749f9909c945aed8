"""Hunt for super-linear work on pathological text: ``python -m benchmarks.scaling_scan [--n 8000] [PATTERN ...]``.

Each pattern below makes a text of about n characters (a run of dots, nested quotes, a
heading of hashes, ...). The scan times reading it (as .txt, .md, .html and .json),
splitting it into statements and analysing them, at n and at 4n characters, and prints
how much the time grew. Linear work grows about 4x; anything over 8x (quadratic work
grows 16x) is marked ``<--`` and the command exits 1. A regular expression that backtracks
over a long run, or a loop over all pairs, shows up here long before a user meets it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

PATTERNS: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "Слово " + " " * n + "конец.",
    "dots": lambda n: "." * n,
    "dot_space": lambda n: ". " * (n // 2),
    "questions": lambda n: "?" * n,
    "ellipses": lambda n: "…" * n,
    "dot_then_quotes": lambda n: "." + "»" * n + "x",
    "dot_quote": lambda n: ".»" * (n // 2),
    "quotes_open": lambda n: "«" * n,
    "straight_quotes": lambda n: '"' * n,
    "space_quote": lambda n: ' "' * (n // 2),
    "nested_quotes": lambda n: "«„" * (n // 4) + "“»" * (n // 4),
    "quoted_sentences": lambda n: "«Да». " * (n // 6),
    "said_colon_quote": lambda n: "Путин сказал: «" * (n // 15),
    "digits": lambda n: "1" * n,
    "digit_space": lambda n: "1 " * (n // 2),
    "digit_comma": lambda n: "1," * (n // 2),
    "digit_dot": lambda n: "1." * (n // 2),
    "date_like": lambda n: "12.05." * (n // 6),
    "iso_like": lambda n: "2023-" * (n // 5),
    "thin_space_digits": lambda n: "1\u202f000" * (n // 5),
    "md_heading_spaces": lambda n: "# " + " " * n + "x\nтекст статьи.",
    "md_heading_hashes": lambda n: "# " + "#" * n + " x\nтекст.",
    "letters": lambda n: "а" * n,
    "initials": lambda n: "А. " * (n // 3),
    "abbreviations": lambda n: "т.е." * (n // 4),
    "dashes": lambda n: "- " * (n // 2),
    "newlines": lambda n: "\n" * n + "x",
    "blank_lines": lambda n: "\n \n" * (n // 3) + "x",
    "lines_without_stops": lambda n: "Короткая строка без точки\n" * (n // 26),
    "parens": lambda n: "(" * n,
    "names": lambda n: "Путин Ким " * (n // 10),
    "number_words": lambda n: "сто двадцать три тысячи " * (n // 24),
    "dates": lambda n: "9 мая 2023 года " * (n // 16),
    "money": lambda n: "$ 5 млн " * (n // 8),
    "ranges": lambda n: "5–6–" * (n // 4),
    "negations": lambda n: "не " * (n // 3),
    "sources": lambda n: "сообщает ТАСС, " * (n // 15),
    "url": lambda n: "http://" + "a." * (n // 2),
    "zero_width": lambda n: "\u200b" * n + "x",
    "combining": lambda n: "а" + "\u0301" * n,
    "tags": lambda n: "<p>" * (n // 3),
    "crlf": lambda n: "a\r\n" * (n // 3),
}

WRAPPERS: dict[str, Callable[[str], str]] = {
    ".txt": lambda text: text,
    ".md": lambda text: text,
    ".html": lambda text: f"<html><body><article><p>{text}</p></article></body></html>",
    ".json": lambda text: json.dumps({"text": text}),
}


def seconds(text: str, extension: str) -> float:
    """Read ``text`` as a file of this kind, segment it and analyse it; the time taken."""
    from claimcmp.analysis import analyse_document
    from claimcmp.errors import ClaimcmpError
    from claimcmp.input.formats import Source, parse_input
    from claimcmp.input.segmentation import segment_document

    raw = WRAPPERS[extension](text).encode("utf-8", "surrogatepass")
    started = time.perf_counter()
    try:
        documents = parse_input(raw, Source(name="scan", stem="scan", extension=extension)).documents
    except ClaimcmpError:
        documents = []
    for document in documents:
        analyse_document(document, segment_document(document, keep_boilerplate=True))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling_scan", description=__doc__.split("\n\n")[0])
    parser.add_argument("patterns", nargs="*", help=f"patterns to scan (default: all {len(PATTERNS)})")
    parser.add_argument("--n", type=int, default=8000, help="characters of the smaller text (default 8000)")
    args = parser.parse_args(argv)
    names = args.patterns or list(PATTERNS)
    seconds(PATTERNS["dates"](200), ".html")  # load rules and trafilatura before timing anything
    worst = 0.0
    print(f"| pattern | format | {args.n:,} chars (s) | {4 * args.n:,} chars (s) | growth |")
    print("| --- | --- | --- | --- | --- |")
    for name in names:
        for extension in WRAPPERS:
            small = seconds(PATTERNS[name](args.n), extension)
            large = seconds(PATTERNS[name](4 * args.n), extension)
            growth = large / max(small, 1e-4)
            suspicious = growth > 8 and large > 0.1
            worst = max(worst, growth if large > 0.1 else 0.0)
            print(
                f"| {name} | {extension} | {small:.3f} | {large:.3f} | {growth:.1f}x{' <--' if suspicious else ''} |",
                flush=True,
            )
    print(f"largest growth of a case over 0.1 s: {worst:.1f}x", file=sys.stderr)
    return 1 if worst > 8 else 0


if __name__ == "__main__":
    raise SystemExit(main())
