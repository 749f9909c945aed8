"""Language identification on real article sentences of each language with fact rules.

``python -m benchmarks.language_id_real``

FLORES-200 in this repository holds English, Russian, Ukrainian and Bulgarian only
(``benchmarks.language_id``); the other languages with fact rules are measured here on the real
articles claimcmp has: every statement (sentence, title or heading, 25 characters or more) of
``benchmarks/data/real`` and ``benchmarks/data/real_languages`` and the excerpts of
``tests/data/articles_by_language``, identified on its own with ``detect_language``, and each
whole article too. An article's language is the one its file name gives (``sr_cyrl`` / ``sr_latn``
are Serbian; Bosnian counts as right when called Bosnian, Croatian or Serbian, which claimcmp
treats as variants of one another). Page furniture in another language (an English tweet in a
Bulgarian article) is left in, so a sentence score below 1.0 is partly right answers.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from claimcmp.input.languages import detect_language
from claimcmp.input.reading import read_document
from claimcmp.input.segmentation import segment_document

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "benchmarks" / "data" / "real", ROOT / "benchmarks" / "data" / "real_languages"]
EXCERPTS = ROOT / "tests" / "data" / "articles_by_language"
VARIANTS = {"bs": {"bs", "hr", "sr"}, "hr": {"hr", "bs", "sr"}}


def articles() -> list[tuple[Path, str]]:
    found = [(p, p.name.split("_")[1]) for folder in FOLDERS for p in sorted(folder.glob("*/*.txt"))]
    found += [(p, p.name.split("_")[0]) for p in sorted(EXCERPTS.glob("*.txt"))]
    return found


def main(argv: list[str]) -> int:
    sentences: Counter[str] = Counter()
    right: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    docs_right: Counter[str] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    for path, lang in articles():
        accepted = VARIANTS.get(lang, {lang})
        document = read_document(path)
        docs[lang] += 1
        docs_right[lang] += document.lang in accepted
        for cut in segment_document(document):
            text = document.text[cut.start : cut.end]
            statement = cut.kind in ("sentence", "title", "heading") and len(text) >= 25
            if not statement or not re.search(r"[^\W\d_]{3}", text):
                continue
            found = detect_language(text)
            sentences[lang] += 1
            right[lang] += found in accepted
            if found not in accepted:
                wrong[(lang, found)] += 1
    print("| language | articles right | sentences | sentences right | share | most common wrong label |")
    print("| --- | --- | --- | --- | --- | --- |")
    for lang in sorted(sentences, key=lambda code: -sentences[code]):
        misses = [f"{found} ({n})" for (of, found), n in wrong.most_common() if of == lang][:3]
        print(
            f"| {lang} | {docs_right[lang]}/{docs[lang]} | {sentences[lang]} | {right[lang]} | "
            f"{right[lang] / sentences[lang]:.3f} | {', '.join(misses) or '–'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
