"""Settings: built-in defaults, overridden by a ``config.toml``.

Lookup order: an explicit ``--config PATH``; else ``config.toml`` in the working
directory; else the defaults below. The repository's ``config.toml`` lists every
setting with its default and a one-line comment; keep the two in step (a test
checks that they are).

Relative paths inside a config file are resolved against that file's folder,
so a run gives the same result from any working directory.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_origin, get_type_hints

from claimcmp.errors import ConfigError
from claimcmp.records import SEVERITY_RANK, Severity

DEFAULT_CONFIG_NAME = "config.toml"


def default_cache_dir() -> Path:
    """Where built models and vectors live when no config file says otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimcmp"


@dataclass(frozen=True)
class InputSettings:
    extensions: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".parquet", ".pdf", ".docx")
    strict: bool = False
    max_bytes: int = 50_000_000
    max_documents: int = 100_000
    timeout: float = 20.0
    max_download_bytes: int = 20_000_000
    allow_private_redirects: bool = False


@dataclass(frozen=True)
class ModelSettings:
    name: str = "builtin"
    prefix: str = "auto"
    batch_size: int = 32
    device: str = "auto"
    precision: str = "auto"
    backend: str = "auto"


@dataclass(frozen=True)
class CacheSettings:
    dir: Path = field(default_factory=default_cache_dir)
    vectors: bool = True


@dataclass(frozen=True)
class SegmentationSettings:
    min_chars: int = 2
    max_chars: int = 2000
    keep_boilerplate: bool = False


@dataclass(frozen=True)
class AnalysisSettings:
    date: str = ""


@dataclass(frozen=True)
class AlignmentSettings:
    neighbours: int = 4
    threshold: float = 1.02
    evidence_weight: float = 0.02
    related_threshold: float = 1.0
    related_slack: float = 0.02
    stance_slack: float = 0.05
    min_similarity: float = 0.87
    min_similarity_same_language: float = 0.915
    min_similarity_cross_script: float = 0.845
    min_words: int = 3
    chain_slack: float = 0.03
    ordered: bool = False
    compare_all_below: int = 50
    document_neighbours: int = 16
    coverage_max_documents: int = 200


@dataclass(frozen=True)
class IndexSettings:
    exact_limit: int = 200_000
    nprobe: int = 16
    against_documents: int = 20
    search_results: int = 10


@dataclass(frozen=True)
class EngineSettings:
    """What runs ``index add`` and ``align``: this process, or a Ray cluster (``pip install "claimcmp[ray]"``)."""

    name: Literal["auto", "embedded", "ray"] = "auto"
    address: str = ""
    workers: int = 0
    cpus_per_worker: float = 1.0
    runtime_env_json: str = ""  # Ray's runtime environment for the run, as `ray job submit --runtime-env-json`

    def __post_init__(self) -> None:
        if self.name not in ("auto", "embedded", "ray"):
            raise ConfigError(
                f"engine.name is {self.name!r}; expected auto, embedded or ray. "
                "You can fix this by passing --engine embedded or --engine ray."
            )
        if self.runtime_env_json:
            self.runtime_env()

    def runtime_env(self) -> dict[str, Any] | None:
        """The runtime environment ``runtime_env_json`` describes (None when empty)."""
        if not self.runtime_env_json:
            return None
        try:
            value = json.loads(self.runtime_env_json)
        except json.JSONDecodeError as exc:
            value = exc
        if not isinstance(value, dict):
            raise ConfigError(
                f"engine.runtime_env_json is {self.runtime_env_json!r}; expected a JSON object, as Ray's "
                '--runtime-env-json takes. You can fix this by writing it like \'{"pip": ["requests"]}\'.'
            )
        return value


@dataclass(frozen=True)
class FlagSettings:
    confident_score: float = 1.04
    min_severity: Severity = "low"
    story_days: int = 10
    slot_threshold: float = 0.3

    def __post_init__(self) -> None:
        if self.min_severity not in SEVERITY_RANK:
            raise ConfigError(
                f"flags.min_severity is {self.min_severity!r}; expected one of {', '.join(SEVERITY_RANK)}. "
                "You can fix this by passing --min-severity low, medium or high."
            )


@dataclass(frozen=True)
class Settings:
    input: InputSettings = field(default_factory=InputSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    cache: CacheSettings = field(default_factory=CacheSettings)
    segmentation: SegmentationSettings = field(default_factory=SegmentationSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    alignment: AlignmentSettings = field(default_factory=AlignmentSettings)
    flags: FlagSettings = field(default_factory=FlagSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    engine: EngineSettings = field(default_factory=EngineSettings)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path``, or ``./config.toml`` when it exists, else defaults."""
    if path is None:
        candidate = Path.cwd() / DEFAULT_CONFIG_NAME
        if not candidate.is_file():
            return Settings()
        path = candidate
    if not path.is_file():
        raise ConfigError(
            f"config file {path} does not exist. You can fix this by passing an existing "
            "file to --config, or leave --config out to use the defaults."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"config file {path} is not valid TOML: {exc}. You can fix this by correcting that line "
            "(compare with the config.toml in claimcmp's repository)."
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file {path}: {exc.strerror or exc}. You can fix this by making it a readable file."
        ) from exc
    return _build(Settings, data, path, prefix="")


def _build(cls: Any, data: dict[str, Any], path: Path, prefix: str) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in data:
        if key not in known:
            dotted = f"{prefix}{key}"
            raise ConfigError(
                f"{path}: unknown setting '{dotted}'. Expected one of: "
                + ", ".join(f"{prefix}{k}" for k in sorted(known))
                + ". You can fix this by removing or renaming it."
            )
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        raw = data[f.name]
        hint = hints[f.name]
        dotted = f"{prefix}{f.name}"
        if is_dataclass(hint):
            if not isinstance(raw, dict):
                raise ConfigError(f"{path}: '{dotted}' must be a table ([{dotted}]), got {raw!r}.")
            values[f.name] = _build(hint, raw, path, prefix=f"{dotted}.")
        else:
            values[f.name] = _coerce(raw, hint, path, dotted)
    return replace(cls(), **values)


# numeric settings below these are refused (a limit of 0 would stop every run, or never end one)
_AT_LEAST: dict[str, float] = {
    "input.max_bytes": 1,
    "input.max_documents": 1,
    "input.max_download_bytes": 1,
    "model.batch_size": 1,
    "segmentation.max_chars": 1,
    "alignment.neighbours": 1,
    "alignment.document_neighbours": 1,
    "index.nprobe": 1,
    "index.against_documents": 1,
    "index.search_results": 1,
    "engine.cpus_per_worker": 0.01,
}


def _coerce(raw: Any, hint: Any, path: Path, dotted: str) -> Any:
    value = _coerce_type(raw, hint, path, dotted)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        least = _AT_LEAST.get(dotted, 0)
        if not math.isfinite(value) or value < least or (dotted == "input.timeout" and value == 0):
            expected = "a positive number" if dotted == "input.timeout" else f"a number of at least {least:g}"
            raise ConfigError(
                f"{path}: setting '{dotted}' must be {expected}, got {raw!r}. You can fix this by editing that line."
            )
    return value


def _coerce_type(raw: Any, hint: Any, path: Path, dotted: str) -> Any:
    def wrong(expected: str) -> ConfigError:
        return ConfigError(
            f"{path}: setting '{dotted}' must be {expected}, got {raw!r} "
            f"({type(raw).__name__}). You can fix this by editing that line."
        )

    if hint is bool:
        if not isinstance(raw, bool):
            raise wrong("true or false")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise wrong("an integer")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise wrong("a number")
        return float(raw)
    if hint is str or get_origin(hint) is Literal:  # a Literal's values are checked by its settings
        if not isinstance(raw, str):
            raise wrong("a string")
        return raw
    if hint is Path:
        if not isinstance(raw, str):
            raise wrong("a path string")
        p = Path(raw).expanduser()
        return p if p.is_absolute() else (path.parent / p).resolve()
    if getattr(hint, "__origin__", None) is tuple:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise wrong("a list of strings")
        return tuple(raw)
    raise wrong(str(hint))  # pragma: no cover - a new setting type needs a branch here
