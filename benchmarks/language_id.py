"""Language identification on FLORES-200 dev sentences: the old letter counts against lingua.

``python -m benchmarks.language_id [--n 997] [--high]``

Every sentence of ``benchmarks/data/flores200_dev`` (eng, rus, ukr, bul) is identified on
its own, one sentence at a time, by

* **letters + function words**: claimcmp's method before lingua (the language whose function
  words and distinctive letters score highest; ``claimcmp.input.languages.language_scores``);
* **lingua**: lingua-language-detector alone, low-accuracy mode, over claimcmp's candidate
  languages (``claimcmp/data/identification.toml``);
* **lingua high**: the same in high-accuracy mode (with ``--high``: about ten times slower, and
  it holds about 850 MB of models);
* **claimcmp**: ``claimcmp.input.languages.detect_language`` as shipped: lingua low with the
  signature-letter rule, and the function-word evidence where it is strong and lingua does not
  rule it out.

Accuracy is the share of sentences given their own language; time is per 1,000 sentences
after a warm-up (one sentence per language, which loads lingua's models; reported apart).

A second table puts each sentence, as a statement, into a document of each language
(``detect_segment_language``): the share labelled with the sentence's own language, by the
rule before lingua (the document's language unless another scores twice as high) and by
claimcmp's. On the diagonal it is the share a document of that language keeps; off it, the
share a quotation in another language gets right.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimcmp.input import languages
from claimcmp.input.languages import UNDETERMINED, detect_language, detect_segment_language, language_scores

FLORES = Path(__file__).resolve().parent / "data" / "flores200_dev"
LANGS = {"en": "eng_Latn", "ru": "rus_Cyrl", "uk": "ukr_Cyrl", "bg": "bul_Cyrl"}


def letters(text: str) -> str:
    """The method before lingua: the best-scoring language of the text's script."""
    scores = language_scores(text)
    if not scores:
        return UNDETERMINED
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] > 0 or len(scores) == 1 else UNDETERMINED


def lingua(text: str) -> str:
    found = languages._detector(frozenset()).detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else UNDETERMINED


def lingua_high(text: str) -> str:
    found = _high_detector().detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else UNDETERMINED


_HIGH: list[Any] = []


def _high_detector() -> Any:
    if not _HIGH:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, code.upper()) for code in languages.identifiable_languages()]
        _HIGH.append(LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build())
    return _HIGH[0]


def old_segment(text: str, document_lang: str) -> str:
    """The segment rule before lingua: another language needs 4 words and twice the document's score."""
    scores = language_scores(text)
    if not scores:
        return document_lang
    best = max(scores, key=lambda code: scores[code])
    if document_lang not in scores:
        return best if scores[best] > 0 or len(scores) == 1 else document_lang
    if best == document_lang or len(text.split()) < 4:
        return document_lang
    return best if scores[best] >= 2 * scores[document_lang] and scores[best] > 0.15 else document_lang


def timed(method: Callable[[str], str], sentences: dict[str, list[str]]) -> tuple[dict[str, float], float, float]:
    started = time.perf_counter()
    for lines in sentences.values():  # loads what the method loads for these languages
        method(lines[0])
    first = time.perf_counter() - started
    accuracy: dict[str, float] = {}
    started = time.perf_counter()
    for lang, lines in sentences.items():
        accuracy[lang] = sum(method(line) == lang for line in lines) / len(lines)
    per_1000 = (time.perf_counter() - started) / sum(map(len, sentences.values())) * 1000
    return accuracy, per_1000, first


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.language_id", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=997, help="sentences per language (997: all of FLORES dev)")
    parser.add_argument("--high", action="store_true", help="also lingua's high-accuracy mode (slow, ~850 MB)")
    parser.add_argument("--segments", type=int, default=300, help="sentences per language for the statement table")
    args = parser.parse_args(argv)
    sentences = {
        lang: (FLORES / f"{stem}.dev").read_text(encoding="utf-8").splitlines()[: args.n]
        for lang, stem in LANGS.items()
    }
    methods: list[tuple[str, Callable[[str], str]]] = [
        ("letters + function words (before)", letters),
        ("lingua low, alone", lingua),
    ]
    if args.high:
        methods.append(("lingua high, alone", lingua_high))
    methods.append(("claimcmp (lingua low + rules)", detect_language))
    candidates = len(languages.identifiable_languages())
    print(f"FLORES-200 dev, {args.n} sentences per language, one at a time; {candidates} candidate languages\n")
    print("| method | " + " | ".join(LANGS) + " | mean | s / 1000 sentences | warm-up (s) |")
    print("| --- |" + " --- |" * (len(LANGS) + 3))
    for name, method in methods:
        accuracy, per_1000, first = timed(method, sentences)
        mean = sum(accuracy.values()) / len(accuracy)
        cells = " | ".join(f"{accuracy[lang]:.3f}" for lang in LANGS)
        print(f"| {name} | {cells} | {mean:.3f} | {per_1000:.2f} | {first:.2f} |")

    print(
        f"\nStatements ({args.segments} sentences per language) in a document of each language: share labelled right\n"
    )
    pairs = [(doc, seg) for doc in LANGS for seg in LANGS]
    print("| rule | " + " | ".join(f"{seg} in {doc}" for doc, seg in pairs) + " |")
    print("| --- |" + " --- |" * len(pairs))
    for name, rule in (("before", old_segment), ("claimcmp", detect_segment_language)):
        shares = []
        for doc, seg in pairs:
            lines = sentences[seg][: args.segments]
            shares.append(f"{sum(rule(line, doc) == seg for line in lines) / len(lines):.3f}")
        print(f"| {name} | " + " | ".join(shares) + " |")


if __name__ == "__main__":
    main()
