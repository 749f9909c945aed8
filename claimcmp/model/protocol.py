"""What the pipeline needs from a model: the :class:`Embedder` protocol, and what it reads of one
(its :class:`~claimcmp.records.ModelInfo`, its identity, the text it is given of a statement).

Its own module so that the backends (:mod:`claimcmp.model.embedding`) and the
vector cache (:mod:`claimcmp.model.vector_cache`), which wraps any embedder,
both import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from claimcmp.records import ModelInfo, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


class Embedder(Protocol):
    """What the pipeline needs from a model.

    Besides these, a pipeline may read, by name and each with a default when
    absent: ``identity`` (name), ``prefix`` (""), ``device`` ("cpu"),
    ``precision`` ("fp32"), ``backend`` ("torch"), and the word vectors of quote alignment through
    :func:`claimcmp.model.quote_words.word_embedder` (an ``embed_words`` method, or a
    wrapper's ``word_embedder``). A wrapper forwards each of them explicitly, as
    :class:`claimcmp.model.vector_cache.CachedEmbedder` does.
    """

    name: str
    dim: int

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One normalised float32 row per text."""
        ...


def model_identity(embedder: Embedder) -> str:
    """What tells two copies of one model apart (a corpus index refuses vectors of another)."""
    return str(getattr(embedder, "identity", embedder.name))


def model_info(embedder: Embedder) -> ModelInfo:
    return ModelInfo(
        name=embedder.name,
        dim=embedder.dim,
        device=str(getattr(embedder, "device", "cpu")),
        precision=str(getattr(embedder, "precision", "fp32")),
        backend=str(getattr(embedder, "backend", "torch")),
    )


def embedding_text(segment: Segment) -> str:
    """The segment as the model sees it: white space (line breaks, NBSP runs) folded."""
    return " ".join(segment.text.split())
