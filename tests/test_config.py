from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from claimcmp.config import Settings, load_settings
from claimcmp.errors import ConfigError

from .conftest import REPO


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()


def test_config_in_working_directory_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "[alignment]\nneighbours = 7\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings().alignment.neighbours == 7


def test_relative_cache_dir_is_resolved_against_the_config_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[cache]\ndir = "vectors"\n'))
    assert settings.cache.dir == (tmp_path / "vectors").resolve()


def test_int_is_accepted_where_a_float_is_expected(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "[alignment]\nthreshold = 1\n")).alignment.threshold == 1.0


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[alignment]\nneighbors = 4\n", "unknown setting 'alignment.neighbors'"),
        ("[aligment]\n", "unknown setting 'aligment'"),
        ("[alignment]\nneighbours = 'four'\n", "'alignment.neighbours' must be an integer"),
        ("[alignment]\nthreshold = true\n", "'alignment.threshold' must be a number"),
        ("[input]\nextensions = '.txt'\n", "'input.extensions' must be a list of strings"),
        ("alignment = 3\n", "'alignment' must be a table"),
        ("[alignment\n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as excinfo:
        load_settings(path)
    assert fragment in str(excinfo.value)
    assert str(path) in str(excinfo.value)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_repository_config_lists_every_setting_with_its_default() -> None:
    """config.toml documents every setting; its values are the built-in defaults
    (except the cache folder, which the repository keeps in embeddings/)."""
    raw = tomllib.loads((REPO / "config.toml").read_text(encoding="utf-8"))
    defaults = Settings()
    for section in fields(defaults):
        listed = raw[section.name]
        obj = getattr(defaults, section.name)
        assert set(listed) == {f.name for f in fields(obj)}, section.name
        for f in fields(obj):
            if (section.name, f.name) == ("cache", "dir"):
                continue
            value = getattr(obj, f.name)
            assert (tuple(listed[f.name]) if isinstance(value, tuple) else listed[f.name]) == value, f.name
    assert load_settings(REPO / "config.toml").cache.dir == REPO / "embeddings"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[input]\nmax_documents = 0\n", "'input.max_documents' must be a number of at least 1, got 0"),
        ("[segmentation]\nmax_chars = -5\n", "'segmentation.max_chars' must be a number of at least 1"),
        ("[input]\ntimeout = 0\n", "'input.timeout' must be a positive number"),
        ("[alignment]\nthreshold = nan\n", "'alignment.threshold' must be a number of at least 0, got nan"),
        ("[index]\nnprobe = inf\n", "'index.nprobe' must be an integer"),
    ],
)
def test_limits_out_of_range_are_refused_naming_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text))
    assert fragment in str(error.value) and str(tmp_path / "config.toml") in str(error.value)


def test_a_config_path_that_is_no_readable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path)  # a folder
    bad = write(tmp_path, "")
    bad.write_bytes(b"\xff\xfe[input]")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)
