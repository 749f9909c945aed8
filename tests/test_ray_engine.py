"""The Ray engine (``--engine ray``): choosing it, and the clear error without the ``ray`` extra."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
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


def test_a_parquet_table_reads_as_the_same_rows_in_json_lines(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    from claimcmp.input import read_documents

    rows = [
        {"id": "a1", "text": "Первая статья. В ней два предложения.", "lang": "ru", "source": "TASS", "rubric": "x"},
        {"id": "a2", "text": "The second article: 12 people were hurt.", "lang": None, "source": None, "rubric": "y"},
        {"id": "a3", "text": "   ", "lang": None, "source": None, "rubric": None},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "archive.parquet")
    (tmp_path / "archive.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    from_table, skipped = read_documents([tmp_path / "archive.parquet"], Settings().input)
    from_lines, _ = read_documents([tmp_path / "archive.jsonl"], Settings().input)
    assert not skipped and [d.id for d in from_table] == ["a1", "a2"]
    assert [replace(d, format="jsonl", path=None, warnings=()) for d in from_table] == [
        replace(d, path=None, warnings=()) for d in from_lines
    ]
    assert "row 3" in from_table[0].warnings[0]


class _RayNeverCalled:
    """Stands for the ray module: joining must fail before Ray is asked to."""

    def is_initialized(self) -> bool:
        return False

    def init(self, **options: object) -> None:
        raise AssertionError("ray.init was called for an address that answers nothing")


def test_an_address_that_answers_nothing_is_a_clear_error_before_ray_waits_for_it() -> None:
    import socket

    from claimcmp.config import EngineSettings
    from claimcmp.distributed.ray_pipeline import connect

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for address in (f"127.0.0.1:{port}", f"ray://127.0.0.1:{port}"):
        with pytest.raises(EngineError, match=r"cannot reach the Ray cluster at .*ray start --head"):
            connect(_RayNeverCalled(), EngineSettings(name="ray", address=address))


class _RecordingRay(_RayNeverCalled):
    def __init__(self) -> None:
        self.options: dict[str, object] = {}

    def init(self, **options: object) -> None:
        self.options = options


def test_the_runtime_environment_reaches_ray_init_and_bad_json_is_a_config_error(tmp_path: Path) -> None:
    from claimcmp.config import EngineSettings
    from claimcmp.distributed.ray_pipeline import connect

    ray = _RecordingRay()
    connect(ray, EngineSettings(name="ray", runtime_env_json='{"env_vars": {"HF_HUB_OFFLINE": "1"}}'))
    assert ray.options["runtime_env"] == {"env_vars": {"HF_HUB_OFFLINE": "1"}}
    plain = _RecordingRay()
    connect(plain, EngineSettings(name="ray"))
    assert "runtime_env" not in plain.options  # Ray's own: a job's environment under `ray job submit`
    config = tmp_path / "config.toml"
    config.write_text("[engine]\nruntime_env_json = '[\"pip\"]'\n")
    with pytest.raises(ConfigError, match="expected a JSON object"):
        load_settings(config)
