"""The words of a text with what the rules need to know about each (:class:`_Token`, frozen), and the record of
an entity found (:class:`_Found`): the view every finding step reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimcmp.analysis.entities.folding import _APOSTROPHES, _FORMAT_CHARS, _FORMAT_SET, _HYPHENS, _normalise, _script
from claimcmp.analysis.entities.rules import _Rules, _rules, _stems
from claimcmp.records import EntityType

# A word: letters, combining marks, invisible characters, and apostrophes between letters
# (В’ячеслав, O'Brien, Putin's). Every alternative starts with a different character
# class, so matching is linear: no backtracking on any input.
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f" + _FORMAT_CHARS + r"]|['’ʼ`](?=[^\W\d_]))*")
_APOSTROPHE_RE = re.compile("['’ʼ`]")
_SPACES = re.compile(r"\s+")
_SENTENCE_PUNCT = frozenset(".!?…:;|•\n")
# Longer words are not names (and would make huge keys): hostile or garbage input.
_MAX_WORD = 40


class _Token(NamedTuple):
    """One word of the text, with what the rules need to know about it: the view every finding step shares.

    Immutable (a named tuple: texts have many words, and a tuple is built fastest).
    """

    start: int
    end: int
    norm: str
    cap: bool
    upper: bool
    latin: bool
    cands: frozenset[str]  # the word's possible stems
    gap: str  # what separates it from the word before, canonical
    kind: str  # how it joins the word before: "space", "hyphen", "initial", "dot" or "break"
    initial: bool  # it opens a sentence


def _read_token(start: int, end: int, raw: str, gap_text: str, lang: str, kind: str, initial: bool) -> _Token:
    # only name-length words are cached: a hostile text must not fill memory with long ones
    facts = _word_facts(raw, lang) if len(raw) <= 2 * _MAX_WORD else _word_facts.__wrapped__(raw, lang)
    gap = " " if gap_text == " " else _canon_gap(gap_text)
    return _Token(start, end, *facts, gap, kind, initial)


@lru_cache(maxsize=65536)
def _word_facts(raw: str, lang: str) -> tuple[str, bool, bool, bool, frozenset[str]]:
    """(norm, capitalised, all caps, Latin script, stems) of a word; cached, words repeat."""
    rules = _rules(lang)
    norm = _normalise(raw, rules)
    first = next((ch for ch in raw if ch.isalpha()), "")
    # case is judged before an apostrophe: "DPRK's" is an acronym with a possessive
    body = [ch for ch in _APOSTROPHE_RE.split(raw, maxsplit=1)[0] if ch.isalpha()]
    upper = len(body) >= 2 and all(ch.isupper() for ch in body)
    latin = bool(norm) and all(_script(ch) == "Latin" for ch in norm if ch.isalpha())
    cands = _stems(norm, rules) if len(norm) <= _MAX_WORD else frozenset({norm})
    return norm, first.isupper(), upper, latin, cands


def _canon_gap(gap: str) -> str:
    """What separates two words, canonical: " " for spaces or a hyphen, else the punctuation."""
    if len(gap) > 8:  # long gaps are never inside one name; no need to look at them closely
        return "\n"
    gap = _SPACES.sub(" ", gap.translate(_APOSTROPHES))
    if gap in ("", " ") or (len(gap) == 1 and gap in _HYPHENS):
        return " "
    return gap


def _tokenise(text: str, rules: _Rules, as_name: bool = False) -> list[_Token]:
    """The words of ``text`` (``as_name``: a name alone, so no word opens a sentence)."""
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _FORMAT_SET:
            end -= 1
        gap_text = text[previous_end:start]
        kind, initial = "break", not as_name
        if tokens:
            prev = tokens[-1]
            kind = _gap_kind(gap_text, prev)
            initial = (
                not as_name
                and kind == "break"
                and any(ch in _SENTENCE_PUNCT for ch in gap_text)
                and not (gap_text.startswith(".") and prev.norm in rules.abbreviations)
            )
        token = _read_token(start, end, text[start:end], gap_text, rules.lang, kind, initial)
        tokens.append(token)
        previous_end = end
    return tokens


def _gap_kind(gap: str, prev: _Token) -> str:
    if not gap or gap.isspace():
        return "space" if "\n" not in gap else "break"
    if len(gap) == 1 and gap in _HYPHENS:
        return "hyphen"
    if len(prev.norm) == 1 and prev.cap and gap[0] == "." and (len(gap) == 1 or gap[1:].isspace()) and len(gap) <= 3:
        return "initial"  # "В. Путин", "В.В. Путин"
    if gap == ".":
        return "dot"
    return "break"


@dataclass(frozen=True, slots=True)
class _Found:
    """An entity found: its first and last token, type and key."""

    first: int  # token indices, inclusive
    last: int
    type: EntityType
    key: str
