"""Typed disagreement flags on the dev sets: recall on planted changes, false flags on clean pairs.

Each dev set changes a number, a date or a name in one language of some source
sentences (the gold's ``perturbed`` entries). Counted from claimcmp's real output:

- a *covering* pair is a correct pair (its two lines share a source sentence) whose
  shared sources include a perturbed sentence, changed on exactly one of its two
  sides; recall for kind K = covering pairs of kind K that carry a flag of a type
  meant for K (:data:`KIND_TYPES`) / covering pairs of kind K;
- a *clean* pair is a correct pair with no perturbed sentence (in either side's
  language) anywhere in its lines; false-flag rate for type T = clean pairs
  carrying a T flag / clean pairs;
- correct pairs that are neither (e.g. a merged line holds a changed sentence the
  other side lacks) are counted as ambiguous and left out of both rates.

While claimcmp raises no flags at all the suite reports zeros and says so; it
starts counting as soon as ``Pair.flags`` is filled (items with a ``.type``).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from benchmarks.alignment_sets import GoldSet
from benchmarks.common import Context, fmt, log, table

NAME = "flags"

KIND_TYPES = {"number": ("number",), "date": ("date",), "entity": ("entity", "name")}
"""Planted change kind -> flag types that count as catching it."""


def planted_changes(gold: GoldSet) -> dict[int, tuple[str, str]]:
    """Source line -> (language it was changed in, kind of change), from the set's gold file."""
    data = json.loads((gold.folder.parent / f"{gold.name}.gold.json").read_text(encoding="utf-8"))
    return {int(i): (p["lang"], p["kind"]) for i, p in data.get("perturbed", {}).items()}


def run(ctx: Context) -> dict[str, Any]:
    covering: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    caught_any: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    planted_covered: Counter[str] = Counter()
    clean = ambiguous = 0
    false_flags: Counter[str] = Counter()
    all_flags: Counter[str] = Counter()
    for gold, comparison in ctx.comparisons():
        perturbed = planted_changes(gold)
        for _lang, kind in perturbed.values():
            planted[kind] += 1
        segments = {s.id: s for s in comparison.segments}
        covered: set[int] = set()
        for pair in comparison.pairs:
            types = {f.type for f in pair.flags}
            all_flags.update(f.type for f in pair.flags)
            sa, sb = segments[pair.a], segments[pair.b]
            la, lb = gold.line_of(sa), gold.line_of(sb)
            if la is None or lb is None or not la.src & lb.src:
                continue  # not a correct pair: neither rate is about it
            docs = {sa.doc, sb.doc}
            changed_here = {i for i in la.src | lb.src if i in perturbed and perturbed[i][0] in docs}
            shared_changed = [i for i in la.src & lb.src if i in changed_here]
            if shared_changed:
                kind = perturbed[shared_changed[0]][1]
                covering[kind] += 1
                covered.update(shared_changed)
                caught[kind] += bool(types & set(KIND_TYPES[kind]))
                caught_any[kind] += bool(types)
            elif not changed_here:
                clean += 1
                false_flags.update(types)
            else:
                ambiguous += 1
        for i in covered:
            planted_covered[perturbed[i][1]] += 1
    implemented = bool(all_flags)
    note = "" if implemented else "flags not implemented yet: no pair in claimcmp's output carries a flag"
    if note:
        log(f"flags: {note}")
    return {
        "implemented": implemented,
        "note": note,
        "kinds": {
            kind: {
                "planted": planted[kind],
                "planted_with_a_covering_pair": planted_covered[kind],
                "covering_pairs": covering[kind],
                "flagged_right_type": caught[kind],
                "flagged_any_type": caught_any[kind],
                "recall": caught[kind] / covering[kind] if covering[kind] else None,
            }
            for kind in KIND_TYPES
        },
        "clean_pairs": clean,
        "ambiguous_pairs": ambiguous,
        "false_flags": {
            t: {"count": false_flags[t], "rate": false_flags[t] / clean if clean else 0.0}
            for t in sorted({*(t for ts in KIND_TYPES.values() for t in ts[:1]), *false_flags})
        },
        "flags_by_type": dict(all_flags),
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        [
            kind,
            k["planted"],
            k["planted_with_a_covering_pair"],
            k["covering_pairs"],
            k["flagged_right_type"],
            fmt(k["recall"]),
        ]
        for kind, k in result["kinds"].items()
    ]
    false_rows = [[t, f["count"], fmt(f["rate"])] for t, f in result["false_flags"].items()]
    parts = []
    if result["note"]:
        parts += [
            f"**{result['note']}** (the numbers below are computed from the real output, so they start "
            "counting when flags land).",
            "",
        ]
    parts += [
        table(
            ["planted change", "planted", "covered by a pair", "covering pairs", "flagged with its type", "recall"],
            rows,
        ),
        "",
        f"False flags on {result['clean_pairs']} clean correct pairs "
        f"({result['ambiguous_pairs']} ambiguous correct pairs left out):",
        "",
        table(["flag type", "false flags", "rate"], false_rows),
    ]
    return "\n".join(parts)
