"""Which words two renderings of one quotation do not share, across languages.

Within one language a word diff says it (:func:`claimcmp.facts.flags.word_differences`).
Across languages there is no common spelling, so the model's own token
embeddings align the words (SimAlign, Jalili Sabet et al. 2020, and DiffAlign's
idea that the unaligned words are the difference): subword vectors of a middle
layer are averaged into word vectors, and a content word with no word on the
other side reaching ``threshold`` cosine is what one rendering adds or drops;
digits are compared as strings.

``threshold`` and ``LAYER`` were chosen with ``python -m benchmarks.quote_alignment``
on FLORES-200 dev translations (BENCHMARKS.md): on exact translations few
content words should stay unmatched, and a word swapped for a word of another
sentence should. At layer 8 with a best-match threshold of 0.6, 7-13% of the
content words of exact translations stay unmatched and 68-90% of swapped
words are caught (ru-uk lowest, ru-en highest; 100 sentence pairs per language
pair). The last layer is useless for this: every word resembles every other
(0.3% unmatched, 0% caught), and with mutual best links (SimAlign's ArgMax) it
left 31-41% of all words unmatched. A hint for a reader, not a verdict: the
flag stays ``low``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from claimcmp.records import Flag, FlagSide, Pair, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
DEFAULT_THRESHOLD = 0.6
LAYER = 8
WORDS_VERSION = 1
"""Part of the vector cache's key for word vectors: raise it when :func:`word_vectors` cuts or pools words
differently."""


@dataclass(frozen=True)
class WordVectors:
    """The words of a text, their spans, and one normalised vector per word (rows)."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    vectors: npt.NDArray[np.float32]


@runtime_checkable
class WordEmbedder(Protocol):
    """An embedder that can also give one vector per word (the built-in model can).

    Ask an embedder for it with :func:`word_embedder`, not with ``isinstance``.
    """

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]: ...


_NOT_A_WRAPPER = object()


def word_embedder(embedder: object) -> WordEmbedder | None:
    """What gives ``embedder``'s word vectors: itself, the embedder it wraps, or None when none does.

    A wrapper (:class:`claimcmp.model.vector_cache.CachedEmbedder`) says which embedder
    gives its word vectors through a ``word_embedder`` attribute (None: none); any
    other embedder gives them when it has an ``embed_words`` method. Asked by name,
    never through ``isinstance(embedder, WordEmbedder)``: from Python 3.12 that
    looks members up statically and misses what a wrapper hands on through
    ``__getattr__`` (the vector cache once did, and with it on, the default, the
    quote-variant explanations silently disappeared).
    """
    wrapped = getattr(embedder, "word_embedder", _NOT_A_WRAPPER)
    if wrapped is not _NOT_A_WRAPPER:
        return None if wrapped is None else word_embedder(wrapped)
    return cast(WordEmbedder, embedder) if callable(getattr(embedder, "embed_words", None)) else None


def word_vectors(model: Any, texts: Sequence[str], layer: int = LAYER) -> list[WordVectors]:
    """Word vectors from a sentence-transformers ``model``: the mean of each word's subword vectors at ``layer``.

    A middle layer aligns words better than the last one, which is trained to
    pool a sentence (as SimAlign found for mBERT): measured in BENCHMARKS.md.
    """
    import torch

    if not texts:
        return []
    encoder = model[0].auto_model
    batch = model.tokenizer(
        list(texts),
        padding=True,
        truncation=True,
        max_length=model.max_seq_length,
        return_tensors="pt",
        return_offsets_mapping=True,
    )
    offsets = batch.pop("offset_mapping").tolist()
    batch = {k: v.to(encoder.device) for k, v in batch.items()}
    with torch.no_grad():
        hidden = encoder(**batch, output_hidden_states=True).hidden_states[layer].float().cpu().numpy()
    return pool_words(texts, offsets, hidden)


def pool_words(
    texts: Sequence[str], offsets: list[list[tuple[int, int]]], hidden: npt.NDArray[np.float32]
) -> list[WordVectors]:
    """Each text's words with the mean of their subword rows of ``hidden`` (texts x tokens x dim), normalised.

    ``offsets`` are each token's character span in its text ((0, 0) for special tokens and padding);
    shared by every backend that gives token vectors (torch, OpenVINO).
    """
    import numpy as np

    out = []
    for t, text in enumerate(texts):
        words = [(m.group(), m.span()) for m in WORD.finditer(text)]
        starts = [span[0] for _, span in words]
        sums = np.zeros((len(words), hidden.shape[2]), dtype=np.float32)
        counts = np.zeros(len(words), dtype=np.int32)
        for row, (start, end) in enumerate(offsets[t]):
            while start < end and text[start].isspace():
                start += 1  # sentencepiece pieces carry the space before a word
            if start >= end:
                continue  # special tokens, padding and bare spaces
            k = _word_at(starts, words, start)
            if k is not None:
                sums[k] += hidden[t, row]
                counts[k] += 1
        kept = [k for k in range(len(words)) if counts[k]]
        vectors = sums[kept] / counts[kept, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        out.append(
            WordVectors(
                words=tuple(words[k][0] for k in kept),
                spans=tuple(words[k][1] for k in kept),
                vectors=vectors.astype(np.float32),
            )
        )
    return out


def _word_at(starts: list[int], words: list[tuple[str, tuple[int, int]]], position: int) -> int | None:
    from bisect import bisect_right

    k = bisect_right(starts, position) - 1
    return k if k >= 0 and position < words[k][1][1] else None


def unmatched_words(
    a: WordVectors, b: WordVectors, threshold: float = DEFAULT_THRESHOLD
) -> tuple[list[int], list[int]]:
    """Indexes of the content words of ``a`` and of ``b`` that no word of the other side resembles.

    A word is matched when some word of the other side reaches ``threshold``
    cosine (many-to-one is fine: "в 2018 году" / "in 2018"). Numbers match by
    their digits only. Function words (under four letters) are never reported:
    languages spend them differently.
    """
    if not a.words or not b.words:
        return _content(a, range(len(a.words))), _content(b, range(len(b.words)))
    similarity = a.vectors @ b.vectors.T
    digits_a = {w for w in a.words if w.isdigit()}
    digits_b = {w for w in b.words if w.isdigit()}
    only_a = [
        i
        for i, word in enumerate(a.words)
        if (word not in digits_b if word.isdigit() else similarity[i].max() < threshold)
    ]
    only_b = [
        j
        for j, word in enumerate(b.words)
        if (word not in digits_a if word.isdigit() else similarity[:, j].max() < threshold)
    ]
    return _content(a, only_a), _content(b, only_b)


def _meaning_differs(a: WordVectors, b: WordVectors, only_a: list[int], only_b: list[int]) -> bool:
    """The word alignment is confident that two renderings say different things, not the same thing twice.

    A figure on one side only, or a clause dropped: at least ``_DROPPED_WORDS`` content
    words and ``_DROPPED_SHARE`` of one side unmatched while the other side's words all
    but ``_TRANSLATION_NOISE`` (or one word) find a counterpart. Unmatched words on both sides are an
    ordinary translation choice, or two different quotations: neither is a variant.
    """
    digits_a = {a.words[i] for i in only_a if a.words[i].isdigit()}
    digits_b = {b.words[j] for j in only_b if b.words[j].isdigit()}
    if digits_a or digits_b:
        return True
    content_a, content_b = _content(a, range(len(a.words))), _content(b, range(len(b.words)))
    lost_a, lost_b = len(_content(a, only_a)), len(_content(b, only_b))
    for lost, content, other_lost, other_content in (
        (lost_a, content_a, lost_b, content_b),
        (lost_b, content_b, lost_a, content_a),
    ):
        if (
            lost >= _DROPPED_WORDS
            and lost >= _DROPPED_SHARE * len(content)
            and other_lost <= max(1.0, _TRANSLATION_NOISE * len(other_content))
        ):
            return True
    return False


# a clause one rendering adds: this many content words, this share of its words (the probe catches 68-90 %
# of changed words, so two of three added ones), while the
# other side leaves at most this share unmatched (exact translations leave 7-13 %, see above)
_DROPPED_WORDS = 2
_DROPPED_SHARE = 0.2
_TRANSLATION_NOISE = 0.15


def _content(side: WordVectors, indexes: Sequence[int] | range) -> list[int]:
    return [i for i in indexes if side.words[i].isdigit() or len(side.words[i]) >= 4]


def explain_quote_variants(
    pairs: Sequence[Pair], segments: Sequence[Segment], embedder: WordEmbedder, threshold: float = DEFAULT_THRESHOLD
) -> list[Pair]:
    """``pairs`` with each cross-language ``quote_variant`` flag naming the words one rendering adds or drops.

    A cross-language variant in which every word finds its counterpart is a
    faithful translation, not a variant, and one in which most words of both
    sides find none compares two different quotations: both flags are dropped.
    """
    by_id = {s.id: s for s in segments}
    todo = [
        (n, k)
        for n, pair in enumerate(pairs)
        for k, flag in enumerate(pair.flags)
        if flag.type == "quote_variant" and flag.a and flag.b and by_id[pair.a].lang != by_id[pair.b].lang
    ]
    if not todo:
        return list(pairs)
    texts = [side.text for n, k in todo for side in (pairs[n].flags[k].a, pairs[n].flags[k].b) if side is not None]
    vectors = embedder.embed_words(texts)
    new_flags: dict[int, dict[int, Flag | None]] = {}
    for t, (n, k) in enumerate(todo):
        flag, pair = pairs[n].flags[k], pairs[n]
        a, b = vectors[2 * t], vectors[2 * t + 1]
        only_a, only_b = unmatched_words(a, b, threshold)
        words_a = " ".join(a.words[i] for i in only_a)
        words_b = " ".join(b.words[j] for j in only_b)
        if not _meaning_differs(a, b, only_a, only_b):
            new_flags.setdefault(n, {})[k] = None
            continue
        seg_a, seg_b = by_id[pair.a], by_id[pair.b]
        assert flag.a is not None and flag.b is not None
        # one language per list, each named: the words of one rendering that the other lacks
        lists = [
            f"the {seg.lang} rendering in {seg.doc} has {words} where the other has nothing"
            for seg, words in ((seg_a, words_a), (seg_b, words_b))
            if words
        ]
        new_flags.setdefault(n, {})[k] = replace(
            flag,
            message="the quotation says more in one rendering: " + "; ".join(lists),
            a=FlagSide(flag.a.span, flag.a.text, words_a or None),
            b=FlagSide(flag.b.span, flag.b.text, words_b or None),
        )
    out = []
    for n, pair in enumerate(pairs):
        if n not in new_flags:
            out.append(pair)
            continue
        flags = tuple(new for k, f in enumerate(pair.flags) if (new := new_flags[n].get(k, f)) is not None)
        out.append(replace(pair, flags=flags))
    return out
