from __future__ import annotations

from pathlib import Path

import pytest

from claimcmp.errors import OutputError
from claimcmp.output.export import write_text_atomic


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("claimcmp.output.export.os.replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_written_files_get_the_users_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "report.html"
    previous = os.umask(0o022)
    try:
        write_text_atomic(target, "<p>shared</p>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's private 0600
