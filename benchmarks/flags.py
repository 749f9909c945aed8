"""Typed disagreement flags on the dev sets: recall on planted changes, false flags on clean pairs.

Each dev set changes a number, a date or a name in one language of some source
sentences (the gold's ``perturbed`` entries). Counted from claimcmp's real output:

- a segment's sources are its gold line's, except that a line the generator merged
  from several sentences and claimcmp split back into as many holds one source per
  sentence (:func:`segment_sources`), so a half that does not hold the change does
  not count as covering it;
- a *covering* pair is a correct pair (its two segments share a source sentence) whose
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
import statistics
from collections import Counter
from typing import Any

from benchmarks.alignment_sets import GoldSet, segment_sources
from benchmarks.common import Context, fmt, log, table

NAME = "flags"

KIND_TYPES = {"number": ("number",), "date": ("date",), "entity": ("entity", "name")}
"""Planted change kind -> flag types that count as catching it."""

CONTRADICTION_TYPES = frozenset({"number", "date", "entity", "polarity"})
"""The flag types the issue's false-flag rate counts (a clean pair carrying any of them)."""


def planted_changes(gold: GoldSet) -> dict[int, tuple[str, str]]:
    """Source line -> (language it was changed in, kind of change), from the set's gold file."""
    data = json.loads((gold.folder.parent / f"{gold.name}.gold.json").read_text(encoding="utf-8"))
    return {int(i): (p["lang"], p["kind"]) for i, p in data.get("perturbed", {}).items()}


def change_markers(gold: GoldSet) -> dict[int, str]:
    """Source line -> the changed words with a little context, as they stand in the changed text.

    A FLORES "sentence" is sometimes two sentences, which claimcmp segments
    apart; only the segment that holds the change can show it.
    """
    data = json.loads((gold.folder.parent / f"{gold.name}.gold.json").read_text(encoding="utf-8"))
    out = {}
    for i, p in data.get("perturbed", {}).items():
        original, changed = p["original"], p["changed"]
        start = next((k for k, (x, y) in enumerate(zip(original, changed, strict=False)) if x != y), 0)
        tail = 0
        while tail < min(len(original), len(changed)) - start and original[-1 - tail] == changed[-1 - tail]:
            tail += 1
        out[int(i)] = changed[max(0, start - 6) : len(changed) - tail + 6].strip()
    return out


def run(ctx: Context) -> dict[str, Any]:
    covering: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    caught_any: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    planted_covered: Counter[str] = Counter()
    clean = ambiguous = false_any = 0
    relation_right: Counter[str] = Counter()  # "changed" pairs called related, "clean" pairs called equivalent
    margins: dict[str, list[float]] = {"changed": [], "clean": []}
    false_flags: Counter[str] = Counter()
    all_flags: Counter[str] = Counter()
    for gold, comparison in ctx.comparisons():
        perturbed = planted_changes(gold)
        markers = change_markers(gold)
        for _lang, kind in perturbed.values():
            planted[kind] += 1
        segments = {s.id: s for s in comparison.segments}
        sources = segment_sources(gold, comparison.segments)
        covered: set[int] = set()
        for pair in comparison.pairs:
            types = {f.type for f in pair.flags}
            all_flags.update(f.type for f in pair.flags)
            sa, sb = segments[pair.a], segments[pair.b]
            src_a, src_b = sources.get(sa.id, frozenset()), sources.get(sb.id, frozenset())
            if not src_a & src_b:
                continue  # not a correct pair: neither rate is about it
            docs = {sa.doc, sb.doc}
            changed_here = {i for i in src_a | src_b if i in perturbed and perturbed[i][0] in docs}
            by_lang = {sa.doc: sa, sb.doc: sb}
            shared_changed = sorted(
                i for i in src_a & src_b if i in changed_here and markers[i] in by_lang[perturbed[i][0]].text
            )
            if shared_changed:
                kind = perturbed[shared_changed[0]][1]
                covering[kind] += 1
                covered.update(shared_changed)
                caught[kind] += bool(types & set(KIND_TYPES[kind]))
                caught_any[kind] += bool(types)
                relation_right["changed"] += pair.relation == "related"
                margins["changed"].append(pair.score)
            elif not changed_here:
                clean += 1
                false_flags.update(types)
                false_any += bool(types & CONTRADICTION_TYPES)
                relation_right["clean"] += pair.relation == "equivalent"
                margins["clean"].append(pair.score)
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
        "relation": {
            "changed_pairs_related": relation_right["changed"] / sum(covering.values()) if covering else None,
            "clean_pairs_equivalent": relation_right["clean"] / clean if clean else None,
            "median_margin_changed": statistics.median(margins["changed"]) if margins["changed"] else None,
            "median_margin_clean": statistics.median(margins["clean"]) if margins["clean"] else None,
        },
        "clean_pairs": clean,
        "false_flag_rate": false_any / clean if clean else 0.0,
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
        f"False-flag rate (clean pairs carrying any number, date, entity or polarity flag; target ≤ 0.03): "
        f"**{fmt(result.get('false_flag_rate'))}**. By type, on {result['clean_pairs']} clean correct pairs "
        f"({result['ambiguous_pairs']} ambiguous correct pairs left out):",
        "",
        table(["flag type", "false flags", "rate"], false_rows),
    ]
    rel = result.get("relation")
    if rel and rel["changed_pairs_related"] is not None:
        parts += [
            "",
            f"**Relation** (a pair is `related` when it holds a contradiction flag): pairs covering a planted "
            f"change called `related`: {fmt(rel['changed_pairs_related'])}; clean pairs called `equivalent`: "
            f"{fmt(rel['clean_pairs_equivalent'])}. The embedding margin cannot make this call: median margin "
            f"{fmt(rel['median_margin_changed'])} on changed pairs against {fmt(rel['median_margin_clean'])} on "
            "clean ones (a changed figure barely moves a sentence vector), which is why `relation` comes from "
            "the facts and no margin threshold is configured for it.",
        ]
    return "\n".join(parts)
