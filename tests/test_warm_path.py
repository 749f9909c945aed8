"""The warm path: with every statement vector and word vector cached, no model is loaded and neither torch nor
sentence-transformers is imported; what the cache gives back is what the cold run computed.

The model-free tests stand a fake sentence-transformers directory (configuration files only) and a fake model
class in for the real ones: the run describes the model from its files, the cold run "loads" the fake once and
fills the cache, and a warm ``claimcmp align`` in a new process (where the test guard makes any real model load
fail) must import no torch. The tests marked ``model`` do the same with the built-in model.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from claimcmp import Settings, compare
from claimcmp.config import ModelSettings, load_settings
from claimcmp.model import embedding as embedding_module
from claimcmp.model.embedding import Embedder, LazyEmbedder, ModelCard, describe_model, load_embedder, model_identity
from claimcmp.model.quote_words import WORD, WordVectors, word_embedder
from claimcmp.model.vector_cache import CachedEmbedder, CachedWordEmbedder, VectorCache, text_key, words_model
from claimcmp.output.export import comparison_to_json

from .conftest import CACHE, SEEDS

HEAVY = ("torch", "sentence_transformers", "transformers")

# a Russian and a Ukrainian rendering of one quotation, the Ukrainian one with a clause more: the
# alignment needs the word vectors of both to explain the variant
LETTER = {
    "ru.txt": "Президент Иван Петров в понедельник направил письмо лидеру соседней страны.\n\n"
    "«Наши народы должны и дальше укреплять дружбу и сотрудничество», — написал Петров в письме.\n\n"
    "Погода в столице в этот день была тёплой и солнечной.\n",
    "uk.txt": "Президент Іван Петров у понеділок надіслав листа лідерові сусідньої країни.\n\n"
    "«Наші народи повинні й надалі зміцнювати дружбу і співпрацю, а також спільно будувати нові заводи, "
    "школи та лікарні», — написав Петров у листі.\n\n"
    "Футбольний матч у неділю закінчився внічию без голів.\n",
}

ADDED_CLAUSE = {"також", "спільно", "будувати", "нові", "заводи", "школи", "лікарні"}

# runs ``claimcmp ARGS`` and writes the top-level packages imported by the end of the process to $MODULES_OUT
RUN_AND_LIST_MODULES = """
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["MODULES_OUT"], "w").write(json.dumps(sorted({m.split(".")[0] for m in
    sys.modules}))))
sys.argv = ["claimcmp", *sys.argv[1:]]
from claimcmp.cli import app
app()
"""


def _claimcmp(args: Sequence[str], cwd: Path, modules_out: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MODULES_OUT=str(modules_out), CUDA_VISIBLE_DEVICES="")
    return subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *args], cwd=cwd, env=env, capture_output=True, text=True
    )


# ----------------------------------------------------------------------------- a fake model


def _fake_model_dir(folder: Path, dim: int = 16) -> Path:
    """The configuration files of a sentence-transformers directory (Transformer, mean Pooling, Normalize)."""
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "2_Normalize").mkdir()
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (folder / "config.json").write_text(json.dumps({"hidden_size": dim}), encoding="utf-8")
    pooling = {"word_embedding_dimension": dim, "pooling_mode_mean_tokens": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    prompts = {"prompts": {"query": "query: ", "passage": "passage: "}}
    (folder / "config_sentence_transformers.json").write_text(json.dumps(prompts), encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"\0" * 64)
    return folder


class FakeModel:
    """Stands in for SentenceTransformerEmbedder: deterministic vectors (statements naming Petrov are one claim),
    word vectors for every word, and a record of every load and every text."""

    loads: ClassVar[list[ModelSettings]] = []
    embedded: ClassVar[list[str]] = []
    worded: ClassVar[list[str]] = []

    def __init__(self, settings: ModelSettings, cache_dir: Path, progress: object = None) -> None:
        FakeModel.loads.append(settings)
        self.name, self.dim, self.prefix = settings.name, 16, settings.prefix
        self.device, self.precision = settings.device, settings.precision

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        FakeModel.embedded.extend(texts)
        rows = []
        for text in texts:
            row = np.frombuffer(text_key(text)[:16], dtype=np.uint8).astype(np.float32) - 127.5
            row[:2] = 0.0
            if "«" in text or "Петров" in text:  # the quotation, and the sentence around it, are one claim each
                row = np.eye(self.dim, dtype=np.float32)[int("«" in text)] + 0.01 * row / np.linalg.norm(row)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
        # every word has its counterpart but those of the clause the Ukrainian rendering adds
        FakeModel.worded.extend(texts)
        out = []
        for text in texts:
            found = list(WORD.finditer(text))
            vectors = np.zeros((len(found), self.dim), dtype=np.float32)
            vectors[:, 0] = 1.0
            for row, m in enumerate(found):
                if m.group().lower() in ADDED_CLAUSE:
                    vectors[row] = np.frombuffer(text_key(m.group())[:16], dtype=np.uint8).astype(np.float32) - 127.5
                    vectors[row, 0] = 0.0
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            out.append(WordVectors(tuple(m.group() for m in found), tuple(m.span() for m in found), vectors))
        return out


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> type[FakeModel]:
    monkeypatch.setattr(embedding_module, "SentenceTransformerEmbedder", FakeModel)
    FakeModel.loads, FakeModel.embedded, FakeModel.worded = [], [], []
    return FakeModel


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder with the fake model, a config naming it (on the CPU), the letter and an empty cache."""
    model = _fake_model_dir(tmp_path / "fake-model")
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in LETTER.items():
        (articles / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.toml").write_text(
        f'[model]\nname = "{model}"\ndevice = "cpu"\n\n[cache]\ndir = "{tmp_path / "cache"}"\n', encoding="utf-8"
    )
    return tmp_path


# ----------------------------------------------------------------------------- the model, described from disk


def test_a_model_directory_is_described_from_its_files_without_loading_it(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path / "m", dim=24)
    card = describe_model(ModelSettings(name=str(folder), device="cpu", precision="fp32"), tmp_path)
    assert card == ModelCard(
        name=str(folder),
        identity=model_identity(str(folder), 24, "fp32", str(folder)),
        dim=24,
        prefix="query: ",
        device="cpu",
        precision="fp32",
    )
    # the prefix as configured, bf16 in the identity (its vectors differ from fp32 ones)
    other = describe_model(ModelSettings(name=str(folder), prefix="", device="cpu", precision="bf16"), tmp_path)
    assert other is not None and other.prefix == "" and other.precision == "bf16"
    assert other.identity != card.identity
    # a changed file is another model
    (folder / "model.safetensors").write_bytes(b"\1" * 65)
    changed = describe_model(ModelSettings(name=str(folder), device="cpu", precision="fp32"), tmp_path)
    assert changed is not None and changed.identity != card.identity


def test_the_output_size_follows_pooling_modes_and_dense_layers(tmp_path: Path) -> None:
    folder = _fake_model_dir(tmp_path / "m", dim=8)
    settings = ModelSettings(name=str(folder), device="cpu")
    pooling = {"word_embedding_dimension": 8, "pooling_mode_mean_tokens": True, "pooling_mode_cls_token": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    assert (card := describe_model(settings, tmp_path)) is not None and card.dim == 16
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"})
    modules[-1]["idx"] = 3
    (folder / "2_Dense").mkdir()
    (folder / "2_Dense" / "config.json").write_text(json.dumps({"out_features": 5}), encoding="utf-8")
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    assert (card := describe_model(settings, tmp_path)) is not None and card.dim == 5


def test_what_cannot_be_described_from_disk_is_loaded(tmp_path: Path) -> None:
    # a hub name, an unbuilt built-in model, a module the description does not know
    assert describe_model(ModelSettings(name="org/some-hub-model"), tmp_path) is None
    assert describe_model(ModelSettings(name="builtin"), tmp_path / "empty-cache") is None
    folder = _fake_model_dir(tmp_path / "m")
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    modules[1]["type"] = "my_package.modules.Attention"
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    assert describe_model(ModelSettings(name=str(folder), device="cpu"), tmp_path) is None


def test_device_auto_is_the_cpu_without_torch_where_no_gpu_can_be(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    monkeypatch.setattr(embedding_module, "_resolve_device", lambda device: pytest.fail("asked torch"))
    assert embedding_module._auto_device() == "cpu"


# ----------------------------------------------------------------------------- the word vectors, cached


def test_word_vectors_are_cached_with_their_words_and_spans(tmp_path: Path, fake_model: type[FakeModel]) -> None:
    ru, uk = "Наши народы должны укреплять дружбу", "Наші народи повинні зміцнювати дружбу"
    texts = [ru, uk, ru]
    first = CachedWordEmbedder(FakeModel(ModelSettings(), tmp_path), VectorCache(tmp_path), "m#1|words")
    cold = first.embed_words(texts)
    assert FakeModel.worded == texts[:2] and first.embedded == 2  # a repeated text is read once
    again = CachedWordEmbedder(FakeModel(ModelSettings(), tmp_path), VectorCache(tmp_path), "m#1|words")
    warm = again.embed_words([texts[1], texts[0], ""])
    assert FakeModel.worded == [*texts[:2], ""] and again.embedded == 1
    for got, want in zip(warm[:2], [cold[1], cold[0]], strict=True):
        assert got.words == want.words and got.spans == want.spans
        np.testing.assert_array_equal(got.vectors, want.vectors)
        assert got.vectors.dtype == np.float32
    assert warm[2].words == () and warm[2].vectors.shape[0] == 0
    assert VectorCache(tmp_path).info().word_sets_by_model == {"m#1|words": 3}


def test_damaged_word_vectors_are_read_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    class Words:
        calls = 0

        def embed_words(self, texts: Sequence[str]) -> list[WordVectors]:
            Words.calls += 1
            return [WordVectors(("a", "b"), ((0, 1), (2, 3)), np.eye(2, 4, dtype=np.float32)) for _ in texts]

    CachedWordEmbedder(Words(), VectorCache(tmp_path), "m").embed_words(["a b"])
    with sqlite3.connect(VectorCache(tmp_path).path) as db:
        db.execute("UPDATE word_vectors SET vectors = ?", (b"\0\1",))
    [got] = CachedWordEmbedder(Words(), VectorCache(tmp_path), "m").embed_words(["a b"])
    assert Words.calls == 2 and got.words == ("a", "b")
    assert "damaged" in capsys.readouterr().err


def test_the_cache_serves_the_inner_word_vectors_under_the_model_identity(tmp_path: Path) -> None:
    inner = FakeModel(ModelSettings(), tmp_path)
    cached = CachedEmbedder(inner, VectorCache(tmp_path), "fake#1")
    words = word_embedder(cached)
    assert isinstance(words, CachedWordEmbedder) and words.inner is inner and words.model == words_model("fake#1")


# ----------------------------------------------------------------------------- no model on the warm path


def test_a_warm_run_loads_no_model_and_gives_the_cold_runs_result(
    workspace: Path, fake_model: type[FakeModel]
) -> None:
    settings = load_settings(workspace / "config.toml")
    articles = str(workspace / "articles")

    embedder = load_embedder(settings.model, settings.cache.dir, None, settings.cache.vectors)
    assert isinstance(embedder, CachedEmbedder) and isinstance(embedder.inner, LazyEmbedder)
    assert FakeModel.loads == []  # described, not loaded
    cold = compare([articles], settings, embedder=embedder)
    # loaded once, on the CPU, with the prefix and precision of the description
    assert len(FakeModel.loads) == 1 and FakeModel.loads[0].device == "cpu"
    assert FakeModel.loads[0].prefix == "query: " and FakeModel.loads[0].precision == cold.model.precision
    assert FakeModel.embedded and len(FakeModel.worded) == 2  # the quotation's two renderings, word by word
    assert any(f.type == "quote_variant" for p in cold.pairs for f in p.flags)

    # in this process: nothing loaded, the same comparison
    warm = compare([articles], settings)
    assert len(FakeModel.loads) == 1
    assert comparison_to_json(warm) == comparison_to_json(cold)

    # in a new process, where the test guard fails any model load: no torch, the same JSON
    out, modules = workspace / "warm.json", workspace / "modules.json"
    done = _claimcmp(["align", articles, "--config", "config.toml", "--json", str(out), "--quiet"], workspace, modules)
    assert done.returncode == 0, done.stderr
    imported = set(json.loads(modules.read_text(encoding="utf-8")))
    assert not imported.intersection(HEAVY), sorted(imported.intersection(HEAVY))
    assert out.read_text(encoding="utf-8") == comparison_to_json(cold)


def test_only_a_statement_missing_from_the_cache_loads_the_model(workspace: Path, fake_model: type[FakeModel]) -> None:
    settings = load_settings(workspace / "config.toml")
    compare([workspace / "articles"], settings)
    assert len(FakeModel.loads) == 1
    (workspace / "articles" / "en.txt").write_text(
        "President Ivan Petrov sent a letter to the leader of a neighbouring country on Monday.\n", encoding="utf-8"
    )
    embedded = len(FakeModel.embedded)
    compare([workspace / "articles"], settings)
    assert len(FakeModel.loads) == 2  # the new statement was missing, and only it is embedded
    assert FakeModel.embedded[embedded:] == [
        "President Ivan Petrov sent a letter to the leader of a neighbouring country on Monday."
    ]


def test_without_the_vector_cache_the_model_is_loaded_at_once(tmp_path: Path, fake_model: type[FakeModel]) -> None:
    folder = _fake_model_dir(tmp_path / "m")
    embedder = load_embedder(ModelSettings(name=str(folder), device="cpu"), tmp_path, None, vector_cache=False)
    assert isinstance(embedder, FakeModel) and len(FakeModel.loads) == 1


# ----------------------------------------------------------------------------- encoding


def test_statements_are_encoded_in_batches_of_like_length_and_returned_in_input_order() -> None:
    class Model:
        def __init__(self) -> None:
            self.batches: list[list[str]] = []

        def encode(self, texts: list[str], **kwargs: object) -> np.ndarray:
            self.batches.append(texts)
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    embedder = object.__new__(embedding_module.SentenceTransformerEmbedder)
    model, progress = Model(), []
    embedder._model, embedder._settings = model, ModelSettings(batch_size=2)
    embedder._progress = lambda done, total: progress.append((done, total))
    embedder.prefix, embedder.dim, embedder.precision = "q:", 2, "fp32"
    texts = ["a" * 9, "a", "a" * 5, "a" * 3, "a" * 7]
    vectors = embedder.embed_batch(texts)
    assert model.batches == [["q:a", "q:aaa"], ["q:aaaaa", "q:aaaaaaa"], ["q:aaaaaaaaa"]]
    assert vectors[:, 0].tolist() == [11, 3, 7, 5, 9]  # each row is its own text's, in input order
    assert progress == [(2, 5), (4, 5), (5, 5)]
    assert embedder.embed_batch([]).shape == (0, 2)


# ----------------------------------------------------------------------------- the real model


@pytest.mark.model
def test_the_description_matches_the_loaded_built_in_model(model_settings: Settings, embedder: Embedder) -> None:
    loaded = embedder
    # torch, or OpenVINO where the optional package is installed ([model] backend = "auto")
    assert isinstance(loaded, embedding_module.SentenceTransformerEmbedder | embedding_module.OpenVINOEmbedder)
    assert loaded.backend == ("openvino" if isinstance(loaded, embedding_module.OpenVINOEmbedder) else "torch")
    card = describe_model(model_settings.model, CACHE)
    assert card is not None
    assert (card.name, card.identity, card.dim, card.prefix, card.device, card.precision, card.backend) == (
        loaded.name,
        loaded.identity,
        loaded.dim,
        loaded.prefix,
        loaded.device,
        loaded.precision,
        loaded.backend,
    )


@pytest.mark.model
@pytest.mark.slow
def test_a_warm_align_with_the_built_in_model_imports_no_torch(
    tmp_path: Path, model_settings: Settings, embedder: Embedder
) -> None:
    # the repository's built model (not rebuilt), an empty vector cache of the test's own
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "models").symlink_to(CACHE / "models", target_is_directory=True)
    articles = tmp_path / "articles"
    articles.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (articles / seed.name).write_bytes(seed.read_bytes())
    for name, text in LETTER.items():
        (articles / f"letter-{name}").write_text(text, encoding="utf-8")
    (tmp_path / "config.toml").write_text(f'[cache]\ndir = "{cache}"\n', encoding="utf-8")
    args = ["align", str(articles), "--config", "config.toml", "--quiet", "--json"]

    cold = _claimcmp([*args, str(tmp_path / "cold.json")], tmp_path, tmp_path / "cold-modules.json")
    assert cold.returncode == 0, cold.stderr
    assert "torch" in json.loads((tmp_path / "cold-modules.json").read_text(encoding="utf-8"))  # it loaded
    info = VectorCache(cache).info()
    assert info.vectors_by_model and info.word_sets_by_model  # statements and quotation words cached

    warm = _claimcmp([*args, str(tmp_path / "warm.json")], tmp_path, tmp_path / "warm-modules.json")
    assert warm.returncode == 0, warm.stderr
    imported = set(json.loads((tmp_path / "warm-modules.json").read_text(encoding="utf-8")))
    assert not imported.intersection(HEAVY), sorted(imported.intersection(HEAVY))
    assert (tmp_path / "warm.json").read_text(encoding="utf-8") == (tmp_path / "cold.json").read_text(encoding="utf-8")
    assert '"quote_variant"' in (tmp_path / "warm.json").read_text(encoding="utf-8")

    # the cached vectors are the model's own (the same files, so the same identity as the repository's)
    card = describe_model(model_settings.model, cache)
    assert card is not None and card.identity == getattr(embedder, "identity", None)
    texts = ["Президент Иван Петров в понедельник направил письмо лидеру соседней страны."]
    [stored] = VectorCache(cache).get(card.identity, [text_key(card.prefix + t) for t in texts], card.dim).values()
    assert float(stored @ embedder.embed_batch(texts)[0]) > 0.9999
