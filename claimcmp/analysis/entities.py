"""Persons, organisations and places in a segment's text, each with a cross-script key.

Keys join the same entity across Russian, Ukrainian, Bulgarian, English (and any
language with a data file): ``Ким Чен Ыну``, ``Кім Чен Ин``, ``Ким Чен-ун`` and
``Kim Jong Un`` all get ``"kim-jong-un"``.

No statistical model: names are found by rules whose words all live in data files,
``claimcmp/data/entities/<lang>.toml`` (endings, non-name words, titles, given names,
surname and place endings, cue and head words) and ``claimcmp/data/entities/aliases.toml``
(cross-language forms). Adding a language is adding its file (and, optionally, its forms
to the alias table); a language without a file still gets alias matches, acronyms and runs.

**Finding** (in this order, on word tokens; an earlier step's words are taken):

1. *Alias table*: a text word matches a form word when both share a stem once the text
   language's endings (and consonant alternations: Алясці ~ Аляска) are removed
   (``Пхеньяном`` ~ ``Пхеньян``, ``Путіна`` ~ ``Путін``); the longest form wins; an
   all-caps form (``КНДР``, ``US``) matches only in capitals. A person alias takes the
   given names, initials and patronymics before it (``Владимир Путин``, ``В. Путин``);
   a given name the alias does not list makes a relative's key (``Билял Ердоган``).
2. *Acronyms*: all-caps words of 2-6 letters (``ЗСУ``, ``NPR``) that are not common nouns
   listed as non-names (``СМИ``, ``ЗМІ``); a shouted line is no acronym.
3. *Capitalised runs*: consecutive capitalised words joined by spaces, hyphens (also
   lower-case parts: ``Ростов-на-Дону``), initials (``В.``) or connectors (``de``, ``of``),
   plus a following head word that is part of the name (``Курской области``,
   ``Трудовой партии Кореи``), or a quoted name up to its closing quote
   (``«Українська правда»``). Stop words, titles (``президент``) and non-names (months,
   pronouns) are never part of a run. A run splits where a given name starts a person,
   and after a title the first word of a three-word run is the title's complement
   (``Премьер-министр Израиля Биньямин Нетаньяху``). Dropped: an unknown first word of a
   sentence (every sentence starts capitalised), a lone capitalised adjective
   (``Второй мировой``), event names, modifiers alone (``North Korean``), a word before a
   title (``Defence Minister``), model designations (``Ил-76``). In a title-case line
   (nearly every word capitalised) only steps 1 and 2 run.

**Typing**: the alias table; else a head word in or after the run; else *organisation*
for a quoted name; else *place* for a title's complement; else *person* when the run
starts with a given name or an initial or has a patronymic; else a cue word just before
it (``агентство``, ``город``, a title); else *person* for a known person-name word
(``Ким``); else *place* for a place ending (``Работино``, ``Курске``); else *person* for a
surname ending (``-ов``, ``-енко``, ``-ський``); else *organisation* for acronyms and for
Latin-script names in a non-Latin text (media, brands: ``Express``, ``Telegram``); else
a multi-word name with an adjective is a *place*, other multi-word names are *persons*,
and a single word is a *place*. A wrong type does less harm than a wrong key.

**Keys**: the alias key when the table knows the entity; otherwise a *fallback key*:
each word lemma-ised (longest ending removed), transliterated with anyascii, and
spelling-folded (kh/g/h -> h, ts -> c, y -> i, ie -> e, iu -> u, doubled letters
collapsed, final vowels dropped) so that ``Володин``, ``Володіна`` and ``Volodin`` all
give ``"volodin"``. A person's key leaves out given names, initials and patronymics, so
``Сергей Шойгу`` and ``Шойгу`` agree. :func:`same_entity` also accepts fallback keys one
edit apart (``tramp``/``trump``, ``harkiv``/``harkov``) but never near-miss names
(``putin``/``putilin``) nor two different alias keys. :func:`metonym_of` tells which
entity a capital or seat of government stands for (``pyongyang`` -> ``dprk``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from claimcmp.analysis.tables import load_table
from claimcmp.languages import load_languages
from claimcmp.records import Entity, EntityType

__all__ = ["alias_keys", "entity_key", "find_entities", "metonym_of", "same_entity"]

_TYPES: frozenset[str] = frozenset({"person", "organisation", "place"})

# Invisible characters that may sit inside a word (soft hyphen, zero-width space/joiners,
# direction marks, word joiner, BOM): a word is read through them, never split by them.
_FORMAT_CHARS = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_FORMAT_SET = frozenset(_FORMAT_CHARS)
# A word: letters, combining marks, invisible characters, and apostrophes between letters
# (В’ячеслав, O'Brien, Putin's). Every alternative starts with a different character
# class, so matching is linear: no backtracking on any input.
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f" + _FORMAT_CHARS + r"]|['’ʼ`](?=[^\W\d_]))*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_APOSTROPHE_RE = re.compile("['’ʼ`]")
_HYPHENS = "-\u2010\u2011"
_SPACES = re.compile(r"\s+")
_SENTENCE_PUNCT = frozenset(".!?…:;|•\n")
# what may stand between a cue word and the name it types: партия «Единая Россия»
_QUOTES_AND_SPACE = re.compile(r"[ «»„“”\"'‘’(]{1,4}")

# Latin and Cyrillic letters that look alike (lowercase, after case folding). A word
# mixing both scripts is read in its majority script, so "Пyтин" with a Latin y is Путин.
# Written as escapes: this module spells no language's letters.
_LATIN_LOOKALIKES = "abcehikmoptxy"
_CYRILLIC_LOOKALIKES = "\u0430\u0432\u0441\u0435\u043d\u0456\u043a\u043c\u043e\u0440\u0442\u0445\u0443"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)

# Longer words are not names (and would make huge keys): hostile or garbage input.
_MAX_WORD = 40
# A capitalised run longer than this is a headline or a list, not one name.
_MAX_RUN = 8
_MAX_ACRONYM = 6
# Title-case line ("Putin Thanks North Korea For Troops"): at least this many content words,
# and this share of them capitalised. News sentences dense with names stay well below it.
_TITLE_CASE_WORDS = 5
_TITLE_CASE_SHARE = 0.9
# entity_key reads at most this much of a name, and a fallback key at most this many words.
_MAX_NAME_CHARS = 400
_MAX_KEY_WORDS = 6
# Fallback keys this long or longer may be one edit apart and still the same entity
# (Трамп/Trump -> tramp/trump); shorter ones must be equal. Two edits from this length.
_FUZZY_MIN_LEN = 5
_FUZZY_TWO_EDITS_LEN = 10

_ANY, _CAP, _UPPER = 0, 1, 2


# ---------------------------------------------------------------- per-language rules


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
        script=language.script if language else "",
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
        not_names=_word_set(base, names.get("not_names")),
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


# ---------------------------------------------------------------- normalising and folding


_HAS_LATIN = re.compile("[a-z\u00c0-\u024f]")
_HAS_CYRILLIC = re.compile("[\u0400-\u052f]")


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x0400 <= o <= 0x052F:
        return "Cyrillic"
    if ("a" <= ch <= "z") or 0x00C0 <= o <= 0x024F:
        return "Latin"
    return ""


def _normalise(word: str, rules: _Rules) -> str:
    """Lowercase comparison form: invisible characters dropped, one apostrophe, one script."""
    if any(ch in _FORMAT_SET for ch in word):
        word = "".join(ch for ch in word if ch not in _FORMAT_SET)
    word = unicodedata.normalize("NFKC", word).lower().translate(_APOSTROPHES)
    if not word.isascii() and _HAS_LATIN.search(word) and _HAS_CYRILLIC.search(word):
        scripts = [_script(ch) for ch in word]
        cyrillic, latin = scripts.count("Cyrillic"), scripts.count("Latin")
        prefer_cyrillic = cyrillic > latin or (cyrillic == latin and rules.script == "Cyrillic")
        word = word.translate(_TO_CYRILLIC if prefer_cyrillic else _TO_LATIN)
    for old, new in rules.letter_folds:
        word = word.replace(old, new)
    return word


# Spelling folds on the transliteration, applied in one left-to-right pass (longest first):
# they join the romanisations that Russian, Ukrainian, Bulgarian and English spellings of
# one name produce (Ukrainian г is h, Russian г is g; дж is English j; ц is ts or c ...).
_FOLDS = {
    "sch": "sh",
    "dzh": "j",
    "kh": "h",
    "gh": "h",
    "g": "h",
    "ph": "f",
    "th": "t",
    "ts": "c",
    "tz": "c",
    "ck": "k",
    "x": "ks",
    "w": "v",
    "q": "k",
    "y": "i",
}
_FOLD_RE = re.compile("|".join(sorted((re.escape(k) for k in _FOLDS), key=len, reverse=True)) + "|c(?=[eiy])|c(?!h)")
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = "aeiou"


def _fold_sub(match: re.Match[str]) -> str:
    text = match.group()
    if text == "c":
        # a bare c is English: soft before e/i/y (Cecil -> Сесил), hard elsewhere (Clinton)
        return "s" if match.end() < len(match.string) and match.string[match.end()] in "eiy" else "k"
    return _FOLDS[text]


@lru_cache(maxsize=65536)
def _fold(base: str) -> str:
    """Spelling-folding key of one word: transliterate, fold spellings, drop final vowels."""
    ascii_ = re.sub(r"[^a-z]", "", anyascii(base).lower())
    folded = _FOLD_RE.sub(_fold_sub, ascii_)
    # a leading i before a vowel is iotation (Європа -> Ievropa, Юлия -> Iuliia)
    if len(folded) > 2 and folded[0] == "i" and folded[1] in _VOWELS:
        folded = folded[1:]
    # є/ье and ю after a consonant are "ie", "iu" in one spelling and "e", "u" in another
    # (Бєлгород/Белгород, Медведєв/Медведев, Пьер/Pierre, Рютте/Rutte)
    folded = folded.replace("ie", "e").replace("iu", "u")
    folded = _DOUBLES.sub(r"\1", folded)
    # Final vowels are where languages inflect and transliterate differently
    # (Шойгу/Shoigu vs the stem шойг, Лукашенко/Лукашэнка): drop them, keep three letters.
    while len(folded) > 3 and folded[-1] in _VOWELS:
        folded = folded[:-1]
    return folded


# ---------------------------------------------------------------- tokens


class _Token:
    """One word of the text, with what the rules need to know about it."""

    __slots__ = ("cands", "cap", "end", "gap", "initial", "kind", "latin", "norm", "start", "upper")

    def __init__(self, start: int, end: int, raw: str, gap_text: str, lang: str) -> None:
        self.start = start
        self.end = end
        # only name-length words are cached: a hostile text must not fill memory with long ones
        facts = _word_facts(raw, lang) if len(raw) <= 2 * _MAX_WORD else _word_facts.__wrapped__(raw, lang)
        self.norm, self.cap, self.upper, self.latin, self.cands = facts
        self.gap = " " if gap_text == " " else _canon_gap(gap_text)
        self.kind = "break"
        self.initial = False


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
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _FORMAT_SET:
            end -= 1
        gap_text = text[previous_end:start]
        token = _Token(start, end, text[start:end], gap_text, rules.lang)
        if not tokens:
            token.initial = not as_name
        else:
            prev = tokens[-1]
            token.kind = _gap_kind(gap_text, prev)
            token.initial = (
                not as_name
                and token.kind == "break"
                and any(ch in _SENTENCE_PUNCT for ch in gap_text)
                and not (gap_text.startswith(".") and prev.norm in rules.abbreviations)
            )
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


# ---------------------------------------------------------------- alias table


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


# ---------------------------------------------------------------- word predicates


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


_ROMAN = re.compile(r"[ivxlcdm]+")


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


# ---------------------------------------------------------------- finding


@dataclass
class _Found:
    first: int  # token indices, inclusive
    last: int
    type: EntityType
    key: str


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


def _head_type(token: _Token, rules: _Rules) -> EntityType | None:
    for stem in token.cands:
        kind = rules.heads.get(stem)
        if kind is not None:
            return kind
    return None


# a quoted name runs on over at most this many lower-case words: «Українська правда»
_MAX_QUOTED_TAIL = 4


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


_OPENING_QUOTES = frozenset("«„“\"'‘")
_CLOSING_QUOTES = frozenset("»“”\"'’")
# "Ил-76", "Су-34", "F-16": a model designation, not a name
_MODEL_NUMBER = re.compile(r"[-\u2010\u2011]\d")


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


def _looks_adjectival(token: _Token, rules: _Rules) -> bool:
    return any(token.norm.endswith(e) and len(token.norm) > len(e) + 1 for e in rules.adjective_endings)


def _run_type(
    tokens: list[_Token],
    first: int,
    last: int,
    head: EntityType | None,
    part: str,
    covered: list[bool],
    rules: _Rules,
    index: _AliasIndex,
) -> EntityType:
    """The type of a run's entity; the order of the rules is documented in the module docstring."""
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


# ---------------------------------------------------------------- keys of names


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
    return frozenset(alias.key for alias, _ in _alias_data())


@cache
def role_keys() -> frozenset[str]:
    """Keys of the alias table's roles ("russian-president"): descriptions that some person holds."""
    return frozenset(alias.key for alias, _ in _alias_data() if alias.role)


@cache
def _metonyms() -> dict[str, str]:
    return {alias.key: alias.metonym_of for alias, _ in _alias_data() if alias.metonym_of}


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
