"""CLI contract: help everywhere, one-line errors with exit 1, no heavy imports at start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from claimcmp.cli import app

runner = CliRunner()


def all_command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    # typer vendors its own click in recent versions: look for sub-commands by duck typing
    def walk(command: Any, prefix: list[str]) -> None:
        paths.append(prefix)
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*prefix, name])

    walk(get_command(app), [])
    return paths


def test_there_are_commands_to_check() -> None:
    assert ["align"] in all_command_paths()
    assert ["model", "build"] in all_command_paths()


@pytest.mark.parametrize("path", all_command_paths(), ids=lambda p: " ".join(p) or "claimcmp")
def test_every_command_has_help(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, f"{' '.join(path)} has no help text"


def test_version() -> None:
    from claimcmp import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimcmp", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_missing_input_is_one_line_error_exit_1(tmp_path: Path) -> None:
    result = run_cli("align", str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:") and "nope.txt" in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_config_is_one_line_error_exit_1(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[alignment]\nneighbors = 4\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Текст.", encoding="utf-8")
    result = run_cli("align", str(tmp_path / "a.txt"), "--config", str(config), cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown setting 'alignment.neighbors'" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("align", str(tmp_path / "nope.txt"), "--debug", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "InputError" in result.stderr


def test_importing_the_cli_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, claimcmp.cli; "
        "heavy = ('torch', 'sentence_transformers', 'faiss', 'transformers', 'numpy'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_progress_shows_counts_on_a_terminal_and_nothing_elsewhere() -> None:
    import io

    from rich.console import Console

    from claimcmp.cli import _ConsoleProgress

    screen = io.StringIO()
    progress = _ConsoleProgress(Console(file=screen, force_terminal=True, width=100), enabled=True)
    progress.stage("embed")
    progress.advance(300, 1000)
    progress._bars.refresh()
    progress.close()
    assert "embed" in screen.getvalue() and "300/1000" in screen.getvalue()

    piped = io.StringIO()
    silent = _ConsoleProgress(Console(file=piped), enabled=False)
    silent.stage("embed")
    silent.advance(300, 1000)
    silent.close()
    assert piped.getvalue() == ""
