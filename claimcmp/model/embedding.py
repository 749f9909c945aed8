"""Embedding backends: one narrow method, ``embed_batch(texts) -> vectors``.

A backend returns L2-normalised float32 rows, one per text, so the index can
use inner product as cosine. The default backend is sentence-transformers;
heavy imports (torch, sentence-transformers) happen when a model is first
loaded, never at import time, so ``claimcmp --help`` stays instant.

With the vector cache on, the model is not even loaded until a text is
missing from the cache: :func:`describe_model` reads what a run must know of
it (name, identity, dimension, prefix, device, precision, backend) from the
files on disk, without torch, and :class:`LazyEmbedder` loads the model on first
use. A warm run (every vector cached) therefore imports neither torch nor
sentence-transformers.

``[model] backend`` picks what runs the model: ``torch`` (sentence-transformers) or
``openvino`` (the built-in model only, with the optional ``openvino`` package:
:mod:`claimcmp.model.openvino_backend`); ``auto`` is OpenVINO where it is installed,
the model is the built-in one and the device is the CPU, else torch; and torch, with a
warning, where OpenVINO's model cannot be built. ``[model] precision`` is fp32, bf16 or
(OpenVINO only) int8; ``auto`` takes what is fastest at unchanged quality on this machine
(:func:`_choose_precision`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcmp.config import ModelSettings
from claimcmp.errors import ModelError
from claimcmp.model.protocol import Embedder

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.model.quote_words import WordVectors

BUILTIN = "builtin"

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a long batch is embedded."""


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
        self.name = _display_name(settings)
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
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        # batches of texts of like length, so that little of each is padding: 1.4-1.5x the sentences per
        # second of batches in input order (BENCHMARKS.md, encoding backends); the rows go back in input order
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            vectors[rows] = self._model.encode(
                [self.prefix + texts[i] for i in rows],
                batch_size=batch,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32)
            if self._progress:
                self._progress(min(start + batch, len(texts)), len(texts))
        if self.precision != "fp32" and len(texts):  # normalised in bf16: off by up to 1e-3, so again in float32
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    @property
    def identity(self) -> str:
        """Name plus a fingerprint of the model's files (names, sizes, times, config): what a vector depends on.

        The files, not the tensors: a loaded model may carry layers its checkpoint
        lacks (a pooler), initialised at random on every load.
        """
        if self._identity is None:
            folder = str(getattr(self._model[0].auto_model.config, "_name_or_path", "") or "")
            self._identity = model_identity(self.name, self.dim, self.precision, folder)
        return self._identity

    backend = "torch"

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        """One vector per word of each text (for explaining how two quotations differ)."""
        from claimcmp.model.quote_words import word_vectors

        return word_vectors(self._model, texts)


def model_identity(name: str, dim: int, precision: str, folder: str, backend: str = "torch") -> str:
    """What a vector depends on: the model's name, size, precision, backend and files (names, sizes, times).

    ``folder`` is where the weights were read from; when it is no folder (a hub
    name), the name alone stands for the files. Computed the same way for a loaded
    model (:attr:`SentenceTransformerEmbedder.identity`) and for one described
    from disk (:func:`describe_model`), so a warm run finds the cold run's vectors.
    """
    digest = hashlib.sha256(f"{name}|{dim}|normalized".encode())
    if precision != "fp32":  # bf16 vectors differ from fp32 ones in the fourth decimal, int8 ones in the third
        digest.update(precision.encode())
    if precision == "int8":  # and an int8 model is also what it was calibrated on
        from claimcmp.model.openvino_int8 import int8_recipe

        digest.update(int8_recipe().encode())
    if backend != "torch":  # so do OpenVINO's (its kernels add up in another order)
        digest.update(f"|{backend}".encode())
    path = Path(folder)
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            stat = file.stat()
            digest.update(f"{file.relative_to(path)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    else:
        digest.update(str(path).encode())
    return f"{name}#{digest.hexdigest()[:16]}"


def _display_name(settings: ModelSettings) -> str:
    if settings.name == BUILTIN:
        from claimcmp.model.builtin_model import BUILTIN_MODEL_NAME

        return BUILTIN_MODEL_NAME
    return settings.name


def _resolve_prefix(prefix: str, prompts: dict[str, str]) -> str:
    # "auto": the model's own query prompt when it declares one (e5 does: "query: "),
    # which a probe found best for symmetric cross-lingual matching; else none.
    if prefix == "auto":
        return prompts.get("query", "")
    return prefix


def _load_sentence_transformer(settings: ModelSettings, cache_dir: Path):  # type: ignore[no-untyped-def]
    if settings.name == BUILTIN:
        from claimcmp.model.builtin_model import ensure_builtin_model

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


@cache
def _cpu_flags() -> frozenset[str]:
    """The CPU's feature flags (Linux's /proc/cpuinfo); none known elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            return frozenset(next((line for line in info if line.startswith("flags")), "").split())
    except OSError:  # not Linux: assume none
        return frozenset()


def native_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AMX or AVX512-BF16); elsewhere bf16 is emulated and slower."""
    return bool(_cpu_flags() & {"amx_bf16", "avx512_bf16"})


def native_int8() -> bool:
    """Whether this CPU has int8 dot products (AVX512-VNNI, AVX-VNNI or AMX-INT8), which OpenVINO's int8 runs on."""
    return bool(_cpu_flags() & {"avx512_vnni", "avx_vnni", "amx_int8"})


PRECISIONS = ("auto", "fp32", "bf16", "int8")


def _choose_precision(precision: str, device: str, backend: str = "torch") -> str:
    """``precision`` made definite for ``backend`` on ``device``.

    "auto" is what measured fastest at unchanged quality (BENCHMARKS.md, encoding backends): int8 for
    OpenVINO where NNCF can build it and the CPU has int8 dot products (4.3x fp32 on AVX512-VNNI), else bf16
    on a GPU and on CPUs that compute it natively (AVX512-BF16 or AMX), else fp32. Only OpenVINO runs int8
    (torch's dynamic int8 was slower than fp32 and lost 0.012 top-1).
    """
    if precision not in PRECISIONS:
        raise ModelError(
            f"model.precision is {precision!r}; expected 'auto', 'fp32', 'bf16' or 'int8'. "
            "You can fix this in config.toml."
        )
    if precision == "int8" and backend != "openvino":
        raise ModelError(
            f"model.precision 'int8' runs on the OpenVINO backend only (this run's backend is {backend!r}). "
            "You can fix this by running: pip install 'claimcmp[openvino]' with [model] backend = \"auto\" or "
            '"openvino" (the built-in model on the CPU), or by setting precision = "auto".'
        )
    if precision != "auto":
        return precision
    if backend == "openvino" and native_int8():
        from claimcmp.model.openvino_int8 import nncf_installed

        if nncf_installed():
            return "int8"
    return "bf16" if device.startswith("cuda") or (device == "cpu" and native_bf16()) else "fp32"


BACKENDS = ("auto", "torch", "openvino")


def _choose_backend(settings: ModelSettings, device: str) -> str:
    """``torch`` or ``openvino`` for ``settings.backend`` on ``device``; "auto" takes OpenVINO where it can run."""
    from claimcmp.model.openvino_backend import INSTALL_HINT, openvino_installed

    if settings.backend not in BACKENDS:
        raise ModelError(
            f"model.backend is {settings.backend!r}; expected 'auto', 'torch' or 'openvino'. "
            "You can fix this in config.toml."
        )
    if settings.backend == "torch":
        return "torch"
    runnable = settings.name == BUILTIN and device == "cpu"
    if settings.backend == "auto":
        return "openvino" if runnable and openvino_installed() else "torch"
    if not runnable:
        raise ModelError(
            f"model.backend 'openvino' runs the built-in model on the CPU only (model {settings.name!r}, "
            f'device {device!r}). You can fix this in config.toml: backend = "auto" or "torch".'
        )
    if not openvino_installed():
        raise ModelError(f"model.backend is 'openvino' but the openvino package is not installed. {INSTALL_HINT}")
    return "openvino"


class OpenVINOEmbedder:
    """The built-in model run by OpenVINO (:mod:`claimcmp.model.openvino_backend`): no torch once converted."""

    backend = "openvino"

    def __init__(
        self,
        settings: ModelSettings,
        cache_dir: Path,
        progress: ProgressCallback | None = None,
    ) -> None:
        from claimcmp.model.builtin_model import ensure_builtin_model
        from claimcmp.model.openvino_backend import OpenVINOEncoder

        folder = ensure_builtin_model(cache_dir)
        card = describe_model(replace(settings, backend="openvino"), cache_dir)
        if card is None:  # pragma: no cover - the built-in model always has the usual layout
            raise ModelError(f"cannot read the built-in model's configuration in {folder}.")
        self.name, self.dim, self.identity, self.prefix = card.name, card.dim, card.identity, card.prefix
        self.device, self.precision = "cpu", card.precision
        self._settings = settings
        self._progress = progress
        self._encoder = OpenVINOEncoder(folder, cache_dir, self.precision, settings.batch_size)

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        batch = max(1, self._settings.batch_size)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # like lengths, as the torch backend does
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            vectors[rows] = self._encoder.sentence_vectors([self.prefix + texts[i] for i in rows])
            if self._progress:
                self._progress(min(start + batch, len(texts)), len(texts))
        return vectors

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        """One vector per word of each text (for explaining how two quotations differ)."""
        return self._encoder.word_vectors(texts)


def settle_backend(settings: ModelSettings, cache_dir: Path) -> ModelSettings:
    """``settings`` with ``backend = "auto"`` made definite: OpenVINO with its model built (now, once), else torch.

    Under "auto" a build that fails (a broken or mismatched ``openvino``/``nncf``) warns on stderr and the
    run goes on with torch, whose vectors have an identity of their own. An explicit ``backend = "openvino"``,
    or ``precision = "int8"`` (which only OpenVINO runs), fails instead, with the error that says how to fix
    it. Once built this only looks for two files, so a warm run still loads nothing.
    """
    if settings.backend != "auto":
        return settings
    device = settings.device if settings.device != "auto" else _auto_device()
    if _choose_backend(settings, device) != "openvino":
        return replace(settings, backend="torch")
    from claimcmp.model.builtin_model import ensure_builtin_model
    from claimcmp.model.openvino_backend import ensure_openvino_model

    precision = _choose_precision(settings.precision, device, "openvino")
    folder = ensure_builtin_model(cache_dir)  # a torch run would build it too
    try:
        ensure_openvino_model(folder, cache_dir, precision)
    except ModelError as exc:
        if settings.precision == "int8":
            raise
        print(f'warning: {exc} (backend = "auto": this run goes on with torch.)', file=sys.stderr)
        return replace(settings, backend="torch")
    return replace(settings, backend="openvino")


def build_model(settings: ModelSettings, cache_dir: Path) -> list[Path]:
    """What a run of ``settings`` builds on first use, built now: the built-in model, and the IR OpenVINO runs."""
    from claimcmp.model.builtin_model import ensure_builtin_model
    from claimcmp.model.openvino_backend import ensure_openvino_model

    built = [ensure_builtin_model(cache_dir)]
    settled = settle_backend(settings, cache_dir)
    device = settled.device if settled.device != "auto" else _auto_device()
    if _choose_backend(settled, device) == "openvino":
        precision = _choose_precision(settled.precision, device, "openvino")
        built.append(ensure_openvino_model(built[0], cache_dir, precision))
    return built


def load_model(
    settings: ModelSettings, cache_dir: Path, progress: ProgressCallback | None = None
) -> SentenceTransformerEmbedder | OpenVINOEmbedder:
    """The model ``settings`` name, loaded now by the backend ``settings.backend`` chooses."""
    settings = settle_backend(settings, cache_dir)
    device = settings.device if settings.device != "auto" else _auto_device()
    if _choose_backend(settings, device) == "openvino":
        return OpenVINOEmbedder(settings, cache_dir, progress)
    return SentenceTransformerEmbedder(settings, cache_dir, progress)


def _resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def load_embedder(
    settings: ModelSettings, cache_dir: Path, progress: ProgressCallback | None = None, vector_cache: bool = False
) -> Embedder:
    """The backend ``settings`` name (today always sentence-transformers), behind the vector cache if asked.

    Behind the cache the model is loaded only when a text is missing from it
    (:class:`LazyEmbedder`), wherever :func:`describe_model` can tell its identity
    from disk; without the cache (every text is embedded) it is loaded now.
    """
    from claimcmp.model.vector_cache import CachedEmbedder, VectorCache

    settings = settle_backend(settings, cache_dir)
    if not vector_cache:
        return load_model(settings, cache_dir, progress)
    card = describe_model(settings, cache_dir)
    if card is None:
        eager = load_model(settings, cache_dir, progress)
        return CachedEmbedder(eager, VectorCache(cache_dir), eager.identity)
    lazy = LazyEmbedder(card, settings, cache_dir, progress)
    return CachedEmbedder(lazy, VectorCache(cache_dir), card.identity)


# ----------------------------------------------------------------------------- the model, described from disk


@dataclass(frozen=True)
class ModelCard:
    """What a run must know of a model before (or instead of) loading it."""

    name: str
    identity: str
    dim: int
    prefix: str
    device: str
    precision: str
    backend: str = "torch"


_POOLING_MODES = (
    "pooling_mode_cls_token",
    "pooling_mode_max_tokens",
    "pooling_mode_mean_tokens",
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
    "pooling_mode_lasttoken",
)


def describe_model(settings: ModelSettings, cache_dir: Path) -> ModelCard | None:
    """The model ``settings`` name, described from its files on disk without importing torch; None when it cannot be.

    It can be for the built-in model once built, and for a local sentence-transformers
    directory whose modules are a Transformer at its root, Pooling, Dense and Normalize
    (the usual layout). A hub name, an unbuilt built-in model or another layout gives
    None: the model is then loaded to learn the same. The identity is the one a
    loaded model computes (:func:`model_identity` over the same files).
    """
    if settings.name == BUILTIN:
        from claimcmp.model.builtin_model import builtin_model_dir, is_built

        folder = builtin_model_dir(cache_dir)
        if not is_built(folder):
            return None
    else:
        folder = Path(settings.name)
    try:
        modules = _read_json(folder / "modules.json")
        dim = _output_dimension(folder, modules)
        prompts = _read_json(folder / "config_sentence_transformers.json", {}).get("prompts") or {}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None
    if dim is None or not isinstance(prompts, dict):
        return None
    device = settings.device if settings.device != "auto" else _auto_device()
    if device in ("cuda", "xpu", "mps"):
        device += ":0"  # what the loaded model reports (its first device)
    backend = _choose_backend(settings, device)
    precision = _choose_precision(settings.precision, device, backend)
    name = _display_name(settings)
    return ModelCard(
        name=name,
        identity=model_identity(name, dim, precision, str(folder), backend),
        dim=dim,
        prefix=_resolve_prefix(settings.prefix, {str(k): str(v) for k, v in prompts.items()}),
        device=device,
        precision=precision,
        backend=backend,
    )


def _read_json(path: Path, default: Any = None) -> Any:
    if default is not None and not path.is_file():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def _output_dimension(folder: Path, modules: list[dict[str, Any]]) -> int | None:
    """The size of the vectors the modules put out, as sentence-transformers computes it; None for other layouts."""
    dim: int | None = None
    for position, module in enumerate(sorted(modules, key=lambda m: int(m["idx"]))):
        kind = str(module["type"]).rsplit(".", 1)[-1]
        path = folder / str(module.get("path") or "")
        if kind == "Transformer" and position == 0 and not module.get("path"):
            dim = int(_read_json(folder / "config.json")["hidden_size"])
        elif kind == "Pooling" and position > 0:
            config = _read_json(path / "config.json")
            modes = sum(bool(config.get(mode)) for mode in _POOLING_MODES)
            dim = int(config["word_embedding_dimension"]) * max(1, modes)
        elif kind == "Dense" and position > 0:
            dim = int(_read_json(path / "config.json")["out_features"])
        elif kind != "Normalize" or position == 0:
            return None
    return dim


_TORCH_BUILD = re.compile(r"^(cuda|hip|xpu)\s*(?::[^=]*)?=\s*(\S+)", re.MULTILINE)


def _auto_device() -> str:
    """The device ``auto`` means here; torch is imported only where a GPU may be present."""
    return "cpu" if _surely_no_gpu() else _resolve_device("auto")


def _surely_no_gpu() -> bool:
    """Whether torch would see no GPU, told from the environment, the devices and torch's build alone."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", "x").strip() in ("", "-1"):
        return True
    if sys.platform == "darwin":
        return True  # "auto" asks for CUDA only
    try:
        import importlib.util

        spec = importlib.util.find_spec("torch")
        if spec is not None and spec.origin:
            build = dict(_TORCH_BUILD.findall((Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")))
            if build and all(value == "None" for value in build.values()):
                return True  # a CPU-only build of torch
    except (OSError, ImportError, ValueError):
        pass
    if sys.platform.startswith("linux"):
        dev = Path("/dev")
        return not (any(dev.glob("nvidia[0-9]*")) or (dev / "kfd").exists() or (dev / "dxg").exists())
    return False


class LazyEmbedder:
    """A sentence-transformers model known by its :class:`ModelCard`, loaded when it first has to embed.

    Its name, identity, dimension, prefix, device, precision and backend come from the card;
    ``embed_batch`` and ``embed_words`` load the model (on the card's device, with its
    prefix, precision and backend) the first time either is called.
    """

    def __init__(
        self, card: ModelCard, settings: ModelSettings, cache_dir: Path, progress: ProgressCallback | None = None
    ) -> None:
        self.card = card
        self.name, self.dim, self.identity = card.name, card.dim, card.identity
        self.prefix, self.device, self.precision = card.prefix, card.device, card.precision
        self.backend = card.backend
        self._settings = settings
        self._cache_dir = cache_dir
        self._progress = progress
        self._model: SentenceTransformerEmbedder | OpenVINOEmbedder | None = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def model(self) -> SentenceTransformerEmbedder | OpenVINOEmbedder:
        """The loaded model (loading it now if need be)."""
        if self._model is None:
            settings = replace(
                self._settings, prefix=self.prefix, device=self.device, precision=self.precision, backend=self.backend
            )
            model = load_model(settings, self._cache_dir, self._progress)
            if model.dim != self.dim:
                raise ModelError(
                    f"model {self.name} gives {model.dim}-dimensional vectors where its configuration files say "
                    f"{self.dim}. You can fix this by checking its modules.json and module configurations."
                )
            self._model = model
        return self._model

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.model.embed_batch(texts)

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        return self.model.embed_words(texts)
