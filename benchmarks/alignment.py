"""Pair-level alignment quality on the noisy FLORES article sets, claimcmp against a plain baseline.

Both methods use claimcmp's segmentation and one vector cache. claimcmp runs with
its default settings (its segmentation may drop boilerplate before alignment); the
baseline gets every segment of the same text, boilerplate kept
(``keep_boilerplate``), because filtering is exactly what it lacks. The baseline
(:mod:`benchmarks.baseline`) is reported twice: at the margin threshold that gives
it the best F1 *on these same sets* (an optimistic, tuned-on-test number, said so
in the table) and at claimcmp's own threshold. Scoring is
:func:`benchmarks.alignment_sets.score_pairs`; a "noise pair" has a side on an
inserted boilerplate or foreign line.

The same two methods also run on ``seeds/`` (five real articles, no gold): how many
pairs each finds, and how many touch the web boilerplate at the end of 002
(segments at or after "Обратно в сайта X"), which should be none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from benchmarks import baseline
from benchmarks.alignment_sets import GoldSet, PairScore, score_pairs
from benchmarks.common import Context, fmt, log, table
from claimcmp.records import Comparison, Pair

NAME = "alignment"

SWEEP = [round(0.95 + 0.0025 * i, 4) for i in range(121)]  # 0.95 .. 1.25
"""Margin thresholds tried for the baseline's best F1."""

SEED_TAIL_MARKER = "Обратно в сайта X"
"""Where the web boilerplate (login form, other headlines) of seed 002 begins."""


def summarise(score: PairScore, noise_kinds: Counter[str] | None = None) -> dict[str, Any]:
    by_lp = {}
    for lp, (pred, correct, gold, found) in sorted(score.by_lang_pair.items()):
        p = correct / pred if pred else 0.0
        r = found / gold if gold else 0.0
        by_lp[lp] = {
            "predicted": pred,
            "correct": correct,
            "gold": gold,
            "found": found,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
        }
    return {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "predicted": score.predicted,
        "correct": score.correct,
        "noise": score.noise,
        "noise_by_kind": dict(noise_kinds or {}),
        "gold": score.gold,
        "found": score.found,
        "by_lang_pair": by_lp,
    }


def noise_kinds(gold: GoldSet, comparison: Comparison, pairs: Iterable[Pair]) -> Counter[str]:
    """Pairs with a side on an inserted line, by kind of the first noisy side (boilerplate/foreign)."""
    segments = {s.id: s for s in comparison.segments}
    out: Counter[str] = Counter()
    for pair in pairs:
        lines = [gold.line_of(segments[pair.a]), gold.line_of(segments[pair.b])]
        kinds = [line.noise for line in lines if line is not None and line.noise]
        if kinds:
            out[kinds[0]] += 1
    return out


def score_method(runs: Sequence[tuple[GoldSet, Comparison, list[Pair]]]) -> dict[str, Any]:
    score = PairScore()
    kinds: Counter[str] = Counter()
    for gold, comparison, pairs in runs:
        score_pairs(gold, comparison, pairs, score)
        kinds += noise_kinds(gold, comparison, pairs)
    return summarise(score, kinds)


def cluster_implied_pairs(comparison: Comparison) -> list[Pair]:
    """Every two statements of one cluster as a pair: what a reader of the cluster table is told."""
    return [
        Pair(a=a, b=b, similarity=0.0, score=0.0, relation="related")
        for cluster in comparison.clusters
        for a, b in combinations(cluster.segments, 2)
    ]


def seed_tail(comparison: Comparison) -> set[str]:
    """Segment ids of 002's trailing web boilerplate."""
    doc = next(d for d in comparison.documents if d.id.startswith("002_"))
    start = doc.text.index(SEED_TAIL_MARKER)
    return {s.id for s in comparison.segments if s.doc == doc.id and s.start >= start}


def seed_row(comparison: Comparison, pairs: Sequence[Pair]) -> dict[str, Any]:
    tail = seed_tail(comparison)
    return {
        "pairs": len(pairs),
        "pairs_touching_002_boilerplate": sum(1 for p in pairs if p.a in tail or p.b in tail),
        "tail_segments": len(tail),
    }


def family_result(ctx: Context, family: str) -> dict[str, Any]:
    """claimcmp and the baseline on one dev family: methods, the baseline's sweep, segment counts."""
    threshold = ctx.settings.alignment.threshold
    k = ctx.settings.alignment.neighbours
    comparisons = ctx.comparisons(family=family)
    # the baseline filters nothing, so it sees every segment
    everything = ctx.comparisons(all_segments=True, family=family)
    log(f"alignment: baseline candidates ({family})")
    candidates = [
        (gold, comparison, baseline.mutual_best_candidates(comparison.segments, ctx.vectors_of(comparison), k))
        for gold, comparison in everything
    ]
    log(f"alignment: sweeping {len(SWEEP)} baseline thresholds")
    sweep = []
    for t in SWEEP:
        s = score_method([(g, c, baseline.above(cands, t)) for g, c, cands in candidates])
        sweep.append({"threshold": t, "precision": s["precision"], "recall": s["recall"], "f1": s["f1"]})
    best = max(sweep, key=lambda row: row["f1"])["threshold"]
    methods = {
        "claimcmp": {"threshold": threshold, **score_method([(g, c, list(c.pairs)) for g, c in comparisons])},
        "claimcmp_clusters": {
            "threshold": threshold,
            **score_method([(g, c, cluster_implied_pairs(c)) for g, c in comparisons]),
        },
        "baseline_best": {
            "threshold": best,
            **score_method([(g, c, baseline.above(cands, best)) for g, c, cands in candidates]),
        },
        "baseline_at_claimcmp_threshold": {
            "threshold": threshold,
            **score_method([(g, c, baseline.above(cands, threshold)) for g, c, cands in candidates]),
        },
    }
    for name, m in methods.items():
        log(
            f"alignment ({family}): {name}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
            f"noise {m['noise']}"
        )
    return {
        "sets": len(comparisons),
        "segments": {
            "claimcmp": sum(len(c.segments) for _, c in comparisons),
            "all": sum(len(c.segments) for _, c in everything),
        },
        "methods": methods,
        "baseline_sweep": sweep,
    }


def run(ctx: Context) -> dict[str, Any]:
    threshold = ctx.settings.alignment.threshold
    k = ctx.settings.alignment.neighbours
    first = family_result(ctx, "flores_dev")
    best = first["methods"]["baseline_best"]["threshold"]
    furniture = family_result(ctx, "flores_real_furniture")

    seeds, seeds_all = ctx.seed_comparison(), ctx.seed_comparison(all_segments=True)
    seed_candidates = baseline.mutual_best_candidates(seeds_all.segments, ctx.vectors_of(seeds_all), k)
    seed_results = {
        "claimcmp": seed_row(seeds, seeds.pairs),
        "baseline_best": seed_row(seeds_all, baseline.above(seed_candidates, best)),
        "baseline_at_claimcmp_threshold": seed_row(seeds_all, baseline.above(seed_candidates, threshold)),
    }
    return {
        **first,
        "neighbours": k,
        "seeds": seed_results,
        "families": {"flores_real_furniture": furniture},
    }


LABELS = {
    "claimcmp": "claimcmp (defaults)",
    "claimcmp_clusters": "claimcmp clusters (every two statements of a cluster)",
    "baseline_best": "baseline, best-F1 threshold (tuned on these sets)",
    "baseline_at_claimcmp_threshold": "baseline at claimcmp's threshold",
}


def method_rows(methods: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    for key, m in methods.items():
        kinds = m["noise_by_kind"]
        noise = f"{m['noise']} ({kinds.get('boilerplate', 0)} boilerplate, {kinds.get('foreign', 0)} foreign)"
        rows.append(
            [
                LABELS[key],
                fmt(m["threshold"], 4),
                fmt(m["precision"]),
                fmt(m["recall"]),
                fmt(m["f1"]),
                m["predicted"],
                noise,
            ]
        )
    return rows


METHOD_HEADER = ["method", "margin threshold", "precision", "recall", "F1", "pairs", "noise pairs"]


def markdown(result: dict[str, Any]) -> str:
    methods = result["methods"]
    rows = method_rows(methods)
    lang_pairs = sorted(methods["claimcmp"]["by_lang_pair"])
    lp_rows = []
    for lp in lang_pairs:
        row: list[object] = [lp, methods["claimcmp"]["by_lang_pair"][lp]["gold"]]
        for key in methods:
            s = methods[key]["by_lang_pair"].get(lp)
            row.append("–" if s is None else f"{fmt(s['precision'], 2)} / {fmt(s['recall'], 2)} / {fmt(s['f1'], 2)}")
        lp_rows.append(row)
    seeds = result["seeds"]
    segments = result["segments"]
    seed_rows = [
        [LABELS[key], s["pairs"], s["tail_segments"], s["pairs_touching_002_boilerplate"]] for key, s in seeds.items()
    ]
    return "\n".join(
        [
            f"{result['sets']} noisy four-language article sets, pair-level scores; margin with k = "
            f"{result['neighbours']}; one vector cache for every method. claimcmp runs as it ships (its segmentation "
            f"keeps {segments['claimcmp']} segments); the baseline gets every segment of the same segmentation with "
            f"boilerplate kept ({segments['all']}), since filtering is what it lacks by design.",
            "",
            table(METHOD_HEADER, rows),
            "",
            "Per language pair (precision / recall / F1):",
            "",
            table(["language pair", "gold pairs", *(LABELS[k] for k in methods)], lp_rows),
            "",
            "On `seeds/` (no gold): pairs found, and pairs with a side in 002's trailing web boilerplate "
            "(segments at or after “Обратно в сайта X”; should be 0), and how many tail segments each method's "
            "input still holds after segmentation:",
            "",
            table(["method", "pairs", "002 tail segments it sees", "pairs touching the 002 tail"], seed_rows),
            *furniture_markdown(result),
        ]
    )


def furniture_markdown(result: dict[str, Any]) -> list[str]:
    """The second family's table (absent from results recorded before it existed)."""
    family = result.get("families", {}).get("flores_real_furniture")
    if not family:
        return []
    return [
        "",
        f"The same {family['sets']} sets with furniture cut from the real pages of `benchmarks/data/real/` and "
        "`seeds/` (`python -m benchmarks.make_furniture_sets`): in every article one block between two article "
        "lines, half of them under a widget heading that is an end marker, and one at the top or the end "
        f"(claimcmp keeps {family['segments']['claimcmp']} segments, the baseline gets {family['segments']['all']}):",
        "",
        table(METHOD_HEADER, method_rows(family["methods"])),
    ]
