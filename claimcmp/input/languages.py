"""Per-language rule data and language identification.

Each language is one TOML file in ``claimcmp/data/languages/`` (distinctive
letters, function words, abbreviations, …). Code reads those files through
:func:`load_languages`; it never spells a language's words itself, so adding a
language is adding a data file.

Identification is lingua-language-detector (Apache-2.0, n-gram models shipped in
its wheel, no download), restricted to the news languages listed in
``claimcmp/data/identification.toml`` and run in its low-accuracy mode; built
once, on first use, and imported only then (``claimcmp --help`` does not load
it). The older evidence stays beside it: each language with a data file scores
by how many of the text's words are its function words plus how often its
distinctive letters occur. Where that evidence is strong and lingua does not
rule the language out, it decides (lingua calls a few short English sentences
German or French); a language whose own letters a text lacks is ruled out
(lingua calls some Ukrainian Kazakh). BENCHMARKS.md, "Language identification",
measures each on FLORES-200.
"""

from __future__ import annotations

import bisect
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

UNDETERMINED = "und"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    script: str
    distinctive_letters: frozenset[str]
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    boilerplate: tuple[re.Pattern[str], ...] = ()
    end_markers: tuple[re.Pattern[str], ...] = ()
    lead_in_markers: tuple[re.Pattern[str], ...] = ()
    # languages so close that one sentence cannot tell them apart (Serbian, Croatian, Bosnian in Latin):
    # a statement labelled as one of them in a document of this language keeps the document's
    variants: frozenset[str] = frozenset()
    # other scripts the language is written in (Serbian: Latin too)
    also_written_in: frozenset[str] = frozenset()


@cache
def load_languages() -> dict[str, Language]:
    """Every language data file shipped with claimcmp, by ISO 639-1 code."""
    out: dict[str, Language] = {}
    folder = resources.files("claimcmp") / "data" / "languages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        raw = tomllib.loads(entry.read_text(encoding="utf-8"))
        lang = Language(
            code=raw["code"],
            name=raw["name"],
            script=raw["script"],
            distinctive_letters=frozenset(raw.get("distinctive_letters", "")),
            stopwords=frozenset(w.lower() for w in raw.get("stopwords", [])),
            abbreviations=frozenset(a.lower() for a in raw.get("abbreviations", [])),
            boilerplate=_compile(raw.get("boilerplate", [])),
            end_markers=_compile(raw.get("end_markers", [])),
            lead_in_markers=_compile(raw.get("lead_in_markers", [])),
            variants=frozenset(raw.get("variants", [])),
            also_written_in=frozenset(raw.get("also_written_in", [])),
        )
        out[lang.code] = lang
    return out


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    # anchored at the line start, case-insensitive: the files list how a line begins
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Unicode blocks of the scripts the candidate languages are written in (first, last, script)
_SCRIPT_BLOCKS = (
    (0x0041, 0x024F, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x3040, 0x30FF, "Japanese"),
    (0x3130, 0x318F, "Hangul"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
)
_BLOCK_STARTS = [first for first, _, _ in _SCRIPT_BLOCKS]


def _script_of(ch: str) -> str | None:
    o = ord(ch)
    i = bisect.bisect_right(_BLOCK_STARTS, o) - 1
    if i < 0:
        return None
    _, last, script = _SCRIPT_BLOCKS[i]
    return script if o <= last and ch.isalpha() else None


def _main_script(letters: dict[str, int]) -> str | None:
    """The script most of the letters are in; Japanese where kana are a tenth of its CJK letters."""
    scripts: dict[str, int] = {}
    for ch, n in letters.items():
        script = _script_of(ch)
        if script:
            scripts[script] = scripts.get(script, 0) + n
    if not scripts:
        return None
    kana = scripts.get("Japanese", 0)
    if kana and kana * 10 >= kana + scripts.get("Han", 0):  # Japanese is written in kanji and kana
        scripts["Japanese"] = kana + scripts.pop("Han", 0)
    return max(scripts, key=lambda s: scripts[s])


def _letter_counts(text: str) -> dict[str, int]:
    # letter counts, not a list of letters: a 5 MB article would otherwise cost hundreds of MB
    return {ch: n for ch, n in Counter(text.lower()).items() if ch.isalpha()}


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language of the text's main script (higher is stronger)."""
    return _scores(text, _letter_counts(text))


def _scores(text: str, letters: dict[str, int]) -> dict[str, float]:
    languages = load_languages()
    n_letters = sum(letters.values())
    script = _main_script(letters)
    if script is None:
        return {}
    words = _WORD.findall(text.lower())
    n_words = max(len(words), 1)
    scores: dict[str, float] = {}
    for lang in languages.values():
        if lang.script != script:
            continue
        stop_share = sum(1 for w in words if w in lang.stopwords) / n_words
        letter_share = sum(n for ch, n in letters.items() if ch in lang.distinctive_letters) / n_letters
        # distinctive letters are rarer than function words, so they weigh more per hit
        scores[lang.code] = stop_share + 10.0 * letter_share
    return scores


def known_language(code: str | None) -> str:
    """``code`` as a language claimcmp knows (``ru-RU``, ``RU``, ``ru_RU`` → ``ru``), else ``"und"``.

    Known: a language with a data file, or one identification can name. A language code can
    come from a stranger's JSON; rule tables are built and cached per code, so an unknown code
    must not make a table (100,000 made-up codes would each build one).
    """
    if not code:
        return UNDETERMINED
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in load_languages() or base in _identification().scripts else UNDETERMINED


# --------------------------------------------------------------------------- identification

# a document's language shows in its first pages; reading all of a 50 MB file adds time, not evidence
_DETECT_CHARS = 100_000
# lingua's time grows with the text; 20,000 characters are a long article's worth of evidence
_LINGUA_CHARS = 20_000
# function-word and letter evidence this strong, and this far ahead of the runner-up, decides
_STRONG_SCORE = 0.2
_STRONG_LEAD = 3.0
# ...unless lingua gives that language less than this confidence (it rules it out)
_RULED_OUT = 0.05
_MIN_WORDS_TO_OVERRIDE = 4
_OVERRIDE_RATIO = 2.0
# ...and lingua must be this sure of the other language
_DECISIVE = 0.8


@dataclass(frozen=True)
class _Identification:
    scripts: dict[str, str]  # candidate language -> the script it is written in
    signatures: dict[str, frozenset[str]]  # a language is ruled out for a text without any of these
    serbian: re.Pattern[str]  # words of Latin-script Serbian ...
    other: re.Pattern[str]  # ... and of Croatian and Bosnian


@cache
def _identification() -> _Identification:
    entry = resources.files("claimcmp") / "data" / "identification.toml"
    raw = tomllib.loads(entry.read_text(encoding="utf-8"))
    bcms = raw.get("serbian_latin", {})
    return _Identification(
        scripts=dict(raw["candidates"]),
        signatures={code: frozenset(letters) for code, letters in raw.get("signature_letters", {}).items()},
        serbian=_words_pattern(bcms.get("serbian", [])),
        other=_words_pattern(bcms.get("other", [])),
    )


def _words_pattern(entries: list[str]) -> re.Pattern[str]:
    """Whole words, or word starts where an entry ends in ``-``, as one alternation."""
    alternatives = [re.escape(e[:-1]) + r"\w*" if e.endswith("-") else re.escape(e) for e in entries]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)")


def identifiable_languages() -> frozenset[str]:
    """Every language identification can name (ISO 639-1)."""
    return frozenset(_identification().scripts)


def language_script(code: str) -> str | None:
    """The script ``code`` is written in (as identification sees it), or None for an unknown code."""
    languages = load_languages()
    if code in languages:
        return languages[code].script
    return _identification().scripts.get(code)


@cache
def _detector(excluded: frozenset[str]) -> Any:
    """The lingua detector over the candidate languages but ``excluded``: built once per set, on first use.

    Imported here, not at the top: loading lingua costs time a run that identifies nothing
    (``claimcmp --help``) should not pay. Its models are loaded on first use per language.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in _identification().scripts if code not in excluded]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def lingua_confidences(text: str, excluded: frozenset[str] = frozenset()) -> dict[str, float]:
    """Lingua's confidence in each candidate language but ``excluded`` for ``text`` (they sum to 1; empty when none)."""
    values = _detector(excluded).compute_language_confidence_values(text)
    return {value.language.iso_code_639_1.name.lower(): value.value for value in values if value.value > 0}


@dataclass(frozen=True)
class _Evidence:
    lang: str
    script: str | None
    scores: dict[str, float]  # function words and letters, for the languages with a data file
    confidences: dict[str, float]  # lingua's; empty where the script alone decided


def _identify(text: str) -> _Evidence:
    letters = _letter_counts(text)
    script = _main_script(letters)
    if script is None:
        return _Evidence(UNDETERMINED, None, {}, {})
    scores = _scores(text, letters)
    identification = _identification()
    candidates = _candidates(script)
    if len(candidates) == 1:  # Hangul is Korean, Greek Greek: the script decides
        return _Evidence(candidates[0], script, scores, {candidates[0]: 1.0})
    # a language whose own letters the text lacks is not the text's language
    excluded = frozenset(
        code
        for code, signature in identification.signatures.items()
        if identification.scripts.get(code) == script and not any(ch in letters for ch in signature)
    )
    confidences = lingua_confidences(_plain_words(text[:_LINGUA_CHARS], script), excluded) if candidates else {}
    strong = _strong(scores)
    if strong is not None and confidences.get(strong, 0.0) >= _RULED_OUT:
        lang = strong
    elif confidences:
        lang = max(confidences, key=lambda code: confidences[code])
    else:
        best = max(scores, key=lambda code: scores[code], default=None)
        lang = best if best is not None and scores[best] > 0 else UNDETERMINED
    if script == "Latin" and lang in ("hr", "bs", "sr"):
        lang = _serbian_or(lang, text)
    return _Evidence(lang, script, scores, confidences)


def _strong(scores: dict[str, float]) -> str | None:
    """The language the function words and letters clearly point to, if they do."""
    if not scores:
        return None
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=lambda code: scores[code])
    if ranked[0] >= _STRONG_SCORE and (len(ranked) == 1 or ranked[0] >= _STRONG_LEAD * ranked[1]):
        return best
    return None


def _serbian_or(lang: str, text: str) -> str:
    """Latin-script Serbian where the text has more Serbian than Croatian/Bosnian words, else ``lang``."""
    identification = _identification()
    sample = text[:_LINGUA_CHARS].lower()
    serbian = len(identification.serbian.findall(sample))
    return "sr" if serbian > len(identification.other.findall(sample)) else lang


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s main language, or ``"und"`` when unsure (judged on its first 100k characters)."""
    return _identify(text[:_DETECT_CHARS]).lang


def detect_segment_language(text: str, document_lang: str) -> str:
    """A segment's language: its document's, unless the segment clearly says otherwise (see
    :func:`_segment_language`); a close variant of the document's language is the document's."""
    found = _segment_language(text, document_lang)
    language = load_languages().get(document_lang)
    return document_lang if language is not None and found in language.variants else found


def _segment_language(text: str, document_lang: str) -> str:
    """A segment's language: its document's, unless the segment clearly says otherwise.

    Short segments carry little evidence, and Russian/Ukrainian/Bulgarian share
    most short words; so a segment keeps its document's language unless it has
    several words of running text (a photo credit, a name or a link has not) and
    lingua puts another language clearly ahead while the function words do not
    point to the document's (a quote in another language keeps its own language).
    A segment in another script than its document's that is too short to judge,
    and that its script does not decide, is ``"und"``: its document's language
    would be wrong, and a guess may be too.
    """
    letters = _letter_counts(text)
    script = _main_script(letters)
    if script is None:
        return document_lang
    document_script = language_script(document_lang)
    language = load_languages().get(document_lang)
    also = language.also_written_in if language is not None else frozenset()
    other_script = document_script is not None and script != document_script and script not in also
    if not other_script and document_lang != UNDETERMINED and len(_WORD.findall(text)) < _MIN_WORDS_TO_OVERRIDE:
        return document_lang
    scores = _scores(text, letters)
    if not other_script and _strong(scores) == document_lang:  # the document's own words: lingua is not asked
        return document_lang
    if not _running_text(text) and len(_candidates(script)) > 1:
        return UNDETERMINED if other_script or document_lang == UNDETERMINED else document_lang
    evidence = _identify(text)
    found = evidence.lang
    if other_script or document_lang == UNDETERMINED:
        return found
    if found in (UNDETERMINED, document_lang):
        return document_lang
    confidences = evidence.confidences
    if confidences.get(found, 0.0) < max(_DECISIVE, _OVERRIDE_RATIO * confidences.get(document_lang, 0.0)):
        return document_lang
    # lingua puts it ahead; the function words must not put the document's language ahead of it
    # (a language without a data file has no function words to count: then only as many of the
    # document's as its own text has hold the document's language)
    own = scores.get(document_lang, 0.0)
    if found in scores:
        return document_lang if own > scores[found] else found
    return document_lang if own >= _STRONG_SCORE else found


# words of running text: lower-case words standing alone (not a name, an acronym or a piece of a link)
def _running_text(text: str) -> bool:
    """Enough words of running text to judge a language by, and a third of the text's words at least."""
    words = [token for token in text.split() if any(ch.isalpha() for ch in token)]
    running = sum(1 for token in words if _is_running_word(token))
    return running >= _MIN_RUNNING_WORDS and 3 * running >= len(words)


_PUNCTUATION = "«»„“”\"'‘’`()[]{},.;:!?…—–-*#"


def _is_word(word: str) -> bool:
    # vowel signs of Devanagari, Bengali, Tamil ... are combining marks, not letters
    return len(word) >= 2 and all(ch.isalpha() or ch in "'’-" or unicodedata.category(ch)[0] == "M" for ch in word)


def _is_running_word(token: str) -> bool:
    word = token.strip(_PUNCTUATION)
    return _is_word(word) and word[0].islower()


def _plain_words(text: str, script: str) -> str:
    """The text's words in ``script``: a link, a handle, a figure or a quote in another script says nothing of it."""
    return " ".join(
        word for token in text.split() if _is_word(word := token.strip(_PUNCTUATION)) and _script_of(word[0]) == script
    )


_MIN_RUNNING_WORDS = 4


def _candidates(script: str) -> list[str]:
    return [code for code, s in _identification().scripts.items() if s == script]


# --------------------------------------------------------------------------- rules per language

# the rule tables that make a statement's facts: figures, dates, and who said what
_FACT_FAMILIES = (("numbers", "number"), ("dates", "date"), ("speech", "speech"))


@cache
def _has_table(family: str, code: str) -> bool:
    return (resources.files("claimcmp") / "data" / family / f"{code}.toml").is_file()


def fact_rule_warnings(langs: Iterable[str]) -> tuple[str, ...]:
    """One warning per language among ``langs`` that claimcmp lacks fact rules for, in order of first appearance.

    ``"de: aligned, no fact rules"`` where a language has no number, date or speech rules (its
    statements are aligned, and their facts read with every language's rules together);
    ``"sr: aligned, no speech rules"`` where it lacks some. Undetermined statements are not named.
    """
    out: list[str] = []
    for code in dict.fromkeys(langs):
        if code == UNDETERMINED or not code:
            continue
        missing = [label for family, label in _FACT_FAMILIES if not _has_table(family, code)]
        if len(missing) == len(_FACT_FAMILIES):
            out.append(f"{code}: aligned, no fact rules")
        elif missing:
            named = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
            out.append(f"{code}: aligned, no {named} rules")
    return tuple(out)
