"""The small frozen records that the pipeline stages hand to each other.

Reading produces :class:`Document`; segmentation produces :class:`Segment`;
alignment produces :class:`Pair` and :class:`Cluster`; :func:`claimcmp.compare`
returns them all in one :class:`Comparison`. Every stage takes and returns these
records, never dicts with magic keys, so a stage can be replaced on its own.

This module imports nothing else from the package on purpose: it is the
vocabulary the stages share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Relation = Literal["equivalent", "related"]
SegmentKind = Literal["sentence", "title", "heading", "dateline", "boilerplate"]


@dataclass(frozen=True)
class Document:
    """One input article, decoded to text."""

    id: str
    text: str
    path: Path | None = None
    lang: str = "und"
    title: str | None = None
    encoding: str = "utf-8"
    format: str = "text"
    url: str | None = None
    date: str | None = None
    source: str | None = None
    site: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkippedInput:
    """An input that could not be read, and why (the run goes on without it)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Segment:
    """One statement of a document; ``text == document.text[start:end]``."""

    id: str
    doc: str
    index: int
    text: str
    start: int
    end: int
    lang: str
    kind: SegmentKind = "sentence"
    paragraph: int = 0
    quote_id: str | None = None


@dataclass(frozen=True)
class Flag:
    """A disagreement found between the two sides of a pair."""

    type: str
    message: str


@dataclass(frozen=True)
class Pair:
    """Two segments of different documents that report the same claim.

    ``similarity`` is the embedding cosine; ``score`` the margin score that the
    decision was made on (cosine divided by the neighbourhood average).
    """

    a: str
    b: str
    similarity: float
    score: float
    relation: Relation
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """Segments connected by pairs: one claim as the documents carry it."""

    id: str
    segments: tuple[str, ...]
    docs: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class ModelInfo:
    """Which embedding model produced the vectors."""

    name: str
    dim: int


@dataclass(frozen=True)
class Comparison:
    """Everything one run found, in the order the JSON contract lists it."""

    model: ModelInfo
    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    pairs: tuple[Pair, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[SkippedInput, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())

    def segments_of(self, doc_id: str) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.doc == doc_id)
