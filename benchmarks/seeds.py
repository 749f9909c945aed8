"""Regression table for ``seeds/``: what claimcmp's default run produces on the five real articles.

No gold here; the point is to see at a glance when a change moves the output
(documents and languages, segments by kind, clusters, pairs by relation, flags).
"Dropped as boilerplate" counts the segments that the same segmentation with
``keep_boilerplate`` marks as boilerplate and the default run no longer holds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from benchmarks.common import Context, table

NAME = "seeds"


def run(ctx: Context) -> dict[str, Any]:
    comparison = ctx.seed_comparison()
    everything = ctx.seed_comparison(all_segments=True)
    dropped = Counter(s.doc for s in everything.segments if s.kind == "boilerplate")
    dropped.subtract(s.doc for s in comparison.segments if s.kind == "boilerplate")
    kinds_by_doc: dict[str, Counter[str]] = {d.id: Counter() for d in comparison.documents}
    for segment in comparison.segments:
        kinds_by_doc[segment.doc][segment.kind] += 1
    paired: Counter[str] = Counter()
    doc_of = {s.id: s.doc for s in comparison.segments}
    for pair in comparison.pairs:
        paired[doc_of[pair.a]] += 1
        paired[doc_of[pair.b]] += 1
    return {
        "model": comparison.model.name,
        "documents": [
            {
                "id": d.id,
                "lang": d.lang,
                "segments": dict(kinds_by_doc[d.id]),
                "pair_ends": paired[d.id],
                "boilerplate_dropped": dropped[d.id],
            }
            for d in comparison.documents
        ],
        "segments_by_kind": dict(Counter(s.kind for s in comparison.segments)),
        "clusters": len(comparison.clusters),
        "clusters_by_document_count": dict(sorted(Counter(len(c.docs) for c in comparison.clusters).items())),
        "largest_cluster": max((len(c.segments) for c in comparison.clusters), default=0),
        "pairs": len(comparison.pairs),
        "pairs_by_relation": dict(Counter(p.relation for p in comparison.pairs)),
        "flags_by_type": dict(Counter(f.type for p in comparison.pairs for f in p.flags)),
        "warnings": list(comparison.warnings),
    }


def markdown(result: dict[str, Any]) -> str:
    total = result["segments_by_kind"]
    known = ("title", "sentence", "heading", "dateline", "boilerplate")
    kinds = [k for k in known if k in total] + sorted(k for k in total if k not in known)
    doc_rows = [
        [
            d["id"],
            d["lang"],
            *(d["segments"].get(k, 0) for k in kinds),
            d.get("boilerplate_dropped", "–"),
            d["pair_ends"],
        ]
        for d in result["documents"]
    ]
    dropped = sum(d.get("boilerplate_dropped", 0) for d in result["documents"])
    doc_rows.append(["**all**", "", *(total.get(k, 0) for k in kinds), dropped, 2 * result["pairs"]])
    relations = ", ".join(f"{n} {r}" for r, n in sorted(result["pairs_by_relation"].items())) or "none"
    by_docs = ", ".join(f"{n} spanning {d} documents" for d, n in result["clusters_by_document_count"].items())
    flags = ", ".join(f"{n} {t}" for t, n in sorted(result["flags_by_type"].items())) or "none"
    return "\n".join(
        [
            table(["document", "lang", *kinds, "dropped as boilerplate", "pair ends"], doc_rows),
            "",
            f"- pairs: {result['pairs']} ({relations})",
            f"- clusters: {result['clusters']} ({by_docs or 'none'}); largest has {result['largest_cluster']} segments",
            f"- flags: {flags}",
        ]
    )
