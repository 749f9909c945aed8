"""The shared view of one paragraph, and the records the parts of the speech analysis pass between them.

:class:`Words` is the paragraph's text cut into words with every table phrase matched (built once by
:func:`read_words`); :class:`Paragraph` adds what the later parts read: the quotations, the verbs of saying and
the clause structure, and, once the subjects are known, each sentence's sources. Both are frozen: a part that
learns more builds a new view (``dataclasses.replace``) instead of changing the one it was given.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from claimcmp.analysis.quotes import DASHES
from claimcmp.analysis.speech.rules import (
    ACCORDING,
    ACCORDING_SOURCE,
    ANAPHOR,
    CITING,
    COMPL,
    CUES,
    LINK,
    PREP,
    REL,
    SCARE,
    SUBORD,
    VERBS,
    Rules,
)
from claimcmp.records import Span

_TOKEN = re.compile(r"[^\W_]+(?:[-'’ʼ][^\W_]+)*")
# punctuation that ends a clause or a noun phrase when it stands between two words
# (a hyphen between words is a dash: a hyphen inside a word is part of the word)
BOUNDARY = frozenset(',;:.!?…()[]{}«»„“”"‘’‹›–—|/-')
CLOSING_MARKS = frozenset('»“”"’›')
SENTENCE_PUNCT = frozenset(".!?…")
# how many words a walk over a clause or a noun phrase may take: bounds the work on hostile text
MAX_WALK = 60
MAX_NP = 12
MAX_WHOLE_CLAUSE = 8
MAX_CLAUSES = 8
MAX_LOOK_BACK = 16
MAX_SHORT_QUOTE_WORDS = 3
MAX_COLON_SPEAKER_WORDS = 6
_EMPTY: dict[str, int] = {}


# ---------------------------------------------------------------------------------------------------------------------
# records passed between the parts


@dataclass(frozen=True)
class Who:
    """A speaker or source as the text names it, and where (a global segment index and a span in it)."""

    text: str
    seg: int | None = None
    span: Span | None = None
    generic: bool = False  # a bare common noun ("агентство"): an outlet named before


@dataclass(frozen=True, slots=True)
class Event:
    """A verb of saying outside quotation marks (``who``, ``outlet``, ``editorial`` once its subject is known)."""

    start: int  # token range of the verb (phrase)
    end: int
    kinds: frozenset[str]
    seg: int  # local segment index in the paragraph
    index: int = 0  # position in the paragraph's event list
    subordinate: bool = False
    who: Who | None = None
    outlet: Who | None = None  # ``who`` cut to an outlet's name
    editorial: bool = False


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """Quoted words ``text[open + 1:close]`` of a paragraph."""

    open: int
    close: int
    dash: bool = False
    group: int = -1  # dash speech resumed after a remark shares its group's id
    kind: str = "quote"  # "quote" | "name" | "scare"


@dataclass(frozen=True, slots=True)
class Sources:
    """What a sentence says about sources: cited ones, "according to" speakers and sources."""

    cites: tuple[tuple[int, Who], ...] = ()
    cite_at: tuple[int, ...] = ()  # word index of each cite, for bisect
    according: tuple[tuple[int, Who], ...] = ()
    according_sources: tuple[tuple[int, Who], ...] = ()


@dataclass
class Part:
    """A quote's part in one segment; the document fills in its sources once it has read every paragraph."""

    span: Span
    text: str
    who: Who | None
    verb: str | None
    via: Who | None
    reported_by: Who | None
    partial: bool
    quote_id: str


@dataclass
class Attr:
    """A segment's attribution; the document fills in its sources once it has read every paragraph."""

    who: Who | None
    verb: str | None
    via: Who | None
    reported_by: Who | None
    from_quote: Part | None = None


def same(a: Who | None, b: Who | None) -> bool:
    """Both name the same speaker or source (case aside)."""
    return a is not None and b is not None and a.text.casefold() == b.text.casefold()


# ---------------------------------------------------------------------------------------------------------------------
# the words of a paragraph


@dataclass(frozen=True, slots=True)
class Words:
    """A paragraph's text cut into words, with the table phrases starting at and covering each word."""

    text: str
    segs: tuple[int, ...]  # the paragraph's segments (global indexes)
    local: dict[int, int]  # global segment index -> local one
    offsets: tuple[int, ...]  # where each segment starts in ``text``
    ends: tuple[int, ...]
    rules: tuple[Rules, ...]  # each segment's own table
    words: tuple[str, ...]  # folded
    tstart: tuple[int, ...]
    tend: tuple[int, ...]
    tseg: tuple[int, ...]  # local segment of each word
    seg_first: tuple[int, ...]
    seg_last: tuple[int, ...]  # exclusive
    joinable: tuple[bool, ...]  # a phrase may run from the word before into this one
    starts: tuple[dict[str, int], ...]  # category -> end of the phrase starting at the word
    cover: tuple[dict[str, int], ...]  # category -> start of the phrase covering the word

    def has(self, i: int, category: str) -> bool:
        return category in self.cover[i]

    def begins(self, i: int, category: str) -> bool:
        return category in self.starts[i]

    def cap(self, i: int) -> bool:
        return self.text[self.tstart[i]].isupper()

    def adjective(self, i: int) -> bool:
        """Word ``i`` may modify the noun after it (every lower-case word, for a language listing no endings)."""
        word = self.words[i]
        endings = self.rules[self.tseg[i]].adjective_endings
        if not endings:
            return not self.cap(i)
        return any(len(word) > len(e) + 1 and word.endswith(e) for e in endings)

    def is_prep(self, i: int) -> bool:
        return self.begins(i, PREP) and self.starts[i][PREP] == i + 1 and not self.begins(i, LINK)

    def is_word(self, i: int, category: str) -> bool:
        """Word ``i`` alone is a phrase of ``category``."""
        return self.starts[i].get(category) == i + 1

    def sentence(self, i: int) -> tuple[int, int]:
        k = self.tseg[i]
        return self.seg_first[k], self.seg_last[k]

    def seg_of(self, pos: int) -> int:
        """Local segment index of paragraph position ``pos``."""
        return max(0, bisect_right(self.offsets, pos) - 1)

    def gap(self, i: int) -> str:
        """Text between word ``i - 1`` and word ``i``."""
        return self.text[self.tend[i - 1] : self.tstart[i]] if i > 0 else ""

    def boundary_gap(self, i: int) -> bool:
        """Punctuation before word ``i`` (used before the full boundaries are known)."""
        if i <= 0 or self.tseg[i] != self.tseg[i - 1]:
            return True
        return any(ch in BOUNDARY for ch in self.gap(i))

    def starts_verb(self, i: int) -> bool:
        return any(v in self.starts[i] for v in VERBS)

    def in_cue(self, i: int) -> bool:
        """Word ``i`` belongs to a cue phrase ("как сообщает", "so-called") rather than being a verb."""
        cover = self.cover[i]
        return any(c in cover for c in (ACCORDING, ACCORDING_SOURCE, CITING, SCARE, ANAPHOR))

    def char_before(self, pos: int, lo: int) -> str:
        """The last character before ``pos`` (not before ``lo``) that is not a space or dash; "" if none."""
        j = pos - 1
        while j >= lo and pos - j <= MAX_LOOK_BACK and (self.text[j].isspace() or self.text[j] in DASHES):
            j -= 1
        return self.text[j] if j >= lo else ""


def read_words(texts: list[str], segs: list[int], rules: list[Rules], main: Rules) -> Words:
    """The paragraph of segments ``texts`` (joined by spaces) as words, every phrase of the tables matched.

    A segment is read with its own table and the document's (``main``) when they differ: Russian, Ukrainian and
    Bulgarian share most short words, so a sentence's language is not always told right, and a quote may be in
    another language than the words that attribute it.
    """
    tables = [(r,) if r is main or main.empty else (r, main) for r in rules]
    pieces: list[str] = []
    offsets: list[int] = []
    length = 0
    for segment_text in texts:
        if pieces:
            pieces.append(" ")
            length += 1
        offsets.append(length)
        pieces.append(segment_text)
        length += len(segment_text)
    text = "".join(pieces)
    ends = [o + len(t) for o, t in zip(offsets, texts, strict=True)]
    tstart: list[int] = []
    tend: list[int] = []
    words: list[str] = []
    tseg: list[int] = []
    seg_first: list[int] = []
    seg_last: list[int] = []
    for k, (offset, end) in enumerate(zip(offsets, ends, strict=True)):
        seg_first.append(len(words))
        for m in _TOKEN.finditer(text, offset, end):
            tstart.append(m.start())
            tend.append(m.end())
            word = m.group()
            for table in tables[k]:
                word = table.fold(word)
            words.append(word)
            tseg.append(k)
        seg_last.append(len(words))
    n = len(words)
    # a phrase runs over words separated by spaces (or the dots of "т.нар.") only
    joinable = [False] * n
    for i in range(1, n):
        if tseg[i] == tseg[i - 1]:
            joinable[i] = not text[tend[i - 1] : tstart[i]].strip(" \t\u00a0\u202f.")
    starts: list[dict[str, int]] = [_EMPTY] * n
    cover: list[dict[str, int]] = [_EMPTY] * n
    for k in range(len(segs)):
        stop = seg_last[k]
        for i in range(seg_first[k], stop):
            found = tables[k][0].matches_at(words, joinable, i, stop)
            for table in tables[k][1:]:
                for category, phrase_end in table.matches_at(words, joinable, i, stop).items():
                    found[category] = max(phrase_end, found.get(category, 0))
            if not found:
                continue
            starts[i] = found
            for category, phrase_end in found.items():
                for j in range(i, phrase_end):
                    if cover[j] is _EMPTY:
                        cover[j] = {}
                    cover[j].setdefault(category, i)
    return Words(
        text=text,
        segs=tuple(segs),
        local={g: k for k, g in enumerate(segs)},
        offsets=tuple(offsets),
        ends=tuple(ends),
        rules=tuple(rules),
        words=tuple(words),
        tstart=tuple(tstart),
        tend=tuple(tend),
        tseg=tuple(tseg),
        seg_first=tuple(seg_first),
        seg_last=tuple(seg_last),
        joinable=tuple(joinable),
        starts=tuple(starts),
        cover=tuple(cover),
    )


# ---------------------------------------------------------------------------------------------------------------------
# the paragraph with its quotations, verbs of saying and clauses


@dataclass(frozen=True, slots=True)
class Paragraph(Words):
    """:class:`Words` with the quotations, the verbs of saying, the clause structure and each sentence's sources.

    ``sources`` is empty until the subjects are read (:func:`~.subjects.read_subjects` returns the view with
    them and with each event's speaker).
    """

    quotes: tuple[QuoteRegion, ...]
    tquote: tuple[int, ...]  # the quotation each word is in, -1 for none (names and scare quotes are none)
    name_quotes: dict[int, QuoteRegion]  # names and scare quotes by their opening mark
    name_words: frozenset[int]  # words of names and scare quotes: no claim of the sentence
    events: tuple[Event, ...]
    event_pos: tuple[int, ...]  # where each event starts in ``text``, for bisect
    seg_events: tuple[tuple[Event, ...], ...]
    bound: tuple[bool, ...]  # punctuation (not a name's marks) or a quotation's edge before the word
    clause_starts: tuple[int, ...]
    sub: tuple[bool, ...]  # the word is in a relative or adverbial clause
    sources: tuple[Sources, ...] = field(default=())

    def stop_word(self, i: int) -> bool:
        """Word ``i`` cannot be part of a noun phrase."""
        if self.tquote[i] >= 0 or self.words[i][0].isdigit():
            return True
        cover = self.cover[i]
        if not cover:
            return False
        if self.is_prep(i) or any(c in cover for c in VERBS) or any(c in cover for c in CUES):
            return True
        return self.is_word(i, COMPL) or self.is_word(i, REL) or self.has(i, SUBORD)

    def event_before(self, pos: int) -> Event | None:
        """The nearest event before paragraph position ``pos`` in the same sentence."""
        return event_before(self, self.events, self.event_pos, pos)

    def event_after(self, pos: int, limit: int) -> Event | None:
        """The first event after ``pos`` and before ``limit`` in the sentence of ``pos``."""
        k = self.seg_of(min(pos, len(self.text) - 1)) if self.text else 0
        index = bisect_left(self.event_pos, pos)
        if index < len(self.events):
            event = self.events[index]
            if event.seg == k and self.tstart[event.start] < limit:
                return event
        return None

    def verb_text(self, event: Event) -> str:
        return self.text[self.tstart[event.start] : self.tend[event.end - 1]]

    def with_events(self, events: tuple[Event, ...]) -> Paragraph:
        """This view with ``events`` (the same verbs, knowing more) in place of its own."""
        return replace(self, events=events, seg_events=group_events(events, len(self.segs)))


def event_before(words: Words, events: tuple[Event, ...], event_pos: tuple[int, ...], pos: int) -> Event | None:
    """The nearest of ``events`` before paragraph position ``pos`` in the same sentence."""
    k = words.seg_of(pos)
    index = bisect_left(event_pos, pos) - 1
    while index >= 0:
        event = events[index]
        if event.seg != k:
            return None
        if words.tend[event.end - 1] <= pos:
            return event
        index -= 1
    return None


def group_events(events: tuple[Event, ...], segments: int) -> tuple[tuple[Event, ...], ...]:
    """The events of each of ``segments`` local segments, in order."""
    grouped: list[list[Event]] = [[] for _ in range(segments)]
    for event in events:
        grouped[event.seg].append(event)
    return tuple(tuple(g) for g in grouped)
