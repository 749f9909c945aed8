"""The model: embedding backends (:mod:`.embedding`), the built-in model (:mod:`.builtin_model`),
the vector cache (:mod:`.vector_cache`) and the word vectors that explain a reworded quotation
(:mod:`.quote_words`).

The quotation's words live here rather than in ``facts/``: they are read from a middle layer of
the model and cached with the statement vectors, so the embedders and the cache use their types;
the pipeline calls :func:`explain_quote_variants` after flagging.

Importing this package loads neither numpy nor torch: the built-in model's converter, which needs
numpy, is imported when :func:`ensure_builtin_model` is first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimcmp.model.embedding import Embedder, build_model, load_embedder, native_bf16, native_int8
from claimcmp.model.protocol import embedding_text, model_identity, model_info
from claimcmp.model.quote_words import explain_quote_variants, word_embedder
from claimcmp.model.vector_cache import VectorCache

if TYPE_CHECKING:
    from claimcmp.model.builtin_model import ensure_builtin_model

__all__ = [
    "Embedder",
    "VectorCache",
    "build_model",
    "embedding_text",
    "ensure_builtin_model",
    "explain_quote_variants",
    "load_embedder",
    "model_identity",
    "model_info",
    "native_bf16",
    "native_int8",
    "word_embedder",
]


def __getattr__(name: str) -> Any:
    if name == "ensure_builtin_model":
        from claimcmp.model.builtin_model import ensure_builtin_model

        return ensure_builtin_model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
