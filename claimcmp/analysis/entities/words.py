"""What one word may be: a given name, a patronymic, an initial, an adjective, an acronym, part of a name."""

from __future__ import annotations

import re

from claimcmp.analysis.entities.rules import _Rules
from claimcmp.analysis.entities.tokens import _MAX_WORD, _Token

_MAX_ACRONYM = 6
_ROMAN = re.compile(r"[ivxlcdm]+")


def _in(token: _Token, stems: frozenset[str]) -> bool:
    return not token.cands.isdisjoint(stems)


def _has_suffix(token: _Token, suffixes: tuple[str, ...]) -> bool:
    return any(c.endswith(s) and len(c) > len(s) for c in token.cands for s in suffixes)


def _is_initial_letter(tokens: list[_Token], i: int) -> bool:
    """A single capital letter followed by a dot and more name: "В." in "В. Путин"."""
    return (
        len(tokens[i].norm) == 1
        and tokens[i].cap
        and i + 1 < len(tokens)
        and tokens[i + 1].kind == "initial"
        and tokens[i + 1].cap
    )


def _is_given(token: _Token, rules: _Rules) -> bool:
    return token.cap and _in(token, rules.given_names)


def _is_patronymic(token: _Token, rules: _Rules) -> bool:
    return token.cap and _has_suffix(token, rules.patronymic_suffixes)


def _is_adjective(token: _Token, rules: _Rules) -> bool:
    # the surname endings are checked on the word as written: "Сырского" is a surname,
    # "Европейската" (stem "европейска") is not
    return (
        _looks_adjectival(token, rules)
        and not _is_given(token, rules)
        and not any(token.norm.endswith(s) for s in rules.surname_suffixes)
    )


def _is_name_word(token: _Token, rules: _Rules) -> bool:
    """A capitalised word that may be (part of) a name."""
    return (
        token.cap
        and not token.upper
        and 2 <= len(token.norm) <= _MAX_WORD
        and token.norm not in rules.stopwords
        and not _in(token, rules.not_names)
        and not _in(token, rules.titles)
    )


def _is_acronym(tokens: list[_Token], i: int, rules: _Rules) -> bool:
    token = tokens[i]
    body = token.norm.split("'", 1)[0]
    if not token.upper or not 2 <= len(body) <= _MAX_ACRONYM or _ROMAN.fullmatch(body):
        return False
    if token.norm in rules.stopwords or _in(token, rules.not_names) or _in(token, rules.titles):
        return False
    # a shouted line ("ЧИТАЙТЕ ТАКЖЕ", "ДОСТЪП ЗА ЛОГНАТИ") is words in capitals, not acronyms
    for j in (i - 1, i + 1):
        other = tokens[j] if 0 <= j < len(tokens) else None
        if other is not None and other.upper and (len(other.norm) > _MAX_ACRONYM or other.norm in rules.stopwords):
            return False
    return True


def _looks_adjectival(token: _Token, rules: _Rules) -> bool:
    return any(token.norm.endswith(e) and len(token.norm) > len(e) + 1 for e in rules.adjective_endings)
