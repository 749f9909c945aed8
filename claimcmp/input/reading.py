"""Turn what a user names (files, folders, ``-`` for stdin, http(s) URLs) into documents.

A folder contributes its files with a known extension, recursively, in sorted
order, hidden entries skipped. Each input's bytes go to :mod:`claimcmp.input.formats`
for decoding and parsing. An input that cannot be read is skipped with its
reason (or is an error with ``strict``), so one bad file never sinks a run and
nothing is dropped silently. Document ids are file stems (or JSON ``id``
fields), made unique with ``~2``, ``~3`` when two inputs share one.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from claimcmp.config import InputSettings
from claimcmp.errors import InputError
from claimcmp.input.formats import Source, parse_input
from claimcmp.input.untrusted import display_name, exportable_path
from claimcmp.records import Document, SkippedInput

STDIN = "-"


def collect_paths(paths: Sequence[str | Path], settings: InputSettings) -> list[str | Path]:
    """Every input named by ``paths`` (folders expanded to files), in a stable order."""
    if not paths:
        raise InputError("no input given. You can fix this by naming files or folders, e.g. claimcmp align seeds/")
    extensions = {e.lower() for e in settings.extensions}
    found: list[str | Path] = []
    for raw in paths:
        if str(raw) == STDIN or _is_url(str(raw)):
            found.append(str(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(_walk(path, extensions))
            if not files:
                raise InputError(
                    f"folder {path} holds no files ending in {', '.join(sorted(extensions))}. "
                    "You can fix this by naming the files directly or adding their extension "
                    "to [input] extensions in config.toml."
                )
            found.extend(files)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(
                f"input {display_name(str(path))} is not a regular file (a device, pipe or socket). "
                "You can fix this by passing a file, or - to read standard input."
            )
        else:
            raise InputError(f"input {display_name(str(path))} does not exist. You can fix this by checking the path.")
    return found


def _walk(folder: Path, extensions: set[str]) -> Iterable[Path]:
    for entry in folder.rglob("*"):
        relative = entry.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if entry.is_file() and entry.suffix.lower() in extensions:
            yield entry


def _is_url(value: str) -> bool:
    return urlparse(value).scheme in ("http", "https")


def read_documents(
    paths: Sequence[str | Path], settings: InputSettings, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Document], list[SkippedInput]]:
    """Every readable input as :class:`Document`; the unreadable ones with the reason.

    Warnings about records skipped inside an input (a bad JSONL line) are kept
    on the input's first document, so the run's output reports them.
    """
    documents: list[Document] = []
    skipped: list[SkippedInput] = []
    for item in iter_documents(paths, settings, progress=progress):
        (documents if isinstance(item, Document) else skipped).append(item)  # type: ignore[arg-type]
    if not documents:
        reasons = "; ".join(s.reason for s in skipped[:3])
        raise InputError(f"none of the {len(skipped)} input(s) could be read: {reasons}")
    return documents, skipped


def iter_documents(
    paths: Sequence[str | Path],
    settings: InputSettings,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Document | SkippedInput]:
    """:func:`read_documents` one input at a time, for inputs too many to hold at once.

    Ids are made unique against each other; ``progress(inputs done, inputs)``
    is called as each input is started.
    """
    used_ids: set[str] = set()
    next_suffix: dict[str, int] = {}
    names = collect_paths(paths, settings)
    for done, name in enumerate(names):
        if progress is not None:
            progress(done, len(names))
        try:
            source, raw = _load(name, settings)
            parsed = parse_input(raw, source)
        except InputError as exc:
            if settings.strict:
                raise
            yield SkippedInput(path=display_name(str(name)), reason=str(exc))
            continue
        if parsed.warnings and settings.strict:
            raise InputError(parsed.warnings[0])
        for i, document in enumerate(parsed.documents):
            if len(used_ids) >= settings.max_documents:
                raise InputError(
                    f"the input holds more than {settings.max_documents:,} documents (reached at {source.name}). "
                    "You can fix this by raising [input] max_documents in config.toml, or by passing fewer."
                )
            extra = tuple(parsed.warnings) if i == 0 else ()
            yield replace(
                document, id=unique_id(document.id, used_ids, next_suffix), warnings=document.warnings + extra
            )


def content_hash(document: Document) -> str:
    """What makes two inputs the same article: their cleaned text (format, file name and encoding aside)."""
    return hashlib.sha256(" ".join(document.text.split()).encode("utf-8")).hexdigest()


def origin_of(document: Document) -> str:
    """The input a document came from, and which record when one file holds many (JSON, JSONL)."""
    where = exportable_path(document.path) if document.path is not None else document.url or document.id
    return f"{where} (record {document.id})" if document.format in ("json", "jsonl", "parquet") else where


def unique_id(stem: str, used: set[str], next_suffix: dict[str, int] | None = None) -> str:
    """``stem``, or ``stem~2``, ``stem~3``… when taken; the result is added to ``used``.

    ``next_suffix`` remembers where each stem's count stands, so 100,000 documents that all
    say ``"id": "same"`` take linear time rather than trying ``~2`` … ``~n`` for each.
    """
    n = next_suffix.get(stem, 1) if next_suffix is not None else 1
    candidate = stem if n == 1 else f"{stem}~{n}"
    while candidate in used:
        n += 1
        candidate = f"{stem}~{n}"
    if next_suffix is not None:
        next_suffix[stem] = n
    used.add(candidate)
    return candidate


def _load(name: str | Path, settings: InputSettings) -> tuple[Source, bytes]:
    if str(name) == STDIN:
        return Source(name="<stdin>", stem="stdin"), _read_limited(sys.stdin.buffer, "<stdin>", settings.max_bytes)
    if isinstance(name, str) and _is_url(name):
        return _fetch(name, settings)
    path = Path(name)
    shown = display_name(str(path))
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(
                f"{shown} is {size:,} bytes, over the limit of {settings.max_bytes:,}. "
                "You can fix this by raising [input] max_bytes in config.toml or splitting the file."
            )
        # read no more than the limit: a file can grow (or be a device) after stat()
        with path.open("rb") as stream:
            raw = _read_limited(stream, shown, settings.max_bytes)
    except OSError as exc:
        raise InputError(
            f"cannot read {shown}: {exc.strerror or exc}. You can fix this by checking that it exists and is readable."
        ) from exc
    return Source(name=shown, stem=display_name(path.stem), path=path, extension=path.suffix), raw


def _read_limited(stream: object, name: str, limit: int) -> bytes:
    data = stream.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise _over_limit(name, limit, "max_bytes")
    return bytes(data)


def _over_limit(name: str, limit: int, setting: str) -> InputError:
    return InputError(
        f"{name} is over the limit of {limit:,} bytes. You can fix this by raising [input] {setting} in config.toml."
    )


def _fetch(url: str, settings: InputSettings) -> tuple[Source, bytes]:
    shown = display_name(url)
    opener = urllib.request.build_opener(_RedirectGuard(settings.allow_private_redirects))
    request = urllib.request.Request(url, headers={"User-Agent": "claimcmp"})
    try:
        deadline = time.monotonic() + settings.timeout
        with opener.open(request, timeout=settings.timeout) as response:
            raw = _download(response, shown, settings, deadline)
            content_type = response.headers.get("Content-Type", "")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(
            f"cannot fetch {shown}: {reason}. You can fix this by checking the address and your "
            "connection, or by saving the page and passing the file."
        ) from exc
    path_part = urlparse(url).path
    stem = Path(path_part).stem or urlparse(url).hostname or "page"
    extension = ".html" if "html" in content_type else Path(path_part).suffix
    return Source(name=shown, stem=display_name(stem), url=url, extension=extension), raw


def _download(response: Any, shown: str, settings: InputSettings, deadline: float) -> bytes:
    """The body, a chunk at a time: the socket timeout bounds each wait, this bounds the whole.

    A server that drips a byte every few seconds never trips a per-read timeout; the
    download as a whole must still end within ``input.timeout`` (plus one last read).
    """
    limit = settings.max_download_bytes
    chunks: list[bytes] = []
    size = 0
    # read1: whatever one receive brings (read(n) would wait for all n bytes, however slowly they come)
    read = getattr(response, "read1", response.read)
    while size <= limit:
        chunk = read(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise InputError(
                f"cannot fetch {shown}: the download took longer than {settings.timeout:g} s. You can fix this "
                "by raising [input] timeout in config.toml, or by saving the page and passing the file."
            )
    if size > limit:
        raise _over_limit(shown, limit, "max_download_bytes")
    return b"".join(chunks)


class _RedirectGuard(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http(s), and to a private address only when allowed.

    The user named the first address, so it may be anywhere; a page must not be able to send
    claimcmp on to ``file:`` or ``ftp:``, or to the user's own network (a router's admin page,
    a cloud metadata service) that the user never named.
    """

    max_redirections = 5

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        target = urlparse(newurl)
        if target.scheme not in ("http", "https"):
            raise InputError(
                f"{display_name(req.full_url)} redirects to {display_name(newurl)}; claimcmp follows redirects "
                "only to http(s). You can fix this by saving the page and passing the file."
            )
        if not self.allow_private and _is_private_host(target.hostname or ""):
            raise InputError(
                f"{display_name(req.full_url)} redirects to a private or local address ({display_name(newurl)}). "
                "You can fix this by passing that address yourself, or by setting [input] "
                "allow_private_redirects = true in config.toml."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _is_private_host(host: str) -> bool:
    """Whether ``host`` is, or resolves to, an address outside the public internet."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False  # the fetch itself will fail and say so
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            return True
    return False


def read_document(path: Path, doc_id: str | None = None) -> Document:
    """The single document in the file at ``path`` (the first, for a JSON list)."""
    source, raw = _load(path, InputSettings())
    document = parse_input(raw, source).documents[0]
    return replace(document, id=doc_id or document.id)
