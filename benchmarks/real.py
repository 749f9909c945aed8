"""Real coverage: flags and fact slots against hand gold on ``benchmarks/data/real/``.

Each folder is one event covered by 5–8 outlets in several languages, with a
``gold.json`` in the format of ``shared/guides/judging-flags.md``: keys (exact
substrings of one sentence each), pairs of keys that report one claim, fact slots
(slot → value per key), the flags a reader must get (``required_flags``: two keys of
one slot whose values cannot both be right) and those they must not
(``must_not_flag``). claimcmp runs on the plain text files, as a user would.

Scores, per event and over all events:

- **flag precision**: of the number/date/entity/speaker flags on pairs of keyed
  statements, the share whose key pair is a required flag of that type (a flag on a
  statement no key names counts against it too: ``unkeyed``);
- **disagreement recall**: the share of required flags raised (any flag type that
  names the pair's kind);
- **must-not**: must-not pairs that got a flag of a forbidden type;
- **pair recall / precision** over the gold's equivalent + related pairs (neutral
  pairs count neither way);
- **slot agreement**: over pairs of gold values of different documents that map to
  a claimcmp mention (same statement, same number), precision and recall of "in one
  slot" against the gold's slots;
- the **slot calibration** table: how well each feature, and the link score,
  separate same-slot from different-slot pairs of mentions (ROC AUC, precision at
  recall 0.8), as in ``shared/guides/slot-matching-probe.md``.

``python -m benchmarks.real`` prints the tables; ``python -m benchmarks run --only real``
records them with the other suites. ``--root benchmarks/data/real_languages`` scores another
collection of event folders (the languages added later are kept apart there, so the numbers
of the default root stay comparable across versions); ``--wrong`` lists the wrong flags.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import BENCH, Context, fmt, log, table

NAME = "real"
REAL = BENCH / "data" / "real"
FLAG_TYPES = {
    "number": {"number"},
    "date": {"date"},
    "entity": {"entity"},
    "speaker": {"speaker"},
    "rank": {"number", "entity"},
}
COUNTED = frozenset({"number", "date", "entity", "speaker", "polarity"})


@dataclass
class Event:
    name: str
    folder: Path
    gold: dict[str, Any]
    key_segment: dict[str, str] = field(default_factory=dict)


def events(root: Path = REAL) -> list[Event]:
    """The event folders (those with a ``gold.json``) under ``root``."""
    out = []
    for folder in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        out.append(Event(folder.name, folder, json.loads((folder / "gold.json").read_text(encoding="utf-8"))))
    return out


def _map_keys(event: Event, comparison: Any) -> dict[str, str]:
    """Gold key → id of the claimcmp segment whose text holds it."""
    doc_of_letter = event.gold["docs"]
    by_doc: dict[str, list[Any]] = {}
    for segment in comparison.segments:
        by_doc.setdefault(segment.doc, []).append(segment)
    out = {}
    for key, text in event.gold["keys"].items():
        doc = doc_of_letter[key[0]]
        needle = " ".join(text.split())
        for segment in by_doc.get(doc, []):
            if needle in " ".join(segment.text.split()):
                out[key] = segment.id
                break
    return out


def _number(text: str) -> float | None:
    """The figure a gold value states ("more than 60" → 60, "2.060.412" → 2060412, "50,16" → 50.16)."""
    match = re.search(r"\d[\d\s.,\u00a0]*", text)
    if not match:
        return None
    raw = re.sub(r"[\s\u00a0]", "", match.group()).rstrip(".,")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
        raw = re.sub(r"[.,]", "", raw)
    raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def score_event(event: Event, comparison: Any) -> dict[str, Any]:
    try:
        from claimcmp.facts.slots import mentions_of
    except ImportError:  # a claimcmp from before fact slots (measured side by side): no slot agreement

        def mentions_of(segment: Any) -> list[Any]:
            return []

    gold = event.gold
    key_segment = _map_keys(event, comparison)
    segment_keys: dict[str, list[str]] = {}
    for key, seg in key_segment.items():
        segment_keys.setdefault(seg, []).append(key)

    required = {(tuple(sorted(r["pair"])), r["type"]) for r in gold.get("required_flags", [])}
    required_pairs = {p for p, _ in required}
    must_not = {tuple(sorted(m["pair"])): set(m["types"]) for m in gold.get("must_not_flag", [])}
    gold_pairs = {tuple(sorted(p)) for p in gold.get("equivalent", []) + gold.get("related", [])}
    neutral = {tuple(sorted(p)) for p in gold.get("neutral", [])}

    flags_right = flags_wrong = unkeyed = 0
    raised: set[tuple[tuple[str, ...], str]] = set()
    must_not_hit = 0
    wrong_examples: list[str] = []
    found_pairs: set[tuple[str, ...]] = set()
    predicted_keyed_pairs = 0
    predicted_right_pairs = 0
    for pair in comparison.pairs:
        keys_a, keys_b = segment_keys.get(pair.a, []), segment_keys.get(pair.b, [])
        key_pairs = {tuple(sorted((x, y))) for x in keys_a for y in keys_b}
        if pair.score > 0:  # an aligned pair (slot-only pairs have no margin score)
            if key_pairs:
                predicted_keyed_pairs += 1
                if key_pairs & (gold_pairs | neutral):
                    predicted_right_pairs += 1 if key_pairs & gold_pairs else 0
                    if not key_pairs & gold_pairs:
                        predicted_keyed_pairs -= 1  # neutral: neither way
            found_pairs |= key_pairs & gold_pairs
        for flag in pair.flags:
            if flag.type not in COUNTED:
                continue
            if not key_pairs:
                unkeyed += 1
                wrong_examples.append(f"unkeyed {flag.type}: {flag.message[:110]}")
                continue
            hit = [
                kp
                for kp in key_pairs
                for gtype, types in FLAG_TYPES.items()
                if flag.type in types and (kp, gtype) in required
            ]
            if hit:
                flags_right += 1
                raised |= {(kp, t) for kp in hit for t, types in FLAG_TYPES.items() if flag.type in types}
            else:
                flags_wrong += 1
                why = next((kp for kp in key_pairs if kp in must_not and flag.type in must_not[kp]), None)
                wrong_examples.append(
                    f"{'MUST-NOT ' if why else ''}{flag.type} {sorted(key_pairs)}: {flag.message[:110]}"
                )
            if any(kp in must_not and flag.type in must_not[kp] for kp in key_pairs):
                must_not_hit += 1

    # slot agreement over gold values that map onto a mention of claimcmp
    gold_slot_of: dict[tuple[str, float], int] = {}
    for number, fact in enumerate(gold.get("facts", [])):
        for key, value in fact.get("values", {}).items():
            figure = _number(str(value))
            if figure is not None and key in key_segment:
                gold_slot_of[(key, figure)] = number
    our_slot: dict[tuple[str, tuple[int, int]], str] = {}
    for slot in getattr(comparison, "facts", ()):
        for v in slot.values:
            our_slot[(v.segment, v.span)] = slot.id
    mention_at: dict[tuple[str, float], tuple[str, tuple[int, int]]] = {}
    by_id = {s.id: s for s in comparison.segments}
    for key, figure in gold_slot_of:
        segment = by_id[key_segment[key]]
        for mention in mentions_of(segment):
            value = _mention_value(mention)
            if value is not None and math.isclose(value, figure, rel_tol=1e-6):
                mention_at[(key, figure)] = (segment.id, mention.span)
                break
    mapped = [k for k in gold_slot_of if k in mention_at]
    same_gold = same_ours = same_both = 0
    for i, x in enumerate(mapped):
        for y in mapped[i + 1 :]:
            if x[0][0] == y[0][0]:
                continue  # same document
            g = gold_slot_of[x] == gold_slot_of[y]
            ox, oy = our_slot.get(mention_at[x]), our_slot.get(mention_at[y])
            o = ox is not None and ox == oy
            same_gold += g
            same_ours += o
            same_both += g and o
    return {
        "event": event.name,
        "documents": len(gold["docs"]),
        "languages": sorted(set(gold["doc_lang"].values())),
        "keys_mapped": f"{len(key_segment)}/{len(gold['keys'])}",
        "flags_right": flags_right,
        "flags_wrong": flags_wrong,
        "flags_unkeyed": unkeyed,
        "flag_precision": _ratio(flags_right, flags_right + flags_wrong + unkeyed),
        "required": len(required),
        "required_raised": len(raised & required),
        "disagreement_recall": _ratio(len(raised & required), len(required)),
        "required_pairs_raised": len({p for p, _ in raised} & required_pairs),
        "must_not": len(must_not),
        "must_not_flagged": must_not_hit,
        "pair_recall": _ratio(len(found_pairs), len(gold_pairs)),
        "pair_precision": _ratio(predicted_right_pairs, predicted_keyed_pairs),
        "slot_pairs_gold": same_gold,
        "slot_precision": _ratio(same_both, same_ours),
        "slot_recall": _ratio(same_both, same_gold),
        "gold_values_mapped": f"{len(mapped)}/{len(gold_slot_of)}",
        "wrong_examples": wrong_examples[:40],
    }


def gold_mentions(
    event: Event, comparison: Any, mentions_of_segment: dict[str, list[Any]]
) -> list[tuple[int, str, Any]]:
    """(gold slot number, key, claimcmp mention) for every gold value that a mention of its statement reads.

    ``mentions_of_segment`` maps a segment id to claimcmp's mentions of it (passed in so that
    callers can keep the mention objects they compare by identity).
    """
    key_segment = _map_keys(event, comparison)
    found = []
    for number, fact in enumerate(event.gold.get("facts", [])):
        for key, value in fact.get("values", {}).items():
            figure = _number(str(value))
            if figure is None or key not in key_segment:
                continue
            for mention in mentions_of_segment.get(key_segment[key], []):
                read = _mention_value(mention)
                if read is not None and math.isclose(read, figure, rel_tol=1e-6):
                    found.append((number, key, mention))
                    break
    return found


def _mention_value(mention: Any) -> float | None:
    q = mention.quantity
    if q is not None:
        for v in (q.value, q.low, q.high):
            if v is not None:
                return float(v)
        return None
    d = mention.date
    if d is not None and d.value:
        match = re.search(r"(\d+)$", d.value)
        return float(match.group(1)) if match else None
    return None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def calibration(event_runs: Sequence[tuple[Event, Any]]) -> dict[str, Any]:
    """AUC and precision at recall 0.8 of each slot feature, over cross-document gold mention pairs."""
    from claimcmp.facts.frames import conflicting, shared
    from claimcmp.facts.slots import _closeness, link_score, mentions_of

    rows: list[tuple[bool, dict[str, float]]] = []
    for event, comparison in event_runs:
        aligned = {(p.a, p.b) for p in comparison.pairs if p.score > 0}
        aligned |= {(b, a) for a, b in aligned}
        own = {s.id: mentions_of(s) for s in comparison.segments}
        items = [(number, mention) for number, _, mention in gold_mentions(event, comparison, own)]
        for i, (slot_x, x) in enumerate(items):
            for slot_y, y in items[i + 1 :]:
                if x.segment.doc == y.segment.doc or x.kind != y.kind:
                    continue
                is_aligned = (x.segment.id, y.segment.id) in aligned
                found = link_score(x, y, is_aligned, 0.0)
                rows.append(
                    (
                        slot_x == slot_y,
                        {
                            "closeness": _closeness(x, y),
                            "shared frame concepts": shared(x.frame, y.frame) - 10 * conflicting(x.frame, y.frame),
                            "aligned statements": float(is_aligned),
                            "link score (no cosine)": found[0] if found else -1.0,
                        },
                    )
                )
    out: dict[str, Any] = {"pairs": len(rows), "same_slot": sum(r[0] for r in rows)}
    for feature in ("closeness", "shared frame concepts", "aligned statements", "link score (no cosine)"):
        scored = [(r[1][feature], r[0]) for r in rows]
        out[feature] = {"auc": _auc(scored), "p_at_r08": _precision_at_recall(scored, 0.8)}
    return out


def _auc(scored: list[tuple[float, bool]]) -> float | None:
    positives = [s for s, y in scored if y]
    negatives = [s for s, y in scored if not y]
    if not positives or not negatives:
        return None
    ranked = sorted(scored, key=lambda item: item[0])
    # average ranks for ties (Mann-Whitney U)
    ranks: dict[int, float] = {}
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(ranks[k] for k, (_, y) in enumerate(ranked) if y)
    u = rank_sum - len(positives) * (len(positives) + 1) / 2
    return round(u / (len(positives) * len(negatives)), 3)


def _precision_at_recall(scored: list[tuple[float, bool]], recall: float) -> float | None:
    total = sum(y for _, y in scored)
    if not total:
        return None
    hits = 0
    for n, (_, y) in enumerate(sorted(scored, key=lambda item: -item[0]), 1):
        hits += y
        if hits >= recall * total:
            return round(hits / n, 3)
    return None


def run(ctx: Context, root: Path = REAL) -> dict[str, Any]:
    from claimcmp.pipeline import compare

    runs = []
    results = []
    for event in events(root):
        log(f"real: {event.name}")
        comparison = compare([event.folder], ctx.settings, embedder=ctx.embedder())
        runs.append((event, comparison))
        results.append(score_event(event, comparison))
    try:
        cal = calibration(runs)
    except ImportError:
        cal = {"pairs": 0, "same_slot": 0}
    return {"events": results, "total": _total(results), "calibration": cal}


def _total(results: list[dict[str, Any]]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for r in results:
        for k in (
            "flags_right",
            "flags_wrong",
            "flags_unkeyed",
            "required",
            "required_raised",
            "must_not",
            "must_not_flagged",
        ):
            total[k] += r[k]
    return {
        **total,
        "flag_precision": _ratio(
            total["flags_right"], total["flags_right"] + total["flags_wrong"] + total["flags_unkeyed"]
        ),
        "disagreement_recall": _ratio(total["required_raised"], total["required"]),
        "lowest_event_precision": min(
            (r["flag_precision"] for r in results if r["flag_precision"] is not None), default=None
        ),
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        [
            r["event"],
            ", ".join(r["languages"]),
            fmt(r["flag_precision"]),
            f"{r['flags_right']}/{r['flags_right'] + r['flags_wrong'] + r['flags_unkeyed']}",
            fmt(r["disagreement_recall"]),
            f"{r['required_raised']}/{r['required']}",
            f"{r['must_not_flagged']}/{r['must_not']}",
            fmt(r["pair_recall"]),
            fmt(r["pair_precision"]),
            fmt(r["slot_precision"]),
            fmt(r["slot_recall"]),
        ]
        for r in result["events"]
    ]
    t = result["total"]
    rows.append(
        [
            "**all**",
            "",
            fmt(t["flag_precision"]),
            f"{t['flags_right']}/{t['flags_right'] + t['flags_wrong'] + t['flags_unkeyed']}",
            fmt(t["disagreement_recall"]),
            f"{t['required_raised']}/{t['required']}",
            f"{t['must_not_flagged']}/{t['must_not']}",
            "",
            "",
            "",
            "",
        ]
    )
    head = [
        "event",
        "languages",
        "flag precision",
        "right/flags",
        "disagreement recall",
        "raised/required",
        "must-not flagged",
        "pair recall",
        "pair precision",
        "slot precision",
        "slot recall",
    ]
    cal = result["calibration"]
    cal_rows = [[name, fmt(v["auc"]), fmt(v["p_at_r08"])] for name, v in cal.items() if isinstance(v, dict)]
    return (
        table(head, rows)
        + f"\n\nSlot calibration: {cal['pairs']} cross-document pairs of gold values, "
        + f"{cal['same_slot']} in one slot.\n\n"
        + table(["feature", "ROC AUC", "precision at recall 0.8"], cal_rows)
    )


def calibrate(ctx: Context) -> str:
    """Refit the link score's logistic model on the gold values (data/slots/calibration.toml), leave-one-event-out.

    The rows are the cross-document pairs of gold values that map onto claimcmp mentions and
    that the hard rules let through (frames that do not conflict, the same unit); the label
    is "the gold puts them in one slot".
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from claimcmp.facts.frames import conflicting, shared
    from claimcmp.facts.slots import COSINE_RANGE, _closeness, _lone_leftovers, _same_unit, mentions_of
    from claimcmp.model import embedding_text
    from claimcmp.pipeline import compare

    names = ["closeness", "concepts", "aligned", "cosine", "empty_frame"]
    rows: list[tuple[str, bool, list[float]]] = []
    for event in events():
        comparison = compare([event.folder], ctx.settings, embedder=ctx.embedder())
        vectors = ctx.embedder().embed_batch([embedding_text(s) for s in comparison.segments])
        row = {s.id: i for i, s in enumerate(comparison.segments)}
        aligned = {(p.a, p.b) for p in comparison.pairs if p.score > 0}
        aligned |= {(b, a) for a, b in aligned}
        own = {s.id: mentions_of(s) for s in comparison.segments}
        by_doc: dict[str, list[Any]] = {}
        for segment in comparison.segments:
            by_doc.setdefault(segment.doc, []).extend(own[segment.id])
        items = [(number, mention) for number, _, mention in gold_mentions(event, comparison, own)]
        for i, (slot_x, x) in enumerate(items):
            for slot_y, y in items[i + 1 :]:
                if x.segment.doc == y.segment.doc or x.kind != y.kind:
                    continue
                if conflicting(x.frame, y.frame) or not _same_unit(x, y):
                    continue
                lone = _lone_leftovers(by_doc[x.segment.doc], by_doc[y.segment.doc], aligned)
                cos = float(vectors[row[x.segment.id]] @ vectors[row[y.segment.id]])
                low, high = COSINE_RANGE
                rows.append(
                    (
                        event.name,
                        slot_x == slot_y,
                        [
                            _closeness(x, y),
                            float(min(shared(x.frame, y.frame), 2)),
                            float((id(x), id(y)) in lone),
                            min(1.0, max(0.0, (cos - low) / (high - low))),
                            float(x.kind == "number" and (not x.frame.concepts or not y.frame.concepts)),
                        ],
                    )
                )
    features = np.array([r[2] for r in rows])
    labels = np.array([r[1] for r in rows])
    groups = np.array([r[0] for r in rows])
    held_out = []
    for name in sorted(set(groups)):
        train = groups != name
        model = LogisticRegression(max_iter=1000).fit(features[train], labels[train])
        held_out.append(roc_auc_score(labels[~train], model.predict_proba(features[~train])[:, 1]))
    model = LogisticRegression(max_iter=1000).fit(features, labels)
    lines = [
        f"# {len(rows)} pairs, {int(labels.sum())} in one slot; leave-one-event-out ROC AUC "
        f"{np.mean(held_out):.3f} ({min(held_out):.2f}-{max(held_out):.2f})",
        f"intercept = {model.intercept_[0]:.3f}",
        *(f"{n} = {w:.3f}" for n, w in zip(names, model.coef_[0], strict=True)),
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ctx = Context(quick=False)
    if "--calibrate" in argv:
        print(calibrate(ctx))
        return 0
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv else REAL
    if not root.is_dir():
        print(f"--root {root}: no such folder; expected a folder of event folders, each with a gold.json")
        return 2
    result = run(ctx, root)
    print(markdown(result))
    if "--wrong" in argv:
        for r in result["events"]:
            print(f"\n## {r['event']}")
            for line in r["wrong_examples"]:
                print(" ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
