"""The frame of a figure: which concepts the words around it name (killed, injured, soldiers, sent…).

"26 killed" and "30 injured" are values of different slots; so are "60 warheads"
and "600 soldiers", or "100 000 offered" and "10 000 sent". A sentence embedding
washes such role words out (see BENCHMARKS.md, the slot calibration), so a figure's
frame is read from the words of its own clause with the per-language tables in
``claimcmp/data/slots/`` (``concepts.toml`` names the concepts and their dimensions,
``<lang>.toml`` the words). A new language is a new table.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from claimcmp.input import languages_with, load_table

# words of the clause on each side of a figure that can name its frame
_WORDS_BEFORE = 8
_WORDS_AFTER = 7
# a clause ends at these marks (a comma too: "26 погибли, 30 ранены" are two frames); a dash does not
# ("Стояногло – 26,3%": the name is the figure's)
# nor a full stop before a lower-case word or a figure: an abbreviation ("кв. км", "ok. 40")
_CLAUSE_END = re.compile(r"[;:!?,()\[\]\"«»„“”]|\.(?!\s*[^\W\d_](?<=[^\W\d_A-ZА-ЯЁЇІЄҐ]))(?!\s*\d)")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    dimension: str
    label: str
    person: bool = False
    generic: bool = False
    exclusive: bool = False
    progress: bool = False
    subject: bool = False
    responder: bool = False
    date_only: bool = False
    precise: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """The concepts named around one figure, and the word right after it (the counted noun, if any)."""

    concepts: frozenset[str]
    noun: str | None
    # (type, key) of the names in the figure's clause: "70 km from Marrakesh" / "320 km from Rabat"
    names: frozenset[tuple[str, str]] = frozenset()
    lang: str = ""
    # one item of a breakdown by place ("290 in Al Haouz, 190 in Taroudant"): a part, never the whole
    part: bool = False

    @property
    def places(self) -> frozenset[str]:
        """The keys of the places its clause names."""
        return frozenset(key for kind, key in self.names if kind == "place")

    def by_dimension(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for name in self.concepts:
            out.setdefault(concepts()[name].dimension, set()).add(name)
        return out


@cache
def concepts() -> dict[str, Concept]:
    raw = tomllib.loads(_data("concepts.toml"))
    return {name: Concept(name=name, **spec) for name, spec in raw["concepts"].items()}


@cache
def _table(lang: str) -> dict[str, list[str]] | None:
    if lang not in known_languages():
        return None
    raw = load_table("slots", lang)
    return {k: [w.lower() for w in v] for k, v in raw.get("words", {}).items()}


def _script(text: str) -> str | None:
    """ "Cyrillic" or "Latin": the script most letters of ``text`` are in (None: neither)."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if not cyrillic and not latin:
        return None
    return "Cyrillic" if cyrillic > latin else "Latin"


@cache
def _table_script(lang: str) -> str | None:
    table = _table(lang)
    return _script(" ".join(w for words in table.values() for w in words)) if table else None


@cache
def _matchers(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per concept: any of its words at the start of a word of the clause.

    ``script:<name>``: the words of every table written in that script.
    """
    table = _table(lang) if not lang.startswith("script:") else None
    if table is None:  # no table for this language: every table's words (a language is rarely mistaken)
        table = {}
        for code in known_languages():
            if lang.startswith("script:") and _table_script(code) != lang[len("script:") :]:
                continue
            for name, words in (_table(code) or {}).items():
                table.setdefault(name, []).extend(words)
    known = concepts()
    return tuple(
        (
            name,
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"),
        )
        for name, words in table.items()
        if name in known and words
    )


@cache
def anniversary_words(lang: str) -> tuple[str, ...]:
    raw = load_table("slots", lang) if lang in known_languages() else {}
    return tuple(w.lower() for w in raw.get("anniversary", []))


def known_languages() -> tuple[str, ...]:
    return languages_with("slots")


def _data(name: str) -> str:
    path = resources.files("claimcmp") / "data" / "slots" / name
    if not path.is_file():
        raise FileNotFoundError(name)
    return path.read_text(encoding="utf-8")


@cache
def _superseded_pattern(lang: str) -> re.Pattern[str] | None:
    codes = (lang,) if lang in known_languages() else known_languages()
    words = [w.lower() for code in codes for w in load_table("slots", code).get("superseded", [])]
    if not words:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + r")(?!\w)"
    )


def superseded(text: str, lang: str) -> bool:
    """The statement reports an earlier figure ("had earlier put the number at 133", "Zuvor … 143 Toten")."""
    pattern = _superseded_pattern(lang)
    return bool(pattern and pattern.search(text.lower()))


def sentence_concepts(text: str, lang: str, of_date: bool = False) -> frozenset[str]:
    """The concepts the statement names anywhere, in the dimensions where it names only one.

    The frame of a statement's only figure takes these where its clause names none:
    "The death toll … has risen to 261, adding that rescue of injured passengers…" names
    two outcomes, so neither is the figure's.
    """
    lowered = text.lower()
    known = concepts()
    # of_date: what the statement says happened on its date (held, published), and nothing else
    found = [name for name, pattern in _matchers(lang) if known[name].date_only == of_date and pattern.search(lowered)]
    per_dimension = Counter(known[n].dimension for n in found)
    return frozenset(n for n in found if per_dimension[known[n].dimension] == 1)


def with_inherited(
    frame: Frame,
    inherited: frozenset[str],
    dimensions: frozenset[str] = frozenset({"outcome", "action", "scope"}),
    subjects: bool = False,
) -> Frame:
    """``frame`` plus the ``inherited`` concepts of ``dimensions`` that it names nothing in.

    ``subjects``: also what the statement's subject names (a magnitude, a turnout), for its only figure.
    """
    known = concepts()
    own = {known[n].dimension for n in frame.concepts}
    # an age, a distance, a count's progress belong to their own figure: a list never hands them on;
    extra = {
        n
        for n in inherited
        if known[n].dimension not in own
        and ((known[n].dimension in dimensions and not known[n].exclusive) or (subjects and known[n].subject))
    }
    return replace(frame, concepts=_coherent(frame.concepts | extra)) if extra else frame


def _coherent(found: frozenset[str]) -> frozenset[str]:
    """``found`` without outcomes when it counts things: trains or buildings are not killed or injured."""
    known = concepts()
    things = [n for n in found if known[n].dimension == "what"]
    if things and not any(known[n].person for n in things):
        return frozenset(n for n in found if known[n].dimension != "outcome")
    return found


def frame_of(
    text: str,
    span: tuple[int, int],
    lang: str,
    names: Sequence[tuple[tuple[int, int], str, str]] = (),
    of_date: bool = False,
) -> Frame:
    """The frame of the figure at ``span`` of ``text``.

    What is counted comes from the words right at the figure (one before, two after:
    "магнитудой 7", "600 солдатів", "6.8-magnitude"), since a noun elsewhere in the
    clause is seldom what the figure counts ("у країні сягнула 1 037"); what happened
    and the scope come from the whole clause.
    """
    start, end = clause_bounds(text, span, lang)
    before, after = text[start : span[0]], text[span[1] : end]
    window = f"{before} {after}".lower()
    links = _noun_links(lang)
    after_words = [w for w in re.sub(r"^[-‑]", " ", after).lower().split() if w not in links]
    counted = " ".join([*before.lower().split()[-1:], *after_words[:2]])
    known = concepts()

    def named_in(matchers: tuple[tuple[str, re.Pattern[str]], ...]) -> frozenset[str]:
        return frozenset(
            name
            for name, pattern in matchers
            if (of_date or not known[name].date_only)
            and pattern.search(counted if known[name].dimension == "what" and not known[name].subject else window)
        )

    found = named_in(_matchers(lang))
    written_in = _script(window)
    if not found and written_in and written_in != _table_script(lang):
        # a clause in another script than its statement's language (a Bulgarian clause before an embedded
        # English tweet, the statement labelled English): the tables of the languages written in that script
        found = named_in(_matchers(f"script:{written_in}"))
    found = _coherent(found)
    noun_match = re.match(r"\s*([^\W\d_]{3,})", after)
    in_clause = frozenset((kind, key) for (s, e), kind, key in names if start <= s and e <= end)
    if lang not in languages_with("entities"):
        # without name rules every capitalised word may pass for a name (German nouns: "Prozent", "Wahlen")
        in_clause = frozenset()
    noun = noun_match.group(1).lower() if noun_match else None
    return Frame(concepts=found, noun=noun, names=in_clause, lang=lang)


@cache
def _clause_words(lang: str) -> frozenset[str]:
    return _word_set(lang, "clause_words")


@cache
def _noun_links(lang: str) -> frozenset[str]:
    return _word_set(lang, "noun_links")


@cache
def more_words(lang: str) -> frozenset[str]:
    """Words that add a second count to a first ("and seven more", "und sieben weitere")."""
    return _word_set(lang, "more_words")


def joins_clauses(text: str, lang: str) -> bool:
    """``text`` (what stands between two figures) holds a word that joins two clauses ("и", "and")."""
    return bool(set(re.findall(r"\w+", text.lower())) & _clause_words(lang))


def _word_set(lang: str, key: str) -> frozenset[str]:
    if lang not in known_languages():
        return frozenset()
    return frozenset(w.lower() for w in load_table("slots", lang).get(key, []))


def clause_around(text: str, span: tuple[int, int], lang: str = "und") -> tuple[str, str]:
    """The words of the figure's clause just before and just after it (never past another figure)."""
    start, end = clause_bounds(text, span, lang)
    return " ".join(text[start : span[0]].split()), " ".join(text[span[1] : end].split())


def clause_bounds(text: str, span: tuple[int, int], lang: str = "und") -> tuple[int, int]:
    """Where the figure's clause starts and ends: at most a few words each side, cut at clause marks,
    other figures and the words that join two clauses."""
    joins = _clause_words(lang)
    low = max(0, span[0] - 120)
    left = text[low : span[0]]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    cut = max(cut, max((m.end() for m in _DIGIT.finditer(left)), default=0))
    words = list(_WORD_RUN.finditer(left, cut))[-_WORDS_BEFORE:]
    joined = [n for n, w in enumerate(words) if w.group().lower() in joins]
    if joined:
        words = words[joined[-1] + 1 :]
    start = low + words[0].start() if words else span[0]
    right = text[span[1] : span[1] + 100]
    stop = min(
        (m.start() for m in (_CLAUSE_END.search(right), _DIGIT.search(right)) if m is not None), default=len(right)
    )
    words = list(_WORD_RUN.finditer(right, 0, stop))[:_WORDS_AFTER]
    joined = [n for n, w in enumerate(words) if w.group().lower() in joins]
    if joined:
        words = words[: joined[0]]
    end = span[1] + words[-1].end() if words else span[1]
    return start, end


_WORD_RUN = re.compile(r"\S+")


def marks_progress(frame: Frame) -> bool:
    """The figure says how far a count had got ("after 99 % of the protocols"), not a value of a fact."""
    known = concepts()
    return any(known[n].progress for n in frame.concepts)


def conflicting(a: Frame, b: Frame) -> bool:
    """The frames name different things in one dimension: the figures cannot be values of one slot."""
    da, db = a.by_dimension(), b.by_dimension()
    known = concepts()
    if {n for n in a.concepts if known[n].exclusive} != {n for n in b.concepts if known[n].exclusive}:
        return True  # an age is never a count, a distance never a toll
    # a property of the event itself (its magnitude, the turnout) is one fact wherever the clause places it
    of_the_event = any(known[n].subject for n in a.concepts & b.concepts)
    # a province's toll is a value only of that province's toll: not of a toll that names no place
    # (the whole), nor of a part whose place is not read ("Tarudant, con 452": outside the clause)
    if (a.part or b.part) and not of_the_event and not a.places & b.places:
        return True
    for kind in {k for k, _ in a.names} & {k for k, _ in b.names} if not of_the_event else ():
        if kind == "organisation" and a.lang != b.lang:
            continue  # a party's name is translated ("Грузинская мечта", "Georgian Dream"): no key joins them
        # both clauses name a person (place, organisation) and no one in common: Sandu's share is not Stoianoglo's
        if not {key for k, key in a.names if k == kind} & {key for k, key in b.names if k == kind}:
            return True
    for dimension in da.keys() & db.keys():
        xs, ys = da[dimension], db[dimension]
        if dimension == "what" and xs != ys and not (_persons_only(xs, known) or _persons_only(ys, known)):
            return True  # "two passenger trains" are not "three trains": a qualifier sets a count of things apart
        if dimension == "what" and _responders(xs, known) != _responders(ys, known):
            return True  # "1 200 personnel took the injured to hospitals" counts no injured
        if xs & ys:
            continue
        # "26 people" / "24 prisoners": a generic count of people may hold any group of people
        people = dimension == "what" and _persons_only(xs, known) and _persons_only(ys, known)
        if people and any(known[n].generic for n in xs | ys):
            continue
        return True
    return False


def shared(a: Frame, b: Frame) -> int:
    """How many concepts both frames name (a same-language counted noun counts as one).

    A generic concept ("people") is no evidence: any two counts of people share it.
    """
    known = concepts()
    count = sum(1 for n in a.concepts & b.concepts if not known[n].generic)
    if a.noun and b.noun and a.noun[:5] == b.noun[:5]:
        count += 1
    return count


def _responders(names: set[str], known: dict[str, Concept]) -> frozenset[str]:
    return frozenset(n for n in names if known[n].responder)


def _persons_only(names: set[str], known: dict[str, Concept]) -> bool:
    return all(known[n].person for n in names)


def slot_name(frames: list[Frame], fallback: str) -> str:
    """A name for the slot the figures of ``frames`` share: the concepts at least half of them name,
    most named first in each dimension (one value's "against" does not name a slot of "for" shares)."""
    counts = Counter(name for frame in frames for name in frame.concepts)
    known = concepts()
    order = ("what", "outcome", "action", "scope")
    chosen = []
    for dimension in order:
        names = [n for n in counts if known[n].dimension == dimension and 2 * counts[n] >= len(frames)]
        if names:
            best = max(names, key=lambda n: (counts[n], n))
            chosen.append(known[best].label)
    return " ".join(chosen) if chosen else fallback
