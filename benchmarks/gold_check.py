"""Check hand gold of real events against the articles and claimcmp's own splitter.

For every event folder under a root (default ``benchmarks/data/real``):

- every key and ignore key occurs exactly once in its article file;
- every key lies inside one statement of claimcmp's splitter (so the scorer can map it);
- every pair, fact value, required flag and must-not pair names an existing key;
- a required flag's pair has two keys of different documents, and no must-not pair is also
  required with the same type.

``python -m benchmarks.gold_check [--root benchmarks/data/real_languages]`` prints the problems
and exits 1 if there are any. It needs no model (claimcmp's ``analyse`` only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import BENCH

DEFAULT_ROOT = BENCH / "data" / "real"


def _folded(text: str) -> str:
    return " ".join(text.split())


def check_event(folder: Path) -> list[str]:
    from claimcmp.pipeline import analyse

    gold: dict[str, Any] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    docs = gold["docs"]
    texts = {letter: (folder / f"{name}.txt").read_text(encoding="utf-8") for letter, name in docs.items()}
    analysis = analyse([folder])
    segments: dict[str, list[str]] = {}
    for segment in analysis.segments:
        segments.setdefault(segment.doc, []).append(_folded(segment.text))
    keys: dict[str, str] = gold["keys"]
    ignore: dict[str, str] = gold.get("ignore_keys", {})
    for name, table in (("key", keys), ("ignore key", ignore)):
        for key, text in table.items():
            letter = key[0]
            if letter not in docs:
                problems.append(f"{name} {key}: no document {letter}")
                continue
            count = texts[letter].count(text)
            if count != 1:
                problems.append(f"{name} {key}: found {count} times in {docs[letter]}: {text!r}")
            if name == "key" and not any(_folded(text) in s for s in segments.get(docs[letter], [])):
                problems.append(f"key {key}: in no single statement of claimcmp's splitter: {text!r}")
    if set(keys) & set(ignore):
        problems.append(f"keys also ignore keys: {sorted(set(keys) & set(ignore))}")

    def known(key: str, where: str) -> None:
        if key not in keys:
            problems.append(f"{where}: unknown key {key}")

    for kind in ("equivalent", "related", "neutral"):
        for pair in gold.get(kind, []):
            for key in pair:
                known(key, kind)
    for fact in gold.get("facts", []):
        for key in fact.get("values", {}):
            known(key, f"fact {fact['slot']!r}")
    required = set()
    for flag in gold.get("required_flags", []):
        a, b = flag["pair"]
        known(a, "required_flags")
        known(b, "required_flags")
        if a[0] == b[0]:
            problems.append(f"required flag {a}-{b}: same document")
        required.add((tuple(sorted((a, b))), flag["type"]))
    for entry in gold.get("must_not_flag", []):
        a, b = entry["pair"]
        known(a, "must_not_flag")
        known(b, "must_not_flag")
        for flag_type in entry["types"]:
            if (tuple(sorted((a, b))), flag_type) in required:
                problems.append(f"must-not {a}-{b} ({flag_type}) is also a required flag")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv else DEFAULT_ROOT
    failed = False
    for folder in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        problems = check_event(folder)
        print(f"{folder.name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for line in problems:
            print("  ", line)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
