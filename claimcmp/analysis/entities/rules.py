"""The per-language entity tables (``claimcmp/data/entities/<lang>.toml``): endings, non-name words, titles, given
names, cue and head words; and a word's stems and lemma by those endings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from claimcmp.analysis.entities.folding import _APOSTROPHES, _HYPHENS, _normalise
from claimcmp.input import load_languages, load_table
from claimcmp.records import EntityType


@dataclass(frozen=True)
class _Rules:
    """One language's data, prepared for lookups (word lists hold every stem of each word)."""

    lang: str
    script: str
    letter_folds: tuple[tuple[str, str], ...]
    translit: tuple[tuple[str, str], ...]  # letters spelled differently only for a key (bg ъ -> а)
    endings: tuple[str, ...]  # longest first
    alternations: tuple[tuple[str, str], ...]  # inflected suffix -> stem end (Алясці -> аляск)
    min_stem: int
    vowels: frozenset[str]
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    not_names: frozenset[str]
    titles: frozenset[str]
    given_names: frozenset[str]
    patronymic_suffixes: tuple[str, ...]
    surname_suffixes: tuple[str, ...]
    place_endings: tuple[str, ...]
    adjective_endings: tuple[str, ...]
    connectors: frozenset[str]
    links: frozenset[str]  # words between a title and its complement (bg "на", en "of")
    modifiers: frozenset[str]  # capitalised words that are part of a name but never one alone
    event_words: frozenset[str]
    cues: dict[str, EntityType]
    heads: dict[str, EntityType]
    # every noun is capitalised (German): a capitalised run is a name only on evidence, never by default
    capitalised_nouns: bool = False


def _strings(value: Any) -> list[str]:
    """A data list as lowercase strings; anything else in a data file is ignored."""
    if not isinstance(value, list):
        return []
    return [v.lower() for v in value if isinstance(v, str) and v]


def _section(table: dict[str, Any], name: str) -> dict[str, Any]:
    value = table.get(name)
    return value if isinstance(value, dict) else {}


def _pairs(value: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((k.lower(), v.lower()) for k, v in value.items() if k and isinstance(v, str))


@cache
def _rules(lang: str) -> _Rules:
    """``lang``'s rules from its data file; a language without one gets empty rules."""
    table = load_table("entities", lang)
    language = load_languages().get(lang)
    stem, names = _section(table, "stem"), _section(table, "names")
    letter_folds = _pairs(_section(table, "fold"))

    def folded(word: str) -> str:
        for old, new in letter_folds:
            word = word.replace(old, new)
        return word.translate(_APOSTROPHES)

    min_stem = stem.get("min")
    vowels = stem.get("vowels")
    base = _Rules(
        lang=lang,
        # a table may say its language is written in more than one script (Serbian): "" then
        script=str(table["script"]) if isinstance(table.get("script"), str) else (language.script if language else ""),
        letter_folds=letter_folds,
        translit=_pairs(_section(table, "translit")),
        endings=tuple(sorted({folded(e) for e in _strings(stem.get("endings"))}, key=len, reverse=True)),
        alternations=tuple((folded(k), folded(v)) for k, v in _pairs(_section(stem, "alternations"))),
        min_stem=min_stem if isinstance(min_stem, int) and min_stem > 0 else 2,
        vowels=frozenset(folded(vowels) if isinstance(vowels, str) else ""),
        stopwords=language.stopwords if language else frozenset(),
        abbreviations=language.abbreviations if language else frozenset(),
        not_names=frozenset(),
        titles=frozenset(),
        given_names=frozenset(),
        patronymic_suffixes=tuple(folded(w) for w in _strings(names.get("patronymic_suffixes"))),
        surname_suffixes=tuple(folded(w) for w in _strings(names.get("surname_suffixes"))),
        place_endings=tuple(folded(w) for w in _strings(names.get("place_endings"))),
        adjective_endings=tuple(folded(w) for w in _strings(names.get("adjective_endings"))),
        connectors=frozenset(folded(w) for w in _strings(names.get("connectors"))),
        links=frozenset(folded(w) for w in _strings(names.get("links"))),
        modifiers=frozenset(),
        event_words=frozenset(),
        cues={},
        heads={},
        capitalised_nouns=names.get("capitalised_nouns") is True,
    )
    # The word lists are kept as stems, and stemming needs the rules above.
    kinds: tuple[EntityType, ...] = ("organisation", "place", "person")
    cues: dict[str, EntityType] = {}
    heads: dict[str, EntityType] = {}
    for kind in kinds:
        for word_stem in _word_set(base, _section(table, "cues").get(kind)):
            cues.setdefault(word_stem, kind)
        for word_stem in _word_set(base, _section(table, "heads").get(kind)):
            heads.setdefault(word_stem, kind)
    return replace(
        base,
        # the bound words of the language's figures ("Najmanje 2.012", "Около 300") open many sentences
        # with a capital; they are never a name
        not_names=_word_set(base, [*_strings(names.get("not_names")), *_bound_words(lang)]),
        titles=_word_set(base, names.get("titles")),
        given_names=_word_set(base, names.get("given_names")),
        event_words=_word_set(base, names.get("event_words")),
        modifiers=_word_set(base, names.get("modifiers")),
        cues=cues,
        heads=heads,
    )


def _word_set(rules: _Rules, words: Any) -> frozenset[str]:
    """Every stem of every word of a data list (hyphenated entries also by their parts)."""
    out: set[str] = set()
    for word in _strings(words):
        norm = _normalise(word, rules)
        parts = [norm] + [p for p in re.split(f"[{_HYPHENS}]", norm) if len(p) > 1]
        for part in parts:
            out |= _stems(part, rules)
    return frozenset(out)


def _stems(word: str, rules: _Rules) -> frozenset[str]:
    """The word, each stem left by removing one of the language's endings, and alternated stems."""
    out = {word}
    for suffix, stem_end in rules.alternations:
        if word.endswith(suffix) and len(word) - len(suffix) >= rules.min_stem:
            out.add(word[: -len(suffix)] + stem_end)
    for ending in rules.endings:
        if word.endswith(ending) and len(word) - len(ending) >= rules.min_stem:
            stem = word[: -len(ending)]
            if not rules.vowels or any(ch in rules.vowels for ch in stem):
                out.add(stem)
    return frozenset(out)


def _lemma(word: str, rules: _Rules) -> str:
    """The word without its longest removable ending: the lemma-ish base of a fallback key."""
    for ending in rules.endings:
        if word.endswith(ending) and len(word) - len(ending) >= rules.min_stem:
            stem = word[: -len(ending)]
            if not rules.vowels or any(ch in rules.vowels for ch in stem):
                return stem
    return word


def _bound_words(lang: str) -> list[str]:
    """The one-word bound and approximation words of ``lang``'s numbers table ("najmanje", "около")."""
    bounds = _section(load_table("numbers", lang), "bounds")
    return [w for key in ("low", "high", "approx") for w in _strings(bounds.get(key)) if " " not in w]
