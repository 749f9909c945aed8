"""Every input format reaches a Document whose text the segment offsets index into."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.input.formats import Source, parse_input, sniff_format
from claimcmp.input.reading import read_documents
from claimcmp.input.segmentation import segment_document

PAGES = Path(__file__).parent / "data" / "pages"
SETTINGS = InputSettings()
ARTICLE = "Президент России заявил, что страны будут развивать отношения. Ким ответил письмом."


def check_offsets(documents: list) -> None:  # type: ignore[type-arg]
    for document in documents:
        for segment in segment_document(document):
            assert segment.text == document.text[segment.start : segment.end]


@pytest.mark.parametrize(
    ("raw", "extension", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "", "html"),
        (b"  <html lang='ru'>", ".dat", "html"),
        (b'{"text": "x"}', "", "json"),
        (b"[1]", "", "json"),
        (b"plain words", "", "text"),
        (b"<html>", ".txt", "text"),  # an extension that names a format wins
        (b"x", ".jsonl", "jsonl"),
        (b"# T", ".md", "markdown"),
        (b"%PDF-1.4\n", ".txt", "pdf"),  # a signature wins over the extension
        (b"%PDF-1.4\n", ".html", "pdf"),
        (b"%PDF-2.0", "", "pdf"),
    ],
)
def test_sniff_format(raw: bytes, extension: str, expected: str) -> None:
    assert sniff_format(raw, Source(name="x", stem="x", extension=extension)) == expected


def test_html_page_keeps_the_article_and_drops_the_furniture() -> None:
    documents, skipped = read_documents([PAGES / "netinfo_002.html"], SETTINGS)
    assert not skipped
    (document,) = documents
    assert document.format == "html"
    assert document.encoding == "cp1251"
    assert document.lang == "bg"
    assert document.title == "Ким и Путин си размениха писма"
    assert document.date == "2023-08-15"
    assert document.site == "Нетинфо"
    assert "78-ата годишнина" in document.text
    assert "отрекоха да са извършвали" in document.text
    for furniture in ("Начало", "Ердоган", "Потребителско име", "Всички права", "реклама", "color:red"):
        assert furniture not in document.text
    check_offsets(documents)


def test_html_script_payload_is_not_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><script>alert('x')</script><article><p>"
        + ARTICLE
        + "</p><p>Ещё одно предложение о письме.</p></article></body></html>",
        encoding="utf-8",
    )
    (document,) = read_documents([page], SETTINGS)[0]
    assert "alert" not in document.text and "Ким ответил письмом" in document.text


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(
        json.dumps(
            {
                "id": "a1",
                "text": ARTICLE,
                "title": "T",
                "url": "https://x.test/a",
                "date": "2024-09-09",
                "source": "ЦТАК",
                "lang": "ru",
                "section": "мир",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": ARTICLE}, {"text": "Второй текст статьи."}], ensure_ascii=False))
    documents, _ = read_documents([single, many], SETTINGS)
    assert [d.id for d in documents] == ["a1", "many-1", "many-2"]
    first = documents[0]
    assert (first.title, first.url, first.date, first.source, first.lang) == (
        "T",
        "https://x.test/a",
        "2024-09-09",
        "ЦТАК",
        "ru",
    )
    assert first.metadata == {"section": "мир"}
    assert first.format == "json"
    check_offsets(documents)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "no body"}', 'one.json has no "text" field'),
        ('{"text": ', "one.json is not valid JSON (line 1"),
        ("[" * 100_000 + "]" * 100_000, "one.json is not valid JSON"),
        ('"just a string"', "one.json is a str, expected an object"),
    ],
)
def test_bad_json_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "one.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        parse_input(path.read_bytes(), Source(name=str(path), stem="one", path=path, extension=".json"))
    assert message in str(excinfo.value)


def test_jsonl_bad_line_is_reported_and_good_lines_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": ARTICLE}, ensure_ascii=False),
        "{broken",
        json.dumps({"title": "x"}),
        "",
        json.dumps({"id": "z", "text": "Третья статья о письме."}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    documents, skipped = read_documents([path], SETTINGS)
    assert [d.id for d in documents] == ["feed-1", "z"]
    assert not skipped
    warnings = documents[0].warnings
    assert any("feed.jsonl line 2 is not valid JSON" in w for w in warnings)
    assert any("feed.jsonl line 3" in w and '"text"' in w for w in warnings)
    with pytest.raises(InputError, match="line 2"):
        read_documents([path], InputSettings(strict=True))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(ARTICLE.encode("cp1251"))

    monkeypatch.setattr("sys.stdin", FakeStdin())
    (document,) = read_documents(["-"], SETTINGS)[0]
    assert document.text == ARTICLE and document.id == "stdin"


def test_size_limit_is_enforced_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: no 200 MB written to disk
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(InputError, match=r"over the limit of 50,000,000.*max_bytes"):
        read_documents([path], InputSettings(strict=True))


@pytest.fixture()
def local_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/article.html":
                body = (PAGES / "netinfo_002.html").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=windows-1251")
            else:
                body = b"not here"
                self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_url_is_fetched_and_extracted(local_server: str) -> None:
    (document,) = read_documents([f"{local_server}/article.html"], SETTINGS)[0]
    assert document.url == f"{local_server}/article.html"
    assert document.id == "article"
    assert "78-ата годишнина" in document.text and "Ердоган" not in document.text


def test_unreachable_url_is_a_clear_error(local_server: str) -> None:
    with pytest.raises(InputError, match=r"cannot fetch .*/missing\.html: Not Found"):
        read_documents([f"{local_server}/missing.html"], InputSettings(strict=True))
    with pytest.raises(InputError, match=r"cannot fetch http://127\.0\.0\.1:9/"):
        read_documents(["http://127.0.0.1:9/x.html"], InputSettings(strict=True, timeout=2))
