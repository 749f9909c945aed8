"""The cross-language alias table (``claimcmp/data/entities/aliases.toml``) indexed per language, and matching it.

A text word matches a form word when both share a stem once the language's endings are removed; the longest
form wins; an all-caps form matches only in capitals (the package docstring has the rules).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from claimcmp.analysis.entities.folding import _normalise
from claimcmp.analysis.entities.rules import _rules, _stems
from claimcmp.analysis.entities.tokens import _Token, _tokenise
from claimcmp.records import EntityType

_TYPES: frozenset[str] = frozenset({"person", "organisation", "place"})
_ANY, _CAP, _UPPER = 0, 1, 2


@dataclass(frozen=True)
class _Alias:
    key: str
    type: EntityType
    metonym_of: str | None
    role: bool
    given: tuple[str, ...] = ()  # the person's given names; another one before the surname is a relative


@dataclass(frozen=True)
class _FormWord:
    norm: str
    cands: frozenset[str]
    case: int


@dataclass(frozen=True)
class _Form:
    alias: _Alias
    words: tuple[_FormWord, ...]
    gaps: tuple[str, ...]  # canonical gap before words[1:], as in _Token.gap


@cache
def _alias_data() -> tuple[tuple[_Alias, tuple[str, ...]], ...]:
    """The alias table as (alias, forms); malformed entries are skipped (a test checks there are none)."""
    entry = resources.files("claimcmp") / "data" / "entities" / "aliases.toml"
    if not entry.is_file():
        return ()
    raw = tomllib.loads(entry.read_text(encoding="utf-8"))
    out: list[tuple[_Alias, tuple[str, ...]]] = []
    for key, value in raw.items():
        if not isinstance(value, dict) or value.get("type") not in _TYPES:
            continue
        forms = tuple(f for f in value.get("forms", []) if isinstance(f, str) and f.strip())
        metonym = value.get("metonym_of")
        alias = _Alias(
            key=key,
            type=value["type"],
            metonym_of=metonym if isinstance(metonym, str) else None,
            role=value.get("role") is True,
            given=tuple(g for g in value.get("given", []) if isinstance(g, str) and g.strip()),
        )
        out.append((alias, forms))
    return tuple(out)


class _Node:
    """A trie node: the next word's gap and stem lead to a child; forms end here."""

    __slots__ = ("children", "forms")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.forms: list[_Form] = []


@dataclass(frozen=True)
class _AliasIndex:
    root: _Node  # trie over (gap, stem) of the forms' words: matching costs a few lookups a word
    person_words: frozenset[str]  # stems of the words of person names (Ким, Чен, Ын ...)


def _edge(k: int, gap: str, stem: str) -> str:
    return stem if k == 0 else f"{gap}\x00{stem}"


def _insert(root: _Node, form: _Form) -> None:
    nodes = [root]
    for k, word in enumerate(form.words):
        gap = form.gaps[k - 1] if k else ""
        children = {
            id(c): c
            for n in nodes
            for stem in word.cands
            for c in [n.children.setdefault(_edge(k, gap, stem), _Node())]
        }
        nodes = list(children.values())
    for node in nodes:
        node.forms.append(form)


@cache
def _alias_index(lang: str, roles: bool) -> _AliasIndex:
    """Forms of the alias table tokenised and stemmed with ``lang``'s rules (roles or names)."""
    rules = _rules(lang)
    root = _Node()
    person_words: set[str] = set()
    for alias, forms in _alias_data():
        if alias.role != roles:
            continue
        for form_text in forms:
            tokens = _tokenise(form_text, rules, as_name=True)
            if not tokens:
                continue
            words = tuple(_form_word(t) for t in tokens)
            form = _Form(alias, words, tuple(t.gap for t in tokens[1:]))
            _insert(root, form)
            if alias.type == "person":
                person_words.update(s for w in words if len(w.norm) > 1 for s in w.cands)
    return _AliasIndex(root, frozenset(person_words))


@lru_cache(maxsize=1024)
def _alias_given(alias: _Alias, lang: str) -> frozenset[str]:
    """Stems of the given names an alias lists (Владимир, Володимир, Vladimir for Putin)."""
    rules = _rules(lang)
    return frozenset(stem for name in alias.given for stem in _stems(_normalise(name, rules), rules))


def _form_word(token: _Token) -> _FormWord:
    if token.upper:
        # an all-caps form (КНДР, US) matches only itself in capitals: "us" is no country
        return _FormWord(token.norm, frozenset({token.norm}), _UPPER)
    return _FormWord(token.norm, token.cands, _CAP if token.cap else _ANY)


def _word_matches(token: _Token, word: _FormWord, relaxed: bool) -> bool:
    if word.case == _UPPER:
        return (token.upper or relaxed) and (token.norm == word.norm or word.norm in token.cands)
    if word.case == _CAP and not token.cap and not relaxed:
        return False
    return token.norm == word.norm or not token.cands.isdisjoint(word.cands)


def _match_alias(tokens: list[_Token], i: int, index: _AliasIndex, relaxed: bool = False) -> tuple[int, _Form] | None:
    """The longest alias form starting at ``tokens[i]``: (number of tokens, form)."""
    best: tuple[int, _Form] | None = None
    frontier = [index.root]
    k = 0
    while frontier and i + k < len(tokens):
        token = tokens[i + k]
        reached = {
            id(child): child
            for node in frontier
            for stem in token.cands
            if (child := node.children.get(_edge(k, token.gap, stem))) is not None
        }
        frontier = list(reached.values())
        k += 1
        # stems and gaps agree up to here; a form ending here still has to pass the case rules
        for node in frontier:
            for form in node.forms:
                if all(_word_matches(tokens[i + m], word, relaxed) for m, word in enumerate(form.words)):
                    best = (k, form)
                    break
    return best
