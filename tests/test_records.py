"""The records are finished once: frozen, slotted, and a document's metadata read-only."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from claimcmp import records
from claimcmp.records import Cut, Document, Facts, Segment


def test_every_record_is_frozen_and_slotted() -> None:
    classes = [c for _, c in inspect.getmembers(records, inspect.isclass) if c.__module__ == records.__name__]
    for cls in classes:
        if dataclasses.is_dataclass(cls):
            assert cls.__dataclass_params__.frozen, cls  # type: ignore[attr-defined]
            assert "__slots__" in cls.__dict__, cls


def test_metadata_is_read_only_and_a_copy_of_what_the_reader_gave() -> None:
    given = {"section": "мир"}
    document = Document(id="d", text="Текст.", metadata=given)
    given["section"] = "changed"
    assert document.metadata == {"section": "мир"}
    with pytest.raises(TypeError):
        document.metadata["section"] = "changed"  # type: ignore[index]
    assert dataclasses.replace(document, title="t").metadata == {"section": "мир"}


def test_a_segment_is_its_cut_with_facts() -> None:
    cut = Cut(id="d:0", doc="d", index=0, text="Текст.", start=0, end=6, lang="ru", kind="title", quote_id="d:q1")
    facts = Facts(negated=True)
    segment = cut.with_facts(facts)
    assert isinstance(segment, Segment) and segment.facts is facts
    assert {f.name: getattr(segment, f.name) for f in dataclasses.fields(Cut)} == dataclasses.asdict(cut)
    with pytest.raises(TypeError):
        Segment(id="d:0", doc="d", index=0, text="Текст.", start=0, end=6, lang="ru")  # type: ignore[call-arg]
