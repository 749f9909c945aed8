"""URLs: fetched only when the user names them, never redirected to file: or (unless allowed)
to a private address, and no larger than ``input.max_download_bytes``."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.input.reading import _is_private_host, read_documents
from claimcmp.pipeline import analyse

ARTICLE = "<html><body><article><p>Путин направил письмо Ким Чен Ыну. Ответ пришёл 9 мая.</p></article></body></html>"


@pytest.fixture()
def server() -> Iterator[tuple[str, list[str]]]:
    """A local server that logs every request; /to?url=X redirects to X."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            if self.path.startswith("/to?url="):
                self.send_response(302)
                self.send_header("Location", self.path[len("/to?url=") :])
                self.end_headers()
                return
            body = ("x" * 5000 if self.path == "/big" else ARTICLE).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_redirect_to_a_local_file_is_refused(server: tuple[str, list[str]]) -> None:
    base, _ = server
    # urllib itself refuses schemes other than http(s) and ftp; the guard refuses ftp as well
    with pytest.raises(InputError, match=r"file:///etc/passwd.*(is not allowed|only to http)"):
        read_documents([f"{base}/to?url=file:///etc/passwd"], InputSettings(strict=True))
    with pytest.raises(InputError, match=r"redirects to ftp://127\.0\.0\.1/x; claimcmp follows redirects only to http"):
        read_documents([f"{base}/to?url=ftp://127.0.0.1/x"], InputSettings(strict=True))


def test_a_redirect_to_a_private_address_is_refused_unless_allowed(server: tuple[str, list[str]]) -> None:
    base, hits = server
    url = f"{base}/to?url={base}/article.html"  # the user named 127.0.0.1 once; the page may not send us there
    with pytest.raises(InputError, match=r"redirects to a private or local address.*allow_private_redirects"):
        read_documents([url], InputSettings(strict=True))
    assert "/article.html" not in hits
    (document,) = read_documents([url], InputSettings(strict=True, allow_private_redirects=True))[0]
    assert "Ким Чен Ыну" in document.text and "/article.html" in hits


def test_a_download_over_the_limit_is_refused(server: tuple[str, list[str]]) -> None:
    base, _ = server
    with pytest.raises(InputError, match=r"over the limit of 1,000 bytes.*max_download_bytes"):
        read_documents([f"{base}/big"], InputSettings(strict=True, max_download_bytes=1000))


def test_addresses_named_inside_documents_are_never_fetched(server: tuple[str, list[str]], tmp_path: Path) -> None:
    base, hits = server
    (tmp_path / "page.html").write_text(
        f'<html><body><article><p>Путин направил письмо Ким Чен Ыну. <img src="{base}/img"> '
        f'<a href="{base}/link">ссылка</a></p><iframe src="{base}/frame"></iframe>'
        f'<link rel="stylesheet" href="{base}/css"></article></body></html>'
    )
    (tmp_path / "record.json").write_text(
        json.dumps({"text": "Ким Чен Ын ответил Путину письмом. Ответ пришёл 9 мая.", "url": f"{base}/json"})
    )
    analysis = analyse([tmp_path])
    assert len(analysis.documents) == 2
    assert hits == []


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("10.1.2.3", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("192.168.0.1", True),
        ("8.8.8.8", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_private_addresses_are_recognised(host: str, private: bool) -> None:
    assert _is_private_host(host) is private


def test_a_server_that_drips_bytes_is_cut_off_at_the_timeout() -> None:
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def drip() -> None:
        connection, _ = listener.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        while not stop.is_set():  # one byte every 0.2 s: no single read ever times out
            try:
                connection.sendall(b"x")
            except OSError:
                break
            time.sleep(0.2)
        connection.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match=r"took longer than 1 s.*\[input\] timeout"):
            read_documents(
                [f"http://127.0.0.1:{listener.getsockname()[1]}/slow"], InputSettings(strict=True, timeout=1)
            )
    finally:
        stop.set()
        listener.close()
    # a deadline, not a complexity claim: the read must end at the 1 s download timeout, not when
    # the server stops dripping (never); 5 s leaves room for a loaded machine
    assert time.monotonic() - started < 5
