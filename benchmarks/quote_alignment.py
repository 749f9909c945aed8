"""Calibrate the cross-lingual word alignment behind ``quote_variant`` flags.

    python -m benchmarks.quote_alignment [--pairs 150]

On FLORES-200 dev translations (rus with ukr, bul, eng; ukr with bul), for a
grid of thresholds:

- *unmatched on translations*: the share of words left without a counterpart
  when the two sentences are exact translations (lower is better: these words
  would be reported as added or dropped although nothing was);
- *substitution caught*: one content word (5+ letters) of the second sentence
  is replaced by a content word of another sentence; the share of cases where
  that word is reported as unmatched (higher is better).

Prints a table; the chosen threshold is ``claimcmp.model.quote_words.DEFAULT_THRESHOLD``.
``CLAIMCMP_BENCH_MODEL="backend=openvino,precision=int8"`` runs another backend (OpenVINO's IR gives the
token vectors of claimcmp's layer only, so that layer alone is measured).
"""

from __future__ import annotations

import argparse
import os
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from claimcmp.model.quote_words import LAYER, WORD, WordVectors, unmatched_words, word_vectors

FLORES = Path(__file__).parent / "data" / "flores200_dev"
LANGS = {"ru": "rus_Cyrl", "uk": "ukr_Cyrl", "bg": "bul_Cyrl", "en": "eng_Latn"}
PAIRS = [("ru", "uk"), ("ru", "bg"), ("ru", "en"), ("uk", "bg")]
THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7]
LAYERS = [8, 12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=150, help="sentence pairs per language pair")
    args = parser.parse_args()

    from claimcmp.config import Settings
    from claimcmp.model.embedding import load_embedder

    chosen = dict(kv.split("=", 1) for kv in os.environ.get("CLAIMCMP_BENCH_MODEL", "").split(",") if "=" in kv)
    settings = Settings()
    embedder = load_embedder(replace(settings.model, **chosen), Path("embeddings"))
    model = getattr(embedder, "_model", None)  # torch's SentenceTransformer; None for OpenVINO
    print(f"backend {embedder.backend}, precision {embedder.precision}")  # type: ignore[attr-defined]

    def vectors_of(texts: list[str], layer: int) -> list[WordVectors]:
        return word_vectors(model, texts, layer) if model is not None else embedder.embed_words(texts)  # type: ignore[attr-defined]

    layers = LAYERS if model is not None else [LAYER]
    lines = {code: (FLORES / f"{name}.dev").read_text(encoding="utf-8").splitlines() for code, name in LANGS.items()}
    rng = random.Random(0)
    rows = []
    for lang_a, lang_b in PAIRS:
        idx = rng.sample(range(len(lines[lang_a])), args.pairs)
        texts_a = [lines[lang_a][i] for i in idx]
        texts_b = [lines[lang_b][i] for i in idx]
        swapped, targets = [], []
        for n, text in enumerate(texts_b):
            words = [m for m in WORD.finditer(text) if len(m.group()) >= 5 and m.group().isalpha()]
            donor = [w for w in WORD.findall(texts_b[(n + 1) % len(texts_b)]) if len(w) >= 5 and w.isalpha()]
            if not words or not donor:
                swapped.append(text)
                targets.append(None)
                continue
            old = rng.choice(words)
            new = rng.choice(donor)
            swapped.append(text[: old.start()] + new + text[old.end() :])
            targets.append(new)
        for layer in layers:
            rows += _rows(vectors_of, f"{lang_a}-{lang_b}", layer, texts_a, texts_b, swapped, targets)
    print("| language pair | layer | threshold | content words unmatched on translations | substitution caught |")
    print("| --- | --- | --- | --- | --- |")
    for pair, layer, threshold, unmatched, caught in rows:
        print(f"| {pair} | {layer} | {threshold:.2f} | {unmatched:.3f} | {caught:.3f} |")


def _rows(
    vectors_of: Callable[[list[str], int], list[WordVectors]],
    pair: str,
    layer: int,
    texts_a: list[str],
    texts_b: list[str],
    swapped: list[str],
    targets: list[str | None],
) -> list[tuple[str, int, float, float, float]]:
    va, vb, vs = (vectors_of(t, layer) for t in (texts_a, texts_b, swapped))
    rows = []
    for threshold in THRESHOLDS:
        left = total = caught = tried = 0
        for n in range(len(texts_a)):
            only_a, only_b = unmatched_words(va[n], vb[n], threshold)
            left += len(only_a) + len(only_b)
            total += sum(len(w) >= 4 or w.isdigit() for w in va[n].words + vb[n].words)
            if targets[n] is not None:
                _, only_s = unmatched_words(va[n], vs[n], threshold)
                tried += 1
                caught += any(vs[n].words[j] == targets[n] for j in only_s)
        rows.append((pair, layer, threshold, left / total, caught / tried if tried else 0.0))
    return rows


if __name__ == "__main__":
    main()
