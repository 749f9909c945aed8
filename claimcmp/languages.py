"""Per-language rule data and language identification.

Each language is one TOML file in ``claimcmp/data/languages/`` (distinctive
letters, function words, abbreviations, …). Code reads those files through
:func:`load_languages`; it never spells a language's words itself, so adding a
language is adding a data file.

Identification scores each language by how many of the text's words are its
function words plus how often its distinctive letters occur. That is enough to
tell Russian, Ukrainian and Bulgarian apart (which generic detectors often
confuse on short news texts), and needs no model download.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
        )
        out[lang.code] = lang
    return out


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    # anchored at the line start, case-insensitive: the files list how a line begins
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _script_of(ch: str) -> str | None:
    o = ord(ch)
    if 0x0400 <= o <= 0x04FF:
        return "Cyrillic"
    if (ch.isascii() and ch.isalpha()) or 0x00C0 <= o <= 0x024F:
        return "Latin"
    return None


def language_scores(text: str) -> dict[str, float]:
    """Evidence for each language of the text's main script (higher is stronger)."""
    languages = load_languages()
    # letter counts, not a list of letters: a 5 MB article would otherwise cost hundreds of MB
    letters = {ch: n for ch, n in Counter(text.lower()).items() if ch.isalpha()}
    n_letters = sum(letters.values())
    scripts: dict[str, int] = {}
    for ch, n in letters.items():
        script = _script_of(ch)
        if script:
            scripts[script] = scripts.get(script, 0) + n
    if not scripts:
        return {}
    script = max(scripts, key=lambda s: scripts[s])
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
    """``code`` as a language claimcmp has rules for (``ru-RU``, ``RU``, ``ru_RU`` → ``ru``), else ``"und"``.

    A language code can come from a stranger's JSON; rule tables are built and cached per
    code, so an unknown code must not make a table (100,000 made-up codes would each build one).
    """
    if not code:
        return UNDETERMINED
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in load_languages() else UNDETERMINED


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s main language, or ``"und"`` when unsure (judged on its first 100k characters)."""
    scores = language_scores(text[:_DETECT_CHARS])
    if not scores:
        return UNDETERMINED
    best = max(scores, key=lambda code: scores[code])
    if scores[best] > 0:
        return best
    return best if len(scores) == 1 else UNDETERMINED


_MIN_WORDS_TO_OVERRIDE = 4
# a document's language shows in its first pages; reading all of a 50 MB file adds time, not evidence
_DETECT_CHARS = 100_000
_OVERRIDE_RATIO = 2.0


def detect_segment_language(text: str, document_lang: str) -> str:
    """A segment's language: its document's, unless the segment clearly says otherwise.

    Short segments carry little evidence, and Russian/Ukrainian/Bulgarian share
    most short words; so a segment keeps its document's language unless it is
    in another script or another language scores clearly higher on a segment
    of several words (a quote in another language keeps its own language).
    """
    scores = language_scores(text)
    if not scores:
        return document_lang
    best = max(scores, key=lambda code: scores[code])
    if document_lang not in scores:  # another script than the document's
        return best if scores[best] > 0 or len(scores) == 1 else document_lang
    if best == document_lang or len(_WORD.findall(text)) < _MIN_WORDS_TO_OVERRIDE:
        return document_lang
    return best if scores[best] >= _OVERRIDE_RATIO * scores[document_lang] and scores[best] > 0.15 else document_lang
