"""Turn the paths a user names into decoded :class:`Document` records.

A file is read as it is; a folder contributes its text files (by extension,
recursively, in sorted order, hidden entries skipped). The document id is the
file stem, made unique with ``~2``, ``~3`` when two files share a stem, so no
document is silently merged with another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from claimcmp.config import InputSettings
from claimcmp.decoding import decode_bytes
from claimcmp.errors import InputError
from claimcmp.languages import detect_language
from claimcmp.records import Document, SkippedInput

_MARKDOWN_TITLE = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MAX_TITLE_CHARS = 250
_SENTENCE_END = re.compile(r"[.!?…]\s*$")
# "Caption text. Фото: NPR" is two sentences, so a caption, not a headline
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\w")


def collect_paths(paths: Sequence[str | Path], settings: InputSettings) -> list[Path]:
    """Every input file named by ``paths``, folders expanded, in a stable order."""
    if not paths:
        raise InputError("no input given. You can fix this by naming files or folders, e.g. claimcmp align seeds/")
    extensions = {e.lower() for e in settings.extensions}
    found: list[Path] = []
    for raw in paths:
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
        else:
            raise InputError(f"input {path} does not exist. You can fix this by checking the path.")
    return found


def _walk(folder: Path, extensions: set[str]) -> Iterable[Path]:
    for entry in folder.rglob("*"):
        relative = entry.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if entry.is_file() and entry.suffix.lower() in extensions:
            yield entry


def read_documents(paths: Sequence[str | Path], settings: InputSettings) -> tuple[list[Document], list[SkippedInput]]:
    """Every readable input as a :class:`Document`; the unreadable ones with the reason.

    One bad file does not stop a run: it is skipped and reported, unless
    ``settings.strict`` asks for the first failure to be an error.
    """
    documents: list[Document] = []
    skipped: list[SkippedInput] = []
    used_ids: set[str] = set()
    for path in collect_paths(paths, settings):
        try:
            document = read_document(path)
        except InputError as exc:
            if settings.strict:
                raise
            skipped.append(SkippedInput(path=str(path), reason=str(exc)))
            continue
        documents.append(replace(document, id=_unique_id(path.stem, used_ids)))
    if not documents:
        reasons = "; ".join(s.reason for s in skipped[:3])
        raise InputError(f"none of the {len(skipped)} input file(s) could be read: {reasons}")
    return documents, skipped


def _unique_id(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}~{n}"
    used.add(candidate)
    return candidate


def read_document(path: Path, doc_id: str | None = None) -> Document:
    """Read one text file in UTF-8, UTF-16 (with BOM) or a legacy Cyrillic encoding."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc.strerror or exc}. You can fix this by checking its permissions."
        ) from exc
    if not raw.strip():
        raise InputError(f"{path} is empty. You can fix this by leaving it out of the input.")
    decoded = decode_bytes(raw, path)
    if not decoded.text.strip():
        raise InputError(f"{path} is empty. You can fix this by leaving it out of the input.")
    return Document(
        id=doc_id or path.stem,
        text=decoded.text,
        path=path,
        lang=detect_language(decoded.text),
        title=guess_title(decoded.text, path),
        encoding=decoded.encoding,
        warnings=(decoded.warning,) if decoded.warning else (),
    )


def guess_title(text: str, path: Path | None = None) -> str | None:
    """A Markdown ``# heading``, or a first line that reads as a headline, else None."""
    if path is not None and path.suffix.lower() == ".md":
        match = _MARKDOWN_TITLE.search(text)
        if match and text[: match.start()].strip() == "":
            return match.group(1)
    first_line = text.strip().split("\n", 1)[0].strip()
    has_more = "\n" in text.strip()
    looks_like_headline = not _SENTENCE_END.search(first_line) and not _INNER_SENTENCE_END.search(first_line)
    if has_more and 0 < len(first_line) <= _MAX_TITLE_CHARS and looks_like_headline:
        return first_line
    return None
