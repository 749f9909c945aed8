"""The built-in model in static int8 for OpenVINO (``[model] precision = "int8"``): 4.3x fp32's sentences per second.

NNCF (Apache-2.0, in the ``openvino`` extra; imported only while building) quantises the OpenVINO IR of
:mod:`claimcmp.model.openvino_backend` once: weights and activations of the matrix products in int8, the
range of each activation read from the model's outputs on the calibration sentences shipped in
``claimcmp/data/calibration/news.toml`` (real news, never FLORES, which is the quality benchmark), with
NNCF's transformer preset. The result goes into the cache beside the f32 IR, under a name that carries
:func:`int8_recipe` (the calibration sentences and the settings below), built into a scratch folder and
renamed into place when complete like every other build (:func:`~claimcmp.model.builtin_model.publish_build`).
Once built, running it needs the ``openvino`` wheel alone.

Measured in BENCHMARKS.md (encoding backends, a 2-core AVX512-VNNI CPU): FLORES top-1 at most 0.001 below
fp32 in any of 12 directions, dev-set alignment F1 unchanged; its vectors are cosine 0.9989 from fp32's on
average, so they are never mixed with them in the vector cache (the recipe is part of their identity).

Offline: OpenVINO's converter and NNCF send usage telemetry by default; both are told they run in CI
(``CI``, ``NNCF_CI``), which turns it off, for as long as a build lasts.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from claimcmp.errors import ModelError

CALIBRATION_FILE = Path(__file__).resolve().parent.parent / "data" / "calibration" / "news.toml"
IR_FILE = "model.xml"
_BATCH = 8  # sentences per calibration sample: as measured; the samples' padding is masked anyway
_MAX_TOKENS = 512
# what NNCF is asked: part of the recipe, so a change here is a new model (and a new vector identity)
_SETTINGS = "nncf.quantize|model_type=TRANSFORMER|all samples|batch=8|query prompt|f32 IR"


def nncf_installed() -> bool:
    """Whether NNCF, which builds the int8 model, can be imported (found without importing it)."""
    try:
        return importlib.util.find_spec("nncf") is not None
    except (ImportError, ValueError):
        return False


def calibration_sentences() -> list[str]:
    """The calibration sentences, in file order."""
    with CALIBRATION_FILE.open("rb") as handle:
        return [str(row["text"]) for row in tomllib.load(handle)["sentence"]]


@cache
def int8_recipe() -> str:
    """A short fingerprint of what the int8 model is built from besides the model: the sentences and settings."""
    digest = hashlib.sha256(_SETTINGS.encode())
    digest.update(CALIBRATION_FILE.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def telemetry_off() -> Iterator[None]:
    """No usage reports from OpenVINO's converter or NNCF while a model is built (both skip them in CI)."""
    saved = {name: os.environ.get(name) for name in ("CI", "NNCF_CI")}
    os.environ["CI"], os.environ["NNCF_CI"] = "true", "1"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def quantise(f32_ir: Path, model_dir: Path, target: Path) -> None:
    """NNCF's static int8 of the IR ``f32_ir`` (of the model in ``model_dir``), written to ``target``."""
    if not nncf_installed():
        raise ModelError(
            "the int8 model is built by NNCF, which is not installed. "
            "You can fix this by running: pip install 'claimcmp[openvino]' (or set [model] precision = \"auto\")"
        )
    with telemetry_off():
        import nncf
        import numpy as np
        import openvino as ov
        from tokenizers import Tokenizer

        prompts = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        prefix = str((prompts.get("prompts") or {}).get("query", ""))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(_MAX_TOKENS)
        pad = int(json.loads((model_dir / "config.json").read_text(encoding="utf-8"))["pad_token_id"])
        tokenizer.enable_padding(pad_id=pad)
        texts = [prefix + text for text in calibration_sentences()]
        samples = []
        for start in range(0, len(texts), _BATCH):
            batch = tokenizer.encode_batch(texts[start : start + _BATCH])
            samples.append(
                {
                    "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                }
            )
        model = ov.Core().read_model(str(f32_ir))
        quantised = nncf.quantize(
            model, nncf.Dataset(samples), model_type=nncf.ModelType.TRANSFORMER, subset_size=len(samples)
        )
        ov.save_model(quantised, str(target / IR_FILE))
