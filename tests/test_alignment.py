"""Alignment logic on hand-made vectors: what is kept, what is refused, how clusters form."""

from __future__ import annotations

import numpy as np

from claimcmp.alignment import align_segments, cluster_pairs, is_alignable
from claimcmp.config import AlignmentSettings
from claimcmp.records import Document, Pair, Segment

SETTINGS = AlignmentSettings(
    neighbours=2,
    threshold=1.05,
    equivalent_threshold=1.2,
    min_similarity=0.5,
    min_similarity_same_language=0.5,
    min_similarity_cross_script=0.5,
    min_words=1,
)


def seg(doc: str, i: int, text: str = "some words here", lang: str = "ru", kind: str = "sentence") -> Segment:
    return Segment(id=f"{doc}:{i}", doc=doc, index=i, text=text, start=0, end=len(text), lang=lang, kind=kind)  # type: ignore[arg-type]


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_mutual_best_pairs_are_kept_and_the_unmatched_is_not() -> None:
    segments = [seg("a", 0), seg("a", 1), seg("a", 2), seg("b", 0), seg("b", 1), seg("b", 2)]
    vectors = np.stack(
        [
            unit(1, 0, 0, 0),
            unit(0, 1, 0, 0),
            unit(0, 0, 0, 1),  # a:2 has no counterpart
            unit(1, 0.1, 0, 0),
            unit(0, 1, 0.1, 0),
            unit(0, 0, 1, 0),
        ]
    )
    pairs = align_segments(segments, vectors, SETTINGS)
    assert {(p.a, p.b) for p in pairs} == {("a:0", "b:0"), ("a:1", "b:1")}
    for p in pairs:
        assert p.score >= SETTINGS.threshold
        assert abs(p.similarity - float(vectors[int(p.a[-1])] @ vectors[3 + int(p.b[-1])])) < 1e-3


def test_boilerplate_and_fragments_are_never_aligned() -> None:
    assert not is_alignable(seg("a", 0, kind="boilerplate"), 1)
    assert not is_alignable(seg("a", 0, text="Фото: NPR"), 3)
    assert is_alignable(seg("a", 0, text="Путин направил письмо Киму"), 3)
    segments = [seg("a", 0, kind="boilerplate"), seg("a", 1), seg("b", 0), seg("b", 1)]
    vectors = np.stack([unit(1, 0), unit(0, 1), unit(1, 0), unit(0.2, 1)])
    assert all("a:0" not in (p.a, p.b) for p in align_segments(segments, vectors, SETTINGS))


def test_cosine_floor_depends_on_the_language_pair() -> None:
    segments = [seg("a", 0, lang="ru"), seg("a", 1, lang="ru"), seg("b", 0, lang="en"), seg("b", 1, lang="en")]
    vectors = np.stack([unit(1, 0.8), unit(-1, 0.8), unit(0.8, 1), unit(-0.8, 1)])
    loose = align_segments(segments, vectors, SETTINGS)
    strict = align_segments(
        segments, vectors, AlignmentSettings(**{**SETTINGS.__dict__, "min_similarity_cross_script": 0.99})
    )
    assert loose and not strict


def test_clusters_are_connected_components_with_missing_documents() -> None:
    documents = [Document(id=d, text="") for d in ("a", "b", "c")]
    segments = [seg("a", 0), seg("b", 0), seg("c", 0), seg("a", 1), seg("c", 1)]
    pairs = [
        Pair(a="a:0", b="b:0", similarity=0.9, score=1.1, relation="related"),
        Pair(a="b:0", b="c:0", similarity=0.9, score=1.1, relation="related"),
        Pair(a="a:1", b="c:1", similarity=0.9, score=1.1, relation="related"),
    ]
    clusters = cluster_pairs(pairs, segments, documents)
    assert [(c.id, c.segments, c.docs, c.missing) for c in clusters] == [
        ("c1", ("a:0", "b:0", "c:0"), ("a", "b", "c"), ()),
        ("c2", ("a:1", "c:1"), ("a", "c"), ("b",)),
    ]
