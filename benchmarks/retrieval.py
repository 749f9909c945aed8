"""FLORES dev cross-lingual retrieval: top-1 accuracy in all 12 directions among eng, rus, ukr, bul.

Query sentence i of language X counts as correct when its nearest neighbour (cosine)
among all sentences of language Y is sentence i. The built-in model is measured
with each prefix ("query: ", "passage: ", none); every model named by ``--model``
with its own default prefix (claimcmp's ``auto``). A model that cannot be loaded
offline is recorded with its error and the run goes on.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from benchmarks.common import CACHE_DIR, FLORES_LANGS, Context, fmt, log, table

if TYPE_CHECKING:
    from benchmarks.common import Matrix

NAME = "retrieval"

BUILTIN_PREFIXES = {"query": "query: ", "passage": "passage: ", "none": ""}


def top1_matrix(vectors: dict[str, Matrix]) -> dict[str, dict[str, float]]:
    """accuracy[x][y]: share of sentences of x whose nearest neighbour in y is their translation."""
    import numpy as np

    out: dict[str, dict[str, float]] = {}
    for x, vx in vectors.items():
        out[x] = {}
        for y, vy in vectors.items():
            if x == y:
                continue
            nearest = (vx @ vy.T).argmax(axis=1)
            out[x][y] = float((nearest == np.arange(len(vx))).mean())
    return out


def _row(model: str, prefix: str, vectors: dict[str, Matrix], seconds: float) -> dict[str, Any]:
    matrix = top1_matrix(vectors)
    values = [acc for row in matrix.values() for acc in row.values()]
    return {
        "model": model,
        "prefix": prefix,
        "matrix": matrix,
        "mean": sum(values) / len(values),
        "min": min(values),
        "seconds": round(seconds, 1),
    }


def _other_model(ctx: Context, name: str) -> dict[str, Any]:
    from claimcmp.config import ModelSettings
    from claimcmp.errors import ClaimcmpError
    from claimcmp.model.embedding import load_embedder

    log(f"retrieval: loading --model {name}")
    start = time.perf_counter()
    try:
        embedder = load_embedder(ModelSettings(name=name), CACHE_DIR)
    except ClaimcmpError as exc:
        log(f"retrieval: {name} not loaded: {exc}")
        return {"model": name, "error": str(exc)}
    vectors = {}
    for lang, lines in ctx.flores.items():
        log(f"retrieval: {name} embedding {lang} ({len(lines)} sentences)")
        vectors[lang] = embedder.embed_batch(lines)
    prefix = getattr(embedder, "prefix", "")
    return _row(name, f"auto ({prefix!r})", vectors, time.perf_counter() - start)


def run(ctx: Context) -> dict[str, Any]:
    rows = []
    for label, prefix in BUILTIN_PREFIXES.items():
        start = time.perf_counter()
        vectors = ctx.flores_vectors(prefix)
        row = _row(ctx.builtin.name, label, vectors, time.perf_counter() - start)
        log(f"retrieval: builtin, prefix {label}: mean top-1 {row['mean']:.4f}")
        rows.append(row)
    for name in ctx.models:
        rows.append(_other_model(ctx, name))
    return {"sentences": len(next(iter(ctx.flores.values()))), "languages": list(FLORES_LANGS), "runs": rows}


def markdown(result: dict[str, Any]) -> str:
    langs = result["languages"]
    parts = [
        f"FLORES-200 dev, {result['sentences']} sentences per language; top-1 accuracy of finding the "
        "translation among all sentences of the target language (rows: query language, columns: target).",
        "",
        table(
            ["model", "prefix", "mean top-1", "worst direction", "seconds"],
            [
                [r["model"], r["prefix"], fmt(r["mean"], 4), fmt(r["min"], 4), r["seconds"]]
                if "error" not in r
                else [r["model"], "–", "error", r["error"].split(". ")[0], "–"]
                for r in result["runs"]
            ],
        ),
    ]
    for r in result["runs"]:
        if "error" in r:
            continue
        rows = [[x] + [fmt(r["matrix"][x][y], 4) if x != y else "–" for y in langs] for x in langs]
        parts += ["", f"{r['model']}, prefix {r['prefix']}:", "", table(["from \\ to", *langs], rows)]
    return "\n".join(parts)
