"""Stories: which documents report the same event or occasion, told apart by their dates.

Five articles about "a letter from Putin to Kim" may report four different letters
(2022, 2023, 2024, 2025). Their figures must never be compared across letters: the
78th anniversary of one holiday and the 76th of another are both right. Each
document's date comes from, in this order:

1. its metadata (``Document.date``: HTML, JSON, or the reader's own metadata);
2. a dateline segment ("Сен 9, 2024 / 12:36");
3. an anniversary with its base year in the same statement ("78-ата годишнина от
   освобождението на Корея (1910-1945 г.)" → 1945 + 78 = 2023).

The dates a text mentions are not used: they are what the sources may disagree on
(one outlet's wrong year would split it from the story it reports).

Documents whose dates lie within ``story_days`` of each other (single linkage) form
one story. A document with no date at all is in the story "date unknown", whose
facts are compared with every story's: nothing says they differ.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimcmp.facts.frames import anniversary_words
from claimcmp.records import Document, Segment, Story

UNDATED = "S0"


@dataclass(frozen=True, slots=True)
class _Dated:
    doc: str
    start: datetime.date
    end: datetime.date
    value: str


def find_stories(documents: Sequence[Document], segments: Sequence[Segment], story_days: int) -> tuple[Story, ...]:
    """The stories of ``documents``, dated ones first in date order, then the undated one if any."""
    by_doc: dict[str, list[Segment]] = {}
    for segment in segments:
        by_doc.setdefault(segment.doc, []).append(segment)
    dated: list[_Dated] = []
    undated: list[str] = []
    for document in documents:
        value = document_date(document, by_doc.get(document.id, []))
        interval = _interval(value) if value else None
        if interval is None:
            undated.append(document.id)
        else:
            dated.append(_Dated(document.id, interval[0], interval[1], value or ""))
    stories: list[Story] = []
    dated.sort(key=lambda d: (d.start, d.end, d.doc))
    group: list[_Dated] = []
    reach = datetime.date.min
    gap = datetime.timedelta(days=story_days)
    for item in dated:
        if group and item.start > reach + gap:
            stories.append(_story(len(stories) + 1, group))
            group = []
        group.append(item)
        reach = max(reach, item.end) if len(group) > 1 else item.end
    if group:
        stories.append(_story(len(stories) + 1, group))
    if undated:
        stories.append(Story(id=UNDATED, docs=tuple(undated), date=None, label="date unknown"))
    return tuple(stories)


def story_of(stories: Sequence[Story]) -> dict[str, str]:
    """Document id → story id."""
    return {doc: story.id for story in stories for doc in story.docs}


def comparable(story_a: str, story_b: str) -> bool:
    """Facts of two documents may be compared: one story, or one of them has no date."""
    return story_a == story_b or UNDATED in (story_a, story_b)


def occasion_note(a: Story, b: Story) -> str:
    return f"different occasion: {a.label} vs {b.label}"


def _story(number: int, group: list[_Dated]) -> Story:
    # the most precise date that all its documents allow, else the earliest
    values = sorted({d.value for d in group}, key=lambda v: (-len(v), v))
    date = values[0] if len(values) == 1 else _common_prefix(values)
    return Story(
        id=f"S{number}",
        docs=tuple(d.doc for d in group),
        date=date or values[-1],
        label=date or f"{group[0].value} – {group[-1].value}",
    )


def _common_prefix(values: list[str]) -> str | None:
    """``2024-09`` for ``2024-09-09`` and ``2024-09-12``; ``2023`` for ``2023`` and ``2023-08-18``."""
    parts = [v.split("-") for v in values]
    shared: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    return "-".join(shared) or None


def document_date(document: Document, segments: Sequence[Segment]) -> str | None:
    """The ISO date (``2024-09-09``, ``2024-09`` or ``2023``) a document is about, or None."""
    if document.date:
        match = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", document.date)
        if match:
            return match.group()
    for segment in segments:
        if segment.kind == "dateline":
            for mention in segment.facts.dates if segment.facts else ():
                if mention.value and not mention.relative and re.fullmatch(r"\d{4}-\d{2}-\d{2}", mention.value):
                    return mention.value
    year = _anniversary_year(segments)
    return str(year) if year is not None else None


def _anniversary_year(segments: Sequence[Segment]) -> int | None:
    """The year an anniversary falls in, when a statement gives its ordinal and the base year."""
    for segment in segments:
        facts = segment.facts
        if segment.kind != "sentence":
            continue
        words = anniversary_words(segment.lang)
        if not words:
            continue
        text = segment.text.lower()
        for quantity in facts.numbers:
            if quantity.kind != "ordinal" or quantity.value is None:
                continue
            after = text[quantity.span[1] : quantity.span[1] + 30]
            if not any(re.match(rf"\W*{re.escape(w)}", after) for w in words):
                continue
            years = [int(d.value[:4]) for d in facts.dates if d.value and re.fullmatch(r"\d{4}", d.value)]
            if years:
                year = max(years) + int(quantity.value)
                if 1900 < year < 2200:
                    return year
    return None


def _interval(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = datetime.date(*parts)
            return day, day
        if len(parts) == 2:
            first = datetime.date(parts[0], parts[1], 1)
            following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - datetime.timedelta(days=1)
        return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    except ValueError:
        return None
