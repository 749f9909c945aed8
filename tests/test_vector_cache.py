"""The vector cache: nothing embedded twice, shared safely by processes, healed when damaged."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimcmp.vector_cache import CachedEmbedder, VectorCache, text_key


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
