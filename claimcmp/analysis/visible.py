"""The text a reader sees, for the extractors: invisible characters out, combining marks composed.

``1\u200b000`` reads as "1000" and ``Пес\ufeffков`` as "Песков", but a parser
that sees the zero-width space finds 1 and 000, and no Peskov; a name typed
with a decomposed ``й`` (``и`` + U+0306) misses its alias. Hostile or merely
careless sources produce both, and a fact-checker would then be told two
sources disagree when they do not.

So the extractors run on a *visible view* of each segment: format characters
that render as nothing (zero-width spaces and joiners, bidi controls, the BOM,
soft hyphens) are dropped and each base letter with its combining marks is put
in NFC. :class:`VisibleText` keeps, for every character of the view, where it
came from, so every span found in the view maps back to the exact slice of the
original text (which keeps the invisible characters: it is the evidence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimcmp.input import BIDI_CONTROLS
from claimcmp.records import Span

# render as nothing: soft hyphen, zero-width space/joiners, LRM/RLM, word joiner and invisible
# operators, the BOM used as a zero-width no-break space, and the bidi embeddings and isolates
_INVISIBLE_CHARS = f"\u00ad\u200b-\u200f\u2060-\u2064\ufeff{BIDI_CONTROLS}"
# the combining-mark blocks: a letter followed by one of these may compose differently in NFC
_COMBINING_CHARS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_NEEDS_WORK = re.compile(f"[{_INVISIBLE_CHARS}{_COMBINING_CHARS}]")


@dataclass(frozen=True)
class VisibleText:
    text: str
    starts: tuple[int, ...]  # starts[i]: where the view's character i starts in the original
    ends: tuple[int, ...]  # ends[i]: where it ends (a composed letter covers its marks)
    original_length: int

    def original_span(self, span: Span) -> Span:
        start, end = span
        begin = self.starts[start] if start < len(self.starts) else self.original_length
        finish = self.ends[end - 1] if end > start else begin
        return begin, finish


def visible_view(text: str) -> VisibleText | None:
    """The view of ``text`` the extractors should read, or None when it is the text itself."""
    if not _NEEDS_WORK.search(text):
        return None
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        if INVISIBLE.match(text, i):
            i += 1
            continue
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        chars.append(cluster)
        starts.extend([i] * len(cluster))
        ends.extend([j] * len(cluster))
        i = j
    view = "".join(chars)
    if view == text:
        return None
    return VisibleText(view, tuple(starts), tuple(ends), len(text))
