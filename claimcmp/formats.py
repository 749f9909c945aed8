"""Input formats: plain text, Markdown, HTML, JSON and JSON Lines → :class:`Document`.

The format comes from the extension when it names one, else from the content
(``<html``/``<!doctype`` → HTML, ``{``/``[`` → JSON). Each reader returns the
documents an input holds (a JSON list holds many) plus warnings for records it
had to skip, so one bad JSONL line never costs the good ones.

HTML goes through trafilatura (Apache-2.0), which keeps the article's
paragraphs and drops navigation, related-article lists and comment forms; its
title, date and site name become document metadata.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from claimcmp.decoding import decode_bytes
from claimcmp.errors import InputError
from claimcmp.languages import UNDETERMINED, detect_language, known_language
from claimcmp.records import Document
from claimcmp.untrusted import clean_text, clean_value, cleaning_warning

FORMAT_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
KNOWN_JSON_FIELDS = ("text", "id", "title", "url", "date", "lang", "source")

_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_MAX_TITLE_CHARS = 250
# longer JSON integers stay strings: int() refuses past 4,300 digits, and no real count is that long
_MAX_INT_DIGITS = 100
_SENTENCE_END = re.compile(r"[.!?…]\s*$")
# "Caption text. Фото: NPR" is two sentences, so a caption, not a headline
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\w")
# "Headline | section | Site": the parts after the first bar name the site, not the story
_TITLE_SUFFIX = re.compile(r"(?<!\s)\s+[|｜]\s+.*$")  # tried once per run of spaces, not at each space


@dataclass(frozen=True)
class Source:
    """Where an input's bytes came from, for ids and the JSON document record."""

    name: str  # shown in messages: a path, a URL, or "<stdin>"
    stem: str  # the default document id
    path: Path | None = None
    url: str | None = None
    extension: str = ""


@dataclass
class Parsed:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def sniff_format(raw: bytes, source: Source) -> str:
    """The format named by the extension, else the one the content looks like."""
    if source.extension.lower() in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[source.extension.lower()]
    head = raw[:4096]
    if _HTML_START.match(head):
        return "html"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "text"


def parse_input(raw: bytes, source: Source) -> Parsed:
    """All documents in ``raw``; raises :class:`InputError` when none can be had."""
    fmt = sniff_format(raw, source)
    reader: Callable[[bytes, Source], Parsed] = _READERS[fmt]
    return reader(raw, source)


def _read_text(raw: bytes, source: Source, fmt: str = "text") -> Parsed:
    decoded = decode_bytes(raw, source.name)
    text, warnings = _cleaned(decoded.text, source.name, decoded.warning)
    if not text.strip():
        raise InputError(f"{source.name} is empty. You can fix this by leaving it out of the input.")
    document = Document(
        id=source.stem,
        text=text,
        path=source.path,
        url=source.url,
        lang=detect_language(text),
        title=guess_title(text, markdown=fmt == "markdown"),
        encoding=decoded.encoding,
        format=fmt,
        warnings=warnings,
    )
    return Parsed([document])


def _read_markdown(raw: bytes, source: Source) -> Parsed:
    return _read_text(raw, source, fmt="markdown")


def _read_html(raw: bytes, source: Source) -> Parsed:
    import trafilatura

    decoded = decode_bytes(raw, source.name)
    extracted = trafilatura.bare_extraction(
        decoded.text,
        url=source.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    text = getattr(extracted, "text", None) or ""
    fallback = None
    if not text.strip():
        # trafilatura's parser (libxml2) gives up on some pages, e.g. tags nested thousands deep;
        # the standard library's tokenizer has no depth limit, so take the paragraphs it sees
        text = paragraphs_of_html(decoded.text)
        fallback = (
            f"{source.name}: the main-text extractor found nothing; the page's paragraphs were taken "
            "as they are (page furniture may remain)"
        )
    text, warnings = _cleaned(text, source.name, decoded.warning)
    if not text.strip():
        raise InputError(
            f"{source.name}: no article text found in this HTML page. "
            "You can fix this by saving the article's text as .txt instead."
        )
    warnings += (fallback,) if fallback else ()
    lang_match = _HTML_LANG.search(decoded.text[:4096])
    declared_lang = lang_match.group(1).lower() if lang_match else None
    metadata = {"declared_lang": declared_lang} if declared_lang else {}
    title = _optional_text(getattr(extracted, "title", None))
    document = Document(
        id=source.stem,
        text=text,
        path=source.path,
        url=source.url or getattr(extracted, "url", None),
        lang=detect_language(text),
        title=_strip_title_suffix(title) if title else guess_title(text),
        encoding=decoded.encoding,
        format="html",
        date=_optional_text(getattr(extracted, "date", None)),
        site=_optional_text(getattr(extracted, "sitename", None) or getattr(extracted, "hostname", None)),
        metadata=metadata,
        warnings=warnings,
    )
    return Parsed([document])


class _ParagraphCollector(HTMLParser):
    """Text of the paragraph-like elements of a page, script and style bodies left out."""

    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})
    SKIPPED = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        if self._current is not None:
            paragraph = " ".join("".join(self._current).split())
            if paragraph:
                self.paragraphs.append(paragraph)
        self._current = None


def paragraphs_of_html(page: str) -> str:
    """The page's paragraphs (``<p>``, headings, list items), one per line: a fallback extraction."""
    collector = _ParagraphCollector()
    collector.feed(page)
    collector.close()
    collector._flush()
    return "\n\n".join(collector.paragraphs)


def _read_json(raw: bytes, source: Source) -> Parsed:
    decoded = decode_bytes(raw, source.name)
    try:
        data = load_json(decoded.text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise InputError(
            f"{source.name} is not valid JSON{where}: {getattr(exc, 'msg', 'nested too deeply')}. "
            "You can fix this by checking the file, or naming it .txt if it is plain text."
        ) from exc
    records = data if isinstance(data, list) else [data]
    parsed = Parsed()
    for i, record in enumerate(records):
        label = f"{source.name} record {i + 1}" if isinstance(data, list) else source.name
        try:
            parsed.documents.append(_record_document(record, label, source, i, decoded.encoding, "json"))
        except InputError as exc:
            if not isinstance(data, list):
                raise
            parsed.warnings.append(str(exc))
    if not parsed.documents:
        raise InputError(
            f'{source.name} holds no record with a non-empty "text" field: {"; ".join(parsed.warnings[:3])}'
        )
    return parsed


def _read_jsonl(raw: bytes, source: Source) -> Parsed:
    decoded = decode_bytes(raw, source.name)
    parsed = Parsed()
    for line_number, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{source.name} line {line_number}"
        try:
            record = load_json(line)
        except (json.JSONDecodeError, RecursionError):
            parsed.warnings.append(f"{label} is not valid JSON; skipped")
            continue
        try:
            parsed.documents.append(_record_document(record, label, source, line_number - 1, decoded.encoding, "jsonl"))
        except InputError as exc:
            parsed.warnings.append(f"{exc}; skipped")
    if not parsed.documents:
        reasons = "; ".join(parsed.warnings[:3]) or "no lines"
        raise InputError(f"{source.name} holds no usable JSON line: {reasons}")
    return parsed


def load_json(text: str) -> Any:
    """``json.loads`` for untrusted JSON: numbers that Python or JSON output cannot carry stay text.

    An integer of more than a few thousand digits makes ``int()`` raise (Python's guard
    against quadratic conversion), and ``NaN``, ``Infinity`` or ``1e999`` would be written
    back out as invalid JSON; all of them are kept as the string the file wrote.
    """
    return json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=str)


def _json_int(written: str) -> int | str:
    return int(written) if len(written) <= _MAX_INT_DIGITS else written


def _json_float(written: str) -> float | str:
    value = float(written)
    return value if math.isfinite(value) else written


def _record_document(record: Any, label: str, source: Source, position: int, encoding: str, fmt: str) -> Document:
    if not isinstance(record, dict):
        raise InputError(f'{label} is a {type(record).__name__}, expected an object with a "text" field')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{label} has no "text" field with text in it (the article body is required)')
    text, warnings = _cleaned(text, label, None)

    def optional(name: str) -> str | None:
        value = record.get(name)
        return _optional_text(value) if not isinstance(value, (dict, list)) else None

    doc_id = optional("id") or f"{source.stem}-{position + 1}"
    declared = optional("lang")
    lang = known_language(declared)
    if lang == UNDETERMINED:
        lang = detect_language(text)
    return Document(
        id=doc_id,
        text=text,
        path=source.path,
        url=optional("url") or source.url,
        lang=lang,
        title=optional("title") or guess_title(text),
        encoding=encoding,
        format=fmt,
        date=optional("date"),
        source=optional("source"),
        metadata={
            **{k: v for k, v in clean_value(record).items() if k not in KNOWN_JSON_FIELDS},  # type: ignore[attr-defined]
            **({"declared_lang": declared} if declared and declared.lower() != lang else {}),
        },
        warnings=warnings,
    )


def _cleaned(text: str, name: str, warning: str | None) -> tuple[str, tuple[str, ...]]:
    """Text without the characters that could drive a terminal or break an export, with the warnings."""
    text, replaced = clean_text(text)
    warnings = (warning,) if warning else ()
    return text, warnings + ((cleaning_warning(name, replaced),) if replaced else ())


def _optional_text(value: object) -> str | None:
    return None if value is None else clean_text(str(value))[0]


_READERS: dict[str, Callable[[bytes, Source], Parsed]] = {
    "text": _read_text,
    "markdown": _read_markdown,
    "html": _read_html,
    "json": _read_json,
    "jsonl": _read_jsonl,
}


def guess_title(text: str, markdown: bool = False) -> str | None:
    """A Markdown ``# heading``, or a first line that reads as a headline, else None."""
    if markdown:
        # string methods, not a regular expression: "# " and 30,000 "#" took a lazy pattern 10 s
        stripped = text.lstrip()
        if stripped.startswith("#") and stripped[1:2] in (" ", "\t"):
            heading = stripped[1:].split("\n", 1)[0].strip().rstrip("#").rstrip()
            if heading:
                return heading
    first_line = text.strip().split("\n", 1)[0].strip()
    has_more = "\n" in text.strip()
    looks_like_headline = not _SENTENCE_END.search(first_line) and not _INNER_SENTENCE_END.search(first_line)
    if has_more and 0 < len(first_line) <= _MAX_TITLE_CHARS and looks_like_headline:
        return _strip_title_suffix(first_line)
    return None


def _strip_title_suffix(title: str) -> str:
    return _TITLE_SUFFIX.sub("", title).strip() or title
