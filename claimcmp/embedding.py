"""Embedding backends: one narrow method, ``embed_batch(texts) -> vectors``.

A backend returns L2-normalised float32 rows, one per text, so the index can
use inner product as cosine. The default backend is sentence-transformers;
heavy imports (torch, sentence-transformers) happen when a model is first
loaded, never at import time, so ``claimcmp --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from claimcmp.config import ModelSettings
from claimcmp.errors import ModelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.quote_words import WordVectors

BUILTIN = "builtin"

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a long batch is embedded."""


class Embedder(Protocol):
    """What the pipeline needs from a model.

    Besides these, a pipeline may read, by name and each with a default when
    absent: ``identity`` (name), ``prefix`` (""), ``device`` ("cpu"),
    ``precision`` ("fp32"), and the word vectors of quote alignment through
    :func:`claimcmp.quote_words.word_embedder` (an ``embed_words`` method, or a
    wrapper's ``word_embedder``). A wrapper forwards each of them explicitly, as
    :class:`claimcmp.vector_cache.CachedEmbedder` does.
    """

    name: str
    dim: int

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One normalised float32 row per text."""
        ...


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: the built-in one, a local path or a hub name."""

    def __init__(
        self,
        settings: ModelSettings,
        cache_dir: Path,
        progress: ProgressCallback | None = None,
    ) -> None:
        self._settings = settings
        self._progress = progress
        self._model = _load_sentence_transformer(settings, cache_dir)
        if settings.name == BUILTIN:
            from claimcmp.builtin_model import BUILTIN_MODEL_NAME

            self.name = BUILTIN_MODEL_NAME
        else:
            self.name = settings.name
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ModelError(f"model {self.name} does not report its embedding size; it cannot be indexed.")
        self.dim = int(dim)
        self.prefix = _resolve_prefix(settings.prefix, self._model.prompts)
        self.device = str(self._model.device)
        self.precision = _choose_precision(settings.precision, self.device)
        if self.precision == "bf16":
            import torch

            self._model.to(torch.bfloat16)
        self._identity: str | None = None

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        batch = max(1, self._settings.batch_size)
        parts = []
        for start in range(0, len(texts), batch):
            chunk = [self.prefix + t for t in texts[start : start + batch]]
            parts.append(
                self._model.encode(
                    chunk,
                    batch_size=batch,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                ).astype(np.float32)
            )
            if self._progress:
                self._progress(min(start + batch, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.vstack(parts)
        if self.precision != "fp32":  # normalised in bf16: off by up to 1e-3, so again in float32
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    @property
    def identity(self) -> str:
        """Name plus a fingerprint of the model's files (names, sizes, times, config): what a vector depends on.

        The files, not the tensors: a loaded model may carry layers its checkpoint
        lacks (a pooler), initialised at random on every load.
        """
        if self._identity is None:
            import hashlib

            digest = hashlib.sha256(f"{self.name}|{self.dim}|normalized".encode())
            if self.precision != "fp32":  # bf16 vectors differ from fp32 ones in the fourth decimal
                digest.update(self.precision.encode())
            folder = Path(str(getattr(self._model[0].auto_model.config, "_name_or_path", "") or ""))
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    stat = path.stat()
                    digest.update(f"{path.relative_to(folder)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
            else:
                digest.update(str(folder).encode())
            self._identity = f"{self.name}#{digest.hexdigest()[:16]}"
        return self._identity

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        """One vector per word of each text (for explaining how two quotations differ)."""
        from claimcmp.quote_words import word_vectors

        return word_vectors(self._model, texts)


def _resolve_prefix(prefix: str, prompts: dict[str, str]) -> str:
    # "auto": the model's own query prompt when it declares one (e5 does: "query: "),
    # which a probe found best for symmetric cross-lingual matching; else none.
    if prefix == "auto":
        return prompts.get("query", "")
    return prefix


def _load_sentence_transformer(settings: ModelSettings, cache_dir: Path):  # type: ignore[no-untyped-def]
    if settings.name == BUILTIN:
        from claimcmp.builtin_model import ensure_builtin_model

        model_ref = str(ensure_builtin_model(cache_dir))
    else:
        model_ref = settings.name
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise ModelError(
            "sentence-transformers is not installed. You can fix this by running: pip install sentence-transformers"
        ) from exc
    device = _resolve_device(settings.device)
    try:
        with _quiet_transformers():
            return SentenceTransformer(model_ref, device=device)
    except Exception as exc:  # the library raises many unrelated types for "not found"
        hint = (
            "check the path"
            if Path(model_ref).exists()
            else "pass a local model directory with --model, or run where the model hub is reachable"
        )
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(
            f"cannot load sentence-transformers model '{settings.name}': {first_line}. "
            f"You can fix this: {hint}, or use the offline built-in model (--model builtin)."
        ) from exc


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Silence transformers' load reports and weight-loading bars: claimcmp shows its own progress."""
    from transformers.utils import logging as hf_logging

    previous = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(previous)
        hf_logging.enable_progress_bar()


def native_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AMX or AVX512-BF16); elsewhere bf16 is emulated and slower."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            flags = next((line for line in info if line.startswith("flags")), "").split()
    except OSError:  # not Linux: assume not
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def _choose_precision(precision: str, device: str) -> str:
    if precision in ("fp32", "bf16"):
        return precision
    if precision != "auto":
        raise ModelError(
            f"model.precision is {precision!r}; expected 'auto', 'fp32' or 'bf16'. You can fix this in config.toml."
        )
    return "bf16" if device.startswith("cuda") or (device == "cpu" and native_bf16()) else "fp32"


def _resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def load_embedder(
    settings: ModelSettings, cache_dir: Path, progress: ProgressCallback | None = None, vector_cache: bool = False
) -> Embedder:
    """The backend ``settings`` name (today always sentence-transformers), behind the vector cache if asked."""
    embedder = SentenceTransformerEmbedder(settings, cache_dir, progress)
    if not vector_cache:
        return embedder
    from claimcmp.vector_cache import CachedEmbedder, VectorCache

    return CachedEmbedder(embedder, VectorCache(cache_dir), embedder.identity)
