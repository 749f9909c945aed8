"""Facts compared as facts: the flags of aligned pairs, stories (which documents report one occasion)
and fact slots.

:mod:`.flags` compares the facts of each aligned pair (:func:`flag_pairs`) and finds the
near pairs outside the claims whose facts contradict (:func:`contradicting_pairs`).

:func:`compare_facts` is the stage the pipeline calls after alignment: it dates the
documents into stories, removes contradiction flags between documents of different
occasions (their pairs become ``related`` with the reason), links the figures and
dates of comparable documents into fact slots, and flags two values of one slot
that cannot both be right, adding a ``related`` pair where alignment had none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from claimcmp.config import FlagSettings
from claimcmp.facts.flags import (
    CONTRADICTIONS,
    contradicting_pairs,
    dates_agree,
    flag_pair,
    flag_pairs,
    quantities_agree,
    shown_flags,
)
from claimcmp.facts.frames import conflicting
from claimcmp.facts.mentions import Mention, mentions_of, same_figure_structure
from claimcmp.facts.slots import build_slots, slot_flag, stated_alike_in
from claimcmp.facts.stories import comparable, find_stories, occasion_note, story_of
from claimcmp.records import Document, FactSlot, Flag, Pair, Relation, Segment, Severity, Story

__all__ = [
    "compare_facts",
    "contradicting_pairs",
    "dates_agree",
    "find_stories",
    "finished_pairs",
    "flag_claims",
    "flag_pair",
    "flag_pairs",
    "quantities_agree",
    "shown_flags",
]

# flag types that a slot decides now: the pair-level flags of these kinds are replaced
SLOT_FLAG_TYPES = frozenset({"number", "date"})


def compare_facts(
    documents: Sequence[Document],
    segments: Sequence[Segment],
    pairs: Sequence[Pair],
    cosine: Callable[[str, str], float],
    story_days: int,
    slot_threshold: float,
    compare_all_below: int,
    confident_score: float = 1.04,
) -> tuple[tuple[Story, ...], tuple[FactSlot, ...], list[Pair]]:
    """Stories, the fact table, and ``pairs`` with slot flags (new ``related`` pairs appended)."""
    stories = find_stories(documents, segments, story_days)
    in_story = story_of(stories)
    by_id = {s.id: s for s in segments}
    story_by_id = {s.id: s for s in stories}

    kept: list[Pair] = []
    for pair in pairs:
        sa, sb = in_story.get(by_id[pair.a].doc, ""), in_story.get(by_id[pair.b].doc, "")
        # a pair this close renders one statement (a translation, a wire copy), so its figures and
        # dates may be compared in reading order, as they stand; any other pair's go to the slots
        # (within one story: a dated and an undated document may report two occasions)
        renders_one = pair.score + pair.evidence >= confident_score and sa == sb
        renders_one = renders_one and same_figure_structure(by_id[pair.a], by_id[pair.b])
        flags = tuple(
            f
            for f in pair.flags
            if f.type not in SLOT_FLAG_TYPES or (renders_one and not _frames_conflict(f, by_id[pair.a], by_id[pair.b]))
        )
        if not comparable(sa, sb):
            if any(f.type in CONTRADICTIONS or f.type == "quote_variant" for f in pair.flags):
                pair = replace(pair, relation="related", note=occasion_note(story_by_id[sa], story_by_id[sb]))
            flags = ()
        contradicted = any(f.type in CONTRADICTIONS for f in flags)
        relation: Relation = "related" if contradicted or pair.note else "equivalent"
        kept.append(replace(pair, flags=flags, relation=relation))

    aligned = {(p.a, p.b) for p in kept} | {(p.b, p.a) for p in kept}
    # a pair this close renders one statement (a translation, a wire copy): its lone figures are one fact's
    sure = {(p.a, p.b) for p in kept if p.score + p.evidence >= confident_score}
    sure |= {(b, a) for a, b in sure}
    doc_pairs = None
    if len(documents) >= compare_all_below:
        doc_pairs = {(by_id[a].doc, by_id[b].doc) for a, b in aligned}
    result = build_slots(segments, stories, aligned, cosine, slot_threshold, doc_pairs, sure)
    slot_by_id = {s.id: s for s in result.slots}

    index = {(p.a, p.b): i for i, p in enumerate(kept)}
    for link, slot_id in zip(result.links, result.slot_of_link, strict=True):
        if not link.disagree:
            continue
        a, b = link.a.segment.id, link.b.segment.id
        at = index.get((a, b), index.get((b, a)))
        if at is not None and any(f.type in SLOT_FLAG_TYPES for f in kept[at].flags):
            continue  # the sure pair's own comparison already names these values
        slot = slot_by_id[slot_id]
        severity: Severity = "high" if link.aligned and link.concepts else "medium"
        flag = slot_flag(link, slot, severity)
        if at is None:
            index[(a, b)] = len(kept)
            kept.append(
                Pair(
                    a=a,
                    b=b,
                    similarity=round(cosine(a, b), 4),
                    score=0.0,
                    relation="related",
                    flags=(flag,),
                    note=f"same fact: {slot.name}",
                )
            )
        else:
            pair = kept[at]
            kept[at] = replace(pair, flags=(*pair.flags, flag if pair.a == a else _swapped(flag)), relation="related")
    return stories, tuple(result.slots), kept


def flag_claims(
    pairs: Sequence[Pair],
    near: Sequence[Pair],
    segments: Sequence[Segment],
    settings: FlagSettings,
    partnered_threshold: float,
) -> tuple[list[Pair], set[tuple[str, str]]]:
    """The aligned ``pairs`` flagged, then the ``near`` candidates outside them whose facts contradict,
    with the ids of those kept only for a contradiction (for :func:`finished_pairs`)."""
    flagged = flag_pairs(pairs, segments, settings)
    contradicting = contradicting_pairs(near, segments, flagged, settings, partnered_threshold)
    return flagged + contradicting, {(p.a, p.b) for p in contradicting}


def finished_pairs(
    pairs: Sequence[Pair],
    kept_for_contradiction: set[tuple[str, str]],
    segments: Sequence[Segment],
    settings: FlagSettings,
) -> tuple[Pair, ...]:
    """The pairs as the comparison reports them: the flags at the chosen severity, in reading order.

    A near pair kept for a contradiction that the slots do not confirm stays related, and says so.
    """
    finished = [
        p
        if (p.a, p.b) not in kept_for_contradiction or p.flags or p.note
        else replace(p, relation="related", note="a close statement with other figures; no fact in dispute")
        for p in pairs
    ]
    finished = [replace(p, flags=shown_flags(p.flags, settings)) for p in finished]
    position = {s.id: i for i, s in enumerate(segments)}
    finished.sort(key=lambda p: (position[p.a], position[p.b]))  # reading order: diffs between runs stay small
    return tuple(finished)


def _frames_conflict(flag: Flag, a: Segment, b: Segment) -> bool:
    """The two values a reading-order flag compares are figures of different things (killed / injured),
    or one of them is stated alike by the other statement ("four gunmen and seven more" / "eleven suspects,
    four of them gunmen": the 7 is not the eleven's rival)."""
    x = _mention_at(a, flag.a.span if flag.a else None)
    y = _mention_at(b, flag.b.span if flag.b else None)
    if x is None or y is None:
        return False
    return conflicting(x.frame, y.frame) or stated_alike_in(x, b) or stated_alike_in(y, a)


def _mention_at(segment: Segment, span: tuple[int, int] | None) -> Mention | None:
    if span is None:
        return None
    return next((m for m in mentions_of(segment) if m.span[0] < span[1] and span[0] < m.span[1]), None)


def _swapped(flag: Flag) -> Flag:
    return replace(flag, a=flag.b, b=flag.a)
