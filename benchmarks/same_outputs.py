"""Show that a refactor leaves the JSON of every benchmark input byte-identical.

Runs ``claimcmp inspect --json -`` (no model) and ``claimcmp align --json -``
(the built-in model, reading and filling the vector cache) on every benchmark
input: ``seeds/``, each event of ``benchmarks/data/real/`` (its articles, not
its gold or sources) and each ``benchmarks/data/devsets/flores_dev/set*``.
Only ``tool.version`` is normalised (it names the build, not the output).

    python benchmarks/same_outputs.py --write /tmp/before.json
    python benchmarks/same_outputs.py --compare /tmp/before.json

``--compare`` prints one line per input and command and exits 1 on any
difference. ``--save DIR`` also keeps the normalised JSON for diffing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("inspect", "align")
SKIPPED_FILES = {"gold.json", "sources.json", "README.md"}


def inputs() -> dict[str, list[str]]:
    """Benchmark input name -> the paths handed to the command line."""
    found: dict[str, list[str]] = {"seeds": [str(ROOT / "seeds")]}
    for event in sorted((ROOT / "benchmarks/data/real").iterdir()):
        if event.is_dir():
            files = sorted(str(p) for p in event.iterdir() if p.is_file() and p.name not in SKIPPED_FILES)
            found[f"real/{event.name}"] = files
    for folder in sorted((ROOT / "benchmarks/data/devsets/flores_dev").glob("set*")):
        if folder.is_dir():
            found[f"flores_dev/{folder.name}"] = [str(folder)]
    return found


def normalise(data: Any) -> Any:
    """Blank what legitimately varies between builds: the tool's version string."""
    if isinstance(data, dict) and isinstance(data.get("tool"), dict):
        data["tool"] = {**data["tool"], "version": "<version>"}
    return data


def run(command: str, paths: list[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "claimcmp", command, "--quiet", "--json", "-", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"<exit {done.returncode}: {done.stderr.strip()[-300:]}>"
    return json.dumps(normalise(json.loads(done.stdout)), ensure_ascii=False, sort_keys=True, indent=1)


def digests(save: Path | None, jobs: int) -> dict[str, str]:
    tasks = [(f"{command} {name}", command, paths) for name, paths in inputs().items() for command in COMMANDS]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        texts = list(pool.map(lambda task: run(task[1], task[2]), tasks))
    result: dict[str, str] = {}
    for (key, _command, _paths), text in zip(tasks, texts, strict=True):
        result[key] = hashlib.sha256(text.encode()).hexdigest()
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / (key.replace(" ", "__").replace("/", "__") + ".json")).write_text(text, encoding="utf-8")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the digest file")
    mode.add_argument("--compare", type=Path, help="compare with a digest file written before")
    parser.add_argument("--save", type=Path, help="also keep the normalised JSON in this folder")
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()
    now = digests(args.save, args.jobs)
    if args.write is not None:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(now)} outputs digested into {args.write}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = 0
    for key in sorted(before.keys() | now.keys()):
        same = before.get(key) == now.get(key)
        differ += not same
        print(f"{'same' if same else 'DIFFERENT'}  {key}")
    print(f"{len(now) - differ} of {len(before.keys() | now.keys())} outputs byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
