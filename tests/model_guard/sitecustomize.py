"""Put first on PYTHONPATH of the Python processes a test not marked ``model`` starts (tests/conftest.py):
there, claimcmp's model loaders refuse, note the test in the file CLAIMCMP_TEST_MODEL_GUARD names and
exit, so a command-line run inside such a test cannot load the real model unnoticed either: torch's loader,
and where the ``openvino`` extra is installed, OpenVINO's (and its conversion of the model)."""

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


# what refuses in each module: every way the real model's weights are read
_REFUSED = {
    "claimcmp.model.embedding": ("_load_sentence_transformer", "OpenVINOEmbedder"),
    "claimcmp.model.openvino_backend": ("convert",),
}


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        for name in _REFUSED[module.__name__]:
            setattr(module, name, _refuse)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name not in _REFUSED:
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
