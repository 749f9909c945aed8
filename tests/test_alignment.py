"""Alignment logic on hand-made vectors: what is kept, what is refused, how clusters form."""

from __future__ import annotations

from collections import Counter

import numpy as np

from claimcmp.align.alignment import align_ordered, align_segments, cluster_pairs, is_alignable
from claimcmp.config import AlignmentSettings
from claimcmp.records import Document, Facts, Pair, Segment

SETTINGS = AlignmentSettings(
    neighbours=2,
    threshold=1.05,
    min_similarity=0.5,
    min_similarity_same_language=0.5,
    min_similarity_cross_script=0.5,
    min_words=1,
)


def seg(doc: str, i: int, text: str = "some words here", lang: str = "ru", kind: str = "sentence") -> Segment:
    return Segment(
        id=f"{doc}:{i}", doc=doc, index=i, text=text, start=0, end=len(text), lang=lang, kind=kind, facts=Facts()
    )  # type: ignore[arg-type]


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
    kept, clusters = cluster_pairs(pairs, segments, documents)
    assert kept == pairs
    assert [(c.id, c.segments, c.docs, c.missing) for c in clusters] == [
        ("c1", ("a:0", "b:0", "c:0"), ("a", "b", "c"), ()),
        ("c2", ("a:1", "c:1"), ("a", "c"), ("b",)),
    ]


def test_a_cluster_holds_one_statement_per_document_the_stronger_pair_wins() -> None:
    documents = [Document(id=d, text="") for d in ("a", "b")]
    segments = [seg("a", 0), seg("a", 1), seg("a", 2), seg("b", 0)]
    strong = Pair(a="a:2", b="b:0", similarity=0.95, score=1.2, relation="equivalent")
    weak = Pair(a="a:0", b="b:0", similarity=0.9, score=1.1, relation="related")
    kept, clusters = cluster_pairs([weak, strong], segments, documents)
    assert kept == [strong]
    assert [c.segments for c in clusters] == [("a:2", "b:0")]
    # two consecutive statements paired with one statement are a sentence split in two
    split = Pair(a="a:1", b="b:0", similarity=0.9, score=1.1, relation="related")
    kept, clusters = cluster_pairs([split, strong], segments, documents)
    assert kept == [split, strong]
    assert [c.segments for c in clusters] == [("a:1", "a:2", "b:0")]


def test_clusters_do_not_chain_unrelated_statements_through_a_hub() -> None:
    # b:0 is a little like both a:0 and c:0, which are nothing alike
    documents = [Document(id=d, text="") for d in ("a", "b", "c")]
    segments = [seg("a", 0), seg("b", 0), seg("c", 0)]
    vectors = np.stack([unit(1, 0.1), unit(1, 1), unit(0.1, 1)])
    pairs = [
        Pair(a="a:0", b="b:0", similarity=0.77, score=1.2, relation="related"),
        Pair(a="b:0", b="c:0", similarity=0.77, score=1.1, relation="related"),
    ]
    settings = AlignmentSettings(**{**SETTINGS.__dict__, "min_similarity": 0.7, "chain_slack": 0.0})
    kept, clusters = cluster_pairs(pairs, segments, documents, vectors, settings)
    assert [c.segments for c in clusters] == [("a:0", "b:0")]
    assert kept == pairs[:1]
    # without vectors there is nothing to check the chain against
    assert len(cluster_pairs(pairs, segments, documents)[1][0].segments) == 3


def test_missing_documents_get_their_nearest_statement() -> None:
    documents = [Document(id=d, text="") for d in ("a", "b", "c")]
    segments = [seg("a", 0), seg("b", 0), seg("c", 0), seg("c", 1), seg("c", 2, kind="title")]
    vectors = np.stack([unit(1, 0, 0), unit(1, 0.1, 0), unit(0, 0, 1), unit(0.6, 0, 0.8), unit(1, 0, 0)])
    pair = Pair(a="a:0", b="b:0", similarity=0.99, score=1.3, relation="equivalent")
    _, clusters = cluster_pairs([pair], segments, documents, vectors, SETTINGS)
    (miss,) = clusters[0].near_miss
    # c:2 is closer but a headline: only statements of the same kind class are near-misses
    assert (miss.doc, miss.segment) == ("c", "c:1")
    assert abs(miss.similarity - 0.6) < 1e-3


def test_headlines_align_with_headlines_not_with_body_sentences() -> None:
    segments = [seg("a", 0, kind="title"), seg("a", 1), seg("b", 0), seg("b", 1, kind="heading")]
    vectors = np.stack([unit(1, 0), unit(0, 1), unit(1, 0.05), unit(0.05, 1)])
    pairs = align_segments(segments, vectors, SETTINGS)
    assert pairs == []


def test_ordered_mode_follows_reading_order_and_joins_a_split_sentence() -> None:
    # a:1 was translated as two sentences b:1 and b:2; a:3 was left out of b
    segments = [seg("a", i) for i in range(5)] + [seg("b", i) for i in range(5)]
    a = [unit(1, 0, 0, 0, 0, 0), unit(0, 1, 1, 0, 0, 0), unit(0, 0, 0, 1, 0, 0), unit(0, 0, 0, 0, 1, 0)]
    a.append(unit(0, 0, 0, 0, 0, 1))
    b = [unit(1, 0.1, 0, 0, 0, 0), unit(0, 1, 0.2, 0, 0, 0), unit(0, 0.2, 1, 0, 0, 0), unit(0, 0, 0, 1, 0, 0.1)]
    b.append(unit(0, 0, 0, 0, 0.1, 1))
    settings = AlignmentSettings(**{**SETTINGS.__dict__, "neighbours": 3, "threshold": 1.3})
    pairs = align_ordered(segments, np.stack(a + b), settings)
    assert [(p.a, p.b) for p in pairs] == [
        ("a:0", "b:0"),
        ("a:1", "b:1"),
        ("a:1", "b:2"),
        ("a:2", "b:3"),
        ("a:4", "b:4"),
    ]


def _event_corpus(n_events: int, docs_per_event: int, claims: int, seed: int = 0) -> tuple[list[Segment], np.ndarray]:
    """Documents in groups that report the same claims in their own words; no claim crosses groups."""
    rng = np.random.default_rng(seed)
    segments: list[Segment] = []
    rows = []
    for event in range(n_events):
        centres = rng.normal(size=(claims, 64))
        for d in range(docs_per_event):
            doc = f"e{event}d{d}"
            for i, centre in enumerate(centres):
                segments.append(seg(doc, i))
                rows.append(centre + rng.normal(scale=0.25, size=64))
    vectors = np.asarray(rows, dtype=np.float32)
    return segments, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_pooled_document_pairs_find_the_same_pairs_as_comparing_every_pair() -> None:
    from dataclasses import replace

    from claimcmp.align.alignment import mine_pairs

    segments, vectors = _event_corpus(n_events=12, docs_per_event=3, claims=6)
    every = replace(SETTINGS, compare_all_below=1000)
    pooled = replace(SETTINGS, compare_all_below=0, document_neighbours=4)
    pairs_every, near_every = mine_pairs(segments, vectors, every)
    pairs_pooled, near_pooled = mine_pairs(segments, vectors, pooled)
    assert len(pairs_every) == 12 * 3 * 6  # three document pairs per event, six claims each
    assert [(p.a, p.b) for p in pairs_pooled] == [(p.a, p.b) for p in pairs_every]
    assert {(p.a, p.b) for p in near_pooled} <= {(p.a, p.b) for p in near_every}


def test_nearest_rows_match_a_brute_force_ranking() -> None:
    from claimcmp.align.alignment import _nearest

    rng = np.random.default_rng(1)
    queries = rng.normal(size=(1500, 16)).astype(np.float32)  # more than one block of rows
    base = rng.normal(size=(40, 16)).astype(np.float32)
    cosines, nearest = _nearest(queries, base, 3)
    full = queries @ base.T
    expected = np.argsort(-full, axis=1)[:, :3]
    assert (nearest == expected).all()
    assert np.allclose(cosines, np.take_along_axis(full, expected, axis=1))


def _stance_statements(n: int) -> list[Segment]:
    from tests.support.invariants import analyse_text

    denials = " ".join(f"Кремль опроверг, что Путин направил {i} ракет в Пхеньян." for i in range(n))
    confirmations = " ".join(f"Кремль подтвердил, что Путин направил {i} ракет в Пхеньян." for i in range(n))
    return analyse_text(denials, "ru", "a") + analyse_text(confirmations, "ru", "b")


def _near_identical_vectors(n: int, spread: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=384) + spread * rng.normal(size=(n, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_denials_against_confirmations_keep_every_pair_of_the_all_pairs_comparison() -> None:
    from claimcmp.align import alignment
    from claimcmp.align.evidence import evidence_scorer

    segments = _stance_statements(60)
    vectors = _near_identical_vectors(len(segments), 0.65)
    settings = AlignmentSettings(min_similarity_same_language=0.8)
    lowest = 0.8 - settings.stance_slack - 4 * 0.02
    assert 0 < int(((vectors[:60] @ vectors[60:].T) < lowest).sum()) < 3600  # the filter has work to do
    found = alignment.opposite_stance_candidates(segments, vectors, settings, evidence_scorer(segments, 0.02))
    everything = list(range(60, 120))
    original = alignment._nearest_confirmations
    try:  # the same comparison with every confirmation handed to every denial
        alignment._nearest_confirmations = lambda denied, *args: iter([everything] * len(denied))  # type: ignore[assignment]
        reference = alignment.opposite_stance_candidates(segments, vectors, settings, evidence_scorer(segments, 0.02))
    finally:
        alignment._nearest_confirmations = original
    assert found == reference and found


def _agreeing_stance_statements(n: int, documents: int) -> list[Segment]:
    """``n`` denials in one article and ``n`` confirmations spread over ``documents`` others, all
    about the same names with figures that all agree (100 000 + i, within the 2 % rounding of
    large figures): the worst case, every denial-confirmation pair has evidence."""
    from tests.support.invariants import analyse_text

    denials = " ".join(f"Кремль опроверг, что Путин направил {100_000 + i} ракет в Пхеньян." for i in range(n))
    segments = analyse_text(denials, "ru", "a")
    for d in range(documents):
        text = " ".join(
            f"Кремль подтвердил, что Путин направил {100_000 + i} ракет в Пхеньян." for i in range(d, n, documents)
        )
        segments += analyse_text(text, "ru", f"b{d}")
    return segments


def test_thousands_of_near_identical_denials_and_confirmations_take_linear_work() -> None:
    """Complexity is measured by counting work, not seconds: the candidate pairs and the
    evidence comparisons at n and 4n statements."""
    from claimcmp.align import alignment
    from claimcmp.align.evidence import evidence_scorer

    def work(n: int) -> tuple[int, int]:
        segments = _agreeing_stance_statements(n, documents=12)
        vectors = _near_identical_vectors(len(segments), 0.05)
        scorer = evidence_scorer(segments, 0.02)
        comparisons = 0
        bonus = scorer.bonus

        def counted(i: int, j: int) -> float:
            nonlocal comparisons
            comparisons += 1
            return bonus(i, j)

        scorer.bonus = counted  # type: ignore[method-assign]
        found = alignment.opposite_stance_candidates(segments, vectors, AlignmentSettings(), scorer)
        per_denial = Counter(p.a for p in found)
        assert max(per_denial.values()) <= alignment._STANCE_PARTNERS
        assert all(len({p.b.split(":")[0] for p in found if p.a == a}) == k for a, k in per_denial.items())
        # a denial meets at most its _STANCE_CANDIDATES nearest confirmations
        assert comparisons <= n * alignment._STANCE_CANDIDATES
        return len(found), comparisons

    small, _ = work(100)
    large, _ = work(400)
    # every pair has evidence: uncapped, 100 × 100 candidates grew to 400 × 256 (10x for 4x the input)
    assert small > 0 and large <= 4.5 * small


def test_similarity_floor_knows_the_script_of_languages_without_a_language_file() -> None:
    from claimcmp.align.alignment import similarity_floor

    settings = AlignmentSettings(min_similarity=0.8, min_similarity_same_language=0.9, min_similarity_cross_script=0.7)
    # Croatian and Korean have no file in claimcmp/data/languages; identification knows their scripts
    assert similarity_floor("hr", "en", settings) == 0.8
    assert similarity_floor("de", "pl", settings) == 0.8
    assert similarity_floor("ru", "uk", settings) == 0.8
    assert similarity_floor("ru", "en", settings) == 0.7
    assert similarity_floor("ko", "en", settings) == 0.7
    assert similarity_floor("de", "de", settings) == 0.9
