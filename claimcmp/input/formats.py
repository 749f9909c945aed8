"""Input formats: plain text, Markdown, HTML, JSON, JSON Lines, PDF and DOCX → :class:`Document`.

Binary formats are known by their signature (magic bytes), whatever the file is
called: ``%PDF-`` is a PDF, a ZIP holding ``word/document.xml`` a DOCX, and any
other known signature (images, archives, other office files, audio, video,
programs) is refused with the format's name. Otherwise the format comes from the
extension when it names one, else from the content (``<html``/``<!doctype`` →
HTML, ``{``/``[`` → JSON). Each reader returns the documents an input holds (a
JSON list holds many) plus warnings for records it had to skip, so one bad JSONL
line never costs the good ones.

HTML goes through trafilatura (Apache-2.0), which keeps the article's
paragraphs and drops navigation, related-article lists and comment forms; its
title, date and site name become document metadata. PDF text layers are read
with pypdf (BSD) and DOCX body paragraphs with python-docx (MIT), both imported
only when such a file is read; their title and creation date become the
document's.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from claimcmp.errors import InputError
from claimcmp.input.decoding import decode_bytes
from claimcmp.input.languages import UNDETERMINED, detect_language, known_language
from claimcmp.input.untrusted import clean_text, clean_value, cleaning_warning
from claimcmp.records import Document

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
    ".pdf": "pdf",
    ".docx": "docx",
    ".parquet": "parquet",
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
    """The format the signature shows, else the one the extension names, else the one the content looks like.

    Raises :class:`InputError` for a binary format claimcmp cannot read (naming it), and for
    a file named ``.pdf`` or ``.docx`` that is not one.
    """
    extension = source.extension.lower()
    signed = binary_format(raw, pdf_header_anywhere=extension == ".pdf")
    if isinstance(signed, str):
        return signed  # "pdf" or "docx"
    if isinstance(signed, tuple):
        what, fix = signed
        raise InputError(f"{source.name} {what}, not an article claimcmp can read ({_READABLE}). {fix}")
    if extension in (".pdf", ".docx"):
        kind = "PDF (it does not start with %PDF-)" if extension == ".pdf" else "Word document (not a ZIP package)"
        raise InputError(
            f"{source.name} is named {extension} but is not a {kind}. "
            "You can fix this by checking the file, or renaming it to the format it holds."
        )
    if extension in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[extension]
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
            parsed.documents.append(record_document(record, label, source, i, decoded.encoding, "json"))
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
            parsed.documents.append(record_document(record, label, source, line_number - 1, decoded.encoding, "jsonl"))
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
    value = json.loads(text, parse_int=_json_int, parse_float=_json_float, parse_constant=str)
    _check_depth(value)
    return value


_MAX_JSON_DEPTH = 500
"""Deeper JSON is refused: Python 3.11's parser raises RecursionError near 1,000 levels, 3.13's parses any
depth, and everything that walks a value after it (cleaning, export) recurses once per level."""


def _check_depth(value: Any) -> None:
    """RecursionError when ``value`` nests more than ``_MAX_JSON_DEPTH`` levels (found without recursing)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > _MAX_JSON_DEPTH:
                raise RecursionError(f"JSON nested more than {_MAX_JSON_DEPTH} levels deep")
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))


def _json_int(written: str) -> int | str:
    return int(written) if len(written) <= _MAX_INT_DIGITS else written


def _json_float(written: str) -> float | str:
    value = float(written)
    return value if math.isfinite(value) else written


def record_document(record: Any, label: str, source: Source, position: int, encoding: str, fmt: str) -> Document:
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


# ---- binary formats: signatures, PDF, DOCX -------------------------------------------------------

_READABLE = "text, Markdown, HTML, JSON, JSON Lines, PDF or DOCX"
_TO_TEXT = "You can fix this by converting it to text or PDF first."
_SAVE_AS = "You can fix this by saving it as DOCX, PDF or text first."
_UNPACK = "You can fix this by unpacking it and passing the files inside."
_OCR = "You can fix this by running OCR on it (e.g. tesseract) and passing the text, or a PDF with a text layer."
_MEDIA = "You can fix this by passing a transcript as text."
_PROGRAM = "You can fix this by passing the article's text instead."
# (prefix, offset, what the file is, the fix); checked in order, so longer prefixes come first
_SIGNATURES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "looks binary: it is a PNG image", _OCR),
    (b"\xff\xd8\xff", 0, "looks binary: it is a JPEG image", _OCR),
    (b"GIF87a", 0, "looks binary: it is a GIF image", _OCR),
    (b"GIF89a", 0, "looks binary: it is a GIF image", _OCR),
    (b"II*\x00", 0, "looks binary: it is a TIFF image", _OCR),
    (b"MM\x00*", 0, "looks binary: it is a TIFF image", _OCR),
    (b"\x00\x00\x01\x00", 0, "looks binary: it is an ICO icon", _OCR),
    (b"\x1f\x8b", 0, "looks binary: it is a gzip archive", _UNPACK),
    (b"BZh", 0, "", _UNPACK),  # bzip2, confirmed below
    (b"\xfd7zXZ\x00", 0, "looks binary: it is an xz archive", _UNPACK),
    (b"\x28\xb5\x2f\xfd", 0, "looks binary: it is a zstd archive", _UNPACK),
    (b"7z\xbc\xaf\x27\x1c", 0, "looks binary: it is a 7-Zip archive", _UNPACK),
    (b"Rar!\x1a\x07", 0, "looks binary: it is a RAR archive", _UNPACK),
    (b"ustar", 257, "looks binary: it is a tar archive", _UNPACK),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        "looks binary: it is an old Microsoft Office file (.doc, .xls, .ppt)",
        _SAVE_AS,
    ),
    (b"{\\rtf", 0, "is an RTF document", _SAVE_AS),
    (b"%!PS", 0, "is a PostScript file", "You can fix this by converting it to PDF (e.g. ps2pdf) or text first."),
    (b"OggS", 0, "looks binary: it is an Ogg audio or video file", _MEDIA),
    (b"fLaC", 0, "looks binary: it is a FLAC audio file", _MEDIA),
    (b"\x1a\x45\xdf\xa3", 0, "looks binary: it is a Matroska/WebM video", _MEDIA),
    (b"ftyp", 4, "", _MEDIA),  # MP4 family, told apart below
    (b"\x7fELF", 0, "looks binary: it is an ELF program", _PROGRAM),
    (b"\xcf\xfa\xed\xfe", 0, "looks binary: it is a Mach-O program", _PROGRAM),
    (b"\xce\xfa\xed\xfe", 0, "looks binary: it is a Mach-O program", _PROGRAM),
    (b"\xca\xfe\xba\xbe", 0, "looks binary: it is a Java class or Mach-O program", _PROGRAM),
    (b"\x00asm", 0, "looks binary: it is a WebAssembly module", _PROGRAM),
    (
        b"SQLite format 3\x00",
        0,
        "looks binary: it is an SQLite database",
        "You can fix this by exporting the articles as JSON or JSON Lines first.",
    ),
    (b"wOFF", 0, "looks binary: it is a WOFF font", _PROGRAM),
    (b"wOF2", 0, "looks binary: it is a WOFF2 font", _PROGRAM),
)
_RIFF_KINDS = {
    b"WEBP": ("a WebP image", _OCR),
    b"WAVE": ("a WAV audio file", _MEDIA),
    b"AVI ": ("an AVI video", _MEDIA),
}
_MP4_IMAGE_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif")
_OOXML_KINDS = {
    "xl/workbook.xml": "an Excel workbook (XLSX)",
    "ppt/presentation.xml": "a PowerPoint presentation (PPTX)",
}
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": "an OpenDocument text (ODT)",
    b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (ODS)",
    b"application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (ODP)",
    b"application/epub+zip": "an EPUB e-book",
}
# a DOCX is unpacked in memory: past this, a ZIP bomb rather than a document
_MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def binary_format(raw: bytes, pdf_header_anywhere: bool = False) -> str | tuple[str, str] | None:
    """``"pdf"`` or ``"docx"`` by signature; for another binary format (what it is, the fix); else None.

    A PDF header may follow up to 1,024 bytes of junk (readers allow it) when the file is
    named ``.pdf``; otherwise it must open the file, so a text that quotes ``%PDF-`` stays text.
    """
    head = raw[:1024]
    if head.startswith(b"%PDF-") or (pdf_header_anywhere and b"%PDF-" in head):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(raw)
    for prefix, offset, what, fix in _SIGNATURES:
        if head[offset : offset + len(prefix)] != prefix:
            continue
        if prefix == b"BZh":
            if not (head[3:4].isdigit() and head[4:10] == b"1AY&SY"):
                continue
            what = "looks binary: it is a bzip2 archive"
        elif prefix == b"ftyp":
            brand = head[8:12]
            if brand in _MP4_IMAGE_BRANDS:
                what, fix = "looks binary: it is a HEIF/AVIF image", _OCR
            else:
                audio = brand.startswith((b"M4A", b"M4B"))
                what = f"looks binary: it is an MP4/QuickTime {'audio file' if audio else 'video'}"
        return what, fix
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        what, fix = _RIFF_KINDS[head[8:12]]
        return f"looks binary: it is {what}", fix
    if head.startswith(b"ID3") and head[3:4] in (b"\x02", b"\x03", b"\x04"):
        return "looks binary: it is an MP3 audio file", _MEDIA
    if head.startswith((b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")):
        return "looks binary: it is an MP3 audio file", _MEDIA
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        return "looks binary: it is a BMP image", _OCR
    if head.startswith(b"MZ") and b"\x00" in head[2:64]:
        return "looks binary: it is a Windows program", _PROGRAM
    return None


def _zip_format(raw: bytes) -> str | tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            names = set(package.namelist())
            if "word/document.xml" in names:
                return "docx"
            for part, what in _OOXML_KINDS.items():
                if part in names:
                    return f"looks binary: it is {what}", _SAVE_AS
            if "mimetype" in names and package.getinfo("mimetype").file_size < 100:
                what_odf = _ODF_KINDS.get(package.read("mimetype").strip())
                if what_odf:
                    return f"looks binary: it is {what_odf}", _SAVE_AS
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "looks binary: it is a damaged ZIP archive", _UNPACK
    return "looks binary: it is a ZIP archive", _UNPACK


@contextmanager
def _library_quiet(logger_name: str) -> Iterator[None]:
    """The library's own warnings about a damaged file kept off the user's screen (our message says enough)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _library_failure(source: Source, kind: str, exc: BaseException) -> InputError:
    detail = " ".join(clean_text(str(exc))[0].split())[:200] or type(exc).__name__
    return InputError(
        f"{source.name} is a {kind} that cannot be read ({detail}). "
        f"You can fix this by re-saving it from the program that made it, or converting it to text first."
    )


# a PDF or Word default rather than a title: "Microsoft Word - draft3.docx", "Untitled", "Document1"
_PLACEHOLDER_TITLE = re.compile(
    r"(?:^(?:microsoft\s+\w+\s+-\s|untitled\b|без\s+назви|без\s+названия|document\d*$|документ\d*$))"
    r"|\.(?:docx?|pdf|odt|rtf|txt|indd|qxp|html?)$",
    re.I,
)


def _document_title(title: object, text: str) -> str | None:
    cleaned = _optional_text(title)
    cleaned = " ".join(cleaned.split()) if cleaned else None
    if cleaned and not _PLACEHOLDER_TITLE.search(cleaned) and len(cleaned) <= _MAX_TITLE_CHARS:
        return cleaned
    return guess_title(text)


def _iso_date(value: object) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime.datetime) else None


def _read_pdf(raw: bytes, source: Source) -> Parsed:
    import pypdf

    pages: list[str] = []
    scanned: list[int] = []
    with _library_quiet("pypdf"):
        try:
            reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(
                    f"{source.name} is a password-protected PDF. "
                    "You can fix this by saving a copy without the password, or its text, first."
                )
            for number, page in enumerate(reader.pages, start=1):
                text = page.extract_text() or ""
                if text.strip():
                    pages.append(text)
                elif _draws_images(page):
                    scanned.append(number)
            info = reader.metadata
            title = info.title if info else None
            author = info.author if info else None
            try:
                created = info.creation_date if info else None
            except ValueError:  # a /CreationDate that is not a PDF date
                created = None
        except InputError:
            raise
        except pypdf.errors.DependencyError as exc:  # AES encryption, even with an empty password, needs it
            raise InputError(
                f"{source.name} is an encrypted PDF that pypdf can open only with the cryptography package. "
                "You can fix this by installing it (pip install cryptography), or saving an unprotected copy."
            ) from exc
        except Exception as exc:  # pypdf raises many kinds of error on damaged files; all mean "unreadable"
            raise _library_failure(source, "PDF", exc) from exc
    if not pages:
        what = "scanned or image-only pages" if scanned else "blank pages"
        raise InputError(
            f"{source.name} is a PDF without a text layer (no page holds extractable text: {what}). "
            "You can fix this by running OCR on it (e.g. ocrmypdf) or converting it to text first."
        )
    text, warnings_ = _cleaned("\n\n".join(_reflowed_pdf_page(page) for page in pages), source.name, None)
    if scanned:
        shown = ", ".join(map(str, scanned[:10])) + (" …" if len(scanned) > 10 else "")
        warnings_ += (
            f"{source.name}: page(s) {shown} have no text layer (scanned images?); their content is not read",
        )
    return _office_document(source, text, "pdf", title, created, str(author) if author else None, warnings_)


def _office_document(
    source: Source, text: str, kind: str, title: Any, created: Any, author: str | None, warnings_: tuple[str, ...]
) -> Parsed:
    """The document a PDF or DOCX file holds, with the title, date and author its properties give."""
    document = Document(
        id=source.stem,
        text=text,
        path=source.path,
        url=source.url,
        lang=detect_language(text),
        title=_document_title(title, text),
        encoding="pdf" if kind == "pdf" else "utf-8",
        format=kind,
        date=_iso_date(created),
        metadata={"author": clean_text(author)[0]} if author else {},
        warnings=warnings_,
    )
    return Parsed([document])


def _draws_images(page: Any) -> bool:
    """Whether the page's content draws an image (a scan) rather than nothing at all (a blank page).

    The content stream decides, not the resources: pages often share one resources
    dictionary that names every page's images.
    """
    try:
        contents = page.get_contents()
        if contents is None:
            return False
        objects = page["/Resources"].get_object().get("/XObject")
        objects = objects.get_object() if objects is not None else {}
        for operands, operator in contents.operations:
            if operator == b"INLINE IMAGE":
                return True
            if operator == b"Do" and operands:
                drawn = objects.get(operands[0])
                # a form may hold the scan in turn; either way the page shows something that is not text
                if drawn is not None and drawn.get_object().get("/Subtype") in ("/Image", "/Form"):
                    return True
    except Exception:  # damaged content: call it a scan, the safer guess for the message
        return True
    return False


# a line that is a page number ("3", "- 3 -", "Page 3 of 9", "Стр. 3"): never part of a sentence
# (a lone "2024." ends a wrapped sentence, so a full stop after the number is not allowed)
_PAGE_NUMBER_LINE = re.compile(
    r"^[\s\-–—|\[(]*(?:(?:page|p\.|стр\.?|страница|сторінка|с\.)\s*)?\d{1,4}"
    r"(?:\s*(?:/|of|из|з|от)\s*\d{1,4})?[\s\-–—|\])]*$",
    re.I,
)
_SHORT_LINE_SHARE = 0.7


def _reflowed_pdf_page(text: str) -> str:
    """A page's lines joined back into paragraphs, one per line with blank lines between.

    A PDF text layer breaks lines where the page did, not where sentences end, so a
    sentence wrapped before a capital ("… said\\nPutin") would be cut in two. A line
    continues the previous one unless that one is clearly shorter than a full line of
    the page (the last line of a paragraph, a heading, a signature) and this one does
    not start in lower case; page numbers stand alone.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # the width of a full line: the longest once the longest tenth is set aside (a footer, a URL line)
    lengths = sorted(len(line) for line in lines if line)
    width = lengths[-1 - (len(lengths) + 5) // 10] if lengths else 0
    paragraphs: list[str] = []
    current = ""
    previous = ""
    for line in lines:
        alone = bool(_PAGE_NUMBER_LINE.match(line))
        ends_paragraph = len(previous) < _SHORT_LINE_SHARE * width and not line[:1].islower()
        if not line or alone or _PAGE_NUMBER_LINE.match(previous) or ends_paragraph:
            if current:
                paragraphs.append(current)
            current = ""
        previous = line
        if not line:
            continue
        if not current:
            current = line
        elif current.endswith("\xad"):  # a soft hyphen: the word goes on
            current = current[:-1] + line
        elif current.endswith("-") and current[-2:-1].isalpha():
            current += line  # the hyphen stays: a compound (северо-западный) is as likely as a broken word
        else:
            current += " " + line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# tables (contact boxes, figures), text boxes (and their duplicate fallbacks), deleted and moved-away text
_DOCX_SKIPPED = frozenset({_W + "tbl", _W + "txbxContent", _MC + "Fallback", _W + "del", _W + "moveFrom"})
_DOCX_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _read_docx(raw: bytes, source: Source) -> Parsed:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _library_failure(source, "Word document", exc) from exc
    if unpacked > _MAX_UNPACKED_BYTES:
        raise InputError(
            f"{source.name} is a Word document that unpacks to {unpacked:,} bytes, over the limit of "
            f"{_MAX_UNPACKED_BYTES:,} (a ZIP bomb?). You can fix this by saving its text as .txt first."
        )
    import docx

    with _library_quiet("docx"):
        try:
            word = docx.Document(io.BytesIO(raw))
            paragraphs = _docx_paragraphs(word.element.body)
            properties = word.core_properties
            title, author, created = properties.title, properties.author, properties.created
        except Exception as exc:  # python-docx and lxml raise many kinds of error on damaged files
            raise _library_failure(source, "Word document", exc) from exc
    text, warnings_ = _cleaned("\n\n".join(p for p in paragraphs if p.strip()), source.name, None)
    if not text.strip():
        raise InputError(
            f"{source.name} is a Word document without text in its body. "
            "You can fix this by leaving it out of the input, or saving its text as .txt."
        )
    return _office_document(source, text, "docx", title, created, author or None, warnings_)


def _docx_paragraphs(body: Any) -> list[str]:
    """The text of each body paragraph in reading order (tracked insertions, fields and content controls in)."""
    from lxml import etree

    paragraphs: list[str] = []
    current: list[str] | None = None
    walker = etree.iterwalk(body, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if tag in _DOCX_SKIPPED:
                walker.skip_subtree()
            elif tag == _W + "p":
                current = []
            elif current is not None:
                if tag == _W + "t":
                    current.append(element.text or "")
                elif tag in _DOCX_CHARACTERS:
                    current.append(_DOCX_CHARACTERS[tag])
        elif tag == _W + "p" and current is not None:
            paragraphs.append("".join(current).strip())
            current = None
    return paragraphs


_READERS: dict[str, Callable[[bytes, Source], Parsed]] = {
    "text": _read_text,
    "markdown": _read_markdown,
    "html": _read_html,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "parquet": lambda raw, source: _parquet().read_parquet(raw, source),
}


def _parquet() -> Any:
    from claimcmp.input import parquet  # pyarrow, imported when a Parquet file is read

    return parquet


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
