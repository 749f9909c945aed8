"""Alignment through the whole pipeline with the real built-in model: clusters, coverage,
near-misses, the ordered mode on a real translated pair, and deterministic output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from claimcmp import Comparison, Settings, compare
from claimcmp.model.embedding import Embedder
from claimcmp.output.export import comparison_to_json

from .conftest import REPO, SEEDS

pytestmark = pytest.mark.model

FLORES = REPO / "benchmarks" / "data" / "flores200_dev"


def test_clusters_hold_one_statement_per_document_and_name_near_misses(seed_comparison: Comparison) -> None:
    doc_of = {s.id: s.doc for s in seed_comparison.segments}
    all_docs = [d.id for d in seed_comparison.documents]
    assert seed_comparison.clusters
    index_of = {s.id: s.index for s in seed_comparison.segments}
    for cluster in seed_comparison.clusters:
        by_doc: dict[str, list[int]] = {}
        for segment in cluster.segments:
            by_doc.setdefault(doc_of[segment], []).append(index_of[segment])
        # one statement per document, or two consecutive ones (a sentence split in two)
        assert all(len(ix) == 1 or (len(ix) == 2 and ix[1] - ix[0] == 1) for ix in by_doc.values()), cluster
        assert set(cluster.docs) | set(cluster.missing) == set(all_docs)
        assert [n.doc for n in cluster.near_miss] == list(cluster.missing)
        for miss in cluster.near_miss:
            assert miss.segment is None or doc_of.get(miss.segment) == miss.doc
            assert 0.0 <= miss.similarity <= 1.0
    # a pair lies inside one cluster, or links two statements that contradict each other, or is related
    # with its reason noted ("different occasion: 2023 vs 2024-09-09", "same fact: people killed")
    cluster_of = {s: c.id for c in seed_comparison.clusters for s in c.segments}
    outside = [p for p in seed_comparison.pairs if cluster_of.get(p.a, p.a) != cluster_of.get(p.b, p.b)]
    for pair in outside:
        assert pair.relation == "related", pair
        assert {f.type for f in pair.flags} & {"number", "date", "entity", "speaker", "polarity"} or pair.note, pair
    assert len(outside) < len(seed_comparison.pairs) / 2


def test_headlines_and_body_sentences_never_pair(seed_comparison: Comparison) -> None:
    kind = {s.id: s.kind for s in seed_comparison.segments}
    body = {"sentence"}
    for pair in seed_comparison.pairs:
        assert (kind[pair.a] in body) == (kind[pair.b] in body), pair


def test_same_input_gives_byte_identical_json(model_settings: Settings, embedder: Embedder) -> None:
    first = comparison_to_json(compare([SEEDS], model_settings, embedder=embedder))
    second = comparison_to_json(compare([SEEDS], model_settings, embedder=embedder))
    assert first == second


def write_translated_pair(folder: Path) -> tuple[list[int], list[int]]:
    """English lines 200-229 and their Bulgarian translations, three Bulgarian lines left out
    and two English sentences joined into one (so one English statement is two Bulgarian ones)."""
    eng = (FLORES / "eng_Latn.dev").read_text(encoding="utf-8").splitlines()[200:230]
    bul = (FLORES / "bul_Cyrl.dev").read_text(encoding="utf-8").splitlines()[200:230]
    kept_bul = [i for i in range(30) if i not in (4, 13, 22)]
    joined = eng[8].rstrip(".") + "; " + eng[9][0].lower() + eng[9][1:]
    eng_lines = [*eng[:8], joined, *eng[10:]]
    eng_sources = [*range(8), 8, *range(10, 30)]  # line 8 also holds source 9
    (folder / "a_en.txt").write_text("\n\n".join(eng_lines) + "\n", encoding="utf-8")
    (folder / "b_bg.txt").write_text("\n\n".join(bul[i] for i in kept_bul) + "\n", encoding="utf-8")
    return eng_sources, kept_bul


def test_ordered_mode_aligns_a_translated_pair_in_order(
    tmp_path: Path, model_settings: Settings, embedder: Embedder
) -> None:
    eng_sources, bul_sources = write_translated_pair(tmp_path)
    settings = replace(model_settings, alignment=replace(model_settings.alignment, ordered=True))
    comparison = compare([tmp_path], settings, embedder=embedder)
    segments = {s.id: s for s in comparison.segments}

    def sources(segment_id: str) -> set[int]:
        segment = segments[segment_id]
        if segment.doc == "a_en":
            line = eng_sources[segment.paragraph]
            return {8, 9} if line == 8 else {line}
        return {bul_sources[segment.paragraph]}

    pairs = [(p.a, p.b) if segments[p.a].doc == "a_en" else (p.b, p.a) for p in comparison.pairs]
    correct = [pair for pair in pairs if sources(pair[0]) & sources(pair[1])]
    assert len(correct) >= 26 and len(correct) == len(pairs)  # 27 Bulgarian lines have a counterpart
    # monotonic: reading order on one side follows reading order on the other
    order = [(segments[a].index, segments[b].index) for a, b in pairs]
    assert order == sorted(order)
    # the joined English sentence pairs with both Bulgarian sentences it stands for
    joined = next(s.id for s in comparison.segments if s.doc == "a_en" and s.paragraph == 8)
    assert {bul_sources[segments[b].paragraph] for a, b in pairs if a == joined} == {8, 9}
