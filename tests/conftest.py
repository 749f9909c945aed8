"""Shared fixtures. The real built-in model is built once into the repository's
``embeddings/`` cache (git-ignored), so only the first run pays for the conversion."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

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


def fastest_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` timings of ``run()``: other load on the machine only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best
