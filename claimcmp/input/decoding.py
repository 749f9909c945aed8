"""Bytes → text: BOMs, UTF-8, and the legacy Cyrillic encodings news files still arrive in.

Order of evidence, strongest first:

1. A byte-order mark (UTF-8, UTF-16 LE/BE) decides.
2. NUL bytes without a UTF-16 BOM mean a binary file: refused.
3. Valid UTF-8 is UTF-8 (legacy Cyrillic text is never valid UTF-8 by accident
   beyond a few bytes).
4. Mostly-valid UTF-8 with a few broken bytes (a file damaged in the middle)
   stays UTF-8, with the broken bytes replaced by U+FFFD and a warning, rather
   than being re-read as mojibake in a legacy encoding.
5. Otherwise charset-normalizer chooses among the legacy Cyrillic code pages
   (Windows-1251, KOI8-R, KOI8-U, CP866) and Latin-1 family fallbacks.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from claimcmp.errors import InputError

LEGACY_ENCODINGS = ("cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "cp1252")
_SNIFF_BYTES = 64 * 1024
# a UTF-8 file with more broken bytes than this share of its non-ASCII text is not UTF-8
_MAX_BROKEN_SHARE = 0.02
# charset-normalizer's "chaos" above this means the bytes are not text in any candidate
_MAX_CHAOS = 0.35


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warning: str | None = None


def decode_bytes(raw: bytes, path: Path | str) -> DecodedText:
    """Decode ``raw`` read from ``path`` or raise :class:`InputError` saying why not."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8", path, reported="utf-8-sig")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", path)
    if b"\x00" in raw[:_SNIFF_BYTES]:
        raise InputError(
            f"{path} looks binary (it contains NUL bytes): not text, and no format claimcmp reads "
            "(PDF, DOCX). You can fix this by converting it to text or PDF first."
        )
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = raw.decode("utf-8", errors="replace")
    broken = repaired.count("\ufffd")
    non_ascii = sum(1 for ch in repaired if ord(ch) > 127)
    if non_ascii and broken / non_ascii <= _MAX_BROKEN_SHARE:
        return DecodedText(
            repaired,
            "utf-8",
            warning=f"{path}: {broken} invalid UTF-8 byte sequence(s) replaced by U+FFFD",
        )
    return _detect_legacy(raw, path)


def _strict(raw: bytes, encoding: str, path: Path | str, reported: str | None = None) -> DecodedText:
    try:
        return DecodedText(raw.decode(encoding), reported or encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"(bad bytes at offset {exc.start}). You can fix this by re-saving it as UTF-8."
        ) from exc


def _detect_legacy(raw: bytes, path: Path | str) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise InputError(
            f"{path} is neither UTF-8 nor text in a known legacy encoding "
            f"({', '.join(LEGACY_ENCODINGS)}). You can fix this by converting it to UTF-8 "
            "(e.g. iconv -f ENCODING -t UTF-8), or, if it is a document rather than text, to text or PDF."
        )
    return DecodedText(str(best), codecs.lookup(best.encoding).name)
