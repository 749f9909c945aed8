"""What must hold for ANY input, however hostile: shared by the property tests and the fuzzer.

``benchmarks/fuzz.py`` (atheris) and ``tests/test_hostile_properties.py`` (hypothesis) both
feed arbitrary bytes or text through the untrusted-input stages and call these checks:

* parsing raises nothing but :class:`~claimcmp.errors.ClaimcmpError`;
* every segment's offsets lie inside its document and ``text == document.text[start:end]``;
* every fact's span lies inside its own segment, and a quote, number, date or name's text is
  exactly the text at its span (a speaker may be resolved from an earlier sentence, so only
  the span of the word that refers to them, a pronoun say, must be the segment's own);
* flag sides point into the segment they describe.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence

from claimcmp.analysis import analyse_document
from claimcmp.errors import ClaimcmpError
from claimcmp.facts.flags import flag_pair
from claimcmp.input.formats import Parsed, Source, parse_input
from claimcmp.input.languages import identifiable_languages, load_languages
from claimcmp.input.segmentation import segment_document
from claimcmp.records import Cut, Document, Flag, Segment

REFERENCE = datetime.date(2024, 6, 19)
# extension → what the reader is told the input is; "" lets the content decide (sniffing)
EXTENSIONS = ("", ".txt", ".md", ".html", ".json", ".jsonl")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class InvariantBroken(AssertionError):
    """An input made claimcmp break one of the rules above (a finding)."""


def parse_untrusted(raw: bytes, extension: str) -> Parsed | None:
    """``parse_input`` on hostile bytes: the documents, or None when it refused them properly."""
    try:
        parsed = parse_input(raw, Source(name="hostile", stem="hostile", extension=extension))
    except ClaimcmpError:
        return None
    for document in parsed.documents:
        if not isinstance(document.text, str) or not document.text.strip():
            raise InvariantBroken(f"an empty document came out of {extension or 'sniffed'} input")
        check_exportable(document)
    return parsed


def check_exportable(document: Document) -> None:
    """Everything a document carries can be written as UTF-8 JSON, and no control character reaches a terminal."""
    for name in ("id", "text", "title", "url", "date", "source", "site", "lang"):
        value = getattr(document, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvariantBroken(f"document {name} cannot be written as UTF-8: {exc}") from exc
        if _CONTROL.search(value):
            raise InvariantBroken(f"document {name} keeps a control character that could drive a terminal")
    try:
        json.dumps(dict(document.metadata), ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise InvariantBroken(f"document metadata cannot be written as JSON: {exc}") from exc


def analyse_text(text: str, lang: str = "ru", doc_id: str = "d", keep_boilerplate: bool = False) -> list[Segment]:
    """Segment and analyse ``text`` as one document, checking every invariant on the way."""
    document = Document(id=doc_id, text=text, lang=lang)
    segments = segment_document(document, keep_boilerplate=keep_boilerplate)
    check_segments(document, segments)
    analysed = analyse_document(document, segments, REFERENCE)
    check_segments(document, analysed)
    for segment in analysed:
        check_facts(segment)
    return analysed


def check_segments(document: Document, segments: Sequence[Cut]) -> None:
    previous_end = 0
    for index, segment in enumerate(segments):
        if not 0 <= segment.start <= segment.end <= len(document.text):
            raise InvariantBroken(f"segment {segment.id} [{segment.start}, {segment.end}) outside the document")
        if segment.text != document.text[segment.start : segment.end]:
            raise InvariantBroken(f"segment {segment.id} text is not document.text[start:end]")
        if segment.start < previous_end:
            raise InvariantBroken(f"segment {segment.id} overlaps the one before it")
        if segment.lang != "und" and segment.lang not in {*load_languages(), *identifiable_languages()}:
            raise InvariantBroken(f"segment {segment.id} has language {segment.lang!r}, which claimcmp does not know")
        if segment.doc != document.id or segment.index != index:
            raise InvariantBroken(f"segment {segment.id} has doc {segment.doc!r} / index {segment.index}")
        previous_end = segment.end


def _check_span(segment: Segment, span: tuple[int, int] | None, text: str | None, what: str) -> None:
    if span is None:
        return
    start, end = span
    if not 0 <= start <= end <= len(segment.text):
        raise InvariantBroken(f"{what} span {span} outside segment {segment.id} of {len(segment.text)} chars")
    if text is not None and segment.text[start:end] != text:
        raise InvariantBroken(f"{what} text {text!r} is not the segment's text at {span}")


def check_facts(segment: Segment) -> None:
    facts = segment.facts
    for quote in facts.quotes:
        _check_span(segment, quote.span, quote.text, "quote")
        _check_span(segment, quote.speaker_span, None, "quote speaker")
    for number in facts.numbers:
        _check_span(segment, number.span, number.text, "number")
    for date in facts.dates:
        _check_span(segment, date.span, date.text, "date")
    for entity in facts.entities:
        _check_span(segment, entity.span, entity.text, "name")
    if facts.attribution is not None:
        _check_span(segment, facts.attribution.speaker_span, None, "speaker")
    _check_span(segment, facts.negation_span, None, "negation")


def check_flags(a: Segment, b: Segment, flags: list[Flag]) -> None:
    for flag in flags:
        if not flag.message:
            raise InvariantBroken(f"a {flag.type} flag without a message")
        for side, segment in ((flag.a, a), (flag.b, b)):
            if side is not None:
                _check_span(segment, side.span, None, f"{flag.type} flag side")


def compare_texts(text_a: str, text_b: str, lang_a: str = "ru", lang_b: str = "uk") -> list[Flag]:
    """Flag every pair of statements of two hostile texts against each other (bounded: first 20 each)."""
    segments_a = analyse_text(text_a, lang_a, "a")[:20]
    segments_b = analyse_text(text_b, lang_b, "b")[:20]
    flags: list[Flag] = []
    for a in segments_a:
        for b in segments_b:
            found = flag_pair(a, b)
            check_flags(a, b, found)
            if found != flag_pair(a, b):
                raise InvariantBroken(f"flags of {a.id} / {b.id} differ between two runs")
            flags.extend(found)
    return flags
