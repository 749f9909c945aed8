"""bf16 is chosen only where the hardware computes it natively, and stays faithful to fp32."""

from __future__ import annotations

import numpy as np
import pytest

from claimcmp.config import ModelSettings
from claimcmp.errors import ModelError
from claimcmp.model import embedding

from .conftest import CACHE


def test_auto_precision_follows_the_hardware(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "native_bf16", lambda: False)
    assert embedding._choose_precision("auto", "cpu") == "fp32"
    assert embedding._choose_precision("auto", "cuda:0") == "bf16"
    monkeypatch.setattr(embedding, "native_bf16", lambda: True)
    assert embedding._choose_precision("auto", "cpu") == "bf16"
    assert embedding._choose_precision("fp32", "cuda") == "fp32"
    with pytest.raises(ModelError, match="expected 'auto', 'fp32', 'bf16' or 'int8'"):
        embedding._choose_precision("fp16", "cpu")


@pytest.mark.model
@pytest.mark.slow
def test_bf16_vectors_are_unit_length_and_close_to_fp32() -> None:
    texts = ["Путин направил письмо Ким Чен Ыну.", "Кім Чен Ин надіслав листа Путіну.", "Лидерите си размениха писма."]
    fp32 = embedding.SentenceTransformerEmbedder(ModelSettings(precision="fp32", device="cpu"), CACHE)
    bf16 = embedding.SentenceTransformerEmbedder(ModelSettings(precision="bf16", device="cpu"), CACHE)
    a, b = fp32.embed_batch(texts), bf16.embed_batch(texts)
    assert b.dtype == np.float32 and np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) > 0.995
    assert fp32.identity != bf16.identity  # the vector cache never mixes them
