"""One word normalised (case, look-alike letters of the other script, invisible characters) and a name's
transliteration folded so that the spellings of one name in several languages meet (``Володин``/``Volodin``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from anyascii import anyascii

if TYPE_CHECKING:
    from claimcmp.analysis.entities.rules import _Rules

# Invisible characters that may sit inside a word (soft hyphen, zero-width space/joiners,
# direction marks, word joiner, BOM): a word is read through them, never split by them.
_FORMAT_CHARS = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_FORMAT_SET = frozenset(_FORMAT_CHARS)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_HYPHENS = "-\u2010\u2011"
# Latin and Cyrillic letters that look alike (lowercase, after case folding). A word
# mixing both scripts is read in its majority script, so "Пyтин" with a Latin y is Путин.
# Written as escapes: this module spells no language's letters.
_LATIN_LOOKALIKES = "abcehikmoptxy"
_CYRILLIC_LOOKALIKES = "\u0430\u0432\u0441\u0435\u043d\u0456\u043a\u043c\u043e\u0440\u0442\u0445\u0443"
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_HAS_LATIN = re.compile("[a-z\u00c0-\u024f]")
_HAS_CYRILLIC = re.compile("[\u0400-\u052f]")
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
