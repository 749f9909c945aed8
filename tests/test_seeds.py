"""The whole pipeline on the five sample articles with the real built-in model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimcmp import Comparison, Settings, compare
from claimcmp.model.embedding import Embedder

from .conftest import SEEDS

pytestmark = pytest.mark.model

# (fragment in one document, fragment in another): the same claim or quote, worded differently
MUST_ALIGN = [
    ("дальнейшее наращивание всего комплекса", "расширять всесторонние и конструктивные"),
    ("более тесные отношения отвечают интересам обеих стран", "более тесные связи будут в интересах обеих стран"),
    ("дружба завязалась в годы Второй мировой войны", "приятелството на двете страни е било изковано през Втората"),
]


def segment_with(comparison: Comparison, fragment: str) -> str:
    hits = [s.id for s in comparison.segments if fragment in s.text]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def test_documents_and_languages(seed_comparison: Comparison) -> None:
    assert [d.lang for d in seed_comparison.documents] == ["ru", "ru", "bg", "uk", "ru"]
    assert seed_comparison.model.dim == 384
    assert seed_comparison.model.name.startswith("builtin:")


@pytest.mark.parametrize(("left", "right"), MUST_ALIGN)
def test_known_renderings_of_the_same_claim_are_paired(seed_comparison: Comparison, left: str, right: str) -> None:
    a, b = segment_with(seed_comparison, left), segment_with(seed_comparison, right)
    paired = {(p.a, p.b) for p in seed_comparison.pairs} | {(p.b, p.a) for p in seed_comparison.pairs}
    assert (a, b) in paired
    assert any(a in c.segments and b in c.segments for c in seed_comparison.clusters)


def tail_of_002(comparison: Comparison) -> set[str]:
    doc_002 = next(d for d in comparison.documents if d.id.startswith("002_"))
    tail_start = doc_002.text.index("Обратно в сайта X")
    return {s.id for s in comparison.segments if s.doc == doc_002.id and s.start >= tail_start}


def test_boilerplate_of_002_is_dropped(seed_comparison: Comparison) -> None:
    assert tail_of_002(seed_comparison) == set()
    assert all(s.kind != "boilerplate" for s in seed_comparison.segments)


def test_kept_boilerplate_is_shown_but_never_aligned(model_settings: Settings, embedder: Embedder) -> None:
    settings = replace(model_settings, segmentation=replace(model_settings.segmentation, keep_boilerplate=True))
    comparison = compare([SEEDS], settings, embedder=embedder)
    tail = tail_of_002(comparison)
    assert len(tail) > 50  # login form and a dozen other headlines with teasers
    kinds = {s.kind for s in comparison.segments if s.id in tail}
    assert kinds == {"boilerplate"}
    aligned = {p.a for p in comparison.pairs} | {p.b for p in comparison.pairs}
    assert not tail & aligned


def test_pairs_join_different_documents_and_keep_scores(seed_comparison: Comparison) -> None:
    doc_of = {s.id: s.doc for s in seed_comparison.segments}
    assert seed_comparison.pairs
    for pair in seed_comparison.pairs:
        assert doc_of[pair.a] != doc_of[pair.b]
        assert 0.0 < pair.similarity <= 1.0001
        # the decision is on the model's margin plus the facts' evidence bonus; both are kept (a denial
        # against a confirmation is compared whatever its margin: see opposite_stance_candidates)
        denial = any(f.type == "polarity" for f in pair.flags)
        assert denial or pair.score + pair.evidence >= Settings().alignment.related_threshold
        assert 0.0 <= pair.evidence <= 4 * Settings().alignment.evidence_weight + 1e-6
        assert pair.relation in ("equivalent", "related")
