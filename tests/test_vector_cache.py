"""The vector cache: nothing embedded twice, shared safely by processes, healed when damaged."""

from __future__ import annotations

import inspect
import multiprocessing
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claimcmp import Comparison, Settings
from claimcmp.model.embedding import Embedder
from claimcmp.model.vector_cache import CachedEmbedder, VectorCache, text_key


class CountingEmbedder:
    """A stand-in model: a deterministic vector per text, and a count of what it was asked."""

    name = "counting"
    dim = 4
    prefix = "query: "

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [np.frombuffer(text_key(self.prefix + t)[:16], dtype=np.uint32).astype(np.float32) for t in texts]
        out = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_each_text_is_embedded_once_across_runs(tmp_path: Path) -> None:
    model = CountingEmbedder()
    first = CachedEmbedder(model, VectorCache(tmp_path), "counting#1").embed_batch(["a", "b", "a"])
    assert model.seen == ["a", "b"]  # a repeated text is embedded once even within a call
    second_model = CountingEmbedder()
    again = CachedEmbedder(second_model, VectorCache(tmp_path), "counting#1").embed_batch(["b", "c", "a"])
    assert second_model.seen == ["c"]
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(again[2], first[0])
    assert again.dtype == np.float32 and again.shape == (3, 4)


def test_another_model_identity_never_reads_these_vectors(tmp_path: Path) -> None:
    CachedEmbedder(CountingEmbedder(), VectorCache(tmp_path), "counting#1").embed_batch(["a"])
    other = CountingEmbedder()
    CachedEmbedder(other, VectorCache(tmp_path), "counting#2").embed_batch(["a"])
    assert other.seen == ["a"]
    assert VectorCache(tmp_path).info().vectors_by_model == {"counting#1": 1, "counting#2": 1}


def test_a_file_that_is_no_database_is_reported_once_moved_aside_and_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = VectorCache(tmp_path)
    cache.path.write_bytes(b"this is not an sqlite file" * 100)
    model = CountingEmbedder()
    vectors = CachedEmbedder(model, cache, "counting#1").embed_batch(["a", "b"])
    assert vectors.shape == (2, 4) and model.seen == ["a", "b"]
    err = capsys.readouterr().err
    assert err.count("warning: the vector cache") == 1 and "rebuilt" in err
    assert (tmp_path / "vectors.sqlite.corrupt").exists()
    # the rebuilt cache works: a new run embeds nothing
    later = CountingEmbedder()
    CachedEmbedder(later, VectorCache(tmp_path), "counting#1").embed_batch(["a", "b"])
    assert later.seen == []


def test_a_damaged_vector_is_not_returned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    cache = VectorCache(tmp_path)
    CachedEmbedder(CountingEmbedder(), cache, "counting#1").embed_batch(["a"])
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE vectors SET vector = ?", (b"\x00\x01",))  # truncated blob
    model = CountingEmbedder()
    vectors = CachedEmbedder(model, VectorCache(tmp_path), "counting#1").embed_batch(["a"])
    assert model.seen == ["a"] and vectors.shape == (1, 4)
    assert "damaged" in capsys.readouterr().err


def _write_many(directory: str, start: int) -> None:
    embedder = CachedEmbedder(CountingEmbedder(), VectorCache(Path(directory)), "counting#1")
    for n in range(20):
        embedder.embed_batch([f"text {start + n + k}" for k in range(30)])


def test_two_processes_writing_at_once_lose_nothing_and_fail_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(tmp_path), start)) for start in (0, 10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    # every text either process saw is cached once: texts 0..58
    assert VectorCache(tmp_path).info().vectors_by_model == {"counting#1": 59}


def test_clear_removes_the_file(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    CachedEmbedder(CountingEmbedder(), cache, "counting#1").embed_batch(["a"])
    assert cache.clear() > 0 and not cache.path.exists()
    assert cache.info().vectors_by_model == {}


def test_cache_commands_report_and_clear(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcmp.cli import app

    CachedEmbedder(CountingEmbedder(), VectorCache(tmp_path / "cache"), "counting#1").embed_batch(["a", "b"])
    config = tmp_path / "config.toml"
    config.write_text('[cache]\ndir = "cache"\n', encoding="utf-8")
    runner = CliRunner()
    info = runner.invoke(app, ["cache", "info", "--config", str(config)])
    assert info.exit_code == 0 and "counting#1: 2 vectors" in info.output
    cleared = runner.invoke(app, ["cache", "clear", "--config", str(config)])
    assert cleared.exit_code == 0 and "cleared" in cleared.output
    assert "no vectors cached yet" in runner.invoke(app, ["cache", "info", "--config", str(config)]).output


class WordCountingEmbedder(CountingEmbedder):
    """A stand-in model that also gives word vectors (as the built-in one does), one row per word."""

    dim = 16
    device = "cuda:0"
    precision = "bf16"

    def __init__(self) -> None:
        super().__init__()
        self.worded: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        # the statements naming Petrov are one claim; every other statement is a vector of its own
        self.seen.extend(texts)
        rows = []
        for text in texts:
            row = np.frombuffer(text_key(text)[:16], dtype=np.uint8).astype(np.float32) - 127.5
            row[0] = 0.0
            if "Петров" in text:
                row = np.eye(self.dim, dtype=np.float32)[0]
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_words(self, texts: Sequence[str]) -> list:
        from claimcmp.model.quote_words import WORD, WordVectors

        self.worded.extend(texts)
        out = []
        for text in texts:
            words = [m.group() for m in WORD.finditer(text)]
            vectors = np.zeros((len(words), 4), dtype=np.float32)
            vectors[:, 0] = 1.0  # every word matches every other: a faithful translation
            out.append(WordVectors(tuple(words), tuple((0, 0) for _ in words), vectors))
        return out


def test_the_cache_offers_the_inner_word_vectors_by_name(tmp_path: Path) -> None:
    inner = WordCountingEmbedder()
    cached = CachedEmbedder(inner, VectorCache(tmp_path), "words#1")
    # declared on the class, not handed on by __getattr__, which isinstance against a
    # runtime-checkable Protocol ignores from Python 3.12 (it looks members up statically)
    for name in ("word_embedder", "prefix", "device", "precision"):
        inspect.getattr_static(cached, name)
    assert not hasattr(CachedEmbedder, "__getattr__")

    from claimcmp.model.quote_words import word_embedder

    # the inner word vectors, through the cache (they are kept like the statement vectors)
    words = word_embedder(cached)
    assert words is not None and getattr(words, "inner", None) is inner
    assert (cached.device, cached.precision, cached.prefix) == ("cuda:0", "bf16", "query: ")
    # an inner model without word vectors: none offered, and the defaults for the rest
    plain = CachedEmbedder(CountingEmbedder(), VectorCache(tmp_path), "counting#1")
    assert plain.word_embedder is None and word_embedder(plain) is None
    assert (plain.device, plain.precision) == ("cpu", "fp32")
    assert word_embedder(inner) is inner and word_embedder(CountingEmbedder()) is None


def test_a_cached_run_explains_quote_variants_with_the_inner_word_vectors(tmp_path: Path) -> None:
    from claimcmp import compare
    from claimcmp.config import CacheSettings

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "ru.txt").write_text(
        "Президент Иван Петров заявил журналистам в понедельник: «Наши народы должны и дальше укреплять "
        "дружбу и сотрудничество».\n\nПогода в столице в этот день была тёплой и солнечной.\n\n"
        "Местные рынки открылись позже обычного из-за праздника.\n",
        encoding="utf-8",
    )
    (articles / "uk.txt").write_text(
        "Президент Іван Петров заявив журналістам у понеділок: «Наші народи повинні й надалі зміцнювати "
        "дружбу і співпрацю».\n\nФутбольний матч у неділю закінчився внічию без голів.\n\n"
        "Новий міст через річку відкриють наступного року.\n",
        encoding="utf-8",
    )
    inner = WordCountingEmbedder()
    settings = replace(Settings(), cache=CacheSettings(dir=tmp_path / "cache"))
    comparison = compare([articles], settings, embedder=CachedEmbedder(inner, VectorCache(tmp_path), "words#1"))
    [pair] = comparison.pairs
    # the pipeline reached the word vectors through the cache: both renderings were compared word by word
    assert len(inner.worded) == 2 and all("народ" in text for text in inner.worded)
    assert pair.flags == ()  # every word found its counterpart: a faithful translation, not a variant
    assert (comparison.model.device, comparison.model.precision) == ("cuda:0", "bf16")


class WordSpy:
    """The real model, with a record of the texts it was asked word vectors for."""

    def __init__(self, model: Embedder) -> None:
        self.model = model
        self.name, self.dim = model.name, model.dim
        self.device, self.precision = str(getattr(model, "device", "cpu")), str(getattr(model, "precision", "fp32"))
        self.worded: list[str] = []

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.embed_batch(texts)

    def embed_words(self, texts: Sequence[str]) -> list:
        self.worded.extend(texts)
        return self.model.embed_words(texts)  # type: ignore[attr-defined]


QUOTED_LETTER = {
    "ru.txt": "Президент Иван Петров в понедельник направил письмо лидеру соседней страны.\n\n"
    "«Наши народы должны и дальше укреплять дружбу и сотрудничество», — написал Петров в письме.\n\n"
    "Погода в столице в этот день была тёплой и солнечной.\n",
    "uk.txt": "Президент Іван Петров у понеділок надіслав листа лідерові сусідньої країни.\n\n"
    "«Наші народи повинні й надалі зміцнювати дружбу і співпрацю, а також спільно будувати нові заводи, "
    "школи та лікарні», — написав Петров у листі.\n\n"
    "Футбольний матч у неділю закінчився внічию без голів.\n",
}


@pytest.mark.model
def test_quote_variants_are_explained_with_the_vector_cache_on(
    tmp_path: Path, model_settings: Settings, embedder: Embedder
) -> None:
    from claimcmp import compare

    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in QUOTED_LETTER.items():
        (articles / name).write_text(text, encoding="utf-8")
    spy = WordSpy(embedder)
    cached = CachedEmbedder(spy, VectorCache(tmp_path), "builtin#test")  # an empty cache of its own
    with_cache = compare([articles], model_settings, embedder=cached)
    without = compare([articles], model_settings, embedder=embedder)

    def variants(c: Comparison) -> list[tuple[str, str, str, str | None, str | None]]:
        return sorted(
            (p.a, p.b, f.message, f.a.value if f.a else None, f.b.value if f.b else None)
            for p in c.pairs
            for f in p.flags
            if f.type == "quote_variant"
        )

    # the two renderings were compared word by word through the cache: the Ukrainian one's
    # added clause is named, exactly as without the cache
    assert len(spy.worded) == 2
    [(_, _, message, only_ru, only_uk)] = variants(with_cache)
    assert only_uk and not only_ru, message
    assert variants(with_cache) == variants(without)
    assert (with_cache.model.device, with_cache.model.precision) == (without.model.device, without.model.precision)
