"""What the suites share: paths, progress lines, the FLORES data, and one cached copy of the model.

Every suite gets a :class:`Context`. It loads the built-in model once and keeps a
vector cache keyed by the exact text the model sees (prefix included), so a sentence
embedded by the retrieval suite is not embedded again by the alignment suite, and
claimcmp and the baseline are always scored on the same vectors. Timing suites
(``speed``) never go through this cache.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.alignment_sets import GoldSet, load_gold_sets

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.config import Settings
    from claimcmp.records import Comparison

    Matrix = npt.NDArray[np.float32]

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
FLORES = BENCH / "data" / "flores200_dev"
DEVSETS = BENCH / "data" / "devsets" / "flores_dev"
FURNITURE_SETS = BENCH / "data" / "devsets" / "flores_real_furniture"
FAMILIES = {"flores_dev": DEVSETS, "flores_real_furniture": FURNITURE_SETS}
"""The alignment dev families: the hand-written boilerplate sets, and the same sets with furniture of real pages."""
SEEDS = REPO / "seeds"
CACHE_DIR = REPO / "embeddings"

FLORES_LANGS = {"eng": "eng_Latn", "rus": "rus_Cyrl", "ukr": "ukr_Cyrl", "bul": "bul_Cyrl"}
"""Short name -> FLORES file stem, in table order."""

CLAIMCMP_CODES = {"eng": "en", "rus": "ru", "ukr": "uk", "bul": "bg"}
"""Short name -> claimcmp's language code."""

BATCH_SIZE = 32
"""claimcmp's default ``[model] batch_size``; the cache encodes with the same."""

_T0 = time.perf_counter()


def log(message: str) -> None:
    """One progress line on stderr, stamped with seconds since start."""
    print(f"[{time.perf_counter() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def quiet_transformers() -> None:
    """Silence the weight-loading progress bars and load reports of transformers."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - sentence-transformers depends on it
        return
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def load_flores(limit: int | None = None) -> dict[str, list[str]]:
    """The FLORES dev lines of each language (line i of one is a translation of line i of the others)."""
    out = {}
    for short, stem in FLORES_LANGS.items():
        lines = (FLORES / f"{stem}.dev").read_text(encoding="utf-8").splitlines()
        out[short] = lines[:limit] if limit else lines
    return out


class VectorCache:
    """Normalised vectors of a sentence-transformers model, each distinct input text encoded once.

    These vectors feed the quality suites, where only the numbers matter, not the
    time; so the cache picks torch's thread count as it goes (:class:`ThreadChooser`).
    On a 2-core machine where another process holds a core, two OpenMP threads run
    at well under half the speed of one, and the full run would not finish in time.
    """

    def __init__(self, model: Any, batch_size: int = BATCH_SIZE) -> None:
        self.model = model
        self.batch_size = batch_size
        self._vectors: dict[str, Matrix] = {}
        self._threads = ThreadChooser()
        self.encoded = 0

    def encode(self, texts: Sequence[str]) -> Matrix:
        """One row per text, exactly as the model sees it (any prefix already applied)."""
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            with self._threads.timed(len(chunk)):
                rows = self.model.encode(
                    chunk,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                ).astype(np.float32)
            self._vectors.update(zip(chunk, rows, strict=True))
            self.encoded += len(chunk)
        dim = self.model.get_embedding_dimension()
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


class _EmbedderModel:
    """A claimcmp embedder that is no sentence-transformers model (OpenVINO) seen as one by :class:`VectorCache`."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder

    def encode(self, texts: Sequence[str], **_: Any) -> Matrix:
        return self.embedder._encoder.sentence_vectors(texts)

    def get_embedding_dimension(self) -> int:
        return int(self.embedder.dim)


CHUNK = 128
"""Texts encoded per call by :class:`VectorCache` (the unit :class:`ThreadChooser` times)."""


class ThreadChooser:
    """Runs each chunk on torch's default thread count or on one thread, whichever has been faster.

    Both are tried first; after that the faster is used, and every 6th chunk tries
    the other again (the load from other processes comes and goes). The thread
    count is restored after every chunk, so timing suites see torch's default.
    """

    def __init__(self) -> None:
        import torch

        self.default = torch.get_num_threads()
        self.rate: dict[int, float] = {}
        self.chunks = 0

    def _pick(self) -> int:
        candidates = [self.default, 1]
        untried = [n for n in candidates if n not in self.rate]
        if untried:
            return untried[0]
        best = max(candidates, key=lambda n: self.rate[n])
        return best if self.chunks % 6 else min(candidates, key=lambda n: self.rate[n])

    @contextmanager
    def timed(self, items: int) -> Iterator[None]:
        import torch

        threads = self._pick()
        torch.set_num_threads(threads)
        start = time.perf_counter()
        try:
            yield
        finally:
            torch.set_num_threads(self.default)
        rate = items / max(time.perf_counter() - start, 1e-9)
        self.rate[threads] = rate if threads not in self.rate else 0.5 * self.rate[threads] + 0.5 * rate
        self.chunks += 1


@dataclass
class CachedEmbedder:
    """claimcmp's ``Embedder`` protocol over a :class:`VectorCache` with a fixed prefix."""

    cache: VectorCache
    name: str
    dim: int
    prefix: str

    def embed_batch(self, texts: Sequence[str]) -> Matrix:
        return self.cache.encode([self.prefix + t for t in texts])


@dataclass
class Context:
    """Run options plus everything expensive that more than one suite needs, built on first use."""

    quick: bool
    models: list[str] = field(default_factory=list)
    _runs: dict[str, Any] = field(default_factory=dict)

    @property
    def flores_limit(self) -> int | None:
        return 200 if self.quick else None

    @cached_property
    def settings(self) -> Settings:
        """claimcmp's defaults, with the repository's model cache (as the README's commands use)."""
        from claimcmp.config import CacheSettings, Settings

        settings = replace(Settings(), cache=CacheSettings(dir=CACHE_DIR))
        # e.g. CLAIMCMP_BENCH_MODEL="backend=openvino,precision=fp32": the quality suites with another backend
        chosen = dict(kv.split("=", 1) for kv in os.environ.get("CLAIMCMP_BENCH_MODEL", "").split(",") if "=" in kv)
        return replace(settings, model=replace(settings.model, **chosen)) if chosen else settings

    @cached_property
    def builtin(self) -> Any:
        """claimcmp's own embedder for the built-in model (its ``_model`` is the SentenceTransformer)."""
        from claimcmp.model.embedding import load_embedder

        quiet_transformers()
        log("loading the built-in model")
        return load_embedder(self.settings.model, self.settings.cache.dir)

    @cached_property
    def vectors(self) -> VectorCache:
        model = getattr(self.builtin, "_model", None)
        return VectorCache(model if model is not None else _EmbedderModel(self.builtin))

    def embedder(self, prefix: str | None = None) -> CachedEmbedder:
        """The built-in model through the cache; ``prefix`` None means claimcmp's own choice."""
        chosen = self.builtin.prefix if prefix is None else prefix
        return CachedEmbedder(self.vectors, self.builtin.name, self.builtin.dim, chosen)

    @cached_property
    def flores(self) -> dict[str, list[str]]:
        return load_flores(self.flores_limit)

    def flores_vectors(self, prefix: str) -> dict[str, Matrix]:
        """Every FLORES language embedded with ``prefix`` (cached)."""
        embedder = self.embedder(prefix)
        out = {}
        for lang, lines in self.flores.items():
            log(f"embedding FLORES {lang} ({len(lines)} sentences, prefix {prefix!r})")
            out[lang] = embedder.embed_batch(lines)
        return out

    @cached_property
    def gold_sets(self) -> list[GoldSet]:
        return self.family_sets("flores_dev")

    def family_sets(self, family: str) -> list[GoldSet]:
        """The gold sets of one dev family (:data:`FAMILIES`); the first 5 with ``quick``."""
        sets = load_gold_sets(FAMILIES[family])
        return sets[:5] if self.quick else sets

    def comparisons(self, all_segments: bool = False, family: str = "flores_dev") -> list[tuple[GoldSet, Comparison]]:
        """claimcmp's output on every dev set of ``family`` (default settings, cached vectors).

        ``all_segments``: segmentation keeps boilerplate (``keep_boilerplate``), so the
        segments are every statement of the text; the baseline works on these.
        """
        key = f"dev{int(all_segments)}" if family == "flores_dev" else f"{family}{int(all_segments)}"
        if key not in self._runs:
            from claimcmp.pipeline import compare

            settings = self.all_segment_settings if all_segments else self.settings
            what = "all segments of" if all_segments else "claimcmp on"
            sets = self.family_sets(family)
            out = []
            for n, gold in enumerate(sets, 1):
                if n == 1 or n % 5 == 0:
                    log(f"{what} {family} set {n}/{len(sets)}")
                out.append((gold, compare([gold.folder], settings, embedder=self.embedder())))
            self._runs[key] = out
        return self._runs[key]  # type: ignore[no-any-return]

    def seed_comparison(self, all_segments: bool = False) -> Comparison:
        """claimcmp's output on ``seeds/`` (default settings, cached vectors); see :meth:`comparisons`."""
        key = f"seeds{int(all_segments)}"
        if key not in self._runs:
            from claimcmp.pipeline import compare

            log(f"{'all segments of' if all_segments else 'claimcmp on'} seeds/")
            settings = self.all_segment_settings if all_segments else self.settings
            self._runs[key] = compare([SEEDS], settings, embedder=self.embedder())
        return self._runs[key]  # type: ignore[no-any-return]

    @cached_property
    def all_segment_settings(self) -> Settings:
        """The defaults, but segmentation keeps boilerplate (where claimcmp can drop it at all)."""
        segmentation = self.settings.segmentation
        if hasattr(segmentation, "keep_boilerplate"):
            segmentation = replace(segmentation, keep_boilerplate=True)
        return replace(self.settings, segmentation=segmentation)

    def vectors_of(self, comparison: Comparison) -> Matrix:
        """The vectors of ``comparison``'s segments, embedded as claimcmp embeds them (from the cache)."""
        from claimcmp.model import embedding_text

        return self.embedder().embed_batch([embedding_text(s) for s in comparison.segments])


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for a Markdown table; '–' for missing."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (numbers already formatted by the caller)."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
