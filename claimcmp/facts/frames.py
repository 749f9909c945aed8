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
from dataclasses import dataclass
from functools import cache
from importlib import resources

# words of the clause on each side of a figure that can name its frame
_WORDS_BEFORE = 6
_WORDS_AFTER = 5
# a clause ends at these marks (a comma too: "26 погибли, 30 ранены" are two frames)
_CLAUSE_END = re.compile(r"[.;:!?,()\[\]—–\"«»„“”]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    dimension: str
    label: str
    person: bool = False
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """The concepts named around one figure, and the word right after it (the counted noun, if any)."""

    concepts: frozenset[str]
    noun: str | None

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
    try:
        raw = tomllib.loads(_data(f"{lang}.toml"))
    except FileNotFoundError:
        return None
    return {k: [w.lower() for w in v] for k, v in raw.get("words", {}).items()}


@cache
def _matchers(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per concept: any of its words at the start of a word of the clause."""
    table = _table(lang)
    if table is None:  # no table for this language: every table's words (a language is rarely mistaken)
        table = {}
        for code in known_languages():
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
    raw = tomllib.loads(_data(f"{lang}.toml")) if lang in known_languages() else {}
    return tuple(w.lower() for w in raw.get("anniversary", []))


@cache
def known_languages() -> tuple[str, ...]:
    folder = resources.files("claimcmp") / "data" / "slots"
    return tuple(
        sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml") and p.name != "concepts.toml")
    )


def _data(name: str) -> str:
    path = resources.files("claimcmp") / "data" / "slots" / name
    if not path.is_file():
        raise FileNotFoundError(name)
    return path.read_text(encoding="utf-8")


def frame_of(text: str, span: tuple[int, int], lang: str) -> Frame:
    """The frame of the figure at ``span`` of ``text``: concepts named in its clause, nearest words first."""
    before, after = clause_around(text, span)
    window = f"{before} {after}".lower()
    found = frozenset(name for name, pattern in _matchers(lang) if pattern.search(window))
    noun_match = re.match(r"\s*([^\W\d_]{3,})", after)
    return Frame(concepts=found, noun=noun_match.group(1).lower() if noun_match else None)


def clause_around(text: str, span: tuple[int, int]) -> tuple[str, str]:
    """The words of the figure's clause just before and just after it (never past another figure)."""
    left = text[max(0, span[0] - 120) : span[0]]
    cut = max((m.end() for m in _CLAUSE_END.finditer(left)), default=0)
    left = left[cut:]
    digits = [m.end() for m in _DIGIT.finditer(left)]
    if digits:
        left = left[digits[-1] :]
    right = text[span[1] : span[1] + 100]
    end = _CLAUSE_END.search(right)
    right = right[: end.start()] if end else right
    digit = _DIGIT.search(right)
    right = right[: digit.start()] if digit else right
    return " ".join(left.split()[-_WORDS_BEFORE:]), " ".join(right.split()[:_WORDS_AFTER])


def conflicting(a: Frame, b: Frame) -> bool:
    """The frames name different things in one dimension: the figures cannot be values of one slot."""
    da, db = a.by_dimension(), b.by_dimension()
    known = concepts()
    for dimension in da.keys() & db.keys():
        xs, ys = da[dimension], db[dimension]
        if xs & ys:
            continue
        # "26 people" / "24 prisoners": a generic count of people may hold any group of people
        people = dimension == "what" and _persons_only(xs, known) and _persons_only(ys, known)
        if people and any(known[n].generic for n in xs | ys):
            continue
        return True
    return False


def shared(a: Frame, b: Frame) -> int:
    """How many concepts both frames name (a same-language counted noun counts as one)."""
    count = len(a.concepts & b.concepts)
    if a.noun and b.noun and a.noun[:5] == b.noun[:5]:
        count += 1
    return count


def _persons_only(names: set[str], known: dict[str, Concept]) -> bool:
    return all(known[n].person for n in names)


def slot_name(frames: list[Frame], fallback: str) -> str:
    """A name for the slot the figures of ``frames`` share: its concepts, most named first."""
    counts: dict[str, int] = {}
    for frame in frames:
        for name in frame.concepts:
            counts[name] = counts.get(name, 0) + 1
    known = concepts()
    order = ("what", "outcome", "action", "scope")
    chosen = []
    for dimension in order:
        names = [n for n in counts if known[n].dimension == dimension]
        if names:
            best = max(names, key=lambda n: (counts[n], n))
            chosen.append(known[best].label)
    return " ".join(chosen) if chosen else fallback
