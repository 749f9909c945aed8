"""``python -m benchmarks run [--quick] [--only NAME[,NAME]] [--model NAME ...] [--out FILE]``.

Runs the suites in order (retrieval, alignment, flags, real, seeds, speed, scale), prints progress
lines on stderr, writes the results as JSON (default ``benchmarks/results/latest.json``,
``quick.json`` with ``--quick``) and, for a full run of every suite, regenerates the
tables of BENCHMARKS.md. ``python -m benchmarks report [FILE]`` regenerates the tables
from a results file without running anything.

A suite that fails is recorded with its error; the others still run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

# Never reach for the model hub: a model that is not on disk is reported as not loadable.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from benchmarks import alignment, flags, real, report, retrieval, scale, seeds, speed
from benchmarks.common import BENCH, REPO, Context, log

SUITES: dict[str, ModuleType] = {m.NAME: m for m in (retrieval, alignment, flags, real, seeds, speed, scale)}
RESULTS = BENCH / "results"


def _names(values: list[str]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Run claimcmp's benchmark suites and record the results (see BENCHMARKS.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the benchmark suites")
    run.add_argument("--quick", action="store_true", help="small sizes (< 2 min); writes quick.json")
    run.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME[,NAME]",
        help=f"run only these suites (of: {', '.join(SUITES)})",
    )
    run.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="NAME",
        help="another sentence-transformers model (name or path) for the retrieval suite; repeatable",
    )
    run.add_argument("--out", type=Path, help="results JSON (default benchmarks/results/latest.json or quick.json)")
    md = run.add_mutually_exclusive_group()
    md.add_argument(
        "--markdown",
        dest="markdown",
        action="store_true",
        default=None,
        help="update BENCHMARKS.md even for --quick / --only runs",
    )
    md.add_argument("--no-markdown", dest="markdown", action="store_false", help="leave BENCHMARKS.md alone")
    rep = commands.add_parser("report", help="regenerate BENCHMARKS.md's tables from a results file")
    rep.add_argument("results", nargs="?", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    if args.command == "run":
        args.only = _names(args.only)
        unknown = [n for n in args.only if n not in SUITES]
        if unknown:
            parser.error(f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITES)}")
        args.model = [m for m in _names(args.model) if m != "builtin"]
    return args


def run(args: argparse.Namespace, argv: list[str]) -> int:
    ctx = Context(quick=args.quick, models=args.model)
    chosen = args.only or list(SUITES)
    started = time.perf_counter()
    results: dict[str, Any] = {"environment": report.environment(argv, ""), "quick": args.quick, "suites": {}}
    failed = 0
    load = os.getloadavg()[0]
    if load > 0.5:
        log(f"warning: 1-minute load average is {load:.2f} before the run: other processes will skew the timings")
    for name in chosen:
        log(f"== {name}")
        t0 = time.perf_counter()
        try:
            result = SUITES[name].run(ctx)
        except Exception as exc:
            failed += 1
            traceback.print_exc()
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            result = {"error": f"{type(exc).__name__}: {first}"}
        result["seconds"] = round(time.perf_counter() - t0, 1)
        results["suites"][name] = result
        log(f"== {name} done in {result['seconds']:.0f} s")
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["environment"]["load average at end"] = report.load_average()
    results["environment"]["model"] = ctx.builtin.name if "builtin" in ctx.__dict__ else "builtin (not loaded)"
    out: Path = args.out or RESULTS / ("quick.json" if args.quick else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    markdown = args.markdown if args.markdown is not None else not (args.quick or args.only)
    if markdown:
        report.update_markdown(report.render(results, SUITES))
        log(f"updated {report.MARKDOWN.relative_to(REPO)}")
    log(f"total {results['seconds']:.0f} s" + (f", {failed} suite(s) failed" if failed else ""))
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.command == "report":
        results = json.loads(args.results.read_text(encoding="utf-8"))
        report.update_markdown(report.render(results, SUITES))
        log(f"updated {report.MARKDOWN.relative_to(REPO)} from {args.results}")
        return 0
    return run(args, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
