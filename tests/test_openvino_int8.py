"""``[model] precision = "int8"``: OpenVINO's statically quantised built-in model, built once, vectors of their own.

The choice, the build's bookkeeping and the fallback are tested without OpenVINO or NNCF (their presence,
the conversion and the quantisation are faked); the test that builds and runs the real int8 model is
skipped where the ``openvino`` extra (the openvino wheel and NNCF) is not installed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from benchmarks import make_calibration_set
from claimcmp.config import ModelSettings
from claimcmp.errors import ModelError
from claimcmp.model import builtin_model, embedding, openvino_backend, openvino_int8
from claimcmp.model.builtin_model import COMPLETE_MARKER
from claimcmp.model.vector_cache import words_model
from claimcmp.output.export import comparison_to_dict

from .conftest import CACHE, REPO
from .support.html_samples import sample_comparison

HAS_EXTRA = all(importlib.util.find_spec(name) is not None for name in ("openvino", "nncf"))
TEXTS = [
    "Путин направил письмо Ким Чен Ыну.",
    "Кім Чен Ин надіслав листа Путіну.",
    "Лидерите си размениха писма.",
    "The two leaders exchanged letters on Monday, officials in Moscow said.",
]


def _machine(monkeypatch: pytest.MonkeyPatch, *, openvino: bool, nncf: bool, int8: bool, bf16: bool) -> None:
    monkeypatch.setattr(openvino_backend, "openvino_installed", lambda: openvino)
    monkeypatch.setattr(openvino_int8, "nncf_installed", lambda: nncf)
    monkeypatch.setattr(embedding, "native_int8", lambda: int8)
    monkeypatch.setattr(embedding, "native_bf16", lambda: bf16)


def test_int8_is_a_precision_of_the_openvino_backend_only() -> None:
    assert embedding._choose_precision("int8", "cpu", "openvino") == "int8"
    with pytest.raises(ModelError, match=r"OpenVINO backend only.*pip install 'claimcmp\[openvino\]'"):
        embedding._choose_precision("int8", "cpu", "torch")
    with pytest.raises(ModelError, match="expected 'auto', 'fp32', 'bf16' or 'int8'"):
        embedding._choose_precision("int4", "cpu", "openvino")


@pytest.mark.parametrize(
    ("nncf", "int8", "bf16", "expected"),
    [
        (True, True, True, "int8"),  # the measured machine: AVX512-VNNI and AVX512-BF16
        (True, True, False, "int8"),
        (False, True, True, "bf16"),  # no NNCF: nothing can build the int8 model
        (True, False, True, "bf16"),  # no int8 dot products: not measured, so not chosen
        (True, False, False, "fp32"),
    ],
)
def test_auto_takes_int8_where_nncf_can_build_it_and_the_cpu_has_int8_dot_products(
    monkeypatch: pytest.MonkeyPatch, nncf: bool, int8: bool, bf16: bool, expected: str
) -> None:
    _machine(monkeypatch, openvino=True, nncf=nncf, int8=int8, bf16=bf16)
    assert embedding._choose_precision("auto", "cpu", "openvino") == expected
    assert embedding._choose_precision("auto", "cpu", "torch") == ("bf16" if bf16 else "fp32")  # torch: never int8


def test_int8_vectors_and_word_vectors_have_an_identity_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = {p: embedding.model_identity("m", 384, p, "x", "openvino") for p in ("fp32", "bf16", "int8")}
    assert len(set(ids.values())) == 3
    monkeypatch.setattr(openvino_int8, "int8_recipe", lambda: "other-calibration")
    assert embedding.model_identity("m", 384, "int8", "x", "openvino") != ids["int8"]  # recalibrated: new vectors
    monkeypatch.undo()
    _machine(monkeypatch, openvino=True, nncf=True, int8=True, bf16=True)
    card = embedding.describe_model(ModelSettings(device="cpu"), CACHE)
    if card is None:
        pytest.skip("the built-in model is not built")
    assert (card.backend, card.precision) == ("openvino", "int8")
    bf16 = embedding.describe_model(ModelSettings(device="cpu", precision="bf16"), CACHE)
    assert bf16 is not None and bf16.backend == "openvino" and bf16.identity != card.identity
    assert words_model(bf16.identity) != words_model(card.identity)  # quote alignment's word vectors too


def test_the_calibration_set_is_shipped_news_with_sources_and_no_flores() -> None:
    rows = tomllib.loads(openvino_int8.CALIBRATION_FILE.read_text(encoding="utf-8"))["sentence"]
    assert len(rows) == 300 and all(re.match(r"https?://\S+$", row["url"]) for row in rows)
    assert openvino_int8.calibration_sentences() == [row["text"] for row in rows]
    assert "copyright" in openvino_int8.CALIBRATION_FILE.read_text(encoding="utf-8").split("[[sentence]]")[0]
    flores = {
        line.strip()
        for path in (REPO / "benchmarks" / "data" / "flores200_dev").glob("*.dev")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    assert flores and not flores & {row["text"] for row in rows}  # FLORES is the test, never the calibration
    assert any(re.search("[а-я]", r["text"]) for r in rows) and any(re.search("[a-z]", r["text"]) for r in rows)
    assert make_calibration_set.main(["--check"]) == 0  # the committed file is what the generator writes
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/**/*.toml" in pyproject["tool"]["setuptools"]["package-data"]["claimcmp"]  # shipped in the wheel


class _FakeBuilds:
    """The conversion and the quantisation, counted, each writing an IR file (or failing when told to)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: str | None = None) -> None:
        self.calls: list[str] = []
        self.fail = fail
        monkeypatch.setattr(openvino_backend, "convert", self.convert)
        monkeypatch.setattr(openvino_int8, "quantise", self.quantise)

    def convert(self, model_dir: Path, target: Path) -> None:
        self._build("convert", target)

    def quantise(self, f32_ir: Path, model_dir: Path, target: Path) -> None:
        assert f32_ir.is_file() and f32_ir.parent.name == model_dir.name  # from the complete f32 IR
        self._build("quantise", target)

    def _build(self, step: str, target: Path) -> None:
        self.calls.append(step)
        if step == self.fail:
            raise RuntimeError(f"{step} exploded")
        (target / openvino_int8.IR_FILE).write_text(step, encoding="utf-8")


def test_int8_is_built_once_from_the_f32_ir_into_a_folder_of_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _machine(monkeypatch, openvino=True, nncf=True, int8=True, bf16=True)
    builds = _FakeBuilds(monkeypatch)
    model_dir = tmp_path / "models" / "m"
    first = openvino_backend.ensure_openvino_model(model_dir, tmp_path, "int8")
    again = openvino_backend.ensure_openvino_model(model_dir, tmp_path, "int8")
    assert first == again == tmp_path / "openvino" / f"m-int8-{openvino_int8.int8_recipe()}"
    assert builds.calls == ["convert", "quantise"]  # once each
    assert (first / COMPLETE_MARKER).is_file() and (first / openvino_int8.IR_FILE).read_text() == "quantise"
    assert openvino_backend.is_converted(model_dir, tmp_path, "int8")
    assert openvino_backend.ensure_openvino_model(model_dir, tmp_path, "bf16") == tmp_path / "openvino" / "m"
    assert builds.calls == ["convert", "quantise"]  # bf16 runs the f32 IR already built
    assert sorted(p.name for p in (tmp_path / "openvino").iterdir()) == ["m", first.name]  # no scratch left


def test_a_failed_build_leaves_nothing_and_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _machine(monkeypatch, openvino=True, nncf=True, int8=True, bf16=True)
    _FakeBuilds(monkeypatch, fail="quantise")
    with pytest.raises(ModelError, match=r"quantise exploded.*pip install -U 'claimcmp\[openvino\]'.*\"torch\""):
        openvino_backend.ensure_openvino_model(tmp_path / "models" / "m", tmp_path, "int8")
    assert [p.name for p in (tmp_path / "openvino").iterdir()] == ["m"]  # the f32 IR, complete; no int8 half-build


def test_int8_without_nncf_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _machine(monkeypatch, openvino=True, nncf=False, int8=True, bf16=True)
    monkeypatch.setattr(openvino_backend, "convert", lambda model_dir, target: (target / "model.xml").touch())
    with pytest.raises(ModelError, match=r"NNCF, which is not installed.*pip install 'claimcmp\[openvino\]'"):
        openvino_backend.ensure_openvino_model(tmp_path / "models" / "m", tmp_path, "int8")
    _machine(monkeypatch, openvino=False, nncf=False, int8=True, bf16=True)
    backend = embedding._choose_backend(ModelSettings(precision="int8"), "cpu")
    with pytest.raises(ModelError, match=r"OpenVINO backend only.*pip install 'claimcmp\[openvino\]'"):
        embedding._choose_precision("int8", "cpu", backend)


def test_auto_falls_back_to_torch_when_openvinos_model_cannot_be_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _machine(monkeypatch, openvino=True, nncf=True, int8=True, bf16=True)
    builds = _FakeBuilds(monkeypatch, fail="convert")
    monkeypatch.setattr(builtin_model, "ensure_builtin_model", lambda cache_dir: tmp_path / "models" / "m")
    auto = ModelSettings(device="cpu")
    settled = embedding.settle_backend(auto, tmp_path)
    assert settled == dataclasses.replace(auto, backend="torch") and builds.calls == ["convert"]
    warning = capsys.readouterr().err
    assert warning.startswith("warning: cannot build the OpenVINO model") and "goes on with torch" in warning
    with pytest.raises(ModelError, match=r"convert exploded.*\"torch\""):  # asked for by name: an error
        embedding.build_model(ModelSettings(device="cpu", backend="openvino"), tmp_path)
    with pytest.raises(ModelError, match="convert exploded"):  # int8 asked for: torch cannot run it
        embedding.settle_backend(ModelSettings(device="cpu", precision="int8"), tmp_path)
    builds.fail = None
    assert embedding.settle_backend(auto, tmp_path) == dataclasses.replace(auto, backend="openvino")
    assert builds.calls[-2:] == ["convert", "quantise"]  # auto's int8, built before the run describes its model


def test_result_files_record_the_backend() -> None:
    comparison = dataclasses.replace(
        sample_comparison(), model=dataclasses.replace(sample_comparison().model, backend="openvino", precision="int8")
    )
    assert comparison_to_dict(comparison)["model"] == {
        "name": "test-model",
        "dim": 3,
        "device": "cpu",
        "precision": "int8",
        "backend": "openvino",
    }


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not HAS_EXTRA, reason="the optional openvino extra (openvino, nncf) is not installed")
def test_the_int8_model_gives_close_vectors_and_the_same_words() -> None:
    from claimcmp.model.quote_words import word_vectors

    settings = ModelSettings(device="cpu", precision="int8", backend="openvino")
    int8 = embedding.load_model(settings, CACHE)  # builds its IR once if need be
    marker = openvino_backend.openvino_dir(builtin_model.builtin_model_dir(CACHE), CACHE, "int8") / COMPLETE_MARKER
    built_at = marker.stat().st_mtime_ns
    reference = embedding.load_model(ModelSettings(device="cpu", precision="fp32", backend="torch"), CACHE)
    assert isinstance(int8, embedding.OpenVINOEmbedder) and isinstance(reference, embedding.SentenceTransformerEmbedder)
    a, b = int8.embed_batch(TEXTS), reference.embed_batch(TEXTS)
    assert a.dtype == np.float32 and np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert 0.99 < float((a * b).sum(axis=1).min()) < 0.99999  # close, and not fp32's own vectors
    for mine, theirs in zip(int8.embed_words(TEXTS), word_vectors(reference._model, TEXTS), strict=True):
        assert mine.words == theirs.words and mine.spans == theirs.spans
        assert float((mine.vectors * theirs.vectors).sum(axis=1).min()) > 0.97
    assert (int8.precision, int8.backend) == ("int8", "openvino") and int8.identity != reference.identity
    embedding.load_model(settings, CACHE)
    assert marker.stat().st_mtime_ns == built_at  # built once
