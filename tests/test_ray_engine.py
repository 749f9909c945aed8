"""The Ray engine (``--engine ray``): choosing it, and the clear error without the ``ray`` extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcmp import Settings
from claimcmp.cli import app
from claimcmp.config import load_settings
from claimcmp.distributed import require_ray, resolve_engine
from claimcmp.errors import ConfigError, EngineError

from .conftest import SEEDS


def test_auto_is_embedded_unless_an_address_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert resolve_engine(Settings()).engine.name == "embedded"
    assert resolve_engine(Settings(), address="auto").engine.name == "ray"
    assert resolve_engine(Settings(), engine="ray").engine.name == "ray"
    monkeypatch.setenv("RAY_ADDRESS", "ray://head:10001")
    assert resolve_engine(Settings()).engine.name == "ray"
    with pytest.raises(EngineError, match="--engine ray"):
        resolve_engine(Settings(), engine="embedded", address="auto")


def test_the_engine_is_a_setting(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[engine]\nname = "ray"\naddress = "auto"\nworkers = 2\n')
    settings = load_settings(config)
    assert (settings.engine.name, settings.engine.address, settings.engine.workers) == ("ray", "auto", 2)
    config.write_text('[engine]\nname = "spark"\n')
    with pytest.raises(ConfigError, match=r"engine\.name"):
        load_settings(config)


def test_without_ray_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(EngineError, match=r'pip install "claimcmp\[ray\]"'):
        require_ray()
    config = tmp_path / "config.toml"
    config.write_text(f'[cache]\ndir = "{tmp_path}"\n')
    result = CliRunner().invoke(
        app, ["index", "add", str(SEEDS), "--index", "news", "--engine", "ray", "--config", str(config)]
    )
    assert result.exit_code == 1
    assert "claimcmp[ray]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "indexes").exists()
