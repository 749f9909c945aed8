"""Keys of names (the alias key, else a fallback key of lemma-ised, transliterated, folded words), and when two
keys are the same entity (:func:`same_entity`) or a capital stands for its state (:func:`metonym_of`).
"""

from __future__ import annotations

from functools import cache

from rapidfuzz.distance import Levenshtein

from claimcmp.analysis.entities import aliases
from claimcmp.analysis.entities.aliases import _alias_index, _match_alias
from claimcmp.analysis.entities.finding import _find
from claimcmp.analysis.entities.rules import _rules
from claimcmp.analysis.entities.runs import _words_key
from claimcmp.analysis.entities.tokens import _tokenise

# entity_key reads at most this much of a name, and a fallback key at most this many words.
_MAX_NAME_CHARS = 400
# Fallback keys this long or longer may be one edit apart and still the same entity
# (Трамп/Trump -> tramp/trump); shorter ones must be equal. Two edits from this length.
_FUZZY_MIN_LEN = 5
_FUZZY_TWO_EDITS_LEN = 10


def entity_key(name: str, lang: str) -> str:
    """The key of a name-like string: an alias key, a role key, the key of the name in it, or a folded fallback.

    ``"Путина"`` -> ``"putin"``; ``"президент России Владимир Путин"`` -> ``"putin"``;
    ``"севернокорейският лидер"`` -> ``"dprk-leader"`` (a role the alias table lists);
    ``"Ким"`` -> ``"kim"`` (a bare surname is not enough to pick a Kim). Deterministic,
    never raises; the empty string for a name without letters.
    """
    if not isinstance(name, str):
        return ""
    lang = lang if isinstance(lang, str) else "und"
    name = name[:_MAX_NAME_CHARS]
    rules = _rules(lang)
    tokens = _tokenise(name, rules, as_name=True)
    if not tokens:
        return ""
    for roles in (True, False):
        match = _match_alias(tokens, 0, _alias_index(lang, roles), relaxed=True)
        if match is not None and match[0] == len(tokens):
            return match[1].alias.key
    entities = _find(name, lang, as_name=True)
    for wanted in ("person", "organisation"):
        picked = [e for e in entities if e.type == wanted]
        if picked:
            return picked[-1].key
    # a place is the name only when the name starts with it ("Москва", not "министр ... России")
    content = [t for t in tokens if t.norm not in rules.stopwords]
    if entities and content and entities[0].span[0] <= content[0].start:
        return entities[0].key
    return _words_key(content or tokens, rules)


@cache
def alias_keys() -> frozenset[str]:
    """Every key of the alias table (names and roles)."""
    return frozenset(alias.key for alias, _ in aliases._alias_data())


@cache
def role_keys() -> frozenset[str]:
    """Keys of the alias table's roles ("russian-president"): descriptions that some person holds."""
    return frozenset(alias.key for alias, _ in aliases._alias_data() if alias.role)


@cache
def _metonyms() -> dict[str, str]:
    return {alias.key: alias.metonym_of for alias, _ in aliases._alias_data() if alias.metonym_of}


def metonym_of(key: str) -> str | None:
    """The entity ``key`` often stands for, where the alias table says so (``"pyongyang"`` -> ``"dprk"``)."""
    return _metonyms().get(key) if isinstance(key, str) else None


def same_entity(key_a: str, key_b: str) -> bool:
    """Whether two keys name the same entity.

    Equal keys do. Two different alias keys never do (``kim-jong-un`` / ``kim-jong-il``).
    Fallback keys do when every word matches: equal, or (five letters and more) one edit
    apart with the same first and last letter (``tramp``/``trump``, ``baiden``/``biden``),
    which a near-miss name (``putin``/``putilin``: two edits) is not. A one-word key also
    matches the last word of a longer fallback key (``oudzh`` / ``dzhavad-oudzh``: one
    source gives the given name, the other not).
    """
    if not isinstance(key_a, str) or not isinstance(key_b, str) or not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    known = alias_keys()
    if key_a in known or key_b in known:
        return False
    words_a, words_b = key_a.split("-"), key_b.split("-")
    if len(words_a) != len(words_b):
        short, long_ = (words_a, words_b) if len(words_a) < len(words_b) else (words_b, words_a)
        if len(short) != 1 or len(long_) > 3 or len(short[0]) < 4:
            return False
        return _same_word(short[0], long_[-1])
    return all(_same_word(a, b) for a, b in zip(words_a, words_b, strict=True))


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < _FUZZY_MIN_LEN or a[0] != b[0] or a[-1] != b[-1]:
        return False
    allowed = 2 if min(len(a), len(b)) >= _FUZZY_TWO_EDITS_LEN else 1
    return Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed
