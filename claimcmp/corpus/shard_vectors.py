"""The vector index of a sharded corpus: exact up to ``index.exact_limit`` vectors, FAISS IVF-PQ above it.

IVF-PQ is trained once on a sample drawn from every shard and saved once; each shard's vectors are then
encoded by it on their own (:func:`shard_vectors_index`, one task per shard on a cluster) and saved
beside the shard as inverted lists only (ids and PQ codes), so adding shards never retrains or
rewrites the others. A search merges
the shards' inverted lists into one index (:func:`merged_index`), asks it for more candidates than
wanted, and re-scores those with the exact vectors kept in the shards, so the scores it returns are
true cosines (the thresholds of ``align --against`` read them) and the order is the exact order
among the candidates. Recall@10 against exact search is measured in BENCHMARKS.md.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

from claimcmp.align import set_nprobe

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

# PQ: one byte per 8 dimensions (48 bytes for a 384-dimension vector, 32x smaller than float32)
_DIMENSIONS_PER_CODE = 8
_CODE_BITS = 8
_TRAIN_POINTS_PER_LIST = 40
_MIN_TRAIN = 4 * 2**_CODE_BITS  # PQ's k-means needs a few points per centroid
# a query asks the IVF-PQ index for this many times the wanted neighbours, re-scored exactly
RERANK = 4


def approximate_possible(vectors: int) -> bool:
    """Whether there are enough vectors to train IVF-PQ at all (else the index stays exact)."""
    return vectors >= _MIN_TRAIN


# past 2.7·10⁸ vectors 4·√n lists would make k-means training (points × lists) grow faster than the corpus
_MAX_LISTS = 65_536


def lists_for(vectors: int) -> int:
    """IVF lists for ``vectors`` vectors: about 4·√n (FAISS's guidance), with 40 training points each."""
    return max(1, min(int(4 * math.sqrt(vectors)), vectors // _TRAIN_POINTS_PER_LIST, _MAX_LISTS))


def train_points(vectors: int) -> int:
    return max(_MIN_TRAIN, lists_for(vectors) * _TRAIN_POINTS_PER_LIST)


def trained_index(sample: Matrix, lists: int) -> bytes:
    """An empty IVF-PQ index (inner product) trained on ``sample``, serialised."""
    import faiss
    import numpy as np

    dim = sample.shape[1]
    codes = max(1, dim // _DIMENSIONS_PER_CODE)
    while dim % codes:
        codes -= 1
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFPQ(quantizer, dim, lists, codes, _CODE_BITS, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10
    index.train(np.ascontiguousarray(sample, dtype=np.float32))
    return bytes(faiss.serialize_index(index))


def shard_vectors_index(trained: bytes, vectors: Matrix, ids: Any) -> bytes:
    """One shard's vectors encoded by the trained index: only its inverted lists (list sizes, ids, PQ codes).

    The trained quantizer and codebooks are kept once (``trained``), not in every shard: a shard
    costs 8 bytes of id and one byte per 8 dimensions per vector.
    """
    import faiss
    import numpy as np

    index: Any = faiss.deserialize_index(np.frombuffer(trained, dtype=np.uint8))
    if len(vectors):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
    lists = index.invlists
    sizes = np.asarray([lists.list_size(n) for n in range(index.nlist)], dtype=np.int64)
    code_size = lists.code_size
    all_ids = [faiss.rev_swig_ptr(lists.get_ids(n), int(size)).copy() for n, size in enumerate(sizes) if size]
    all_codes = [
        faiss.rev_swig_ptr(lists.get_codes(n), int(size) * code_size).copy() for n, size in enumerate(sizes) if size
    ]
    out = io.BytesIO()
    np.savez(
        out,
        sizes=sizes,
        ids=np.concatenate(all_ids) if all_ids else np.zeros(0, np.int64),
        codes=np.concatenate(all_codes) if all_codes else np.zeros(0, np.uint8),
    )
    return out.getvalue()


def merged_index(trained: bytes, shards: list[bytes], nprobe: int) -> Any:
    """One searchable IVF-PQ index: the trained index with every shard's inverted lists appended."""
    import faiss
    import numpy as np

    index: Any = faiss.deserialize_index(np.frombuffer(trained, dtype=np.uint8))
    code_size = index.invlists.code_size
    for blob in shards:
        with np.load(io.BytesIO(blob)) as part:
            sizes, ids, codes = part["sizes"], part["ids"], part["codes"]
        start = 0
        for number in np.flatnonzero(sizes):
            size = int(sizes[number])
            chunk_ids = np.ascontiguousarray(ids[start : start + size])
            chunk_codes = np.ascontiguousarray(codes[start * code_size : (start + size) * code_size])
            index.invlists.add_entries(int(number), size, faiss.swig_ptr(chunk_ids), faiss.swig_ptr(chunk_codes))
            start += size
        index.ntotal += int(sizes.sum())
    set_nprobe(index, nprobe)
    return index
