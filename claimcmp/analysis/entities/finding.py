"""Finding entities: the alias table, then acronyms, then capitalised runs, in this order over one text's words
(an earlier step's words are taken).
"""

from __future__ import annotations

import re

from anyascii import anyascii

from claimcmp.analysis.entities.aliases import _alias_given, _alias_index, _AliasIndex, _match_alias
from claimcmp.analysis.entities.rules import _Rules, _rules
from claimcmp.analysis.entities.runs import (
    _head_type,
    _quoted_phrase_end,
    _run_entity,
    _split_run,
    _title_just_before,
    _word_key,
)
from claimcmp.analysis.entities.tokens import _MAX_WORD, _Found, _Token, _tokenise
from claimcmp.analysis.entities.words import (
    _in,
    _is_acronym,
    _is_given,
    _is_initial_letter,
    _is_name_word,
    _is_patronymic,
)
from claimcmp.records import Entity, EntityType

# Title-case line ("Putin Thanks North Korea For Troops"): at least this many content words,
# and this share of them capitalised. News sentences dense with names stay well below it.
_TITLE_CASE_WORDS = 5
_TITLE_CASE_SHARE = 0.9


def find_entities(text: str, lang: str) -> list[Entity]:
    """Persons, organisations and places in ``text``, sorted and non-overlapping.

    ``text`` is one segment in language ``lang`` (any ISO code; one without a data file
    still gets alias matches, acronyms and capitalised runs). Never raises on a ``str``.
    """
    if not isinstance(text, str) or not text:
        return []
    return _find(text, lang if isinstance(lang, str) else "und", as_name=False)


def _find(text: str, lang: str, as_name: bool) -> list[Entity]:
    rules = _rules(lang)
    tokens = _tokenise(text, rules, as_name=as_name)
    if not tokens:
        return []
    index = _alias_index(lang, False)
    found = _alias_matches(tokens, index, rules, relaxed=as_name)
    covered = [False] * len(tokens)
    for f in found:
        for k in range(f.first, f.last + 1):
            covered[k] = True
    person_starts = {f.first for f in found if f.type == "person"}
    found.extend(_acronyms(tokens, covered, rules))
    if not _is_title_case(tokens, rules):
        found.extend(_runs(text, tokens, covered, person_starts, rules, index))
    found.sort(key=lambda f: f.first)
    return [
        Entity(
            span=(tokens[f.first].start, tokens[f.last].end),
            text=text[tokens[f.first].start : tokens[f.last].end],
            type=f.type,
            key=f.key,
        )
        for f in found
    ]


def _alias_matches(tokens: list[_Token], index: _AliasIndex, rules: _Rules, relaxed: bool) -> list[_Found]:
    found: list[_Found] = []
    i = 0
    taken_until = 0  # tokens before this index belong to an earlier entity
    while i < len(tokens):
        match = _match_alias(tokens, i, index, relaxed)
        if match is None:
            i += 1
            continue
        n, form = match
        after = i + n
        if (after < len(tokens) and tokens[after].kind == "hyphen" and not tokens[after].cap) or (
            tokens[i].kind == "hyphen" and not tokens[i - 1].cap
        ):
            i += 1  # part of a longer word: "Китай-город", "Москва-река"
            continue
        first = i
        if form.alias.type == "person":
            # take the given names, initials and patronymics written before the surname
            while (
                first - 1 >= taken_until
                and tokens[first].kind in ("space", "initial")
                and (
                    _is_given(tokens[first - 1], rules)
                    or _is_patronymic(tokens[first - 1], rules)
                    or _is_initial_letter(tokens, first - 1)
                )
            ):
                first -= 1
        key = form.alias.key
        if first < i and form.alias.given:
            others = [
                t for t in tokens[first:i] if _is_given(t, rules) and not _in(t, _alias_given(form.alias, rules.lang))
            ]
            if others:
                # "Билял Ердоган" is not Recep Tayyip Erdoğan: the relative's given name leads the key
                key = "-".join([_word_key(t.norm, rules) for t in others] + [key])
        found.append(_Found(first, i + n - 1, form.alias.type, key))
        i += n
        taken_until = i
    return found


def _acronyms(tokens: list[_Token], covered: list[bool], rules: _Rules) -> list[_Found]:
    found: list[_Found] = []
    for i, token in enumerate(tokens):
        if not covered[i] and _is_acronym(tokens, i, rules):
            covered[i] = True
            body = token.norm.split("'", 1)[0]
            key = re.sub(r"[^a-z]", "", anyascii(body).lower()) or body
            found.append(_Found(i, i, "organisation", key))
    return found


def _is_title_case(tokens: list[_Token], rules: _Rules) -> bool:
    words = [t for t in tokens if t.norm not in rules.stopwords and len(t.norm) > 1]
    if len(words) < _TITLE_CASE_WORDS:
        return False
    return sum(1 for t in words if t.cap) >= _TITLE_CASE_SHARE * len(words)


def _runs(
    text: str,
    tokens: list[_Token],
    covered: list[bool],
    person_starts: set[int],
    rules: _Rules,
    index: _AliasIndex,
) -> list[_Found]:
    """Entities made by capitalised runs over the words no alias or acronym took."""
    found: list[_Found] = []
    n = len(tokens)

    def free_word(k: int) -> bool:
        return k < n and not covered[k] and (_is_name_word(tokens[k], rules) or _is_initial_letter(tokens, k))

    i = 0
    while i < n:
        if not free_word(i):
            i += 1
            continue
        last = i
        head: EntityType | None = None
        while True:
            nxt = last + 1
            if free_word(nxt) and tokens[nxt].kind in ("space", "hyphen", "initial"):
                last = nxt
                continue
            if nxt < n and not covered[nxt] and tokens[nxt].kind == "hyphen" and len(tokens[nxt].norm) <= _MAX_WORD:
                last = nxt  # a lower-case part of a hyphenated name: "Китай-город", "Ростов-на-Дону"
                continue
            if (  # a connector between two name words: "Bank of England", "Ван дер Берг"
                nxt + 1 < n
                and not covered[nxt]
                and not tokens[nxt].cap
                and tokens[nxt].norm in rules.connectors
                and tokens[nxt].kind == "space"
                and tokens[nxt + 1].kind == "space"
                and free_word(nxt + 1)
            ):
                last = nxt + 1
                continue
            if (  # a head word that is part of the name: "Курской области", "Трудовой партии"
                nxt < n
                and not covered[nxt]
                and not tokens[nxt].cap
                and tokens[nxt].kind == "space"
                and _head_type(tokens[nxt], rules) is not None
            ):
                last = nxt
                head = _head_type(tokens[nxt], rules)
                # an organisation's head takes the name it governs: "партии Кореи"
                if head == "organisation" and free_word(nxt + 1) and tokens[nxt + 1].kind == "space":
                    last = nxt + 1
                    continue
            break
        last = _quoted_phrase_end(text, tokens, i, last, covered)
        # a run just before a known person, after a title, is the title's complement:
        # "канцлером Німеччини Олафом Шольцом" (Олафом Шольцом is the alias match)
        before_person = (
            last + 1 in person_starts and tokens[last + 1].kind == "space" and _title_just_before(tokens, i, rules)
        )
        for start, end, part in _split_run(tokens, i, last, covered, rules):
            if before_person and end == last and part == "plain":
                part = "complement"
            entity = _run_entity(text, tokens, start, end, head if end == last else None, part, covered, rules, index)
            if entity is not None:
                found.append(entity)
        i = last + 1
    return found
