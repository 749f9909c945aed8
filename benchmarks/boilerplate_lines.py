"""Boilerplate decisions line by line on both alignment dev families, without the model.

``python -m benchmarks.boilerplate_lines [--thresholds 0,0.5,1]`` segments every
article of ``flores_dev`` and ``flores_real_furniture`` as claimcmp does (the
lines the set's other articles share passed as run evidence) and counts, per
family, the gold lines that are article text (a source sentence) and lost
(every segment of the line boilerplate) and the inserted boilerplate lines that
are dropped. With ``--thresholds`` it repeats that for other values of
:data:`claimcmp.input.segmentation.FURNITURE_THRESHOLD` (the calibration table
of BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
from typing import Any
from unittest import mock

from benchmarks.alignment_sets import GoldSet, load_gold_sets
from benchmarks.common import FAMILIES, table
from claimcmp.input import segmentation
from claimcmp.records import Document

LANG = {"eng": "en", "rus": "ru", "ukr": "uk", "bul": "bg"}


def family_counts(sets: list[GoldSet]) -> dict[str, Any]:
    article = lost = noise = dropped = 0
    for gold in sets:
        texts = {doc: (gold.folder / f"{doc}.txt").read_text(encoding="utf-8") for doc in gold.lines}
        # (an older claimcmp without run evidence is measured too: ``git stash`` and run this)
        run_evidence = hasattr(segmentation, "shared_lines")
        shared = segmentation.shared_lines(list(texts.values())) if run_evidence else frozenset()
        for doc, lines in gold.lines.items():
            document = Document(id=doc, text=texts[doc], lang=LANG[doc])
            extra = {"shared": shared} if run_evidence else {}
            segments = segmentation.segment_document(document, keep_boilerplate=True, **extra)
            for line in lines:
                own = [s for s in segments if line.start <= s.start < line.end]
                gone = all(s.kind == "boilerplate" for s in own)
                if line.src:
                    article += 1
                    lost += gone
                elif line.noise == "boilerplate":
                    noise += 1
                    dropped += gone
    return {"article_lines": article, "lost": lost, "boilerplate_lines": noise, "dropped": dropped}


def run(thresholds: list[float]) -> list[list[object]]:
    rows: list[list[object]] = []
    for threshold in thresholds:
        with mock.patch.object(segmentation, "FURNITURE_THRESHOLD", threshold, create=True):
            for family, root in FAMILIES.items():
                c = family_counts(load_gold_sets(root))
                rows.append(
                    [
                        threshold,
                        family,
                        f"{c['lost']} / {c['article_lines']}",
                        f"{c['dropped']} / {c['boilerplate_lines']}",
                    ]
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--thresholds", default=str(getattr(segmentation, "FURNITURE_THRESHOLD", 0.5)))
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    header = ["threshold", "family", "article lines lost", "inserted boilerplate lines dropped"]
    print(table(header, run(thresholds)))


if __name__ == "__main__":
    main()
