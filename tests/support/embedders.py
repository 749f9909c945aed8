"""Stand-in embedders: deterministic vectors without a model, for storage and CLI tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class HashEmbedder:
    """A stand-in model for storage tests: a deterministic vector per text, no torch."""

    name = "hash-model"
    dim = 8
    identity = "hash-model#1"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:32], dtype=np.int32) for t in texts]
        out = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)
