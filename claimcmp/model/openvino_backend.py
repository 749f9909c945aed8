"""The built-in model run by OpenVINO: about 1.2x the sentences per second of torch bf16 (2.7x fp32), no torch.

An optional backend (``pip install 'claimcmp[openvino]'``, the ``openvino`` wheel alone): the
encoder is converted once from the built model (torch and transformers, which claimcmp has anyway)
into OpenVINO IR in the cache (``openvino/<model>/``, renamed into place when complete, like
the model itself), then run with no torch at all: the tokenizer is the model's own
``tokenizer.json`` (``tokenizers``), pooling is the mean over the last layer, as the model's
``1_Pooling`` says. The IR gives two outputs, the last layer for statements and layer
:data:`~claimcmp.model.quote_words.LAYER` for the word vectors of quote alignment.

Precision is OpenVINO's ``INFERENCE_PRECISION_HINT``, always set: OpenVINO itself would pick bf16 on
any CPU with AVX512-BF16 or AMX; claimcmp's rule (``precision = "auto"``) is the same as for torch, except
that where NNCF is installed and the CPU has int8 dot products (VNNI or AMX), it is ``int8``: a statically
quantised copy of the IR, built once (:mod:`claimcmp.model.openvino_int8`; 4.3x fp32, 1.6x OpenVINO bf16).
Measured in BENCHMARKS.md (encoding backends, a 2-core AVX512-BF16 CPU): the vectors stay within cosine
0.9999 of torch fp32, FLORES top-1 and dev-set alignment F1 are unchanged, loading takes 2 s instead of 6-7 s,
and under other processes' load it slows down far less than torch does.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcmp.errors import ModelError
from claimcmp.model.builtin_model import COMPLETE_MARKER, publish_build
from claimcmp.model.openvino_int8 import IR_FILE, telemetry_off
from claimcmp.model.quote_words import LAYER

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.model.quote_words import WordVectors


INSTALL_HINT = "You can fix this by running: pip install 'claimcmp[openvino]' (or set [model] backend = \"torch\")"
# int8: the quantised matrix products run in int8, what stays in floating point in f32 (measured: bf16 there was
# no faster in the quiet rounds and slower in the others)
_HINTS = {"fp32": "f32", "bf16": "bf16", "int8": "f32"}


def openvino_installed() -> bool:
    """Whether the optional ``openvino`` package can be imported (found without importing it)."""
    try:
        return importlib.util.find_spec("openvino") is not None
    except (ImportError, ValueError):
        return False


def openvino_dir(model_dir: Path, cache_dir: Path, precision: str = "fp32") -> Path:
    """Where the OpenVINO IR of the model in ``model_dir`` is built under ``cache_dir`` (int8: a copy of its own)."""
    folder = Path(cache_dir) / "openvino" / model_dir.name
    if precision == "int8":
        from claimcmp.model.openvino_int8 import int8_recipe

        return folder.with_name(f"{folder.name}-int8-{int8_recipe()}")
    return folder


def is_converted(model_dir: Path, cache_dir: Path, precision: str = "fp32") -> bool:
    """Whether the IR that ``precision`` runs is complete (converted, and quantised for int8)."""
    return (openvino_dir(model_dir, cache_dir, precision) / COMPLETE_MARKER).is_file()


def ensure_openvino_model(model_dir: Path, cache_dir: Path, precision: str = "fp32") -> Path:
    """The OpenVINO IR of ``model_dir`` that ``precision`` runs, built first if it is not complete yet.

    Once: the conversion takes ~20-45 s and ~1.5 GB of memory, int8's quantisation (from the f32 IR,
    :mod:`claimcmp.model.openvino_int8`) ~1 minute more. A build that fails is a :class:`ModelError` that
    says how to fix it; nothing of it is left behind.
    """
    target = openvino_dir(model_dir, cache_dir, precision)
    if (target / COMPLETE_MARKER).is_file():
        return target
    if not openvino_installed():
        raise ModelError(f"the OpenVINO backend needs the openvino package, which is not installed. {INSTALL_HINT}")
    if precision == "int8":
        from claimcmp.model.openvino_int8 import int8_recipe, quantise

        f32_ir = ensure_openvino_model(model_dir, cache_dir, "fp32") / IR_FILE
        return _publish(target, lambda folder: quantise(f32_ir, model_dir, folder), f"int8-{int8_recipe()}")
    return _publish(target, lambda folder: convert(model_dir, folder), model_dir.name)


def _publish(target: Path, build: Callable[[Path], None], stamp: str) -> Path:
    """Build into a scratch sibling of ``target`` and rename it into place; a failure says how to fix it."""
    what = f"the OpenVINO model {target.name}"

    def guarded(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:  # NNCF draws its progress bars on stdout, which may be the run's JSON
            with telemetry_off(), contextlib.redirect_stdout(sys.stderr):
                build(folder)
        except (ModelError, OSError):
            raise
        except Exception as exc:  # openvino, torch and nncf raise many types; each is a failed build
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise ModelError(
                f"cannot build {what}: {type(exc).__name__}: {first_line}. You can fix this by updating the "
                "extra (pip install -U 'claimcmp[openvino]') or by setting [model] backend = \"torch\" "
                '(with precision = "auto").'
            ) from exc

    return publish_build(target.with_name(f"{target.name}.build-{os.getpid()}"), target, guarded, stamp, what)


def convert(model_dir: Path, target: Path) -> None:
    """Convert the transformer of the sentence-transformers folder ``model_dir`` to OpenVINO IR in ``target``."""
    import openvino as ov
    import torch
    from transformers import AutoModel

    from claimcmp.model.embedding import _quiet_transformers

    with _quiet_transformers():
        encoder = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False).eval()

    class _Layers(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            out = self.encoder(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
            return out.last_hidden_state, out.hidden_states[LAYER]

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 100, 2, 1, 1]])
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shape arithmetic (the graph stays dynamic: tested)
        model = ov.convert_model(
            _Layers(),
            example_input={"input_ids": ids, "attention_mask": (ids != 1).long()},
            input=[("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)],
        )
    model.outputs[0].get_tensor().set_names({"last_hidden_state"})
    model.outputs[1].get_tensor().set_names({f"hidden_state_{LAYER}"})
    ov.save_model(model, str(target / IR_FILE), compress_to_fp16=False)


class OpenVINOEncoder:
    """The compiled IR and the model's tokenizer: statement vectors and token vectors, no torch."""

    def __init__(self, model_dir: Path, cache_dir: Path, precision: str, batch_size: int) -> None:
        try:
            import openvino as ov
        except ImportError as exc:
            raise ModelError(f"the OpenVINO backend needs the openvino package: {exc}. {INSTALL_HINT}") from exc
        from tokenizers import Tokenizer

        ir = ensure_openvino_model(model_dir, cache_dir, precision) / IR_FILE
        config = {"INFERENCE_PRECISION_HINT": _HINTS[precision], "PERFORMANCE_HINT": "LATENCY"}
        self._model = ov.Core().compile_model(str(ir), "CPU", config)
        self._request = self._model.create_infer_request()
        st_config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.max_length = int(st_config.get("max_seq_length") or 512)
        pad = int(json.loads((model_dir / "config.json").read_text(encoding="utf-8"))["pad_token_id"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_length)
        self._tokenizer.enable_padding(pad_id=pad)
        self.batch_size = max(1, batch_size)

    def _run(self, texts: Sequence[str], output: int) -> tuple[Any, Any, list[Any]]:
        import numpy as np

        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        result = self._request.infer({"input_ids": ids, "attention_mask": mask})
        return np.asarray(result[self._model.outputs[output]], dtype=np.float32), mask, encodings

    def sentence_vectors(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Mean-pooled, L2-normalised last-layer vectors of ``texts`` (one batch)."""
        import numpy as np

        hidden, mask, _ = self._run(texts, 0)
        pooled = (hidden * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)

    def word_vectors(self, texts: Sequence[str]) -> list[WordVectors]:
        """One vector per word, from layer ``LAYER`` (:func:`claimcmp.model.quote_words.pool_words`)."""
        from claimcmp.model.quote_words import pool_words

        if not texts:
            return []
        hidden, _, encodings = self._run(texts, 1)
        return pool_words(texts, [list(e.offsets) for e in encodings], hidden)
