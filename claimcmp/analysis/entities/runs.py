"""Capitalised runs: where a run splits, what it names (its type, from head words, cues, endings…) and its key."""

from __future__ import annotations

import re

from claimcmp.analysis.entities.aliases import _AliasIndex
from claimcmp.analysis.entities.folding import _fold
from claimcmp.analysis.entities.rules import _lemma, _Rules
from claimcmp.analysis.entities.tokens import _MAX_WORD, _Found, _Token
from claimcmp.analysis.entities.words import (
    _has_suffix,
    _in,
    _is_adjective,
    _is_given,
    _is_initial_letter,
    _is_patronymic,
    _looks_adjectival,
)
from claimcmp.records import EntityType

# what may stand between a cue word and the name it types: партия «Единая Россия»
_QUOTES_AND_SPACE = re.compile(r"[ «»„“”\"'‘’(]{1,4}")
# A capitalised run longer than this is a headline or a list, not one name.
_MAX_RUN = 8
_MAX_KEY_WORDS = 6
# a quoted name runs on over at most this many lower-case words: «Українська правда»
_MAX_QUOTED_TAIL = 4
_OPENING_QUOTES = frozenset("«„“\"'‘")
_CLOSING_QUOTES = frozenset("»“”\"'’")
# "Ил-76", "Су-34", "F-16": a model designation, not a name
_MODEL_NUMBER = re.compile(r"[-\u2010\u2011]\d")


def _head_type(token: _Token, rules: _Rules) -> EntityType | None:
    for stem in token.cands:
        kind = rules.heads.get(stem)
        if kind is not None:
            return kind
    return None


def _quoted_phrase_end(text: str, tokens: list[_Token], first: int, last: int, covered: list[bool]) -> int:
    """The last token of a quoted name that starts with this run (or ``last`` when there is none)."""
    if not (tokens[first].start > 0 and text[tokens[first].start - 1] in _OPENING_QUOTES):
        return last
    end = last
    for _ in range(_MAX_QUOTED_TAIL):
        if text[tokens[end].end : tokens[end].end + 1] in _CLOSING_QUOTES and tokens[end].end < len(text):
            return end
        nxt = end + 1
        if nxt >= len(tokens) or covered[nxt] or tokens[nxt].kind not in ("space", "hyphen") or tokens[nxt].cap:
            return last
        end = nxt
    return last


def _groups(tokens: list[_Token], first: int, last: int) -> list[int]:
    """Indices of the first tokens of the hyphen groups of a run (Санкт-Петербург is one group)."""
    return [k for k in range(first, last + 1) if k == first or tokens[k].kind != "hyphen"]


def _split_run(
    tokens: list[_Token], first: int, last: int, covered: list[bool], rules: _Rules
) -> list[tuple[int, int, str]]:
    """A run as (first, last, part) parts: "complement" of a title, "person" after it, or "plain".

    "Премьер-министр Израиля Биньямин Нетаньяху", "канцлером Німеччини Олафом Шольцом":
    the country is the title's genitive, the person starts at the given name; without a
    known given name, a run of three or more words right after a title gives its first
    word to the title (a person's name is given name + surname, a patronymic aside).
    """
    groups = _groups(tokens, first, last)
    solo = [k for k in groups if k == last or tokens[k + 1].kind != "hyphen"]
    starts = [
        k
        for k in solo
        if k > first
        and _is_given(tokens[k], rules)
        and not _is_given(tokens[k - 1], rules)
        and not _is_initial_letter(tokens, k - 1)
        and tokens[k].kind == "space"
    ]
    if (
        not starts
        and len(groups) >= 3
        and _title_just_before(tokens, first, rules)
        and not any(_is_patronymic(tokens[k], rules) for k in range(first, last + 1))
        and all(tokens[k].cap for k in range(first, last + 1))
    ):
        starts = [groups[1]]
    if not starts:
        return [(first, last, "plain")]
    bounds = [first, *starts, last + 1]
    return [(bounds[p], bounds[p + 1] - 1, "complement" if p == 0 else "person") for p in range(len(bounds) - 1)]


def _title_just_before(tokens: list[_Token], first: int, rules: _Rules) -> bool:
    """A title right before ``tokens[first]``, or with one link word between (президентът на X)."""
    k = first - 1
    if k >= 0 and tokens[first].gap == " " and not tokens[k].cap and tokens[k].norm in rules.links:
        k -= 1
        first -= 1
    return k >= 0 and tokens[first].gap == " " and _in(tokens[k], rules.titles)


def _run_entity(
    text: str,
    tokens: list[_Token],
    first: int,
    last: int,
    head: EntityType | None,
    part: str,
    covered: list[bool],
    rules: _Rules,
    index: _AliasIndex,
) -> _Found | None:
    """The entity a capitalised run makes, or None when it is not a name."""
    if tokens[first].initial and not _known_name_start(tokens, first, rules, index):
        # Every sentence starts with a capital: an unknown first word ("Вчера", "Листа")
        # is an ordinary word, together with the words hyphenated to it, unless a head word
        # shows it belongs to a longer name ("Apple Inc", "Bank of England").
        heads = [k for k in range(first + 1, last + 1) if _head_type(tokens[k], rules) is not None]
        if not heads:
            first += 1
            while first <= last and tokens[first].kind == "hyphen":
                first += 1
            if first > last or not any(t.cap for t in tokens[first : last + 1]):
                return None
    if last - first + 1 > _MAX_RUN or _MODEL_NUMBER.match(text, tokens[last].end):
        return None
    words = tokens[first : last + 1]
    name_words = [t for t in words if t.cap]
    following = tokens[last + 1] if last + 1 < len(tokens) and tokens[last + 1].kind == "space" else None
    if any(_in(t, rules.event_words) for t in words) or (
        following is not None and not following.cap and _in(following, rules.event_words)
    ):
        return None
    if following is not None and following.cap and _in(following, rules.titles):
        return None  # part of a title: "Defence Minister", "Foreign Secretary"
    if all(_in(t, rules.modifiers) for t in name_words):
        return None  # "North Korean", "European": modifiers, not names
    if rules.capitalised_nouns and (
        all(_head_type(t, rules) is not None for t in name_words)
        or (part == "complement" and not _title_just_before(tokens, first, rules))
    ):
        # "Ministerium", "Partei": the head word of a name alone is a common noun; so is a noun before a
        # person's name that no title governs ("Generalstaatsanwalt Alexander Stoianoglo")
        return None
    if head is None:
        head = next((h for t in name_words if (h := _head_type(t, rules)) is not None), None)
    quoted = (
        tokens[first].start > 0
        and text[tokens[first].start - 1] in _OPENING_QUOTES
        and text[tokens[last].end : tokens[last].end + 1] in _CLOSING_QUOTES
        and tokens[last].end < len(text)
    )
    if quoted:
        return _Found(first, last, head or "organisation", _words_key(words, rules))
    if head is None and all(_is_adjective(t, rules) for t in name_words):
        return None  # "Второй мировой", "Другої світової": an adjective alone names nothing
    if (
        head is None
        and len(name_words) == 1
        and following is not None
        and not following.cap
        and _looks_adjectival(name_words[0], rules)
        and _looks_adjectival(following, rules)
    ):
        return None  # "Петербургский международный форум": an adjective before adjectives
    entity_type = _run_type(tokens, first, last, head, part, covered, rules, index)
    if entity_type is None:
        return None
    return _Found(first, last, entity_type, _run_key(tokens, first, last, entity_type, rules))


def _known_name_start(tokens: list[_Token], i: int, rules: _Rules, index: _AliasIndex) -> bool:
    """Whether a sentence-initial word is a name for sure (not an ordinary capitalised word)."""
    token = tokens[i]
    return (
        _is_given(token, rules)
        or _is_initial_letter(tokens, i)
        or _in(token, index.person_words)
        or (rules.script not in ("", "Latin") and token.latin)
        or (_has_suffix(token, rules.surname_suffixes) and not _looks_adjectival(token, rules))
    )


def _run_type(
    tokens: list[_Token],
    first: int,
    last: int,
    head: EntityType | None,
    part: str,
    covered: list[bool],
    rules: _Rules,
    index: _AliasIndex,
) -> EntityType | None:
    """The type of a run's entity; the order of the rules is documented in the module docstring.

    None where a language capitalises every noun (``capitalised_nouns``) and only the fallbacks would type
    the run: "Regierung", "Prozent" and "Menschen" are capitalised like names, but nothing shows they are.
    """
    if head is not None:
        return head
    words = [t for t in tokens[first : last + 1] if t.cap]
    groups = len(_groups(tokens, first, last))
    if part == "complement":
        # a title's genitive complement: a country or an organisation, never the person
        return "organisation" if rules.script not in ("", "Latin") and all(t.latin for t in words) else "place"
    if part == "person":
        return "person"
    # a given name, an initial or a patronymic outweighs a cue ("мер міста Ігор Терехов");
    # not a given name inside a hyphenated word (Івано-Франківськ)
    given_first = _is_given(tokens[first], rules) and (first == last or tokens[first + 1].kind != "hyphen")
    if given_first or _is_initial_letter(tokens, first) or any(_is_patronymic(t, rules) for t in words):
        return "person"
    cue = _cue_before(tokens, first, covered, rules)
    if cue is not None:
        return cue
    if any(_in(t, index.person_words) for t in words):
        return "person"
    # a place ending outweighs a surname ending: Работино, Курске (not -ин, -ов surnames);
    # an adjective-shaped word (Козицкий, stem козицк) is no place by its stem
    last_word = words[-1]
    if not _looks_adjectival(last_word, rules) and any(
        c.endswith(e) and len(c) > len(e) + 1 for c in last_word.cands for e in rules.place_endings
    ):
        return "place"
    if _has_suffix(words[-1], rules.surname_suffixes):
        return "person"
    if rules.capitalised_nouns:
        return None
    if rules.script not in ("", "Latin") and all(t.latin for t in words):
        return "organisation"  # a Latin name in a Cyrillic text: a medium or a brand
    if groups > 1:
        return "place" if any(_looks_adjectival(t, rules) for t in words) else "person"
    return "place"


def _cue_before(tokens: list[_Token], first: int, covered: list[bool], rules: _Rules) -> EntityType | None:
    """The type a cue word just before the run gives: "агентство X", "город X", "президент ... X"."""
    k = first - 1
    skipped = 0
    while k >= 0:
        gap = tokens[k + 1].gap
        if gap != " " and not _QUOTES_AND_SPACE.fullmatch(gap):
            return None
        token = tokens[k]
        if _in(token, rules.titles):
            return "person"
        if not covered[k] and not token.cap:
            if (token.norm in rules.connectors or token.norm in rules.links) and skipped == 0:
                k -= 1
                skipped += 1
                continue
            for stem in token.cands:
                kind = rules.cues.get(stem)
                if kind is not None:
                    return kind
            return None
        # a title may stand before a place or an acronym: "президент России Путин", "голова Держдуми РФ X"
        if covered[k] and skipped < 3:
            k -= 1
            skipped += 1
            continue
        return None
    return None


def _run_key(tokens: list[_Token], first: int, last: int, entity_type: EntityType, rules: _Rules) -> str:
    words = tokens[first : last + 1]
    if entity_type == "person":
        # given names, initials and patronymics are left out: "Сергей Шойгу" is "Шойгу";
        # only whole words, not parts of a hyphenated name (Жан-Поль Сартр keeps "Жан-Поль")
        def dropped(k: int) -> bool:
            token = tokens[k]
            alone = token.kind != "hyphen" and (k == last or tokens[k + 1].kind != "hyphen")
            return alone and (_is_given(token, rules) or _is_patronymic(token, rules) or _is_initial_letter(tokens, k))

        rest = [tokens[k] for k in range(first, last + 1) if not dropped(k)]
        if rest:
            words = rest
    return _words_key(words, rules)


def _word_key(norm: str, rules: _Rules) -> str:
    """Fallback key of one word: lemma, the language's key spellings, transliteration, folding."""
    base = _lemma(norm, rules)
    for old, new in rules.translit:
        base = base.replace(old, new)
    return _fold(base)


def _words_key(words: list[_Token], rules: _Rules) -> str:
    parts = [_word_key(t.norm, rules) for t in words[:_MAX_KEY_WORDS] if len(t.norm) <= _MAX_WORD]
    key = "-".join(p for p in parts if p)
    return key or "-".join(t.norm for t in words[:_MAX_KEY_WORDS])[: _MAX_WORD * 2]
