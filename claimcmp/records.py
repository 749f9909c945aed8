"""The small frozen records that the pipeline stages hand to each other.

Reading produces :class:`Document`; segmentation cuts it into :class:`Cut` records and
analysis finishes each as a :class:`Segment` with its :class:`Facts`;
alignment produces :class:`Pair` and :class:`Cluster`; :func:`claimcmp.compare`
returns them all in one :class:`Comparison`. Every stage takes and returns these
records, never dicts with magic keys, so a stage can be replaced on its own.

This module imports nothing else from the package on purpose: it is the
vocabulary the stages share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

Relation = Literal["equivalent", "related"]
SegmentKind = Literal["sentence", "title", "heading", "dateline", "boilerplate"]
EntityType = Literal["person", "organisation", "place"]
QuantityKind = Literal["count", "money", "percent", "ordinal", "measure"]
DatePrecision = Literal["day", "month", "year", "weekday"]
Stance = Literal["asserted", "denied", "confirmed", "unknown"]
# (start, end) offsets into the text of the segment a fact was found in:
# ``fact.text == segment.text[start:end]``
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
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
    # read-only: every stage shares one Document, so none may change what another reads
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input that could not be read, and why (the run goes on without it)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it.

    ``speaker`` is who is quoted (Putin in "…", се казва в писмото на Путин);
    ``via`` the outlet or agency the words come through (КЦНА in "цитирано от
    КЦНА"); ``reported_by`` the outlet that relays that source (Reuters in
    "предаде Ройтерс, цитирайки ... КЦНА"; VOA in "сообщает ГОЛОС АМЕРИКИ со
    ссылкой на ЦТАК"). ``*_key`` fields are cross-script entity keys (see :class:`Entity`).
    ``partial`` marks a fragment quoted inside reported speech
    (Путин сказал, что «более тесные связи …»).
    """

    span: Span
    text: str
    speaker: str | None = None
    speaker_span: Span | None = None
    speaker_key: str | None = None
    via: str | None = None
    via_key: str | None = None
    reported_by: str | None = None
    reported_by_key: str | None = None
    verb: str | None = None
    partial: bool = False
    quote_id: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a statement is attributed to (reported speech, with or without quote marks)."""

    speaker: str | None
    speaker_span: Span | None = None
    speaker_key: str | None = None
    verb: str | None = None
    via: str | None = None
    via_key: str | None = None
    reported_by: str | None = None
    reported_by_key: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the text states it: ``понад 10 000`` is low=10000, high=None.

    ``value`` is the stated figure; ``low``/``high`` the bounds it allows
    (equal to ``value`` when exact; ``десятки`` is 20–99 with no single value).
    ``unit`` is normalised ("USD", "GBP", "%", "km", "person"...); ``approx``
    is true for "около", "близько", "about".
    """

    span: Span
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None = None
    kind: QuantityKind = "count"
    approx: bool = False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date: ``value`` is ISO (``2023-08-15``, ``2023-08``, ``2023``) at ``precision``.

    A relative expression ("в этом году", "yesterday") has ``relative=True`` and
    a value only when the document's date was known to resolve it. A day and
    month without a year have a value like ``--08-15`` (ISO 8601 without year).
    """

    span: Span
    text: str
    value: str | None
    precision: DatePrecision
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with a key shared across scripts and languages.

    ``Ким Чен Ын``, ``Кім Чен Ин``, ``Ким Чен-ун`` and ``Kim Jong Un`` share one ``key``.
    """

    span: Span
    text: str
    type: EntityType
    key: str


@dataclass(frozen=True, slots=True)
class Facts:
    """What one segment asserts: quotes, attribution, numbers, dates, names, polarity."""

    quotes: tuple[Quote, ...] = ()
    attribution: Attribution | None = None
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    entities: tuple[Entity, ...] = ()
    negated: bool = False
    negation_span: Span | None = None
    stance: Stance = "unknown"


@dataclass(frozen=True, slots=True)
class Cut:
    """One statement as segmentation cut it from its document, before analysis finds its facts.

    ``text == document.text[start:end]``; analysis turns each cut into a :class:`Segment`.
    """

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

    def with_facts(self, facts: Facts) -> Segment:
        return Segment(**{f.name: getattr(self, f.name) for f in fields(Cut)}, facts=facts)


@dataclass(frozen=True, slots=True)
class Segment(Cut):
    """One statement of a document with its facts; ``text == document.text[start:end]``."""

    facts: Facts = field(kw_only=True)


FlagType = Literal["number", "date", "entity", "speaker", "source", "polarity", "quote_variant"]
Severity = Literal["high", "medium", "low"]
# most severe first; the rank orders them for thresholds (``flags.min_severity``)
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
SEVERITY_RANK: dict[Severity, int] = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class FlagSide:
    """What one side of a pair says where the sides disagree (span into that segment's text)."""

    span: Span | None
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A disagreement found between the two sides of a pair.

    ``message`` is a plain sentence ("001 says 100 000; 003 says more than
    10 000"); ``confidence`` (0–1) says how sure the comparison is that the
    sides really disagree rather than phrase one fact differently.
    """

    type: FlagType
    message: str
    severity: Severity = "medium"
    confidence: float = 1.0
    a: FlagSide | None = None
    b: FlagSide | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """Two segments of different documents that report the same claim.

    ``similarity`` is the embedding cosine and ``score`` the margin score (cosine
    divided by the neighbourhood average): the model's own view. ``evidence``
    is the bonus that agreeing facts (names, speaker, figures, dates) added to
    both for the decision. ``relation`` is ``related`` when ``flags`` hold a
    contradiction, else ``equivalent``.
    """

    a: str
    b: str
    similarity: float
    score: float
    relation: Relation
    flags: tuple[Flag, ...] = ()
    evidence: float = 0.0
    # why the pair is only related although alignment matched it ("different occasion: 2023 vs 2024")
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The statement of a document that comes closest to a claim it does not carry.

    A high ``similarity`` says "reworded beyond recognition or merged into
    another statement"; a low one says "absent".
    """

    doc: str
    segment: str | None
    similarity: float


@dataclass(frozen=True, slots=True)
class Cluster:
    """Statements that say the same thing, at most one per document: one claim as the documents carry it."""

    id: str
    segments: tuple[str, ...]
    docs: tuple[str, ...]
    missing: tuple[str, ...]
    near_miss: tuple[NearMiss, ...] = ()


SlotKind = Literal["number", "date"]


@dataclass(frozen=True, slots=True)
class Story:
    """Documents about one event or occasion, told apart by their dates.

    ``date`` is the ISO date (or month, or year) the documents are about; ``None``
    for the story of documents whose date nothing in them states ("date unknown":
    their facts are compared with every story's).
    """

    id: str
    docs: tuple[str, ...]
    date: str | None
    label: str


@dataclass(frozen=True, slots=True)
class SlotValue:
    """One statement's value for a fact slot: the figure or date as written, where, and who says it."""

    segment: str
    doc: str
    span: Span
    text: str
    value: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class FactSlot:
    """One fact of a story (a row of the fact table) and the value each statement gives it.

    ``name`` says what the value is of ("people killed", "missiles launched");
    ``disagreement`` is true when two documents give values that cannot both be right.
    """

    id: str
    story: str
    kind: SlotKind
    name: str
    values: tuple[SlotValue, ...]
    disagreement: bool = False

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.doc for v in self.values))


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Which embedding model produced the vectors."""

    name: str
    dim: int
    device: str = "cpu"
    precision: str = "fp32"
    backend: str = "torch"


@dataclass(frozen=True, slots=True)
class Analysis:
    """The documents read and their segments with facts, before any alignment."""

    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    skipped: tuple[SkippedInput, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything one run found, in the order the JSON contract lists it."""

    model: ModelInfo
    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    pairs: tuple[Pair, ...]
    clusters: tuple[Cluster, ...]
    skipped: tuple[SkippedInput, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())
    stories: tuple[Story, ...] = field(default=())
    facts: tuple[FactSlot, ...] = field(default=())

    # the lookups the renderers, the exports and the reports need, built once (read-only views)
    segment_by_id: Mapping[str, Segment] = field(init=False, repr=False, compare=False)
    document_by_id: Mapping[str, Document] = field(init=False, repr=False, compare=False)
    story_by_id: Mapping[str, Story] = field(init=False, repr=False, compare=False)
    _by_document: Mapping[str, tuple[Segment, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_document: dict[str, list[Segment]] = {}
        for segment in self.segments:
            by_document.setdefault(segment.doc, []).append(segment)
        object.__setattr__(self, "segment_by_id", MappingProxyType({s.id: s for s in self.segments}))
        object.__setattr__(self, "document_by_id", MappingProxyType({d.id: d for d in self.documents}))
        object.__setattr__(self, "story_by_id", MappingProxyType({s.id: s for s in self.stories}))
        object.__setattr__(self, "_by_document", MappingProxyType({k: tuple(v) for k, v in by_document.items()}))

    def segment(self, segment_id: str) -> Segment:
        """The statement with this id (KeyError if none)."""
        return self.segment_by_id[segment_id]

    def document(self, doc_id: str) -> Document:
        """The document with this id (KeyError if none)."""
        return self.document_by_id[doc_id]

    def segments_of(self, doc_id: str) -> tuple[Segment, ...]:
        """The statements of one document, in reading order."""
        return self._by_document.get(doc_id, ())


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One statement of a corpus index found near a query, with the document it comes from."""

    score: float
    segment: Segment
    document: Document


@dataclass(frozen=True, slots=True)
class IndexAddition:
    """What one ``index add`` did: documents added, those already there (new name, stored name), those unreadable."""

    index: str
    added: tuple[str, ...]
    duplicates: tuple[tuple[str, str], ...]
    statements: int
    skipped: tuple[SkippedInput, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """One corpus index as ``claimcmp index info`` lists it."""

    name: str
    path: Path
    model: str
    dim: int
    documents: int
    statements: int
    vectors: int
    search: str  # "exact" or "approximate (IVF)"
    bytes: int
