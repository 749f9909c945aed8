"""One warm run of ``claimcmp align seeds/`` (built model, filled vector cache) in a new process, timed by part.

Prints one JSON object: seconds from the process's creation (kernel start
time) to the first line of this script (interpreter start), the imports
(claimcmp, torch, sentence-transformers, faiss), the model load, and each
pipeline stage; run by :func:`benchmarks.speed.warm_breakdown`.
"""

from __future__ import annotations

import time

first_line = time.time()

import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402


def _process_start() -> float:
    """When the kernel created this process (epoch seconds; 10 ms resolution)."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    boot = next(
        int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime")
    )
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def main() -> None:
    started = _process_start()
    parts: dict[str, float] = {"interpreter start": first_line - started}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        parts[name] = parts.get(name, 0.0) + now - mark
        mark = now

    import faiss  # noqa: F401
    import sentence_transformers  # noqa: F401

    import claimcmp.cli  # noqa: F401
    from claimcmp.config import load_settings
    from claimcmp.embedding import load_embedder
    from claimcmp.pipeline import compare

    lap("imports (torch, sentence-transformers, faiss, claimcmp)")
    settings = load_settings(None)
    embedder = load_embedder(settings.model, settings.cache.dir, None, settings.cache.vectors)
    lap("model load")

    class Laps:
        def stage(self, name: str) -> None:
            lap(current[0])
            current[0] = name

        def advance(self, done: int, total: int) -> None:
            pass

    current = ["setup"]
    comparison = compare(["seeds/"], settings, embedder=embedder, progress=Laps())
    lap(current[0])
    parts.pop("setup", None)
    embedded = getattr(embedder, "embedded", None)
    print(json.dumps({"parts": parts, "segments": len(comparison.segments), "embedded_by_model": embedded}))


if __name__ == "__main__":
    main()
