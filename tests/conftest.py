"""Shared fixtures. The real built-in model is built once into the repository's
``embeddings/`` cache (git-ignored), so only the first run pays for the conversion."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from claimcmp import Comparison, Settings, compare
from claimcmp.config import CacheSettings
from claimcmp.embedding import Embedder, load_embedder

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CACHE = REPO / "embeddings"


@pytest.fixture(scope="session")
def model_settings() -> Settings:
    """Default settings with the repository cache, as the README's commands use."""
    return replace(Settings(), cache=CacheSettings(dir=CACHE))


@pytest.fixture(scope="session")
def embedder(model_settings: Settings) -> Embedder:
    """The real built-in model, loaded once for the whole session."""
    return load_embedder(model_settings.model, model_settings.cache.dir)


@pytest.fixture(scope="session")
def seed_comparison(model_settings: Settings, embedder: Embedder) -> Comparison:
    return compare([SEEDS], model_settings, embedder=embedder)


def python_steps(run: Callable[[], object]) -> int:
    """The work ``run()`` does, counted: Python lines executed plus functions called (Python or C).

    Complexity tests compare this at n and 4n instead of timing the two: a count is the same on
    a loaded machine as on an idle one, so the test can neither flake under load nor pass on a
    fast machine. It does not see inside one C call (a regular expression's backtracking, a
    slice), so the inputs where that is the risk keep a generous time limit as a hang guard.
    Warm the code up on a small input first (imports, compiled patterns), not on the same one:
    a cache keyed by the input would make the counted run cheaper than the work it stands for.
    """
    steps = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal steps
        steps += 1
        return trace

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal steps
        if event == "c_call":
            steps += 1

    tracer, profiler = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.settrace(tracer)
        sys.setprofile(profiler)
    return steps


# A limit in seconds on a test of hostile input is a hang guard, not a complexity claim: it is set
# far above what the linear code takes on a loaded machine, and far below what a quadratic one
# would take at that size (hours on a megabyte), so load cannot make it fail. Growth is tested by
# counting work at n and 4n (python_steps).
HANG_GUARD_SECONDS = 60.0
