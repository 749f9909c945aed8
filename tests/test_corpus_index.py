"""The persistent corpus index: add (deduplicated), search, align --against, remove; damage and concurrency."""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcmp import Settings
from claimcmp.align.alignment import is_alignable
from claimcmp.cli import app
from claimcmp.config import CacheSettings, IndexSettings
from claimcmp.corpus import add_to_index, compare_against, search_index
from claimcmp.corpus.codec import record_from_json, record_to_json
from claimcmp.corpus.index import CorpusIndex
from claimcmp.errors import CorpusIndexError
from claimcmp.model.embedding import Embedder
from claimcmp.pipeline import analyse, compare
from claimcmp.records import Segment
from tests.support.embedders import HashEmbedder

from .conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _settings(cache: Path, **index: int) -> Settings:
    return replace(Settings(), cache=CacheSettings(dir=cache, vectors=False), index=replace(IndexSettings(), **index))


def test_records_survive_the_store_exactly(model_settings: Settings) -> None:
    analysis = analyse(SEED_FILES, model_settings)
    for segment in analysis.segments:
        assert record_from_json(Segment, record_to_json(segment)) == segment
    for document in analysis.documents:
        again = record_from_json(type(document), record_to_json(document))
        assert again == document and again.metadata == document.metadata and again.path == document.path


def test_adding_twice_stores_each_article_once(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    # boilerplate kept as segments: stored with the article, never embedded
    settings = replace(settings, segmentation=replace(settings.segmentation, keep_boilerplate=True))
    first = add_to_index(SEED_FILES[:3], "news", settings, embedder=HashEmbedder())
    again = add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    assert len(first.added) == 3 and first.statements > 0
    assert len(again.added) == 2
    assert {new for new, _ in again.duplicates} == {p.stem for p in SEED_FILES[:3]}
    info = CorpusIndex(tmp_path, "news", settings.index).info()
    assert info.documents == 5 and info.search == "exact"
    assert info.statements == first.statements + again.statements
    # only the statements alignment can use are embedded (no boilerplate, no fragments)
    alignable = [s for s in analyse(SEED_FILES, settings).segments if is_alignable(s, settings.alignment.min_words)]
    assert info.vectors == len(alignable) < info.statements


def test_another_article_with_a_stored_file_name_is_renamed_not_merged(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    add_to_index([SEED_FILES[0]], "news", settings, embedder=HashEmbedder())
    other = tmp_path / "in" / SEED_FILES[0].name
    other.parent.mkdir()
    other.write_text("Совсем другая статья о переговорах в Пекине. Стороны договорились о новой встрече.")
    added = add_to_index([other], "news", settings, embedder=HashEmbedder())
    assert added.added == (SEED_FILES[0].stem + "~2",)


@pytest.mark.model
def test_search_finds_a_claim_across_languages(tmp_path: Path, model_settings: Settings, embedder: Embedder) -> None:
    settings = replace(model_settings, cache=CacheSettings(dir=tmp_path, vectors=False))
    add_to_index([SEEDS], "news", settings, embedder=embedder)
    # an English query; only the Russian seed tells this
    hits = search_index(
        "Putin congratulated Kim Jong Un on the anniversary of the founding of the DPRK",
        "news",
        settings,
        embedder=embedder,
    )
    assert len(hits) == settings.index.search_results
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "годовщ" in hits[0].segment.text or "годишнина" in hits[0].segment.text
    assert hits[0].segment.text == hits[0].document.text[hits[0].segment.start : hits[0].segment.end]


@pytest.mark.model
def test_align_against_an_index_finds_what_aligning_everything_finds(
    tmp_path: Path, model_settings: Settings, embedder: Embedder
) -> None:
    settings = replace(model_settings, cache=CacheSettings(dir=tmp_path, vectors=False))
    add_to_index(SEED_FILES[:3], "news", settings, embedder=embedder)
    against = compare_against(SEED_FILES[3:], "news", settings, embedder=embedder)
    everything = compare(SEED_FILES, settings, embedder=embedder)
    assert {d.id for d in against.documents} == {p.stem for p in SEED_FILES}
    # the same pairs, whichever side each document ends up on
    assert {frozenset((p.a, p.b)) for p in against.pairs} == {frozenset((p.a, p.b)) for p in everything.pairs}
    assert sorted(len(p.flags) for p in against.pairs) == sorted(len(p.flags) for p in everything.pairs)
    # the new documents take part in the shared claims
    assert any({SEED_FILES[3].stem, SEED_FILES[0].stem} <= set(c.docs) for c in against.clusters)


def test_a_stored_copy_of_a_new_article_is_not_compared_with_itself(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    result = compare_against([SEED_FILES[0]], "news", settings, embedder=HashEmbedder())
    assert [d.id for d in result.documents].count(SEED_FILES[0].stem) == 1
    assert not any(d.id.startswith(SEED_FILES[0].stem + "~") for d in result.documents)


def test_another_model_is_refused_with_a_fix(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES[:1], "news", settings, embedder=HashEmbedder())
    other = HashEmbedder()
    other.name = "another-model"
    with pytest.raises(CorpusIndexError, match=r"built with model hash-model.*--model hash-model"):
        search_index("Путин", "news", settings, embedder=other)


def test_missing_index_and_bad_names_are_clear_errors(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(CorpusIndexError, match=r"no index named 'nope'.*claimcmp index add"):
        search_index("Путин", "nope", settings, embedder=HashEmbedder())
    with pytest.raises(CorpusIndexError, match="not allowed"):
        CorpusIndex(tmp_path, "../escape", settings.index)


def test_a_damaged_faiss_file_is_rebuilt_and_a_damaged_store_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES[:2], "news", settings, embedder=HashEmbedder())
    folder = tmp_path / "indexes" / "news"
    before = search_index("Путин", "news", settings, embedder=HashEmbedder())
    (folder / "vectors.faiss").write_bytes((folder / "vectors.faiss").read_bytes()[:100])  # truncated
    after = search_index("Путин", "news", settings, embedder=HashEmbedder())
    assert [h.segment.id for h in after] == [h.segment.id for h in before]
    assert capsys.readouterr().err.count("vectors.faiss is damaged") == 1
    (folder / "store.sqlite").write_bytes(b"not a database at all" * 100)
    for name in ("store.sqlite-wal", "store.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    with pytest.raises(CorpusIndexError, match=r"cannot be read.*index remove --index news --all"):
        search_index("Путин", "news", settings, embedder=HashEmbedder())


def test_past_the_exact_limit_search_is_approximate_and_still_finds_stored_text(tmp_path: Path) -> None:
    settings = _settings(tmp_path, exact_limit=20, nprobe=64)
    add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    index = CorpusIndex(tmp_path, "news", settings.index)
    assert index.info().search.startswith("approximate")
    stored = index.load_documents([SEED_FILES[1].stem])[0]
    text = next(s.text for s, v in zip(stored.segments, stored.vectors, strict=True) if v is not None)
    hits = search_index(text, "news", settings, embedder=HashEmbedder())
    assert hits[0].segment.text == text and hits[0].score == pytest.approx(1.0, abs=1e-4)


def test_removing_documents_takes_them_out_of_search(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    add_to_index(SEED_FILES, "news", settings, embedder=HashEmbedder())
    index = CorpusIndex(tmp_path, "news", settings.index)
    with index.changing():
        assert index.remove([SEED_FILES[0].stem, "no-such-document"]) == {SEED_FILES[0].stem: SEED_FILES[0].stem}
    hits = search_index("Путин", "news", settings, limit=200, embedder=HashEmbedder())
    assert hits and all(h.document.id != SEED_FILES[0].stem for h in hits)
    assert index.info().documents == 4


def _add_one(cache: str, path: str) -> None:
    add_to_index([path], "shared", _settings(Path(cache)), embedder=HashEmbedder())


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_one, args=(str(tmp_path), str(p))) for p in SEED_FILES]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * len(SEED_FILES)
    index = CorpusIndex(tmp_path, "shared", IndexSettings())
    info = index.info()
    assert info.documents == len(SEED_FILES)
    assert index._vectors.index().ntotal == info.vectors and not index.warnings  # the FAISS file kept in step


def test_index_commands_from_the_cli(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{tmp_path}"\nvectors = false\n')
    runner = CliRunner()
    missing = runner.invoke(app, ["search", "Путин", "--index", "none", "--config", str(config)])
    assert missing.exit_code == 1 and "no index named 'none'" in missing.output
    info = runner.invoke(app, ["index", "info", "--json", "-", "--config", str(config)])
    assert info.exit_code == 0 and json.loads(info.stdout) == {"indexes": []}
    nothing = runner.invoke(app, ["index", "remove", "--index", "none", "--config", str(config)])
    assert nothing.exit_code == 1 and "--all" in nothing.output


@pytest.mark.model
def test_search_and_align_against_end_to_end_on_the_seeds(tmp_path: Path) -> None:
    from .conftest import CACHE

    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{CACHE}"\n')  # the repository's built model and vector cache
    name = f"test-{tmp_path.name}"
    runner = CliRunner()
    common = ["--index", name, "--config", str(config)]
    try:
        added = runner.invoke(app, ["index", "add", *map(str, SEED_FILES[:3]), *common, "--json", "-"])
        assert added.exit_code == 0, added.output
        assert len(json.loads(added.stdout)["added"]) == 3
        found = runner.invoke(app, ["search", "Ким Чен Ын написа писмо на Путин", *common, "--json", "-", "-n", "3"])
        assert found.exit_code == 0, found.output
        results = json.loads(found.stdout)["results"]
        assert len(results) == 3 and all(r["document"]["id"] in {p.stem for p in SEED_FILES[:3]} for r in results)
        assert any(stem in results[0]["segment"]["text"].lower() for stem in ("письм", "писма"))
        against = runner.invoke(app, ["align", *map(str, SEED_FILES[3:]), "--against", name, "--config", str(config)])
        assert against.exit_code == 0, against.output
        assert "D5" in against.stdout  # three stored documents joined the two new ones
        listed = runner.invoke(app, ["index", "info", *common])
        assert "3 documents" in listed.stdout
    finally:
        runner.invoke(app, ["index", "remove", "--all", *common])
    assert not (CACHE / "indexes" / name).exists()


@pytest.mark.model
def test_align_writes_the_html_report(tmp_path: Path) -> None:
    from .conftest import CACHE

    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{CACHE}"\n')
    page = tmp_path / "report.html"
    done = CliRunner().invoke(app, ["align", str(SEEDS), "--html", str(page), "--quiet", "--config", str(config)])
    assert done.exit_code == 0, done.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert all(p.stem in html for p in SEED_FILES)
