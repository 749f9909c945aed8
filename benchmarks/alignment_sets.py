"""Score claimcmp's pairs against the gold of the noisy four-language article sets.

A set is a folder ``setNN/`` with ``eng.txt``, ``rus.txt``, ``ukr.txt``,
``bul.txt`` and ``setNN.gold.json`` beside it (built by
``benchmarks/make_alignment_sets.py``; see its docstring). Output segments are
mapped to gold lines by position: a segment belongs to the gold line whose text
contains its start (lines are separated by blank lines), so a segment may hold
part of a line, and a merged line holds two source sentences.

A predicted pair is correct when the two lines' source sets intersect; a gold
pair (two lines in different languages whose sources intersect) is found when
some predicted pair links those two lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimcmp.records import Comparison, Pair, Segment

LANG_CODES = {"eng": "en", "rus": "ru", "ukr": "uk", "bul": "bg"}


@dataclass(frozen=True)
class GoldLine:
    lang: str
    index: int
    start: int
    end: int
    src: frozenset[int]
    noise: str | None


@dataclass
class GoldSet:
    name: str
    folder: Path
    lines: dict[str, list[GoldLine]]  # by document id (the file stem: eng, rus, …)

    def gold_pairs(self) -> set[tuple[tuple[str, int], tuple[str, int]]]:
        pairs = set()
        docs = sorted(self.lines)
        for i, da in enumerate(docs):
            for db in docs[i + 1 :]:
                for la in self.lines[da]:
                    for lb in self.lines[db]:
                        if la.src & lb.src:
                            pairs.add(((da, la.index), (db, lb.index)))
        return pairs

    def line_of(self, segment: Segment) -> GoldLine | None:
        for line in self.lines.get(segment.doc, []):
            if line.start <= segment.start < line.end:
                return line
        return None


def segment_sources(gold: GoldSet, segments: Iterable[Segment]) -> dict[str, frozenset[int]]:
    """The source sentences each segment holds.

    A segment holds its gold line's sources, except where the generator merged
    several source sentences into one line and claimcmp split that line back
    into exactly as many sentences: then the k-th sentence holds the k-th
    source (the generator keeps their order), not all of them.
    """
    by_line: dict[tuple[str, int], list[Segment]] = {}
    for segment in segments:
        line = gold.line_of(segment)
        if line is not None:
            by_line.setdefault((segment.doc, line.index), []).append(segment)
    out: dict[str, frozenset[int]] = {}
    for (doc, index), members in by_line.items():
        sources = sorted(gold.lines[doc][index].src)
        members.sort(key=lambda s: s.start)
        if len(sources) > 1 and len(members) == len(sources):
            out.update({s.id: frozenset([src]) for s, src in zip(members, sources, strict=True)})
        else:
            out.update({s.id: frozenset(sources) for s in members})
    return out


def load_gold_sets(root: Path) -> list[GoldSet]:
    """Every ``setNN/`` folder under ``root`` with its gold file."""
    sets = []
    for gold_path in sorted(root.glob("set*.gold.json")):
        name = gold_path.name.split(".")[0]
        folder = root / name
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines: dict[str, list[GoldLine]] = {}
        for lang, entries in gold["articles"].items():
            text = (folder / f"{lang}.txt").read_text(encoding="utf-8")
            cursor = 0
            doc_lines = []
            for i, entry in enumerate(entries):
                start = text.index(entry["text"], cursor)
                end = start + len(entry["text"])
                cursor = end
                doc_lines.append(GoldLine(lang, i, start, end, frozenset(entry["src"]), entry.get("noise")))
            lines[lang] = doc_lines
        sets.append(GoldSet(name, folder, lines))
    return sets


@dataclass
class PairScore:
    """Counts for one method over some sets; precision/recall derive from them."""

    predicted: int = 0
    correct: int = 0
    noise: int = 0
    gold: int = 0
    found: int = 0
    by_lang_pair: dict[str, list[int]] = field(default_factory=dict)  # lp -> [pred, correct, gold, found]

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _lang_pair(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))


def score_pairs(gold: GoldSet, comparison: Comparison, pairs: Iterable[Pair], into: PairScore) -> None:
    """Add one set's counts for ``pairs`` (a subset of ``comparison``'s candidates) to ``into``."""
    segments = {s.id: s for s in comparison.segments}
    gold_pairs = gold.gold_pairs()
    found: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for pair in pairs:
        sa, sb = segments[pair.a], segments[pair.b]
        la, lb = gold.line_of(sa), gold.line_of(sb)
        lp = _lang_pair(sa.doc, sb.doc)
        stats = into.by_lang_pair.setdefault(lp, [0, 0, 0, 0])
        into.predicted += 1
        stats[0] += 1
        if la is None or lb is None:
            continue
        if la.noise or lb.noise:
            into.noise += 1
        if la.src & lb.src:
            into.correct += 1
            stats[1] += 1
            key = tuple(sorted(((la.lang, la.index), (lb.lang, lb.index))))
            found.add(key)  # type: ignore[arg-type]
    for (da, _), (db, _) in gold_pairs:
        into.by_lang_pair.setdefault(_lang_pair(da, db), [0, 0, 0, 0])[2] += 1
    for (da, _), (db, _) in found & gold_pairs:
        into.by_lang_pair[_lang_pair(da, db)][3] += 1
    into.gold += len(gold_pairs)
    into.found += len(found & gold_pairs)
