"""The JSON contract (schema_version 1): names and types of every field, offsets that
point into the source files, references that resolve. Later versions may add fields."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

pytestmark = pytest.mark.model

CONTRACT: dict[str, dict[str, Any]] = {
    "document": {
        "id": str,
        "path": (str, type(None)),
        "lang": str,
        "title": (str, type(None)),
        "n_segments": int,
        "text": str,
        "encoding": str,
        "format": str,
        "url": (str, type(None)),
        "date": (str, type(None)),
        "source": (str, type(None)),
        "site": (str, type(None)),
    },
    "segment": {
        "id": str,
        "doc": str,
        "index": int,
        "text": str,
        "lang": str,
        "start": int,
        "end": int,
        "kind": str,
        "quote_id": (str, type(None)),
        "quotes": list,
        "attribution": (dict, type(None)),
        "numbers": list,
        "dates": list,
        "entities": list,
        "negated": bool,
        "negation_span": (list, type(None)),
        "stance": str,
    },
    "pair": {
        "a": str,
        "b": str,
        "similarity": float,
        "score": float,
        "evidence": (float, int),
        "relation": str,
        "flags": list,
        "note": (str, type(None)),
    },
    "flag": {
        "type": str,
        "severity": str,
        "confidence": (float, int),
        "message": str,
        "a": dict,
        "b": dict,
    },
    "flag_side": {"span": (list, type(None)), "text": str, "value": (str, type(None))},
    "cluster": {"id": str, "segments": list, "docs": list, "missing": list, "near_miss": list},
    "quote": {
        "span": list,
        "text": str,
        "speaker": (str, type(None)),
        "speaker_span": (list, type(None)),
        "speaker_key": (str, type(None)),
        "via": (str, type(None)),
        "via_key": (str, type(None)),
        "reported_by": (str, type(None)),
        "verb": (str, type(None)),
        "partial": bool,
        "quote_id": (str, type(None)),
    },
    "number": {
        "span": list,
        "text": str,
        "value": (float, int, type(None)),
        "low": (float, int, type(None)),
        "high": (float, int, type(None)),
        "unit": (str, type(None)),
        "kind": str,
        "approx": bool,
    },
    "date": {"span": list, "text": str, "value": (str, type(None)), "precision": str, "relative": bool},
    "entity": {"span": list, "text": str, "type": str, "key": str},
    "near_miss": {"doc": str, "segment": (str, type(None)), "similarity": (float, int)},
    # added in 0.x without a new schema version (issue 18): stories, fact slots, each pair's note
    "story": {"id": str, "docs": list, "date": (str, type(None)), "label": str},
    "fact_slot": {"id": str, "story": str, "kind": str, "name": str, "disagreement": bool, "values": list},
    "slot_value": {
        "segment": str,
        "doc": str,
        "span": list,
        "text": str,
        "value": str,
        "source": (str, type(None)),
    },
}


def check_fields(record: dict[str, Any], kind: str) -> None:
    for name, expected in CONTRACT[kind].items():
        assert name in record, f"{kind} lacks {name}"
        assert isinstance(record[name], expected), f"{kind}.{name} = {record[name]!r}"
        assert not (expected is int and isinstance(record[name], bool))


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("json") / "seeds.json"
    proc = subprocess.run(
        [sys.executable, "-m", "claimcmp", "align", "seeds/", "--json", str(out), "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # --quiet prints nothing
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_top_level(result: dict[str, Any]) -> None:
    assert result["schema_version"] == 1
    assert result["tool"]["name"] == "claimcmp" and isinstance(result["tool"]["version"], str)
    assert isinstance(result["model"]["name"], str) and result["model"]["dim"] == 384
    for key in ("documents", "segments", "pairs", "clusters", "stories", "facts"):
        assert isinstance(result[key], list) and result[key], key
    assert result["errors"] == result["skipped"] == [] and isinstance(result["warnings"], list)


def test_records_and_offsets(result: dict[str, Any]) -> None:
    texts = {}
    for document in result["documents"]:
        check_fields(document, "document")
        texts[document["id"]] = Path(REPO, document["path"]).read_bytes().decode("utf-8-sig")
        assert document["text"] == texts[document["id"]]
    counts: dict[str, int] = {}
    for segment in result["segments"]:
        check_fields(segment, "segment")
        assert segment["text"] == texts[segment["doc"]][segment["start"] : segment["end"]]
        counts[segment["doc"]] = counts.get(segment["doc"], 0) + 1
        assert segment["stance"] in ("asserted", "denied", "confirmed", "unknown")
        for family, kind in (("quotes", "quote"), ("numbers", "number"), ("dates", "date"), ("entities", "entity")):
            for fact in segment[family]:
                check_fields(fact, kind)
                start, end = fact["span"]
                assert segment["text"][start:end] == fact["text"], (family, fact)
    assert {d["id"]: d["n_segments"] for d in result["documents"]} == counts
    assert len({s["id"] for s in result["segments"]}) == len(result["segments"])


FLAG_TYPES = ("number", "date", "entity", "speaker", "source", "polarity", "quote_variant")


def test_references_resolve(result: dict[str, Any]) -> None:
    segments = {s["id"]: s for s in result["segments"]}
    segment_ids = set(segments)
    doc_ids = [d["id"] for d in result["documents"]]
    for pair in result["pairs"]:
        check_fields(pair, "pair")
        assert {pair["a"], pair["b"]} <= segment_ids
        assert pair["relation"] in ("equivalent", "related")
        for flag in pair["flags"]:
            check_fields(flag, "flag")
            assert flag["type"] in FLAG_TYPES and flag["severity"] in ("low", "medium", "high")
            for side, segment_id in (("a", pair["a"]), ("b", pair["b"])):
                check_fields(flag[side], "flag_side")
                if flag[side]["span"] is not None:  # the span points into that side's segment
                    start, end = flag[side]["span"]
                    assert segments[segment_id]["text"][start:end] == flag[side]["text"], flag
    for cluster in result["clusters"]:
        check_fields(cluster, "cluster")
        assert set(cluster["segments"]) <= segment_ids
        assert sorted(cluster["docs"] + cluster["missing"]) == sorted(doc_ids)
        assert [n["doc"] for n in cluster["near_miss"]] == cluster["missing"]
        for miss in cluster["near_miss"]:
            check_fields(miss, "near_miss")
            assert miss["segment"] is None or miss["segment"] in segment_ids


def test_stories_and_fact_slots_resolve(result: dict[str, Any]) -> None:
    segments = {s["id"]: s for s in result["segments"]}
    doc_ids = [d["id"] for d in result["documents"]]
    story_ids = set()
    in_stories: list[str] = []
    for story in result["stories"]:
        check_fields(story, "story")
        story_ids.add(story["id"])
        in_stories.extend(story["docs"])
    assert sorted(in_stories) == sorted(doc_ids)  # every document in exactly one story
    for slot in result["facts"]:
        check_fields(slot, "fact_slot")
        assert slot["kind"] in ("number", "date")
        assert set(slot["story"].split("+")) <= story_ids
        assert len({v["doc"] for v in slot["values"]}) >= 2, slot  # a slot compares documents
        for value in slot["values"]:
            check_fields(value, "slot_value")
            segment = segments[value["segment"]]
            assert segment["doc"] == value["doc"]
            start, end = value["span"]
            assert segment["text"][start:end] == value["text"], value


def test_seed_facts_are_in_the_contract(result: dict[str, Any]) -> None:
    """The seeds carry every family of fact somewhere (so the checks above are not vacuous)."""
    for family in ("quotes", "numbers", "dates", "entities"):
        assert any(segment[family] for segment in result["segments"]), family
    assert any(segment["attribution"] for segment in result["segments"])
    assert any(pair["flags"] for pair in result["pairs"])


def test_stdout_json_is_the_same_document(result: dict[str, Any]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "claimcmp", "align", "seeds/", "--json", "-"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == result


def test_unwritable_output_fails_cleanly_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.json"
    proc = subprocess.run(
        [sys.executable, "-m", "claimcmp", "align", "seeds/", "--json", str(target)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1
    assert "missing-folder" in proc.stderr and "Traceback" not in proc.stderr
    assert not target.exists()
