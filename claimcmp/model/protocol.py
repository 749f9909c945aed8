"""What the pipeline needs from a model: the :class:`Embedder` protocol.

Its own module so that the backends (:mod:`claimcmp.model.embedding`) and the
vector cache (:mod:`claimcmp.model.vector_cache`), which wraps any embedder,
both import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


class Embedder(Protocol):
    """What the pipeline needs from a model.

    Besides these, a pipeline may read, by name and each with a default when
    absent: ``identity`` (name), ``prefix`` (""), ``device`` ("cpu"),
    ``precision`` ("fp32"), and the word vectors of quote alignment through
    :func:`claimcmp.model.quote_words.word_embedder` (an ``embed_words`` method, or a
    wrapper's ``word_embedder``). A wrapper forwards each of them explicitly, as
    :class:`claimcmp.model.vector_cache.CachedEmbedder` does.
    """

    name: str
    dim: int

    def embed_batch(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One normalised float32 row per text."""
        ...
