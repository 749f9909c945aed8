"""PDF and DOCX inputs, and binary formats refused by their signature (issue 17, item 4).

Every file is built here: PDFs by hand (a text page is a content stream drawing the
text in a font whose ToUnicode map gives the letters back, so Cyrillic works), plain
and FlateDecode-compressed; DOCX files with python-docx.
"""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcmp.cli import app
from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.input import formats
from claimcmp.input.formats import Source, parse_input, sniff_format
from claimcmp.input.reading import read_document, read_documents
from claimcmp.input.segmentation import segment_document
from tests.support.invariants import parse_untrusted

SETTINGS = InputSettings()
FIRST = "Президент заявил, что страны будут развивать"
SECOND = "отношения. Ким ответил письмом."
LINES = [FIRST, SECOND]
TEXT = f"{FIRST} {SECOND}"
INFO = {"Title": "Заявление пресс-службы", "CreationDate": "D:20240315120000+03'00'", "Author": "Пресс-служба"}


def make_pdf(pages: list[list[str] | None], *, compress: bool = False, info: dict[str, str] | None = None) -> bytes:
    """A PDF whose pages draw these lines of text; ``None`` is a page holding only an image (a scan)."""
    chars = sorted({c for page in pages if page for line in page for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        if compress:
            data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
        return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n"
        + "".join(f"<{code[c]:02X}> <{ord(c):04X}>\n" for c in chars)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % add(stream(cmap)))
    image = add(
        stream(
            b"\x80" * 12,
            b" /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8",
        )
    )
    contents = []
    for page in pages:
        if page is None:
            ops = b"q 400 0 0 600 72 100 cm /Im1 Do Q"
        else:
            shown = (b"<" + "".join(f"{code[c]:02X}" for c in line).encode() + b"> Tj T*" for line in page)
            ops = b"BT /F1 11 Tf 14 TL 72 760 Td " + b" ".join(shown) + b" ET"
        contents.append(add(stream(ops)))
    pages_id = len(objects) + len(pages) + 1
    kids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>" % (pages_id, c, font, image)
        )
        for c in contents
    ]
    kid_refs = b" ".join(b"%d 0 R" % k for k in kids)
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    trailer = b""
    if info:
        fields = b" ".join(
            b"/%s <FEFF%s>" % (k.encode(), v.encode("utf-16-be").hex().encode()) for k, v in info.items()
        )
        trailer = b" /Info %d 0 R" % add(b"<< " + fields + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        trailer,
        xref,
    )
    return bytes(out)


def make_docx(
    paragraphs: list[str], *, title: str | None = None, created: datetime.datetime | None = None, table: bool = False
) -> bytes:
    import docx

    word = docx.Document()
    properties = word.core_properties
    properties.title = title or ""
    if created is not None:
        properties.created = created
    for i, paragraph in enumerate(paragraphs):
        if i == 0:
            word.add_heading(paragraph, level=1)
        else:
            word.add_paragraph(paragraph)
    if table:
        word.add_table(rows=1, cols=2).cell(0, 0).text = "Контакты: +7 495 000 00 00"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, raw: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def statements(document: object) -> list[str]:
    segments = segment_document(document)  # type: ignore[arg-type]
    for segment in segments:
        assert segment.text == document.text[segment.start : segment.end]  # type: ignore[attr-defined]
    return [s.text for s in segments if s.kind == "sentence"]


# ---- PDF ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "flate"])
def test_pdf_text_layer_is_read_with_title_and_date(tmp_path: Path, compress: bool) -> None:
    """Was: the plain PDF read as text titled "%PDF-1.4"; the compressed one refused with iconv advice."""
    path = write(tmp_path, "statement.pdf", make_pdf([LINES], compress=compress, info=INFO))
    document = read_document(path)
    assert document.format == "pdf"
    assert document.text == TEXT
    assert document.title == "Заявление пресс-службы"
    assert document.date == "2024-03-15"
    assert document.lang == "ru"
    assert document.metadata == {"author": "Пресс-служба"}
    assert "%PDF" not in document.text and "obj" not in document.text
    assert statements(document) == ["Президент заявил, что страны будут развивать отношения.", "Ким ответил письмом."]


def test_pdf_is_known_by_its_signature_whatever_its_name(tmp_path: Path) -> None:
    for name in ("statement.txt", "statement"):
        document = read_document(write(tmp_path, name, make_pdf([LINES], compress=True)))
        assert (document.format, document.text) == ("pdf", TEXT)
    assert sniff_format(b"%PDF-1.7\n", Source(name="x", stem="x", extension=".json")) == "pdf"
    # a .pdf may carry junk before its header (readers allow 1,024 bytes); another name may not
    assert sniff_format(b"junk\n%PDF-1.7\n", Source(name="x", stem="x", extension=".pdf")) == "pdf"
    assert sniff_format(b"junk\n%PDF-1.7\n", Source(name="x", stem="x", extension=".txt")) == "text"


def test_pdf_lines_are_joined_into_paragraphs_and_page_numbers_stand_alone(tmp_path: Path) -> None:
    page = [
        "Заявление МИД",
        "Министр иностранных дел заявил в понедельник, что",
        "Москва не получала никаких писем от Пхеньяна,",
        "а Сеул продолжит переговоры. Это подтвердил",
        "Лавров.",
        "3",
    ]
    document = parse_input(make_pdf([page]), Source(name="x.pdf", stem="x", extension=".pdf")).documents[0]
    assert document.text.split("\n\n") == [
        "Заявление МИД",
        "Министр иностранных дел заявил в понедельник, что Москва не получала никаких писем от Пхеньяна, "
        "а Сеул продолжит переговоры. Это подтвердил Лавров.",
        "3",
    ]
    assert document.title == "Заявление МИД"  # no /Title: the headline line
    assert "Это подтвердил Лавров." in statements(document)


def test_pdf_reflow_survives_a_long_footer_and_keeps_a_wrapped_year() -> None:
    body = [
        "Министр иностранных дел заявил в понедельник, что",
        "Москва не получала никаких писем от Пхеньяна, а",
        "Сеул продолжит переговоры со всеми сторонами. Он",
        "добавил, что делегации встретятся ещё раз весной,",
        "как и было условлено на прошлой встрече в Пекине.",
        "По его словам, договор о сотрудничестве подписан",
        "Россией и КНДР в торжественной обстановке в январе",
        "2024.",
    ]
    footer = "Пресс-служба МИД России, Смоленская-Сенная площадь, 32/34, Москва, 119200, www.mid.ru"
    document = parse_input(make_pdf([[*body, footer]]), Source(name="x.pdf", stem="x", extension=".pdf")).documents[0]
    assert document.text.split("\n\n") == [" ".join(body), footer]


def test_pdf_placeholder_title_gives_way_to_the_headline(tmp_path: Path) -> None:
    raw = make_pdf([["Заголовок пресс-релиза", *LINES]], info={"Title": "Microsoft Word - release_v3.docx"})
    assert read_document(write(tmp_path, "r.pdf", raw)).title == "Заголовок пресс-релиза"


@pytest.mark.parametrize(
    ("pages", "what"),
    [([None], "scanned or image-only pages"), ([None, None], "scanned or image-only pages"), ([[]], "blank pages")],
    ids=["scan", "two-page-scan", "blank"],
)
def test_pdf_without_a_text_layer_is_skipped_with_the_reason(
    tmp_path: Path, pages: list[list[str] | None], what: str
) -> None:
    write(tmp_path, "good.txt", TEXT.encode())
    write(tmp_path, "scan.pdf", make_pdf(pages, compress=True))
    documents, skipped = read_documents([tmp_path], SETTINGS)
    assert [d.id for d in documents] == ["good"]
    assert len(skipped) == 1 and Path(skipped[0].path).name == "scan.pdf"
    assert "without a text layer" in skipped[0].reason and what in skipped[0].reason
    assert "ocrmypdf" in skipped[0].reason
    with pytest.raises(InputError, match=r"scan\.pdf is a PDF without a text layer"):
        read_documents([tmp_path], InputSettings(strict=True))


def test_pdf_with_some_scanned_pages_warns_naming_them(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.pdf", make_pdf([LINES, None, [], LINES]))
    document = read_document(path)
    assert document.text == f"{TEXT}\n\n{TEXT}"
    assert len(document.warnings) == 1
    assert "page(s) 2 have no text layer" in document.warnings[0]  # page 3 is blank, not scanned
    # like a few broken bytes in a text file: the document is read, the warning goes with it (even with strict)
    documents, _ = read_documents([path], InputSettings(strict=True))
    assert documents[0].warnings == document.warnings


@pytest.mark.parametrize(
    "raw",
    [
        b"%PDF-1.4\nnot a pdf at all",
        make_pdf([LINES])[:200],
        make_pdf([LINES], compress=True).replace(b"FlateDecode", b"FlateDecodX"),
    ],
    ids=["garbage", "truncated", "unknown-filter"],
)
def test_damaged_pdf_is_refused_with_a_clear_error(raw: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match=r"x\.pdf is a PDF (that cannot be read|without a text layer).*fix this by"):
        parse_input(raw, Source(name="x.pdf", stem="x", extension=".pdf"))
    assert capsys.readouterr().err == ""  # pypdf's own complaints stay off the screen


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([LINES]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match=r"locked\.pdf is a password-protected PDF"):
        read_document(write(tmp_path, "locked.pdf", out.getvalue()))


def test_pdf_needing_the_cryptography_package_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf

    def aes_encrypted(*args: object, **kwargs: object) -> None:
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf, "PdfReader", aes_encrypted)
    with pytest.raises(InputError, match=r"x\.pdf is an encrypted PDF .*pip install cryptography"):
        parse_input(make_pdf([LINES]), Source(name="x.pdf", stem="x", extension=".pdf"))


def test_a_file_named_pdf_that_is_not_one_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"fake\.pdf is named \.pdf but is not a PDF"):
        read_document(write(tmp_path, "fake.pdf", TEXT.encode()))
    with pytest.raises(InputError, match=r"fake\.docx is named \.docx but is not a Word document"):
        read_document(write(tmp_path, "fake.docx", TEXT.encode()))


# ---- DOCX ---------------------------------------------------------------------------------------------


def test_docx_paragraphs_title_and_date_are_read(tmp_path: Path) -> None:
    created = datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)
    raw = make_docx(["Заголовок заявления", TEXT, "Второй абзац."], title="Заявление", created=created, table=True)
    document = read_document(write(tmp_path, "release.docx", raw))
    assert document.format == "docx"
    assert document.text == f"Заголовок заявления\n\n{TEXT}\n\nВторой абзац."  # the contact table left out
    assert document.title == "Заявление"
    assert document.date == "2024-03-15"
    assert document.lang == "ru"
    assert "Ким ответил письмом." in statements(document)


def test_docx_without_a_title_takes_its_heading_and_is_known_by_signature(tmp_path: Path) -> None:
    raw = make_docx(["Заголовок заявления", TEXT])
    document = read_document(write(tmp_path, "release.bin", raw))  # no extension to go by
    assert (document.format, document.title) == ("docx", "Заголовок заявления")


def test_docx_tracked_insertions_and_line_breaks_are_text(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    word = docx.Document()
    paragraph = word.add_paragraph("Ким ответил ")
    insertion = paragraph._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "a"})
    run = paragraph.add_run("письмом.")
    insertion.append(run._r)  # moves the run inside the tracked insertion
    paragraph._p.append(insertion)
    deleted = paragraph._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "a"})
    deleted.append(paragraph.add_run(" УДАЛЕНО")._r)
    paragraph._p.append(deleted)
    word.add_paragraph("Строка").add_run().add_break()
    out = io.BytesIO()
    word.save(out)
    document = parse_input(out.getvalue(), Source(name="t.docx", stem="t", extension=".docx")).documents[0]
    assert document.text == "Ким ответил письмом.\n\nСтрока"


def test_empty_or_damaged_docx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"empty\.docx is a Word document without text"):
        read_document(write(tmp_path, "empty.docx", make_docx([])))
    damaged = make_docx([TEXT]).replace(b"word/document.xml", b"word/document.xmX", 1)
    with pytest.raises(InputError, match=r"damaged\.docx .*fix this by"):
        read_document(write(tmp_path, "damaged.docx", damaged))


def test_docx_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "_MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match=r"bomb\.docx is a Word document that unpacks to [\d,]+ bytes, over the limit"):
        read_document(write(tmp_path, "bomb.docx", make_docx([TEXT])))


# ---- other binary formats: refused by name ------------------------------------------------------------


def _zip(*names: str, mimetype: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        if mimetype is not None:
            package.writestr("mimetype", mimetype)
        for name in names:
            package.writestr(name, "<x/>")
    return out.getvalue()


REFUSED = [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image", "running OCR"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image", "running OCR"),
    (b"GIF89a\x01\x00\x01\x00", "a GIF image", "running OCR"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a WebP image", "running OCR"),
    (_zip("a.txt"), "a ZIP archive", "unpacking it"),
    (b"PK\x03\x04 truncated", "a damaged ZIP archive", "unpacking it"),
    (b"\x1f\x8b\x08\x00" + zlib.compress(b"text"), "a gzip archive", "unpacking it"),
    (_zip("[Content_Types].xml", "xl/workbook.xml"), "an Excel workbook (XLSX)", "saving it as DOCX, PDF or text"),
    (_zip("ppt/presentation.xml"), "a PowerPoint presentation (PPTX)", "saving it as DOCX, PDF or text"),
    (
        _zip("content.xml", mimetype=b"application/vnd.oasis.opendocument.text"),
        "an OpenDocument text (ODT)",
        "saving it as DOCX, PDF or text",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "an old Microsoft Office file", "saving it as DOCX"),
    (
        rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} \f0 \u1055?\u1091?\u1090?\u1080?\u1085?.}",
        "is an RTF document",
        "saving it",
    ),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", "an MP3 audio file", "passing a transcript"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "an MP4/QuickTime video", "passing a transcript"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "an ELF program", "passing the article's text"),
    (b"SQLite format 3\x00" + b"\x00" * 64, "an SQLite database", "exporting the articles"),
]


@pytest.mark.parametrize(
    ("raw", "what", "fix"),
    REFUSED,
    ids=[what.removeprefix("is ").removeprefix("an ").removeprefix("a ").replace(" ", "-") for _, what, _ in REFUSED],
)
def test_other_binary_formats_are_refused_naming_the_format(raw: bytes, what: str, fix: str) -> None:
    """Was: "looks binary" (NUL bytes), iconv advice, or read as text/JSON (RTF), never the format's name."""
    for extension in (".txt", ""):
        with pytest.raises(InputError) as caught:
            parse_input(raw, Source(name="upload.txt", stem="upload", extension=extension))
        message = str(caught.value)
        assert message.startswith("upload.txt ") and what in message, message
        assert "PDF or DOCX" in message and f"You can fix this by {fix}" in message, message
        assert "iconv" not in message


GOOD_PDF = make_pdf([LINES, None], compress=True, info=INFO)
GOOD_DOCX = make_docx(["Заголовок заявления", TEXT], title="Заявление")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    original=st.sampled_from([(GOOD_PDF, ".pdf"), (GOOD_DOCX, ".docx"), (GOOD_PDF, ""), (GOOD_DOCX, ".txt")]),
    damage=st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), min_size=1, max_size=4),
    cut=st.integers(min_value=1),
)
def test_damaged_pdf_and_docx_are_read_or_refused_only_with_claimcmp_errors(
    original: tuple[bytes, str], damage: list[tuple[int, bytes]], cut: int
) -> None:
    raw, extension = original
    mutated = bytearray(raw)
    for position, patch in damage:
        at = position % len(mutated)
        mutated[at : at + len(patch)] = patch
    parse_untrusted(bytes(mutated), extension)
    parse_untrusted(bytes(mutated[: cut % len(mutated) + 1]), extension)


def test_text_that_begins_like_a_signature_stays_text() -> None:
    for raw in (b"BMW announced a recall.", b"MZ is a region code.", b"ID3 tags hold titles.", b"BZh..."):
        assert sniff_format(raw, Source(name="x", stem="x")) == "text"


# ---- folders, the CLI, imports --------------------------------------------------------------------------


def test_folders_read_pdf_and_docx_by_default(tmp_path: Path) -> None:
    write(tmp_path, "a.pdf", make_pdf([LINES], compress=True))
    write(tmp_path, "b.docx", make_docx(["Заголовок заявления", TEXT]))
    documents, skipped = read_documents([tmp_path], SETTINGS)
    assert not skipped
    assert [(d.id, d.format) for d in documents] == [("a", "pdf"), ("b", "docx")]


def test_cli_inspect_shows_pdf_and_docx_statements_and_titles(tmp_path: Path) -> None:
    pdf = write(tmp_path, "statement.pdf", make_pdf([LINES], compress=True, info=INFO))
    created = datetime.datetime(2024, 3, 16, tzinfo=datetime.UTC)
    word = write(tmp_path, "release.docx", make_docx(["Заголовок заявления", TEXT], title="Релиз", created=created))
    result = CliRunner().invoke(app, ["inspect", str(pdf), str(word), "--json", "-", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["id"], d["format"], d["title"], d["date"]) for d in data["documents"]] == [
        ("statement", "pdf", "Заявление пресс-службы", "2024-03-15"),
        ("release", "docx", "Релиз", "2024-03-16"),
    ]
    texts = [s["text"] for s in data["segments"]]
    assert "Президент заявил, что страны будут развивать отношения." in texts
    assert not any("%PDF" in t or "endobj" in t for t in texts)
    terminal = CliRunner().invoke(app, ["inspect", str(pdf)])
    assert terminal.exit_code == 0 and "Ким ответил письмом." in terminal.stdout


def test_cli_strict_stops_at_a_scanned_pdf(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", TEXT.encode())
    scan = write(tmp_path, "scan.pdf", make_pdf([None], compress=True))
    result = CliRunner().invoke(app, ["inspect", str(tmp_path / "good.txt"), str(scan), "--strict"])
    assert result.exit_code == 1
    assert "scan.pdf is a PDF without a text layer" in result.output
    lenient = CliRunner().invoke(app, ["inspect", str(tmp_path / "good.txt"), str(scan), "--json", "-", "--quiet"])
    assert lenient.exit_code == 0
    errors = json.loads(lenient.stdout)["errors"]
    assert len(errors) == 1 and "without a text layer" in errors[0]["reason"]


def test_pdf_and_docx_libraries_are_imported_only_when_such_a_file_is_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT.encode())
    code = (
        "import sys, claimcmp.cli\n"
        "from claimcmp.config import InputSettings\n"
        "from claimcmp.input.reading import read_documents\n"
        f"read_documents([{str(tmp_path / 'a.txt')!r}], InputSettings())\n"
        "loaded = [m for m in ('pypdf', 'docx') if m in sys.modules]\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
