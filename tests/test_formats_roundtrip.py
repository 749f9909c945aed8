"""Every format and encoding goes through `claimcmp align --json` with offsets that hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SEEDS

pytestmark = pytest.mark.model

PAGES = Path(__file__).parent / "data" / "pages"


def test_all_formats_round_trip_through_the_cli(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    ru = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    uk = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    (folder / "a_cp1251.txt").write_bytes(ru.encode("cp1251"))
    (folder / "b_utf16.txt").write_bytes(uk.encode("utf-16"))
    plain_ru = ru.replace("«", '"').replace("»", '"').replace("–", "-")  # KOI8-R has no typographic quotes
    (folder / "c_koi8.md").write_bytes(("# Заголовок статьи\n\n" + plain_ru).encode("koi8_r"))
    (folder / "d.html").write_bytes((PAGES / "netinfo_002.html").read_bytes())
    # JSON and JSONL carry other articles: a text repeated exactly is compared once (and said so)
    ru_other = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    ru_third = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    (folder / "e.json").write_text(
        json.dumps({"id": "json-doc", "text": ru_third}, ensure_ascii=False), encoding="utf-8"
    )
    (folder / "f.jsonl").write_text(
        json.dumps({"text": ru_other}, ensure_ascii=False) + "\n{bad line\n", encoding="utf-8"
    )
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [sys.executable, "-m", "claimcmp", "align", str(folder), "--json", str(out), "--quiet", "--verbose"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "f.jsonl line 2 is not valid JSON" in proc.stderr
    assert "encoding=cp1251" in proc.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    model = result["model"]  # the result and --verbose say what made the vectors: precision and backend
    assert model["backend"] in ("torch", "openvino")
    assert f"{model['precision']}, backend {model['backend']}" in proc.stderr
    documents = {d["id"]: d for d in result["documents"]}
    assert {d["format"] for d in documents.values()} == {"text", "markdown", "html", "json", "jsonl"}
    assert documents["b_utf16"]["encoding"] == "utf-16" and documents["b_utf16"]["lang"] == "uk"
    assert documents["c_koi8"]["title"] == "Заголовок статьи"
    assert documents["d"]["lang"] == "bg" and documents["d"]["site"] == "Нетинфо"
    for segment in result["segments"]:
        assert segment["text"] == documents[segment["doc"]]["text"][segment["start"] : segment["end"]]
    assert result["pairs"], "the same article in three encodings must align with itself"
    # c_koi8 repeats a_cp1251's article under a heading, so it is no exact repeat and stays
    assert {"a_cp1251", "c_koi8", "json-doc"} <= set(documents)
