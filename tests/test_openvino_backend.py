"""``[model] backend``: OpenVINO where it is installed and can run the model, torch otherwise, and the same vectors.

The choice is tested without OpenVINO (its presence is faked); the tests that run it are skipped where the
optional ``openvino`` package is not installed (``pip install 'claimcmp[openvino]'``).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

from claimcmp.config import ModelSettings
from claimcmp.errors import ModelError
from claimcmp.model import embedding, openvino_backend

from .conftest import CACHE, REPO

HAS_OPENVINO = importlib.util.find_spec("openvino") is not None
TEXTS = [
    "Путин направил письмо Ким Чен Ыну.",
    "Кім Чен Ин надіслав листа Путіну.",
    "Лидерите си размениха писма.",
    "The two leaders exchanged letters on Monday, officials in Moscow said.",
]


@pytest.mark.parametrize("installed", [True, False])
def test_auto_takes_openvino_for_the_builtin_model_on_the_cpu_where_installed(
    monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    monkeypatch.setattr(openvino_backend, "openvino_installed", lambda: installed)
    auto = ModelSettings()
    assert embedding._choose_backend(auto, "cpu") == ("openvino" if installed else "torch")
    assert embedding._choose_backend(auto, "cuda:0") == "torch"
    assert embedding._choose_backend(ModelSettings(name="/some/model"), "cpu") == "torch"
    assert embedding._choose_backend(ModelSettings(backend="torch"), "cpu") == "torch"


def test_asking_for_openvino_where_it_cannot_run_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openvino_backend, "openvino_installed", lambda: False)
    with pytest.raises(ModelError, match=r"pip install 'claimcmp\[openvino\]'"):
        embedding._choose_backend(ModelSettings(backend="openvino"), "cpu")
    with pytest.raises(ModelError, match="pip install"):
        embedding.load_model(ModelSettings(backend="openvino", device="cpu"), CACHE)
    monkeypatch.setattr(openvino_backend, "openvino_installed", lambda: True)
    with pytest.raises(ModelError, match="built-in model on the CPU only"):
        embedding._choose_backend(ModelSettings(name="/some/model", backend="openvino"), "cpu")
    with pytest.raises(ModelError, match="expected 'auto', 'torch' or 'openvino'"):
        embedding._choose_backend(ModelSettings(backend="onnx"), "cpu")


def test_the_backend_is_part_of_a_vectors_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    assert embedding.model_identity("m", 384, "bf16", "x") != embedding.model_identity(
        "m", 384, "bf16", "x", "openvino"
    )
    assert embedding.model_identity("m", 384, "fp32", "x") == embedding.model_identity("m", 384, "fp32", "x", "torch")
    monkeypatch.setattr(openvino_backend, "openvino_installed", lambda: True)
    card = embedding.describe_model(ModelSettings(device="cpu", precision="fp32"), CACHE)
    if card is None:
        pytest.skip("the built-in model is not built")
    assert card.backend == "openvino"
    torch_card = embedding.describe_model(ModelSettings(device="cpu", precision="fp32", backend="torch"), CACHE)
    assert torch_card is not None and torch_card.identity != card.identity  # the vector cache never mixes them


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not HAS_OPENVINO, reason="the optional openvino package is not installed")
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_openvino_gives_torchs_vectors_and_word_vectors(precision: str) -> None:
    from claimcmp.model.quote_words import word_vectors

    ov = embedding.load_model(ModelSettings(device="cpu", precision=precision, backend="openvino"), CACHE)
    reference = embedding.load_model(ModelSettings(device="cpu", precision="fp32", backend="torch"), CACHE)
    assert isinstance(ov, embedding.OpenVINOEmbedder) and isinstance(reference, embedding.SentenceTransformerEmbedder)
    a, b = ov.embed_batch(TEXTS), reference.embed_batch(TEXTS)
    assert a.dtype == np.float32 and np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) > (0.99999 if precision == "fp32" else 0.9995)
    for mine, theirs in zip(ov.embed_words(TEXTS), word_vectors(reference._model, TEXTS), strict=True):
        assert mine.words == theirs.words and mine.spans == theirs.spans
        assert float((mine.vectors * theirs.vectors).sum(axis=1).min()) > 0.999
    assert ov.identity != reference.identity


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not HAS_OPENVINO, reason="the optional openvino package is not installed")
def test_openvino_once_converted_imports_no_torch() -> None:
    embedding.load_model(ModelSettings(device="cpu", backend="openvino"), CACHE)  # converts once if need be
    code = (
        "import sys; from pathlib import Path; from claimcmp.config import ModelSettings; "
        "from claimcmp.model.embedding import load_model; "
        f"m = load_model(ModelSettings(device='cpu', backend='openvino'), Path({str(CACHE)!r})); "
        "m.embed_batch(['Привет, мир.']); m.embed_words(['Привет, мир.']); "
        "print(sorted(k for k in ('torch', 'transformers', 'sentence_transformers') if k in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
