"""How text from strangers is made safe to keep, export and show.

Articles, JSON fields and even file names are untrusted. Three things in them
break a tool that prints and exports what it reads:

* **Lone surrogates** (a JSON ``"\\ud800"`` escape, a file name that is not
  UTF-8) cannot be written as UTF-8, so a JSON or HTML export would fail at the
  very end of a long run. They become U+FFFD when the text is read.
* **Control characters** (ESC and the rest of C0/C1, DEL) let a document drive
  the user's terminal: recolour it, retitle it, clear the screen. They carry no
  meaning in an article, so they become U+FFFD when the text is read (vertical
  tab and form feed, which old files use as breaks, become newlines). Tab,
  newline and carriage return stay.
* **Bidirectional controls** (U+202A–U+202E, U+2066–U+2069) reorder what is
  displayed: ``"\\u202e001"`` shows as ``100``. They stay in the text, which is
  the evidence, but every display (terminal, HTML) shows each as a visible
  ``⟫``, one character for one so that spans into the text still fit.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# every C0 and C1 control but tab, newline and carriage return; DEL too
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAK = re.compile("[\x0b\x0c\x1c-\x1e\x85]")
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides and isolates, as a character range
_BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
BIDI_MARKER = "⟫"


def clean_text(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates and control characters replaced, and how many were."""
    text, surrogates = _SURROGATE.subn("\ufffd", text)
    text, controls = _CONTROL.subn("\ufffd", text)
    text, _ = _BREAK.subn("\n", text)
    return text, surrogates + controls


def cleaning_warning(name: str, replaced: int) -> str:
    return (
        f"{name}: {replaced} control character(s) or lone surrogate(s) replaced by U+FFFD "
        "(they could drive a terminal or break a UTF-8 export)"
    )


def clean_value(value: object) -> object:
    """A JSON value with every string in it cleaned (keys too), for document metadata."""
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key))[0]: clean_value(item) for key, item in value.items()}
    return value


def displayable(text: str) -> str:
    """``text`` for a screen: bidi controls shown as ``⟫`` (same length, so spans still fit)."""
    return _BIDI_CONTROL.sub(BIDI_MARKER, text)


def display_name(name: str) -> str:
    """A file name or URL for a one-line message: escapes for newlines, controls and undecodable bytes."""
    if name.isprintable() and not _SURROGATE.search(name):
        return name
    shown = []
    for ch in name:
        if _SURROGATE.match(ch):
            code = ord(ch)
            # os.fsdecode maps an undecodable byte B to U+DC00+B (surrogateescape)
            shown.append(f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd")
        elif ch.isprintable() or ch == " ":
            shown.append(ch)
        else:
            shown.append(ch.encode("unicode_escape").decode("ascii"))
    return displayable("".join(shown))


def exportable_path(path: object) -> str:
    """A path for JSON, HTML or SQLite: as it is when it is valid Unicode, else with its odd bytes escaped."""
    text = str(path)
    return text if not _SURROGATE.search(text) else display_name(text)
