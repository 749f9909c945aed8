"""Put first on PYTHONPATH of the Python processes a test not marked ``model`` starts (tests/conftest.py):
there, claimcmp's model loader refuses, notes the test in the file CLAIMCMP_TEST_MODEL_GUARD names and
exits, so a command-line run inside such a test cannot load the real model unnoticed either."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType
from typing import Any

_REPORT = os.environ.get("CLAIMCMP_TEST_MODEL_GUARD")
_TEST = os.environ.get("CLAIMCMP_TEST_UNMARKED", "a test")


def _refuse(*args: Any, **kwargs: Any) -> Any:
    message = f"{_TEST} starts a process that loads the real model but is not marked @pytest.mark.model"
    if _REPORT:
        with open(_REPORT, "a", encoding="utf-8") as report:
            report.write(message + "\n")
    raise SystemExit(message)


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        module._load_sentence_transformer = _refuse  # type: ignore[attr-defined]


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != "claimcmp.model.embedding":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.machinery.PathFinder.find_spec(name, path)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


if _REPORT:
    sys.meta_path.insert(0, _Finder())
