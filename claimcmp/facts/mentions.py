"""The values a statement holds: its figures and dates, each a *mention* with its frame.

A mention is what :mod:`claimcmp.facts.slots` links across documents into fact slots. Here:
which figures count (not a figure in quotation marks, a count's progress, an earlier figure the
report replaces, "100 %" of a count), the frame of each (:mod:`claimcmp.facts.frames`), what a
list item inherits from its head, and the totals a statement states by adding ("four gunmen and
seven more suspects": 11).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from claimcmp.analysis import describe_quantity
from claimcmp.facts.flags import date_parts
from claimcmp.facts.frames import (
    Frame,
    concepts,
    frame_of,
    joins_clauses,
    marks_progress,
    more_words,
    sentence_concepts,
    superseded,
    with_inherited,
)
from claimcmp.records import DateMention, Quantity, Segment

# what a list item inherits from the figure before it
LIST_DIMENSIONS = frozenset({"what", "outcome", "action"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A figure or a date of one statement, with its frame."""

    segment: Segment
    kind: str
    span: tuple[int, int]
    text: str
    value: str
    frame: Frame
    quantity: Quantity | None = None
    date: DateMention | None = None


# this many counts of one thing in one statement are a breakdown even where no place is read
_LONG_LIST = 4


def _breakdown_by_place(figures: list[Mention]) -> list[Mention]:
    """``figures`` with the items of a breakdown marked as parts: the counts of one statement that
    count the same thing where two of them name places of their own ("290 died in Al Haouz, 190 in
    Taroudant, 89 in Chichaoua"), or where there are at least four ("Al Hauz, con 1.293 muertos;
    Tarudant, con 452 ..."): a province's toll is a part of the whole, not a value of it. Only counts:
    shares ("Sandu 42 %, Stoianoglo 26 %") are the values of two facts, and measures ("783 562 km²
    (300 948 sq mi), of which 755 688 km² …") are read with units in one language and without in
    another, so a list of them is no steady sign; and only what happened to people (killed,
    injured): "783 562 km² … 755 688 km² … 93 764 km²" is an area in parts, read by one language as
    four areas and by another as three."""
    counts = [m for m in figures if m.quantity is not None and m.quantity.kind == "count" and m.frame.concepts]
    parts: set[int] = set()
    for concept_set in {m.frame.concepts for m in counts}:
        if not any(concepts()[name].dimension == "outcome" for name in concept_set):
            continue  # tolls (killed, injured, missing …) are broken down by place; an area is no toll
        same = [m for m in counts if m.frame.concepts == concept_set]
        distinct = {m.frame.places for m in same if m.frame.places}
        if len(same) >= _LONG_LIST or (len(same) >= 3 and len(distinct) >= 2):
            parts.update(id(m) for m in same)
    return [replace(m, frame=replace(m.frame, part=True)) if id(m) in parts else m for m in figures]


def mentions_of(segment: Segment) -> list[Mention]:
    """The figures and dates of ``segment`` that can be values of a fact slot."""
    facts = segment.facts
    if segment.kind not in ("sentence", "title", "heading"):  # a headline states its facts too
        return []
    if superseded(segment.text, segment.lang):
        return []  # an earlier figure the report itself replaces is no value of the fact now
    out: list[Mention] = []
    figures = [q for q in facts.numbers if not _quoted_name(segment.text, q.span)]
    # the only figure of a statement takes the concepts its clause does not name from the whole statement
    inherited = sentence_concepts(segment.text, segment.lang) if len(figures) == 1 else frozenset()
    names = [(e.span, e.type, e.key) for e in facts.entities]
    previous: Frame | None = None
    for q in figures:
        if q.value is None and q.low is None and q.high is None:
            continue
        if q.kind == "percent" and q.value == 100 and q.low == q.high == 100:
            continue  # "after 100 % of the ballots": a count complete, no share anyone disputes
        frame = with_inherited(frame_of(segment.text, q.span, segment.lang, names), inherited, subjects=True)
        if previous is not None:
            # a list item takes what its head names and it does not: "84 injured, among them 8 children"
            frame = with_inherited(frame, previous.concepts, dimensions=LIST_DIMENSIONS)
        previous = frame
        if marks_progress(frame):
            continue
        out.append(
            Mention(
                segment,
                "number",
                q.span,
                q.text,
                describe_quantity(q),
                frame,
                quantity=q,
            )
        )
    out = _breakdown_by_place(out)
    out += _sums(segment, out)
    dates = [d for d in facts.dates if not d.relative]
    # the only date of a statement is what its statement says happened then ("results, published on
    # Monday, 21 October": the clause around a date set off by commas names nothing)
    date_inherits = sentence_concepts(segment.text, segment.lang, of_date=True) if len(dates) == 1 else frozenset()
    for d in facts.dates:
        parts = date_parts(d)
        # a month or weekday alone names no date; a day without a year or a year is compared
        if d.relative or not parts or not ("day" in parts or "year" in parts):
            continue
        out.append(
            Mention(
                segment,
                "date",
                d.span,
                d.text,
                d.value or d.text,
                with_inherited(frame_of(segment.text, d.span, segment.lang, of_date=True), date_inherits),
                date=d,
            )
        )
    return out


def _sums(segment: Segment, figures: list[Mention]) -> list[Mention]:
    """The totals a statement states by adding: "four gunmen and seven more suspects" are 11 detained.

    Two plain counts joined by "and" where a word like "more" / "other" stands by the second
    make a third value, their sum, so that an outlet's "11 detained" meets it (and not the 7).
    """
    adds = more_words(segment.lang)
    out = []
    for first, second in itertools.pairwise(figures):
        qa, qb = first.quantity, second.quantity
        if qa is None or qb is None or qa.value is None or qb.value is None or (qa.kind, qa.unit) != (qb.kind, qb.unit):
            continue
        if qa.kind != "count" or qa.unit is not None or (qa.low, qa.high) != (qa.value, qa.value):
            continue
        between = segment.text[first.span[1] : second.span[0]]
        after = segment.text[second.span[1] :].split()[:1]
        near = {*between.lower().split()[-1:], *(w.lower() for w in after)}
        if not joins_clauses(between, segment.lang) or not near & adds:
            continue
        total = qa.value + qb.value
        span = (first.span[0], second.span[1])
        summed = Quantity(span, f"{first.text} + {second.text}", total, total, total)
        frame = replace(second.frame, concepts=first.frame.concepts | second.frame.concepts)
        out.append(Mention(segment, "number", span, summed.text, describe_quantity(summed), frame, quantity=summed))
    return out


def same_figure_structure(a: Segment, b: Segment) -> bool:
    """Both statements write as many numbers in digits, and all but at most one are the same.

    One text rendered twice keeps its figures ("11 points" / "91 очков": one changed);
    two outlets' sentences about one toll seldom do ("296 killed, about 150 injured" /
    "153 more injured"), nor two sentences that share two figures by chance.
    """
    digits_a = Counter(re.sub(r"\D", "", d) for d in _DIGIT_RUN.findall(a.text))
    digits_b = Counter(re.sub(r"\D", "", d) for d in _DIGIT_RUN.findall(b.text))
    if sum(digits_a.values()) != sum(digits_b.values()):
        return False
    return sum((digits_a - digits_b).values()) <= 1


# a number in digits, thousands grouping included ("100 000", "1,204")
_DIGIT_RUN = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d{3}(?!\d))*")


def _quoted_name(text: str, span: tuple[int, int]) -> bool:
    """A figure standing alone in quotation marks is a name ("По данным «112»": a news channel)."""
    before, after = text[max(0, span[0] - 1) : span[0]], text[span[1] : span[1] + 1]
    return bool(before and after and before in _QUOTES and after in _QUOTES)


_QUOTES = "\"'«»„“”‘’"
