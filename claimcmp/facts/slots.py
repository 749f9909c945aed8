"""Fact slots: which figures and dates of different articles are values of the same fact.

A flag used to compare whatever numbers two aligned sentences held, by position:
"26 freed in total" against "16 freed from Russia". Here every figure and date is
a *mention* with a frame (:mod:`claimcmp.facts.frames`), and two mentions of
different documents may be values of one slot only when

* their documents are about one occasion (:mod:`claimcmp.facts.stories`);
* they are the same kind of value (a count and a count of the same unit; two dates);
* their frames do not name different things in one dimension (killed / injured), nor
  different people, places or organisations in their clauses;
* there is evidence beyond the values: a concept both frames name, the two statements
  aligned with these as their only figures left unmatched, or (figures only) very
  similar statements — closeness of the values never decides alone.

Such a pair gets a *link score*: the probability, by a logistic model calibrated on the
real coverage in ``benchmarks/data/real/`` (``data/slots/calibration.toml``), that the
two are one fact's values, from the closeness of the values (``1 - |log10(a/b)|``), the
concepts both frames name, the alignment, and the sentence cosine (a weak, secondary
feature). The mentions of a story are then clustered by average linkage on these
scores: a mention joins a slot when it is, on average, close enough to all of it, so
one misread link does not chain two slots together (26 killed ~ 26 ~ 30 injured).

The slots are the rows of the fact table. Two values of one slot, from different
documents and linked directly, that cannot both be right (the interval rules of
:mod:`claimcmp.facts.flags`: "more than 10 000" and "12 000" agree) are a disagreement, flagged
whether or not the two statements are each other's best match.
"""

from __future__ import annotations

import datetime
import math
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from claimcmp.facts.flags import date_parts, dates_compatible, quantities_compatible, rounded_from
from claimcmp.facts.frames import concepts, conflicting, shared, slot_name
from claimcmp.facts.mentions import Mention, mentions_of
from claimcmp.facts.stories import UNDATED, comparable, story_of
from claimcmp.records import DateMention, FactSlot, Flag, FlagSide, Quantity, Segment, Severity, SlotValue, Story

# cosines below the first count nothing, above the second count fully
COSINE_RANGE = (0.75, 0.95)
# two statements this similar are evidence that their figures may be one fact's (with the values' closeness)
EVIDENCE_COSINE = 0.8


@cache
def _weights() -> dict[str, float]:
    path = resources.files("claimcmp") / "data" / "slots" / "calibration.toml"
    return {k: float(v) for k, v in tomllib.loads(path.read_text(encoding="utf-8")).items()}


@dataclass(frozen=True, slots=True)
class Link:
    a: Mention
    b: Mention
    score: float
    aligned: bool
    concepts: int
    # False: the two values are in one slot through other links, not linked to each other
    direct: bool = True

    @property
    def disagree(self) -> bool:
        # a vague word ("dozens", "setki", "десятки") is no figure to contradict a count with
        return not _compatible(self.a, self.b) and not (_vague(self.a) or _vague(self.b))


@dataclass
class SlotResult:
    """The fact table of a run and the links behind it."""

    slots: list[FactSlot] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    slot_of_link: list[str] = field(default_factory=list)


def link_score(
    x: Mention, y: Mention, aligned: bool, cosine: float, need_concepts: bool = False
) -> tuple[float, int] | None:
    """The score of ``x`` and ``y`` being one fact's values, with the concepts they share; None when they cannot be.

    ``need_concepts``: alignment alone is not evidence enough (a dated and an undated
    document: nothing says they report one occasion).
    """
    if x.kind != y.kind or conflicting(x.frame, y.frame):
        return None
    if not _same_unit(x, y):
        return None
    if x.date is not None and y.date is not None and not _same_date_grain(x.date, y.date):
        return None
    concepts = shared(x.frame, y.frame)
    # dates of different things fall on neighbouring days (held on the 20th, published on the 21st),
    # and no table names what a date is of: only two aligned statements' dates are compared
    similar = cosine >= EVIDENCE_COSINE and x.kind == "number"
    if concepts == 0 and (need_concepts or not (aligned or similar)):
        return None  # closeness of the values never decides alone
    low, high = COSINE_RANGE
    w = _weights()
    z = (
        w["intercept"]
        + w["closeness"] * _closeness(x, y)
        + w["concepts"] * min(concepts, 2)
        + w["aligned"] * aligned
        + w["cosine"] * min(1.0, max(0.0, (cosine - low) / (high - low)))
        # no table names what a date is of, so only a figure's empty frame is a lack of evidence
        + w["empty_frame"] * (x.kind == "number" and (not x.frame.concepts or not y.frame.concepts))
    )
    return 1.0 / (1.0 + math.exp(-z)), concepts


def build_slots(
    segments: Sequence[Segment],
    stories: Sequence[Story],
    aligned: set[tuple[str, str]],
    cosine: Callable[[str, str], float],
    link_threshold: float,
    document_pairs: set[tuple[str, str]] | None = None,
    sure: set[tuple[str, str]] | None = None,
) -> SlotResult:
    """The slots of the mentions of ``segments``: candidate links between comparable documents, clustered.

    ``aligned`` holds the (a, b) segment ids of pairs alignment found, both orders;
    ``cosine(a, b)`` gives two statements' embedding cosine (0 when unknown);
    ``document_pairs``, when given, limits the documents compared to those pairs
    (a large input: the pairs of documents alignment found sharing a statement);
    ``sure`` holds the aligned pairs so close that they render one statement: the
    figures each leaves alone are one fact's values whatever the link score.
    """
    in_story = story_of(stories)
    latest = _latest_years(segments, stories, in_story)
    dated = {s.id for s in stories if s.date}
    by_doc: dict[str, list[Mention]] = {}
    for segment in segments:
        story = in_story.get(segment.doc, "")
        background = _about_the_past(segment, latest.get(story, {}).get(segment.doc), story in dated)
        for mention in mentions_of(segment):
            if background and mention.kind == "number":
                continue  # "in 1981 a train fell into a river: 800 to 1000 died" is no value of today's toll
            by_doc.setdefault(segment.doc, []).append(mention)
    docs = sorted(by_doc)
    candidates: list[Link] = []
    for i, doc_a in enumerate(docs):
        for doc_b in docs[i + 1 :]:
            story_a, story_b = in_story.get(doc_a, ""), in_story.get(doc_b, "")
            if not comparable(story_a, story_b):
                continue
            if document_pairs is not None and (doc_a, doc_b) not in document_pairs:
                continue
            # a dated and an undated document: nothing says they report one occasion
            mixed = UNDATED in (story_a, story_b) and story_a != story_b
            candidates += _candidates(by_doc[doc_a], by_doc[doc_b], aligned, cosine, mixed, sure or set())
    return _group(_clustered(candidates, link_threshold), in_story)


# a statement naming a year this much older than the latest year its story names is background
PAST_YEARS = 2


def _latest_years(
    segments: Sequence[Segment], stories: Sequence[Story], in_story: dict[str, str]
) -> dict[str, dict[str, int]]:
    """Each story's latest year as each of its documents sees it: the story's date's, or the latest
    year any *other* document of the story names (one article's own history dates nothing)."""
    dated = {s.id: int(s.date[:4]) for s in stories if s.date}
    named: dict[str, dict[str, int]] = {}  # story -> document -> latest year it names
    docs: dict[str, set[str]] = {}  # story -> its documents
    for segment in segments:
        story = in_story.get(segment.doc, "")
        docs.setdefault(story, set()).add(segment.doc)
        for year in _years_named(segment):
            of_story = named.setdefault(story, {})
            of_story[segment.doc] = max(of_story.get(segment.doc, year), year)
    out: dict[str, dict[str, int]] = {}
    for story, members in docs.items():
        # the two documents naming the latest years: each document sees the best one that is not its own
        top = sorted(((year, doc) for doc, year in named.get(story, {}).items()), reverse=True)[:2]
        for doc in members:
            years = [year for year, other in top if other != doc][:1] + ([dated[story]] if story in dated else [])
            if years:
                out.setdefault(story, {})[doc] = max(years)
    return out


def _years_named(segment: Segment) -> list[int]:
    facts = segment.facts
    return [int(d.value[:4]) for d in facts.dates if d.value and not d.relative and re.match(r"\d{4}", d.value)]


# with no year of its own, a story is judged against today: a year this much older is history for sure
HISTORY_YEARS = 10


def _about_the_past(segment: Segment, latest: int | None, story_dated: bool) -> bool:
    """The statement is set years before its story: its figures are history, not values of the story's facts.

    "The worst disaster was in 1981, when 800 to 1000 died" in a story no document dates. A
    story's date decides alone; an undated story's latest year is only what its articles happen to
    name, and articles that give their own story no year name the history they recall ("in 2004,
    628 died" in two articles of one 2023 quake): there a year ten years before today is history too.
    """
    years = _years_named(segment)
    if not years:
        return False
    history = datetime.date.today().year - HISTORY_YEARS
    if latest is None:
        return max(years) <= history
    if story_dated:
        return max(years) <= latest - PAST_YEARS
    return max(years) <= max(latest - PAST_YEARS, history)


# candidate links below this score take no part in the clustering (they would only add distance 1)
CANDIDATE_FLOOR = 0.2
# above this many mentions in one connected group of candidates, no clustering: links at the threshold
_MOST_CLUSTERED = 400


def _candidates(
    xs: list[Mention],
    ys: list[Mention],
    aligned: set[tuple[str, str]],
    cosine: Callable[[str, str], float],
    need_concepts: bool,
    sure: set[tuple[str, str]],
) -> list[Link]:
    """The scored candidate links between two documents' mentions, best first."""
    scored = []
    lone = _lone_leftovers(xs, ys, aligned)
    matched = _matched_elsewhere(xs, ys)
    for x in xs:
        for y in ys:
            if (id(x), id(y)) in matched:
                continue
            is_aligned = (x.segment.id, y.segment.id) in aligned and (id(x), id(y)) in lone
            found = link_score(x, y, is_aligned, cosine(x.segment.id, y.segment.id), need_concepts)
            if found is None:
                continue
            score = 1.0 if is_aligned and (x.segment.id, y.segment.id) in sure else found[0]
            if score >= CANDIDATE_FLOOR:
                scored.append(Link(x, y, round(score, 4), is_aligned, found[1]))
    scored.sort(key=lambda link: (-link.score, link.a.segment.index, link.b.segment.index, link.a.span, link.b.span))
    return scored


def _clustered(candidates: list[Link], threshold: float) -> list[Link]:
    """The candidate links inside the slots that average-linkage clustering at ``threshold`` finds.

    Two mentions without a candidate link between them are at distance 1 (two mentions
    of one document too: an article's two figures are not evidence of one fact), so a
    mention joins a slot only when its links to the whole slot are strong on average.
    Clustering runs per connected group of candidates.
    """
    import numpy as np

    index: dict[tuple[str, tuple[int, int]], int] = {}
    for link in candidates:
        for mention in (link.a, link.b):
            index.setdefault((mention.segment.id, mention.span), len(index))
    parent = list(range(len(index)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ends = [(index[(k.a.segment.id, k.a.span)], index[(k.b.segment.id, k.b.span)]) for k in candidates]
    for i, j in ends:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(index)):
        groups.setdefault(root(i), []).append(i)
    label: dict[int, tuple[int, int]] = {}
    for group_root, members in groups.items():
        if len(members) == 2 or len(members) > _MOST_CLUSTERED:
            for i in members:
                label[i] = (group_root, 0)
            continue
        position = {m: n for n, m in enumerate(members)}
        distance = np.ones((len(members), len(members)))
        np.fill_diagonal(distance, 0.0)
        for link, (i, j) in zip(candidates, ends, strict=True):
            if root(i) == group_root:
                a, b = position[i], position[j]
                distance[a, b] = distance[b, a] = min(distance[a, b], 1.0 - link.score)
        for i, cluster in zip(members, average_linkage(distance, 1.0 - threshold), strict=True):
            label[i] = (group_root, cluster)
    kept = []
    for link, (i, j) in zip(candidates, ends, strict=True):
        size = len(groups[root(i)])
        unclustered = size == 2 or size > _MOST_CLUSTERED  # one link alone, or too many to cluster
        if label[i] == label[j] and (link.score >= threshold or not unclustered):
            kept.append(link)
    return kept


def average_linkage(distance: Any, cut: float) -> list[int]:
    """Cluster labels by average linkage (UPGMA), merging while the closest two clusters are within ``cut``.

    ``distance`` is a symmetric matrix with a zero diagonal. Average linkage never merges
    below an earlier merge, so stopping at the first distance over ``cut`` gives the same
    clusters as cutting the full tree there (scipy's ``fcluster(..., "distance")``).
    """
    import numpy as np

    d = np.array(distance, dtype=np.float64)
    n = len(d)
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    label = list(range(n))
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], d, np.inf)
        i, j = divmod(int(np.argmin(masked)), n)
        if masked[i, j] > cut:
            break
        merged = (size[i] * d[i] + size[j] * d[j]) / (size[i] + size[j])
        d[i, :] = d[:, i] = merged
        d[i, i] = np.inf
        size[i] += size[j]
        alive[j] = False
        label = [i if x == j else x for x in label]
    return label


def _same_unit(x: Mention, y: Mention) -> bool:
    if x.quantity is None or y.quantity is None:
        return True
    return (x.quantity.kind, x.quantity.unit) == (y.quantity.kind, y.quantity.unit)


def _matched_elsewhere(xs: list[Mention], ys: list[Mention]) -> set[tuple[int, int]]:
    """Pairs (x, y) of disagreeing values where x has an agreeing value in y's statement, or y in x's.

    Two statements that both say "3 killed" and "9 injured" match their figures one to one:
    the 3 of one is no value of the slot of the 9 of the other.
    """
    by_segment: dict[str, list[Mention]] = {}
    for m in (*xs, *ys):
        by_segment.setdefault(m.segment.id, []).append(m)
    agrees: set[tuple[int, str]] = set()  # (mention, other statement) where the mention has an agreeing value
    for x in xs:
        for y in ys:
            if x.kind == y.kind and _same_unit(x, y) and _same_figure(x, y):
                agrees.add((id(x), y.segment.id))
                agrees.add((id(y), x.segment.id))
    return {
        (id(x), id(y))
        for x in xs
        for y in ys
        if not _compatible(x, y) and ((id(x), y.segment.id) in agrees or (id(y), x.segment.id) in agrees)
    }


def stated_alike_in(mention: Mention, segment: Segment) -> bool:
    """``segment`` states ``mention``'s figure too (or a sum of its that equals it): the two statements agree on it."""
    return any(
        m.kind == mention.kind and _same_unit(m, mention) and _same_figure(m, mention) for m in mentions_of(segment)
    )


def _same_figure(x: Mention, y: Mention) -> bool:
    """Both state one figure, the same (up to rounding or an "about"): not a bound any larger toll meets."""
    qx, qy = x.quantity, y.quantity
    if qx is None or qy is None:
        return x.date is not None and y.date is not None and dates_compatible(x.date, y.date)
    if _vague(x) or _vague(y) or qx.value is None or qy.value is None:
        return False
    one_sided = (qx.low is None) != (qx.high is None) or (qy.low is None) != (qy.high is None)
    if one_sided:
        return False
    if qx.value == qy.value:
        return True
    # or one written to fewer decimals ("53 %" / "52,94 %"); 1492 is not 1498 give or take
    return not (_precise(x) or _precise(y)) and (rounded_from(qx, qy) or rounded_from(qy, qx))


def _lone_leftovers(xs: list[Mention], ys: list[Mention], aligned: set[tuple[str, str]]) -> set[tuple[int, int]]:
    """Mention pairs of aligned statements that are each side's only figure (or date) left unmatched.

    Alignment says two statements report one claim, not which of their figures
    answer which: "18 more bodies were found, bringing the toll to 133" against
    "285 affected (8 children), 133 dead (3 children)". After the values both sides
    share are set aside, a figure left alone on each side is the clear case.
    """
    by_segment_x: dict[str, list[Mention]] = {}
    by_segment_y: dict[str, list[Mention]] = {}
    for m in xs:
        by_segment_x.setdefault(m.segment.id, []).append(m)
    for m in ys:
        by_segment_y.setdefault(m.segment.id, []).append(m)
    out: set[tuple[int, int]] = set()
    for sx, own_x in by_segment_x.items():
        for sy, own_y in by_segment_y.items():
            if (sx, sy) not in aligned:
                continue
            for kind in ("number", "date"):
                of_x = [x for x in own_x if x.kind == kind]
                of_y = [y for y in own_y if y.kind == kind]
                left_x = [x for x in of_x if not any(_compatible(x, y) for y in of_y)]
                left_y = [y for y in of_y if not any(_compatible(x, y) for x in of_x)]
                agreed_x = [x for x in of_x if x not in left_x]
                agreed_y = [y for y in of_y if y not in left_y]
                if len(left_x) == 1 and len(left_y) == 1:
                    out.add((id(left_x[0]), id(left_y[0])))
                for x in agreed_x:  # agreeing values are linked as one fact too
                    for y in agreed_y:
                        if _compatible(x, y):
                            out.add((id(x), id(y)))
    return out


def _group(links: list[Link], in_story: dict[str, str]) -> SlotResult:
    parent: dict[tuple[str, tuple[int, int]], tuple[str, tuple[int, int]]] = {}

    def find(key: tuple[str, tuple[int, int]]) -> tuple[str, tuple[int, int]]:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    mention_of: dict[tuple[str, tuple[int, int]], Mention] = {}
    for link in links:
        ka, kb = (link.a.segment.id, link.a.span), (link.b.segment.id, link.b.span)
        mention_of[ka], mention_of[kb] = link.a, link.b
        parent[find(ka)] = find(kb)
    groups: dict[tuple[str, tuple[int, int]], list[Mention]] = {}
    for key, mention in mention_of.items():
        groups.setdefault(find(key), []).append(mention)
    for first, other in _same_outcome_groups(groups, in_story):
        parent[find(other)] = find(first)
        groups[find(first)] = groups.pop(first, []) + groups.pop(other)
    result = SlotResult()
    root_to_slot: dict[tuple[str, tuple[int, int]], str] = {}
    ordered = sorted(groups.items(), key=lambda item: min((m.segment.doc, m.segment.index, m.span) for m in item[1]))
    for number, (root, members) in enumerate(ordered, start=1):
        members.sort(key=lambda m: (m.segment.doc, m.segment.index, m.span))
        slot_id = f"F{number}"
        root_to_slot[root] = slot_id
        disagreement = any(link.disagree for link in links if find((link.a.segment.id, link.a.span)) == root)
        stories = sorted({in_story.get(m.segment.doc, "") for m in members})
        result.slots.append(
            FactSlot(
                id=slot_id,
                story=stories[0] if len(stories) == 1 else "+".join(stories),
                kind="number" if members[0].kind == "number" else "date",
                name=_name(members),
                values=tuple(
                    SlotValue(
                        segment=m.segment.id,
                        doc=m.segment.doc,
                        span=m.span,
                        text=m.text,
                        value=m.value,
                        source=_source(m.segment),
                    )
                    for m in members
                ),
                disagreement=disagreement,
            )
        )
    for link in links:
        result.links.append(link)
        result.slot_of_link.append(root_to_slot[find((link.a.segment.id, link.a.span))])
    for link, root in _indirect_links(links, groups, find, in_story):
        result.links.append(link)
        result.slot_of_link.append(root_to_slot[root])
    return result


def _signature(members: list[Mention]) -> frozenset[str]:
    """The specific concepts that at least half the slot's values name ("killed", not the generic "people")."""
    known = concepts()
    counts = Counter(n for m in members for n in m.frame.concepts if not known[n].generic)
    return frozenset(n for n, c in counts.items() if 2 * c >= len(members))


def _same_outcome_groups(
    groups: dict[tuple[str, tuple[int, int]], list[Mention]], in_story: dict[str, str]
) -> list[tuple[tuple[str, tuple[int, int]], tuple[str, tuple[int, int]]]]:
    """Pairs of slots (roots) that count the same outcome of one story: to be one slot.

    Values far apart are seldom linked directly ("about 150 injured" the first night,
    "more than 1 200" two days on), yet they are values of one fact when every frame names
    the same outcome and nothing else sets them apart. Only an outcome (killed, injured,
    missing...) merges: "votes" for two parties name the same thing and are two facts.
    Each slot must hold the values of two outlets at least, so that neither is one outlet's
    partial count, and no outlet may give values in two of them.
    """
    known = concepts()
    by_key: dict[tuple[str, str, frozenset[str], tuple[str, str | None]], list[tuple[str, tuple[int, int]]]] = {}
    for root in sorted(groups):
        members = groups[root]
        head = members[0]
        signature = _signature(members)
        if head.kind != "number" or not any(known[n].dimension == "outcome" for n in signature):
            continue
        stories = {in_story.get(m.segment.doc, "") for m in members}
        # a figure only one outlet gives (28 bodies found in one hall) may count part of the outcome
        if len(stories) != 1 or head.quantity is None or len({m.segment.doc for m in members}) < 2:
            continue
        key = (stories.pop(), head.kind, signature, (head.quantity.kind, head.quantity.unit))
        by_key.setdefault(key, []).append(root)
    merges = []
    for roots in by_key.values():
        # an outlet that gives values in both slots tells them apart itself (28 bodies in one hall, 133 dead)
        docs = [{m.segment.doc for m in groups[r]} for r in roots]
        shared_docs = [a & b for i, a in enumerate(docs) for b in docs[i + 1 :]]
        if len(roots) > 1 and not any(shared_docs):
            merges += [(roots[0], other) for other in roots[1:]]
    return merges


def _indirect_links(
    links: list[Link],
    groups: dict[tuple[str, tuple[int, int]], list[Mention]],
    find: Callable[[tuple[str, tuple[int, int]]], tuple[str, tuple[int, int]]],
    in_story: dict[str, str],
) -> list[tuple[Link, tuple[str, tuple[int, int]]]]:
    """Links between the values of one slot that no candidate joined directly.

    Clustering put them in one slot because each is close, on average, to all of it:
    "1037 killed" (ru) and "296 killed" (bg) are both the toll though the two statements
    share nothing else. Their score is the weakest direct link of the slot that either takes part in.
    """
    linked = {(id(k.a), id(k.b)) for k in links} | {(id(k.b), id(k.a)) for k in links}
    weakest: dict[int, float] = {}
    for k in links:
        for m in (k.a, k.b):
            weakest[id(m)] = min(weakest.get(id(m), 1.0), k.score)
    out = []
    for root, members in groups.items():
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if x.segment.doc == y.segment.doc or (id(x), id(y)) in linked:
                    continue
                if not comparable(in_story.get(x.segment.doc, ""), in_story.get(y.segment.doc, "")):
                    continue
                if conflicting(x.frame, y.frame) or not _same_unit(x, y):
                    continue
                if _outcomes(x) != _outcomes(y):
                    continue  # "2 200 travelled on the trains" joined the toll's slot through others: not the toll
                score = min(weakest[id(x)], weakest[id(y)])
                out.append((Link(x, y, score, False, shared(x.frame, y.frame), direct=False), root))
    return out


def slot_flag(link: Link, slot: FactSlot, severity: Severity) -> Flag:
    """The flag for two values of one slot that cannot both be right."""
    a, b = link.a, link.b
    return Flag(
        type="number" if a.kind == "number" else "date",
        severity=severity,
        confidence=min(1.0, link.score),
        message=f"{slot.name}: {a.segment.doc} says {a.text}; {b.segment.doc} says {b.text}",
        a=FlagSide(a.span, a.text, a.value),
        b=FlagSide(b.span, b.text, b.value),
    )


def _vague(mention: Mention) -> bool:
    q = mention.quantity
    return q is not None and q.value is None and not any(ch.isdigit() for ch in q.text)


def _compatible(x: Mention, y: Mention) -> bool:
    if x.quantity is not None and y.quantity is not None:
        return quantities_compatible(
            x.quantity,
            y.quantity,
            # a count of what happened to people (killed, injured) rises while it is counted
            open_bounds=bool(_outcomes(x) or _outcomes(y)),
            rounding=not (_precise(x) or _precise(y)),
        )
    if x.date is not None and y.date is not None:
        return dates_compatible(x.date, y.date)
    return True


def _outcomes(mention: Mention) -> frozenset[str]:
    known = concepts()
    return frozenset(n for n in mention.frame.concepts if known[n].dimension == "outcome")


def _precise(mention: Mention) -> bool:
    """The figure is stated to its last digit (a magnitude): "7" is not 6.8 rounded."""
    known = concepts()
    return any(known[n].precise for n in mention.frame.concepts)


# two shares this many percentage points apart are as far apart as two counts ten times apart
PERCENT_POINTS = 10.0


def _closeness(x: Mention, y: Mention) -> float:
    if _compatible(x, y):
        return 1.0
    if x.quantity is not None and y.quantity is not None:
        a, b = _representative(x.quantity), _representative(y.quantity)
        if a is None or b is None or a <= 0 or b <= 0:
            return 0.0
        if x.quantity.kind == "percent" == y.quantity.kind:
            # shares are near or far in points: 11.9 % and 9.8 % are two parties' shares, 54.2 % and 53.9 % one's
            return max(0.0, 1.0 - abs(a - b) / PERCENT_POINTS)
        return max(0.0, 1.0 - abs(math.log10(a / b)))
    if x.date is not None and y.date is not None:
        days = _days_apart(x.date, y.date)
        if days is not None:
            return max(0.0, 1.0 - days / 31)
        years = _years_apart(x.date, y.date)
        return 0.0 if years is None else max(0.0, 1.0 - years / 5)
    return 0.0


def _years_apart(x: DateMention, y: DateMention) -> int | None:
    px, py = date_parts(x) or {}, date_parts(y) or {}
    if "year" not in px or "year" not in py:
        return None
    return abs(int(px["year"]) - int(py["year"]))


def _representative(q: Quantity) -> float | None:
    if q.value is not None:
        return abs(q.value)
    if q.low is not None and q.high is not None:
        return (abs(q.low) + abs(q.high)) / 2
    return abs(q.low) if q.low is not None else abs(q.high) if q.high is not None else None


def _same_date_grain(x: DateMention, y: DateMention) -> bool:
    px, py = date_parts(x) or {}, date_parts(y) or {}
    return ("day" in px) == ("day" in py)


def _days_apart(x: DateMention, y: DateMention) -> int | None:
    px, py = date_parts(x) or {}, date_parts(y) or {}
    if "day" not in px or "day" not in py:
        return None
    ordinal_x = int(px.get("month", "1")) * 31 + int(px["day"])
    ordinal_y = int(py.get("month", "1")) * 31 + int(py["day"])
    if "year" in px and "year" in py:
        ordinal_x += int(px["year"]) * 372
        ordinal_y += int(py["year"]) * 372
    return abs(ordinal_x - ordinal_y)


def _name(members: list[Mention]) -> str:
    named = slot_name([m.frame for m in members], "")
    if members[0].kind == "date":
        return f"date ({named})" if named else "date"
    return named or _fallback_name(members[0])


def _fallback_name(mention: Mention) -> str:
    if mention.frame.noun:
        return f"figure ({mention.frame.noun})"
    return "date" if mention.kind == "date" else "figure"


def _source(segment: Segment) -> str | None:
    facts = segment.facts
    for holder in (facts.attribution, *facts.quotes):
        if holder is None:
            continue
        for name in (holder.speaker, holder.via, holder.reported_by):
            if name:
                return re.sub(r"\s+", " ", name)
    return None
