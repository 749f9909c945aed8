"""Where quotations are in a paragraph: quotation marks and dash-introduced direct speech.

Nothing here depends on a language: the marks are typography shared by the
languages claimcmp reads (``«…»``, ``»…«``, ``„…“``, ``„…”``, ``“…”``, ``‘…’``,
``‹…›``, ``"…"``, and the corner brackets ``「…」``, ``『…』`` of Korean and Japanese). Which
quoted spans are speech and who said them is decided in :mod:`claimcmp.analysis.speech` with the
language's data.

Rules (a superset of :func:`claimcmp.input.quotation_spans`, so the two
agree on every quotation segmentation sees):

* Typographic marks nest by a stack. A closing mark may also close an opener a
  few levels down (an inner quote that never closed is dropped), so one stray
  mark cannot keep a whole paragraph open.
* A straight ``"`` (and ``‘``) opens after white space, an opening bracket, a
  dash or another opening mark, and otherwise closes the open one.
* ``’`` between two letters is an apostrophe (``пов’язують``, ``don’t``), except next to Hangul: Korean
  writes no apostrophes and glues the quoting particle to the closing mark (``‘…했다’라고``).
* ``»`` that nothing open can take, after white space and before a letter, opens a German
  ``»…«`` quotation (in the other languages it only ever closes ``«``).
* A quotation longer than :data:`MAX_QUOTE_CHARS` is more likely an unbalanced
  mark than one quote, as in segmentation; it is dropped.

Work is one pass over the marks only, with a bounded look down the stack, so
ten thousand quotation marks cost ten thousand cheap steps.
"""

from __future__ import annotations

import re

# the same bound as segmentation, so a quotation it splits into sentences is one here too
MAX_QUOTE_CHARS = 2000
_MARKS = re.compile('[«»„“”‘’‹›"「」『』]')
_CLOSERS = {"«": "»", "»": "«", "„": "“”", "“": "”", "‘": "’", "‹": "›", '"': '"', "「": "」", "『": "』"}
# after these a straight quote opens rather than closes
_OPEN_AFTER = frozenset("([{—–-«„“‘‹/「『")
# how far down the stack a closing mark may reach (bounded, so the scan stays linear)
_NEST_SEARCH = 8
DASHES = "–—"


def find_quotations(text: str) -> list[tuple[int, int]]:
    """(open, close) of the outermost quotations of ``text``, in order.

    ``text[open]`` is the opening mark and ``text[close]`` the closing one, so
    the quoted words are ``text[open + 1:close]``.
    """
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for match in _MARKS.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "’" and _between_letters(text, i):
            continue
        if stack and _close(text, i, ch, stack, spans):
            continue
        if ch == "»" and not _opens_german(text, i):
            continue
        if ch in _CLOSERS and (ch not in '"‘' or _may_open(text, i)):
            stack.append((ch, i))
    return outermost(spans)


def _close(text: str, i: int, ch: str, stack: list[tuple[str, int]], spans: list[tuple[int, int]]) -> bool:
    top = len(stack) - 1
    for depth in range(top, max(-1, top - _NEST_SEARCH), -1):
        opener, start = stack[depth]
        # “ closes „ (Bulgarian, German) but opens again inside an English “
        if ch in _CLOSERS[opener] and not (ch == "“" and opener == "“"):
            if opener == '"' and depth == top and _may_open(text, i) and not _may_close(text, i):
                return False  # `" word "inner"`: a quote after a space opens when nothing can close here
            del stack[depth:]
            if i - start <= MAX_QUOTE_CHARS:
                spans.append((start, i))
            return True
    return False


def _may_open(text: str, i: int) -> bool:
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_AFTER


def _opens_german(text: str, i: int) -> bool:
    """``»`` opens a German quotation: at the start or after white space, right before a letter."""
    return _may_open(text, i) and i + 1 < len(text) and text[i + 1].isalpha()


def _may_close(text: str, i: int) -> bool:
    return i > 0 and not text[i - 1].isspace()


def _between_letters(text: str, i: int) -> bool:
    if not (0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()):
        return False
    return not (_is_hangul(text[i - 1]) or _is_hangul(text[i + 1]))


def _is_hangul(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7A3  # the precomposed Hangul syllables


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations not inside another one: a nested quote belongs to its outer quote."""
    out: list[tuple[int, int]] = []
    for span in sorted(spans):
        if out and span[1] <= out[-1][1]:
            continue
        out.append(span)
    return out


def leading_dash(text: str) -> int | None:
    """Where the words start when ``text`` opens with a speech dash (``– Да, …``), else None."""
    stripped = len(text) - len(text.lstrip())
    if stripped < len(text) and text[stripped] in DASHES:
        rest = stripped + 1
        if rest < len(text) and text[rest].isspace():
            while rest < len(text) and text[rest].isspace():
                rest += 1
            return rest if rest < len(text) else None
    return None


_SPACED_DASH = re.compile(r"[,;]?\s[–—]\s")


def spaced_dashes(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of every dash with spaces around it (and an optional comma before) after ``start``."""
    return [(m.start(), m.end()) for m in _SPACED_DASH.finditer(text, start)]
