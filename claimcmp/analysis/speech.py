"""Quotations, who said them, through which outlet, reported speech and polarity, per segment.

:func:`analyse_speech` reads one document's segments in reading order and
returns one :class:`~claimcmp.records.Facts` per segment with ``quotes``,
``attribution``, ``negated``, ``negation_span`` and ``stance`` filled (entity
keys stay None). Every word list comes from ``claimcmp/data/speech/<lang>.toml``
(speech verbs, source cues, pronouns, negation cues…; the files say what each
list is for); this module spells no language's words, so a language is added by
adding its file. A segment is read with its own language's table plus the
document's (its segments' language, weighted by length): Russian, Ukrainian and
Bulgarian share most short words, so one sentence's language is often told
wrong, and a quote may be in another language than the words attributing it.

How a paragraph is read
-----------------------
The segments of one paragraph are put back together (a quotation may open in
one sentence and close in a later one) and cut into words; every phrase of the
table is matched word by word (a word ending in ``*`` in the data is a stem), so
the work is linear and no regular expression can backtrack. Verbs of saying
(speech, report, impersonal, denial, confirmation verbs) outside quotation
marks are the *events* that attribute words to someone.

Decisions
---------
* **Quotations**: ``«…»``, ``„…“``, ``“…”``, ``"…"``, ``‘…’``, ``‹…›`` (see
  :mod:`.quotes`) and direct speech after a paragraph-opening dash (``– Да, …
  – каза той. – …``): a spaced dash, or a comma, followed by a speech verb
  starts the narrator's remark, and speech resumes after a dash that follows a
  full stop. A dash paragraph after ``…:`` without a speech verb is a list.
  ``Quote.span`` covers the words without the marks and without a trailing
  comma. A quotation over several segments gives each segment a ``Quote`` for
  its part, all with one ``quote_id`` (segmentation's id where it saw the same
  quotation, else ``<segment id>:x<offset>``) and all with the speaker, verb
  and sources found at its end.
* **Names and scare quotes** are not quotations. A quoted span of at most three
  words that does not end in ``.!?…`` is a *name* when it starts with a capital
  (``«Единая Россия»``, ``"Пентагон"``, an outlet after its report verb:
  ``повідомляє "Українська правда"``) and a *scare quote* when nothing
  attributes it (``«народные республики»``) or a scare marker precedes it
  (``так называемые``). A short lower-case fragment in a sentence with a speech
  verb before it is a *partial quote* of that verb's speaker (``назвав війська
  КНДР "героїчними"``); a short span right after a speech verb or a colon, or
  right before ``, – сказал X``, is a quote whatever its case (``«Нет», —
  ответил Песков``).
* **Which verb attributes a quote.** A quote opening its sentence takes the
  first event after it in the sentence where it closes (``"…", – заявив
  Володін``; ``«…» для …, говорится в письме Ким Чен Ына``); after a colon the
  verb before it (``Песков заявил: «…»``, or ``X: «…»``); inside a sentence the
  nearest event before it (``Путин сказал, что «…»``), and it is ``partial``.
  A quote opening its sentence but continued by other words than its
  attribution is partial too. An unattributed quote right after an attributed
  one goes on with its speaker (``"…," he said. "…"``).
* **Speakers** are written as in the text, case and all: a name (``Путина``), a
  descriptive phrase (``севернокорейският лидер``), the owner of a document
  for impersonal verbs (``се казва в писмото на Ким`` → ``Ким``), or the place
  of a plural verb with no subject (``У Міноборони РФ заперечили``, ``Як
  зазначили в Генштабі ЗСУ``). The subject is the phrase before the verb in its
  clause — all of it when the clause holds no preposition (``Пресслужба
  президента повідомила``), else the phrase opening the clause (``Путин в
  своей телеграмме … отметил``), or, when the clause opens with a
  preposition, the phrase right before the verb (``В письме … Путин указал``).
  Right after a quote or at the sentence's start the subject follows the verb
  (``– заявило тогда украинское внешнеполитическое ведомство``); after a comma
  only when nothing more is said after it (``…, сообщили в понедельник
  государственные СМИ``). In a relative clause or after a participle it is an
  earlier subject of the sentence. English (``subject_before_verb``) takes the
  words right before the verb.
* **Pronouns** (``он``, ``він``, ``той``, ``he``; ``в него`` for a document)
  resolve to the previous speaker when it spoke in this or the previous
  sentence; otherwise to the last full name of the previous sentence (``Листа
  … передав … В’ячеслав Володін. Він також подякував``); otherwise to the last
  speaker; with none, the speaker is None. ``speaker`` is the antecedent's text
  and ``speaker_span`` the pronoun's span. ``мы``/``ми``/``we`` is the outlet
  itself: no speaker. An outlet (a report verb's subject) is never an
  antecedent.
* **Speaker, via, reported_by.** ``via`` is the source nearest to the speaker
  that the text names: the object of a citing cue (``цитирано от КЦНА``, ``со
  ссылкой на … ЦТАК``) or, when the sentence has another speaker, the subject
  of an outlet's report verb (``…, посочва КЦНА``), of ``according to X`` or of
  a sentence-final ``…, North Korea's state media said``. ``reported_by`` is an
  outlet relaying that source (the report verb's subject when a citing cue
  names the source: ``предаде Ройтерс, цитирайки … КЦНА``); a report verb with
  a citing cue and no other speaker names no speaker (``Bloomberg со ссылкой на
  источники сообщило``). A report verb alone is an ordinary speech verb
  (``ТАСС сообщил, что …``). An outlet's phrase is cut to its name: after a
  descriptor (``агентство ЦТАК``), before one (``the KCNA news agency``), an
  acronym in brackets (``… агентство Кореи (ЦТАК)``), without name quotes.
* **Document-level source**: a sentence opening with a source anaphor and an
  outlet's report verb (``Об этом сообщает ГОЛОС АМЕРИКИ со ссылкой на …
  ЦТАК``, ``Про це … повідомляє The Guardian``), a report verb with a citing cue
  in the first sentence (``предаде Ройтерс, цитирайки … КЦНА``), or a ``По
  материалам: …`` line give the document's ``via``/``reported_by`` by the same
  chain (one outlet alone is ``via``; the first statement wins each slot).
  Every quote naming no source gets them; a quote whose own source is the
  document's ``via`` or an outlet noun alone (``сообщило агентство``) gets the
  document's ``reported_by`` too; a quote with another source keeps its own.
  The sentence right before an ``Об этом`` statement gets them as well.
* **Attribution** of a segment: its first quote's speaker; else the first
  speech event of its main clause; else ``по словам X``/``according to X``
  (``по сообщениям X`` gives only ``via``); else ``X: …`` opening a sentence
  (not a label like ``Фото:``); else an event of a relative clause.
* **Negation** (``negated``, ``negation_span``): the first negation cue of the
  segment that is neither part of a fixed expression of the table (``не
  только``, ``не менее``, ``ни один из``, ``не исключает``…) nor inside a
  relative or adverbial clause (from ``который``/``хотя``/``if`` to the next
  punctuation), since those do not carry the main claim. Reported content
  (``заявил, что … не …``) and quoted words do carry it, so they count; name
  and scare quotes do not. A denial verb makes the segment negated too (its
  span when no cue comes first).
* **Stance**: ``unknown`` for titles, headings, datelines, questions and text
  without words; else the first denial or confirmation verb outside relative
  and adverbial clauses decides — ``denied`` or ``confirmed``; a negated
  confirmation (``не подтвердил``) is ``denied``, a negated denial (``не
  отрицает``) ``unknown``; else ``denied`` when negated, ``asserted``
  otherwise.

Not handled: gender and number agreement of pronouns; quotations over several
paragraphs without closing marks; a speaker split from its verb by a long
parenthetical; nested attributions (a quote inside a quote keeps the outer
speaker); a capitalised phrase directly followed by a lower-case genitive
(``Офіс президента`` gives ``Офіс``); negation scope below the clause (``not``
of a secondary verb in the main clause counts).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from claimcmp.analysis.quotes import DASHES, find_quotations, leading_dash, outermost, spaced_dashes
from claimcmp.analysis.tables import load_table
from claimcmp.records import Attribution, Facts, Quote, Segment, Span, Stance
from claimcmp.segmentation import quotation_spans

# ---------------------------------------------------------------------------------------------------------------------
# rule tables

# categories are the data files' list names
SPEECH = "speech_verbs"
REPORT = "report_verbs"
IMPERSONAL = "impersonal_verbs"
DENIAL = "denial_verbs"
CONFIRM = "confirmation_verbs"
DOC_CUE = "document_cues"
DOC_PRONOUN = "document_pronouns"
CITING = "citing_cues"
ACCORDING = "according_to"
ACCORDING_PRONOUN = "according_to_pronoun"
ACCORDING_SOURCE = "according_to_source"
ANAPHOR = "source_anaphors"
LABEL = "source_labels"
PRONOUN = "pronouns"
EDITORIAL = "editorial_subjects"
SKIP = "skip_words"
PREP = "prepositions"
LINK = "genitive_links"
CONJ = "conjunctions"
DET = "determiners"
COMPL = "complementizers"
REL = "relatives"
SUBORD = "subordinators"
OUTLET = "outlet_descriptors"
SCARE = "scare_markers"
COLON_LABEL = "colon_non_speakers"
NEG = "negation_cues"
NEG_FIXED = "negation_fixed"

_CATEGORIES = (
    SPEECH, REPORT, IMPERSONAL, DENIAL, CONFIRM, DOC_CUE, DOC_PRONOUN, CITING, ACCORDING, ACCORDING_PRONOUN,
    ACCORDING_SOURCE, ANAPHOR, LABEL, PRONOUN, EDITORIAL, SKIP, PREP, LINK, CONJ, DET, COMPL, REL, SUBORD, OUTLET,
    SCARE, COLON_LABEL, NEG, NEG_FIXED,
)  # fmt: skip
VERBS = (SPEECH, REPORT, IMPERSONAL, DENIAL, CONFIRM)
# phrases whose words are not material for a noun phrase
_CUES = (DOC_CUE, DOC_PRONOUN, CITING, ACCORDING, ACCORDING_PRONOUN, ACCORDING_SOURCE, ANAPHOR, SKIP, NEG, SCARE)

_Entry = tuple[tuple[str, ...], str]  # (the phrase's words after its second, category)


@dataclass(frozen=True)
class _Branch:
    """The phrases that share a first word (or stem), indexed by their second word so few are tried."""

    alone: tuple[str, ...]  # categories of the one-word phrases
    second: dict[str, tuple[_Entry, ...]]
    second_stems: tuple[tuple[str, tuple[str, ...], str], ...]  # (stem of the second word, further words, category)


@dataclass(frozen=True)
class Rules:
    """One language's speech table, indexed for matching phrases word by word."""

    lang: str
    exact: dict[str, _Branch]
    stems: dict[str, _Branch]
    stem_lengths: tuple[int, ...]
    folds: tuple[tuple[str, str], ...]
    adjective_endings: tuple[str, ...]
    subject_before_verb: bool
    plural_verb_endings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.exact and not self.stems

    def fold(self, word: str) -> str:
        word = word.lower().translate(_APOSTROPHES)
        for old, new in self.folds:
            word = word.replace(old, new)
        return word

    def matches_at(self, words: list[str], joinable: list[bool], i: int, stop: int) -> dict[str, int]:
        """Category -> end (exclusive) of the longest phrase of each category starting at ``words[i]``."""
        word = words[i]
        branches = [self.exact[word]] if word in self.exact else []
        for length in self.stem_lengths:
            if length > len(word):
                break
            branch = self.stems.get(word[:length])
            if branch is not None:
                branches.append(branch)
        found: dict[str, int] = {}
        has_second = i + 1 < stop and joinable[i + 1]
        for branch in branches:
            for category in branch.alone:
                found.setdefault(category, i + 1)
            if not has_second:
                continue
            second = words[i + 1]
            entries = [(rest, category) for rest, category in branch.second.get(second, ())]
            entries += [(rest, category) for stem, rest, category in branch.second_stems if second.startswith(stem)]
            for rest, category in entries:
                end = i + 2 + len(rest)
                if end > stop or end <= found.get(category, 0):
                    continue
                if all(joinable[i + 2 + k] and _word_matches(p, words[i + 2 + k]) for k, p in enumerate(rest)):
                    found[category] = end
        return found


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


# typographic apostrophes are one character for matching (data files write "'")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


@cache
def rules_for(lang: str) -> Rules:
    """The compiled speech table of ``lang`` (empty rules when claimcmp has none)."""
    table: dict[str, Any] = load_table("speech", lang)
    folds = tuple((str(k), str(v)) for k, v in table.get("folds", {}).items())
    draft = Rules(lang, {}, {}, (), folds, (), False)
    # first word (exact, or stem) -> (one-word categories, second word -> entries, second stems)
    drafts: dict[tuple[bool, str], tuple[list[str], dict[str, list[_Entry]], list[tuple[str, tuple[str, ...], str]]]]
    drafts = {}
    for category in _CATEGORIES:
        for phrase in table.get(category, []):
            words = [draft.fold(w) for w in str(phrase).split()]
            if not words or not words[0].rstrip("*"):
                continue
            first = words[0]
            alone, second, second_stems = drafts.setdefault((first.endswith("*"), first.rstrip("*")), ([], {}, []))
            if len(words) == 1:
                alone.append(category)
            elif words[1].endswith("*"):
                second_stems.append((words[1][:-1], tuple(words[2:]), category))
            else:
                second.setdefault(words[1], []).append((tuple(words[2:]), category))
    branches = {
        key: _Branch(tuple(dict.fromkeys(a)), {w: tuple(e) for w, e in b.items()}, tuple(c))
        for key, (a, b, c) in drafts.items()
    }
    stems = {word: branch for (is_stem, word), branch in branches.items() if is_stem}
    return Rules(
        lang=lang,
        exact={word: branch for (is_stem, word), branch in branches.items() if not is_stem},
        stems=stems,
        stem_lengths=tuple(sorted({len(k) for k in stems})),
        folds=folds,
        adjective_endings=tuple(draft.fold(e) for e in table.get("adjective_endings", [])),
        subject_before_verb=bool(table.get("subject_before_verb", False)),
        plural_verb_endings=tuple(draft.fold(e) for e in table.get("plural_verb_endings", [])),
    )


# ---------------------------------------------------------------------------------------------------------------------
# records of the analysis

_TOKEN = re.compile(r"[^\W_]+(?:[-'’ʼ][^\W_]+)*")
# punctuation that ends a clause or a noun phrase when it stands between two words
# (a hyphen between words is a dash: a hyphen inside a word is part of the word)
_BOUNDARY = frozenset(',;:.!?…()[]{}«»„“”"‘’‹›–—|/-')
_CLOSING_MARKS = frozenset('»“”"’›')
_SENTENCE_PUNCT = frozenset(".!?…")
# how many words a walk over a clause or a noun phrase may take: bounds the work on hostile text
_MAX_WALK = 60
_MAX_NP = 12
_MAX_WHOLE_CLAUSE = 8
_MAX_CLAUSES = 8
_MAX_LOOK_BACK = 16
_MAX_SHORT_QUOTE_WORDS = 3
_MAX_COLON_SPEAKER_WORDS = 6
_EMPTY: dict[str, int] = {}
# up to three words in brackets, nothing else (a word cannot split two ways, so no backtracking blow-up)
_COMMA = re.compile(r",\s+")
_SHORT_BRACKETS = re.compile(r"\(\s*[^\W_]+(?:[-'’][^\W_]+)*(?:\s+[^\W_]+(?:[-'’][^\W_]+)*){0,2}\s*\)")


@dataclass(frozen=True)
class _Who:
    """A speaker or source as the text names it, and where (a global segment index and a span in it)."""

    text: str
    seg: int | None = None
    span: Span | None = None
    generic: bool = False  # a bare common noun ("агентство"): an outlet named before


@dataclass
class _Event:
    """A verb of saying outside quotation marks."""

    start: int  # token range of the verb (phrase)
    end: int
    kinds: frozenset[str]
    seg: int  # local segment index in the paragraph
    who: _Who | None = None
    outlet: _Who | None = None  # ``who`` cut to an outlet's name
    editorial: bool = False
    subordinate: bool = False
    index: int = 0  # position in the paragraph's event list


@dataclass
class _QuoteRegion:
    """Quoted words ``text[open + 1:close]`` of a paragraph."""

    open: int
    close: int
    dash: bool = False
    group: int = -1  # dash speech resumed after a remark shares its group's id
    kind: str = "quote"  # "quote" | "name" | "scare"


@dataclass
class _Part:
    """A quote's part in one segment, filled in as the document is read."""

    span: Span
    text: str
    who: _Who | None
    verb: str | None
    via: _Who | None
    reported_by: _Who | None
    partial: bool
    quote_id: str


@dataclass
class _Attr:
    who: _Who | None
    verb: str | None
    via: _Who | None
    reported_by: _Who | None
    from_quote: _Part | None = None


@dataclass
class _DocSources:
    via: _Who | None = None
    reported_by: _Who | None = None

    def add(self, via: _Who | None, reported_by: _Who | None) -> None:
        if self.via is None and via is not None and not via.generic:
            self.via = via
        if self.reported_by is None and reported_by is not None:
            self.reported_by = reported_by


@dataclass
class _Sources:
    """What a sentence says about sources: cited ones, "according to" speakers and sources."""

    cites: list[tuple[int, _Who]] = field(default_factory=list)
    cite_at: list[int] = field(default_factory=list)  # word index of each cite, for bisect
    according: list[tuple[int, _Who]] = field(default_factory=list)
    according_sources: list[tuple[int, _Who]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------------
# public API


def analyse_speech(segments: Sequence[Segment]) -> list[Facts]:
    """One :class:`Facts` per segment (quotes, attribution, negated, negation_span, stance only).

    ``segments`` are one document's, in reading order, of any kind.
    """
    if not segments:
        return []
    return _Document(list(segments)).run()


# ---------------------------------------------------------------------------------------------------------------------
# the document


class _Document:
    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        # the document's language: its segments' by length, since a longer text is told more surely
        known: Counter[str] = Counter()
        for segment in segments:
            if not rules_for(segment.lang).empty:
                known[segment.lang] += len(segment.text)
        fallback = rules_for(known.most_common(1)[0][0]) if known else rules_for("")
        self.rules = [fallback if rules_for(s.lang).empty else rules_for(s.lang) for s in segments]
        self.main = fallback
        n = len(segments)
        self.parts: list[list[_Part]] = [[] for _ in range(n)]
        self.attrs: list[_Attr | None] = [None] * n
        self.polarity: list[tuple[bool, Span | None, Stance]] = [(False, None, "unknown")] * n
        self.doc_sources = _DocSources()
        self.anaphor_before: list[int] = []  # segments right before an "Об этом сообщает" statement
        self.last_speaker: _Who | None = None
        self.last_speaker_at = -1
        self.name_runs: dict[int, _Who] = {}
        self.pending_colon: _Who | bool | None = None  # a speaker introduced by "X заявил:" at a paragraph's end
        self.first_sentence = next((i for i, s in enumerate(segments) if s.kind == "sentence"), -1)

    def run(self) -> list[Facts]:
        for first, last in self._paragraphs():
            _Paragraph(self, list(range(first, last))).analyse()
        self._fill_document_sources()
        return [self._facts(i) for i in range(len(self.segments))]

    def _paragraphs(self) -> list[tuple[int, int]]:
        """Runs of consecutive segments of one paragraph, with consistent offsets."""
        runs: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(self.segments) + 1):
            if i == len(self.segments):
                runs.append((start, i))
                break
            prev, cur = self.segments[i - 1], self.segments[i]
            if cur.doc != prev.doc or cur.paragraph != prev.paragraph or cur.start < prev.end:
                runs.append((start, i))
                start = i
        return runs

    # -- speakers across the document --------------------------------------------------------------------------------

    def spoke(self, who: _Who, seg: int) -> None:
        self.last_speaker = who
        self.last_speaker_at = seg

    def previous_sentence(self, seg: int) -> int:
        for i in range(seg - 1, -1, -1):
            if self.segments[i].kind not in ("heading", "dateline", "boilerplate"):
                return i
        return -1

    def antecedent(self, seg: int, document: bool) -> _Who | None:
        """Who a pronoun in segment ``seg`` refers to (see the module docstring)."""
        if document:
            return self.last_speaker
        previous = self.previous_sentence(seg)
        if self.last_speaker is not None and self.last_speaker_at >= previous:
            return self.last_speaker  # spoke in this sentence or the one before
        if previous in self.name_runs:
            return self.name_runs[previous]
        return self.last_speaker

    # -- sources for the whole document ------------------------------------------------------------------------------

    def _fill_document_sources(self) -> None:
        doc = self.doc_sources
        if doc.via is None and doc.reported_by is None:
            return
        for parts in self.parts:
            for part in parts:
                part.via, part.reported_by = self._filled(part.via, part.reported_by)
        for i, attr in enumerate(self.attrs):
            if attr is None or attr.from_quote is not None:
                continue
            if attr.via is not None and (attr.via.generic or _same(attr.via, doc.via)):
                attr.via, attr.reported_by = self._filled(attr.via, attr.reported_by)
            elif attr.via is None and attr.reported_by is None and i in self.anaphor_before:
                attr.via, attr.reported_by = self._filled(None, None)

    def _filled(self, via: _Who | None, reported_by: _Who | None) -> tuple[_Who | None, _Who | None]:
        doc = self.doc_sources
        if via is None and reported_by is None:
            return doc.via, doc.reported_by
        if via is not None and via.generic and doc.via is not None:
            return doc.via, reported_by or doc.reported_by
        if via is not None and _same(via, doc.via) and reported_by is None:
            return via, doc.reported_by
        return via, reported_by

    # -- output ------------------------------------------------------------------------------------------------------

    def _facts(self, i: int) -> Facts:
        quotes = tuple(
            Quote(
                span=p.span,
                text=p.text,
                speaker=p.who.text if p.who else None,
                speaker_span=p.who.span if p.who and p.who.seg == i else None,
                via=p.via.text if p.via else None,
                reported_by=p.reported_by.text if p.reported_by else None,
                verb=p.verb,
                partial=p.partial,
                quote_id=p.quote_id,
            )
            for p in self.parts[i]
        )
        attribution = None
        attr = self.attrs[i]
        if attr is not None:
            if attr.from_quote is not None:
                part = attr.from_quote
                attr = _Attr(part.who, part.verb, part.via, part.reported_by)
            if attr.who is not None or attr.via is not None or attr.reported_by is not None:
                attribution = Attribution(
                    speaker=attr.who.text if attr.who else None,
                    speaker_span=attr.who.span if attr.who and attr.who.seg == i else None,
                    verb=attr.verb,
                    via=attr.via.text if attr.via else None,
                    reported_by=attr.reported_by.text if attr.reported_by else None,
                )
        negated, negation_span, stance = self.polarity[i]
        return Facts(
            quotes=quotes, attribution=attribution, negated=negated, negation_span=negation_span, stance=stance
        )


def _same(a: _Who | None, b: _Who | None) -> bool:
    return a is not None and b is not None and a.text.casefold() == b.text.casefold()


# ---------------------------------------------------------------------------------------------------------------------
# one paragraph


class _Paragraph:
    def __init__(self, doc: _Document, segs: list[int]) -> None:
        self.doc = doc
        self.segs = segs  # global indexes
        self.local = {g: k for k, g in enumerate(segs)}
        self.reports: dict[int, tuple[list[_Event], list[int]]] = {}
        self.last_subject: dict[int, _Who] = {}  # the latest main-clause speaker of each sentence
        self.sources_cache: dict[int, _Sources] = {}
        self.rules = [doc.rules[g] for g in segs]
        # a segment's own table, and the document's when they differ: Russian, Ukrainian and Bulgarian share most
        # short words, so a sentence's language is not always told right, and a quote may be in another language
        # than the words that attribute it
        self.tables = [(r,) if r is doc.main or doc.main.empty else (r, doc.main) for r in self.rules]
        pieces: list[str] = []
        self.offsets: list[int] = []
        length = 0
        for g in segs:
            if pieces:
                pieces.append(" ")
                length += 1
            self.offsets.append(length)
            pieces.append(doc.segments[g].text)
            length += len(doc.segments[g].text)
        self.text = "".join(pieces)
        self.ends = [o + len(doc.segments[g].text) for o, g in zip(self.offsets, segs, strict=True)]
        self._tokenise()

    # -- words and phrases -------------------------------------------------------------------------------------------

    def _tokenise(self) -> None:
        text = self.text
        self.tstart: list[int] = []
        self.tend: list[int] = []
        self.words: list[str] = []
        self.tseg: list[int] = []
        self.seg_first: list[int] = []
        self.seg_last: list[int] = []  # exclusive
        for k, (offset, end) in enumerate(zip(self.offsets, self.ends, strict=True)):
            self.seg_first.append(len(self.words))
            tables = self.tables[k]
            for m in _TOKEN.finditer(text, offset, end):
                self.tstart.append(m.start())
                self.tend.append(m.end())
                word = m.group()
                for rules in tables:
                    word = rules.fold(word)
                self.words.append(word)
                self.tseg.append(k)
            self.seg_last.append(len(self.words))
        n = len(self.words)
        # a phrase runs over words separated by spaces (or the dots of "т.нар.") only
        self.joinable = [False] * n
        for i in range(1, n):
            if self.tseg[i] == self.tseg[i - 1]:
                gap = text[self.tend[i - 1] : self.tstart[i]]
                self.joinable[i] = not gap.strip(" \t\u00a0\u202f.")
        self.starts: list[dict[str, int]] = [_EMPTY] * n
        self.cover: list[dict[str, int]] = [_EMPTY] * n  # category -> start of the phrase covering the word
        for k in range(len(self.segs)):
            tables = self.tables[k]
            stop = self.seg_last[k]
            for i in range(self.seg_first[k], stop):
                found = tables[0].matches_at(self.words, self.joinable, i, stop)
                for rules in tables[1:]:
                    for category, end in rules.matches_at(self.words, self.joinable, i, stop).items():
                        found[category] = max(end, found.get(category, 0))
                if not found:
                    continue
                self.starts[i] = found
                for category, end in found.items():
                    for j in range(i, end):
                        if self.cover[j] is _EMPTY:
                            self.cover[j] = {}
                        self.cover[j].setdefault(category, i)
        self.tquote = [-1] * n

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

    def stop_word(self, i: int) -> bool:
        """Word ``i`` cannot be part of a noun phrase."""
        if self.tquote[i] >= 0 or self.words[i][0].isdigit():
            return True
        cover = self.cover[i]
        if not cover:
            return False
        if self.is_prep(i) or any(c in cover for c in VERBS) or any(c in cover for c in _CUES):
            return True
        return self.is_word(i, COMPL) or self.is_word(i, REL) or self.has(i, SUBORD)

    def sentence(self, i: int) -> tuple[int, int]:
        k = self.tseg[i]
        return self.seg_first[k], self.seg_last[k]

    def seg_of(self, pos: int) -> int:
        """Local segment index of paragraph position ``pos``."""
        return max(0, bisect_right(self.offsets, pos) - 1)

    def gap(self, i: int) -> str:
        """Text between word ``i - 1`` and word ``i``."""
        return self.text[self.tend[i - 1] : self.tstart[i]] if i > 0 else ""

    # -- analysis ----------------------------------------------------------------------------------------------------

    def analyse(self) -> None:
        doc = self.doc
        self._find_quotes()
        self._find_events()
        self._classify_quotes()
        self._name_runs()
        self._boundaries()
        self._subordinate_clauses()
        pending = doc.pending_colon
        doc.pending_colon = None
        for k in range(len(self.segs)):  # in reading order, for pronouns
            sources = self.sources_of(k)
            for event in self.seg_events[k]:
                self._attribute(event)
            if sources.according and not any(e.who for e in self.seg_events[k]):
                doc.spoke(sources.according[-1][1], self.segs[k])  # "По словам X, …" makes X a speaker
        self._quotes_out(pending)
        for k in range(len(self.segs)):
            self._attribution_of(k)
            doc.polarity[self.segs[k]] = self._polarity(k)
        self._document_statements()
        self._colon_at_end()

    # -- names for pronouns ------------------------------------------------------------------------------------------

    def _name_runs(self) -> None:
        """The last full name (two or more capitalised words) of each sentence, for pronouns of the next one."""
        for k, g in enumerate(self.segs):
            best: tuple[int, int] | None = None
            i, stop = self.seg_first[k], self.seg_last[k]
            while i < stop:
                if not self._name_word(i):
                    i += 1
                    continue
                j = i + 1
                while j < stop and self._name_word(j) and not self._boundary_gap(j):
                    j += 1
                preceded_by_prep = i > self.seg_first[k] and self.is_prep(i - 1) and not self._boundary_gap(i)
                if j - i >= 2 and not preceded_by_prep:
                    best = (i, j)
                i = j
            if best is not None:
                self.doc.name_runs[g] = self.who(best[0], best[1])

    def _name_word(self, i: int) -> bool:
        word = self.text[self.tstart[i] : self.tend[i]]
        return word[:1].isupper() and not word.isupper() and not self.stop_word(i)

    # -- quotations --------------------------------------------------------------------------------------------------

    def _find_quotes(self) -> None:
        regions = [_QuoteRegion(a, b) for a, b in find_quotations(self.text)]
        regions.extend(self._dash_speech(regions))
        regions.sort(key=lambda r: r.open)
        self.quotes = regions
        self.name_quotes: dict[int, _QuoteRegion] = {}
        self.name_words: set[int] = set()  # words of names and scare quotes: no claim of the sentence
        j = 0
        for qi, region in enumerate(regions):
            j = bisect_left(self.tstart, region.open, lo=j)
            while j < len(self.tstart) and self.tstart[j] < region.close:
                self.tquote[j] = qi
                j += 1

    def _dash_speech(self, marked: list[_QuoteRegion]) -> list[_QuoteRegion]:
        """Direct speech after a dash that opens the paragraph, cut at the narrator's remarks."""
        start = leading_dash(self.text)
        if start is None or self.doc.pending_colon is False:
            return []  # after "…:" without a speech verb a dash starts a list item
        if any(r.open <= start < r.close for r in marked):
            return []
        out: list[_QuoteRegion] = []
        group = start
        pos = start
        dashes = spaced_dashes(self.text, start)
        # the narrator's remark starts at a spaced dash with a speech verb right after it, or at a comma
        # directly followed by one ("…, каза Любомиров")
        cuts = [(a, b) for a, b in dashes if self._verb_soon_after(b, 3)]
        cuts += [(m.start(), m.end()) for m in _COMMA.finditer(self.text, start) if self._verb_soon_after(m.end(), 1)]
        cuts.sort()
        c = d = 0  # both lists are walked once
        while pos < len(self.text):
            while c < len(cuts) and cuts[c][0] < pos:
                c += 1
            if c == len(cuts):
                out.append(_QuoteRegion(pos - 1, len(self.text), dash=True, group=group))
                break
            remark = cuts[c]
            out.append(_QuoteRegion(pos - 1, remark[0], dash=True, group=group))
            # speech resumes after the next spaced dash that follows a full stop or a colon
            while d < len(dashes) and (dashes[d][0] <= remark[1] or self.text[dashes[d][0] - 1] not in ".:!?"):
                d += 1
            if d == len(dashes):
                break
            pos = dashes[d][1]
        return [r for r in out if self.text[r.open + 1 : r.close].strip()]

    def _verb_soon_after(self, pos: int, within: int) -> bool:
        j = bisect_left(self.tstart, pos)
        return any(self._starts_verb(i) for i in range(j, min(j + within, len(self.words))))

    def _classify_quotes(self) -> None:
        """Mark names and scare quotes (see the module docstring); their words go back to the sentence."""
        for region in self.quotes:
            if region.dash:
                continue
            first = bisect_left(self.tstart, region.open)
            last = bisect_left(self.tstart, region.close)
            inner = self.text[region.open + 1 : region.close].strip()
            if last - first > _MAX_SHORT_QUOTE_WORDS or not inner or inner[-1] in _SENTENCE_PUNCT:
                continue
            attributed = self._directly_attributed(region, first, last)
            # "повідомляє «Українська правда»": an outlet's name after its report verb
            outlet = first > 0 and self.has(first - 1, REPORT) and SPEECH not in self.cover[first - 1]
            if first > 0 and self.has(first - 1, SCARE) and self.tseg[first - 1] == self.seg_of(region.open):
                region.kind = "scare"
            elif inner[0].isupper() and (not attributed or outlet):
                region.kind = "name"
            elif not attributed and self._event_before(region.open) is None:
                region.kind = "scare"
            if region.kind != "quote":
                self.name_quotes[region.open] = region
                for j in range(first, last):
                    self.tquote[j] = -1
                    self.name_words.add(j)

    def _directly_attributed(self, region: _QuoteRegion, first: int, last: int) -> bool:
        if self._char_before(region.open, 0) == ":":
            return True
        if first > 0 and self.tend[first - 1] <= region.open and any(self.begins(first - 1, v) for v in VERBS):
            return not self.text[self.tend[first - 1] : region.open].strip(" \u00a0")
        after = self.text[region.close + 1 : region.close + 6]
        inner = self.text[region.open + 1 : region.close].rstrip()
        if after[:1] in ",–—-" or after.lstrip()[:1] in "–—" or inner.endswith(","):
            return any(self.tquote[j] < 0 and self._starts_verb(j) for j in range(last, min(last + 3, len(self.words))))
        return False

    def _char_before(self, pos: int, lo: int) -> str:
        """The last character before ``pos`` (not before ``lo``) that is not a space or dash; "" if none."""
        j = pos - 1
        while j >= lo and pos - j <= _MAX_LOOK_BACK and (self.text[j].isspace() or self.text[j] in DASHES):
            j -= 1
        return self.text[j] if j >= lo else ""

    def _starts_verb(self, i: int) -> bool:
        return any(v in self.starts[i] for v in VERBS)

    # -- events ------------------------------------------------------------------------------------------------------

    def _find_events(self) -> None:
        events: list[_Event] = []
        i = 0
        n = len(self.words)
        while i < n:
            starts = self.starts[i]
            kinds = [v for v in VERBS if v in starts]
            if not kinds or self.tquote[i] >= 0 or self._in_cue(i):
                i += 1
                continue
            end = max(starts[v] for v in kinds)
            events.append(_Event(i, end, frozenset(kinds), self.tseg[i]))
            i = end
        self.events = events
        self.event_pos = [self.tstart[e.start] for e in events]
        self.seg_events: list[list[_Event]] = [[] for _ in self.segs]
        for index, event in enumerate(events):
            event.index = index
            self.seg_events[event.seg].append(event)

    def _in_cue(self, i: int) -> bool:
        """Word ``i`` belongs to a cue phrase ("как сообщает", "so-called") rather than being a verb."""
        cover = self.cover[i]
        return any(c in cover for c in (ACCORDING, ACCORDING_SOURCE, CITING, SCARE, ANAPHOR))

    def _event_before(self, pos: int) -> _Event | None:
        """The nearest event before paragraph position ``pos`` in the same sentence."""
        k = self.seg_of(pos)
        index = bisect_left(self.event_pos, pos) - 1
        while index >= 0:
            event = self.events[index]
            if event.seg != k:
                return None
            if self.tend[event.end - 1] <= pos:
                return event
            index -= 1
        return None

    def _event_after(self, pos: int, limit: int) -> _Event | None:
        """The first event after ``pos`` and before ``limit`` in the sentence of ``pos``."""
        k = self.seg_of(min(pos, len(self.text) - 1)) if self.text else 0
        index = bisect_left(self.event_pos, pos)
        if index < len(self.events):
            event = self.events[index]
            if event.seg == k and self.tstart[event.start] < limit:
                return event
        return None

    # -- clause structure --------------------------------------------------------------------------------------------

    def _boundaries(self) -> None:
        """``bound[i]``: punctuation (not a name's quotation marks) or a quotation's edge before word ``i``."""
        n = len(self.words)
        blank = {r.open for r in self.quotes if r.kind != "quote"} | {r.close for r in self.quotes if r.kind != "quote"}
        # a bracketed acronym or short name belongs to the phrase it follows: "агентство Кореи (ЦТАК)"
        for m in _SHORT_BRACKETS.finditer(self.text):
            blank.update((m.start(), m.end() - 1))
        self.bound = [True] * n
        for i in range(1, n):
            if self.tseg[i] != self.tseg[i - 1] or self.tquote[i] != self.tquote[i - 1]:
                continue
            self.bound[i] = self._boundary_text(self.tend[i - 1], self.tstart[i], blank, i)
        self.clause_starts = [i for i in range(n) if self.bound[i]]

    def _boundary_text(self, a: int, b: int, blank: set[int], i: int) -> bool:
        gap = self.text[a:b]
        if not gap.strip():
            return False
        if gap.strip() == "." and len(self.words[i - 1]) == 1 and self.cap(i - 1):
            return False  # an initial: "В. Путин"
        return any(ch in _BOUNDARY and a + offset not in blank for offset, ch in enumerate(gap))

    def _boundary_gap(self, i: int) -> bool:
        """Punctuation before word ``i`` (used before the full boundaries are known)."""
        if i <= 0 or self.tseg[i] != self.tseg[i - 1]:
            return True
        return any(ch in _BOUNDARY for ch in self.gap(i))

    def _subordinate_clauses(self) -> None:
        """``sub[i]``: word ``i`` is in a relative or adverbial clause (up to the next punctuation)."""
        n = len(self.words)
        self.sub = [False] * n
        i = 0
        while i < n:
            if self.tquote[i] < 0 and (self.is_word(i, REL) or self.begins(i, SUBORD)):
                j = i
                stop = self.seg_last[self.tseg[i]]
                while j < stop and (j == i or not self.bound[j]):
                    self.sub[j] = True
                    j += 1
                i = j
                continue
            i += 1
        for event in self.events:
            event.subordinate = self.sub[event.start]

    # -- noun phrases ------------------------------------------------------------------------------------------------

    def who(self, a: int, b: int) -> _Who:
        """The words ``a..b-1`` as a speaker or source, with the brackets or name quotes they close."""
        start, end = self.tstart[a], self.tend[b - 1]
        inside = self.text[start:end]
        if inside.count("(") > inside.count(")") and self.text[end : end + 1] == ")":
            end += 1
        region = self.name_quotes.get(start - 1)
        if region is not None and region.close >= end:
            start, end = region.open, max(end, region.close + 1)
        k = self.seg_of(start)
        offset = self.offsets[k]
        # "агентство", "the agency": an outlet named before, not a name of its own
        words = [i for i in range(a, b) if not self.is_word(i, DET)]
        generic = len(words) == 1 and self.is_word(words[0], OUTLET)
        return _Who(self.text[start:end], self.segs[k], (start - offset, end - offset), generic)

    def np_forward(self, i: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase that starts at word ``i`` (and ends before ``limit``)."""
        if i >= limit or self.stop_word(i) or self.is_word(i, CONJ) or self.begins(i, LINK):
            return None
        end = i + 1
        kind = self._kind(i)
        first = self.sentence(i)[0]
        named = self.cap(i) and i != first  # a capitalised word that is not just the sentence's first
        while end < limit and end - i < _MAX_NP:
            k = end
            if self.bound[k] or self.stop_word(k):
                break
            if self.is_word(k, LINK) or (self.is_word(k, CONJ) and kind != "det"):
                nxt = k + 1
                if nxt < limit and not self.bound[nxt] and not self.stop_word(nxt) and self.cap(nxt):
                    end, kind = nxt + 1, self._kind(nxt)
                    continue
                if nxt < limit and self.is_word(k, LINK) and not self.bound[nxt] and not self.stop_word(nxt):
                    end, kind = nxt + 1, "noun"  # "министъра на отбраната": one noun after the link
                    continue
                break
            if self.cap(k):
                end, kind, named = k + 1, self._kind(k), True
                continue
            # a lower-case word goes on after an adjective or determiner, or between two capitalised words
            sandwich = k + 1 < limit and not self.bound[k + 1] and self.cap(k + 1) and not self.stop_word(k + 1)
            # (a language listing no adjective endings, like English, may end a capitalised phrase in a
            # lower-case head: "South Korean intelligence")
            headed = kind == "cap" and not self.rules[self.tseg[k]].adjective_endings
            if kind in ("adj", "det") or (kind == "cap" and sandwich) or headed:
                end, kind = k + 1, self._kind(k)
                continue
            if not named:
                # a title and its genitives before the name: "пресс-секретарь президента Дмитрий Песков"
                j = k
                while j < limit and j - k < 3 and not self.bound[j] and not self.stop_word(j) and not self.cap(j):
                    j += 1
                if j < limit and not self.bound[j] and not self.stop_word(j) and self.cap(j):
                    end, kind, named = j + 1, self._kind(j), True
                    continue
            break
        while end > i + 1 and (
            self.is_word(end - 1, LINK) or self.is_word(end - 1, CONJ) or self.is_word(end - 1, DET)
        ):
            end -= 1
        if self.is_word(i, DET) and end == i + 1:
            return None
        return i, end

    def _np_material(self, i: int) -> bool:
        return not self.stop_word(i) or self.is_word(i, LINK) or self.is_word(i, CONJ) or self.is_word(i, DET)

    def _kind(self, i: int) -> str:
        if self.is_word(i, DET):
            return "det"
        if self.adjective(i):
            return "adj"
        return "cap" if self.cap(i) else "noun"

    def np_backward(self, last: int, lo: int, plural: bool = False) -> tuple[int, int] | None:
        """The noun phrase that ends at word ``last`` when its clause opens with a prepositional phrase.

        ``plural``: the verb has no subject of its own ("в МИД России заявили"), so a capitalised object of
        the opening preposition is the institution that speaks.
        """
        if last < lo or self.stop_word(last):
            return None
        start = last
        if self.cap(last):
            while start - 1 >= lo and not self.bound[start] and start > last - _MAX_NP:
                p = start - 1
                if self.cap(p) and not self.stop_word(p):
                    start = p
                elif (
                    (self.is_word(p, LINK) or self.is_word(p, CONJ))
                    and p - 1 >= lo
                    and not self.bound[p]
                    and self.cap(p - 1)
                    and not self.stop_word(p - 1)
                ):
                    start = p - 1
                else:
                    break
            while (
                start - 1 >= lo
                and not self.bound[start]
                and self.adjective(start - 1)
                and not self.stop_word(start - 1)
            ):
                start -= 1
            if start - 1 >= lo and not self.bound[start] and self.is_prep(start - 1):
                if start - 1 == lo and (last == start or plural):
                    return start, last + 1  # "У Міноборони РФ заперечили": the institution where "they" said it
                if last == start:
                    return None  # the object of the preposition, not a subject
                start += 1  # "до Ким Путин": the preposition's object is its first word
        else:
            while start - 1 >= lo and not self.bound[start] and start > last - _MAX_NP:
                p = start - 1
                if self.stop_word(p) or not (self.adjective(p) or self.is_word(p, DET)):
                    break
                start = p
            if start == last and start - 1 >= lo and not self.bound[start] and self.is_prep(start - 1):
                return None
        return start, last + 1

    def np_before(self, last: int, lo: int) -> tuple[int, int] | None:
        """English-like: all the words right before the verb back to a clause boundary or preposition."""
        if last < lo or self.stop_word(last):
            return None
        start = last
        while start - 1 >= lo and not self.bound[start] and last - start < _MAX_NP:
            p = start - 1
            if self.stop_word(p) or (self.is_word(p, CONJ) and not self.cap(start)):
                break
            start = p
            if self.is_word(p, DET):
                break
        if self.is_word(start, DET) and start == last:
            return None
        return start, last + 1

    # -- subjects ----------------------------------------------------------------------------------------------------

    def _clause_before(self, v: int) -> tuple[int, str]:
        """First word of the clause that ends right before word ``v``, and what bounds it."""
        lo = self.sentence(v)[0]
        j = v
        steps = 0
        while j > lo and steps < _MAX_WALK:
            if self.bound[j]:
                return j, "quote" if self.tquote[j - 1] >= 0 or self._closing_gap(j) else "punct"
            p = j - 1
            if self.has(p, REL):
                return j, "rel"
            if self.is_word(p, COMPL) or self.has(p, SUBORD):
                return j, "compl"
            if any(self.has(p, c) for c in VERBS):
                return j, "verb"
            if self.is_word(p, CONJ) and j == v:
                return j, "conj"
            j -= 1
            steps += 1
        return j, "sentence"

    def _closing_gap(self, j: int) -> bool:
        gap = self.gap(j)
        return any(ch in _CLOSING_MARKS for ch in gap)

    def _subject(self, event: _Event) -> tuple[_Who | None, bool]:
        """Who speaks in ``event`` and whether it is the outlet itself ("мы"); None when unknown."""
        if IMPERSONAL in event.kinds and SPEECH not in event.kinds:
            return self._document_owner(event), False
        lo, why = self._clause_before(event.start)
        a, b = lo, event.start
        while a < b and (self.has(a, SKIP) or self.has(a, ANAPHOR) or self.has(a, NEG)):
            a += 1
        while b > a and (self.has(b - 1, SKIP) or self.has(b - 1, NEG)):
            b -= 1
        if a >= b and why == "rel":
            return self._fallback(event), False  # "в котором отметил": the subject is what the clause describes
        if a >= b:
            # right after a quote or at the sentence's start the subject follows the verb ("…», – заявил X");
            # after a comma only when nothing else is said after it ("…, сообщили СМИ.")
            found = self._inverted(event, strict=why not in ("quote", "sentence"))
            if found is not None:
                return found
            if why == "quote":
                return None, False
            return self._fallback(event), False
        if b - a == 1 and self.is_word(a, EDITORIAL):
            return None, True
        if b - a == 1 and self.is_word(a, PRONOUN):
            return self._pronoun(a), False
        rules = self.rules[event.seg]
        if rules.subject_before_verb:
            np = self.np_before(b - 1, a)
        elif self.is_prep(a) or self.has(a, DOC_CUE):
            np = self.np_backward(b - 1, a, plural=self._plural(event))
        elif b - a <= _MAX_WHOLE_CLAUSE and all(self._np_material(x) for x in range(a, b)):
            np = a, b  # the clause before the verb is its subject: "Пресслужба президента повідомила"
        else:
            np = self.np_forward(a, b)
        if np is not None:
            return self.who(*np), False
        found = self._inverted(event, strict=True)
        return found if found is not None else (self._fallback(event), False)

    def _inverted(self, event: _Event, strict: bool) -> tuple[_Who | None, bool] | None:
        """The subject after the verb ("– заявил Володин", "сообщили в понедельник СМИ")."""
        hi = self.sentence(event.start)[1]
        i = self._skip(event.end, hi)
        if i >= hi or self.bound[i]:
            return None
        if self.begins(i, DOC_PRONOUN):
            return self._document_pronoun(i), False
        if self.begins(i, DOC_CUE):
            owner = self.np_forward(self.starts[i][DOC_CUE], hi)
            return (self.who(*owner), False) if owner else None
        if self.is_prep(i) and i + 1 < hi and self.cap(i + 1) and not self.bound[i + 1] and self._plural(event):
            np = self.np_forward(i + 1, hi)  # "як зазначили в Генштабі ЗСУ": the institution where "they" said it
            return (self.who(*np), False) if np else None
        if self.is_prep(i) and i + 2 < hi and not self.bound[i + 1] and not self.bound[i + 2]:
            i = self._skip(i + 2, hi)  # a time or place between verb and subject: "в понедельник"
            if i >= hi or self.bound[i]:
                return None
        if self.is_word(i, EDITORIAL):
            return None, True
        if self.is_word(i, PRONOUN):
            return self._pronoun(i), False
        np = self.np_forward(i, hi)
        if np is None:
            return None
        if strict and not self._nothing_more_said(np[1], hi):
            return None
        if strict and self.rules[event.seg].subject_before_verb and not self._clause_ends(np[1], hi):
            return None  # "Kim, in his letter, said the friendship …": the words after "said" are what he said
        return self.who(*np), False

    def _clause_ends(self, i: int, hi: int) -> bool:
        """Word ``i`` ends the clause: the sentence's end, punctuation, a preposition or a source cue."""
        return i >= hi or self.bound[i] or self.is_prep(i) or self.begins(i, CITING) or self.begins(i, ACCORDING)

    def _plural(self, event: _Event) -> bool:
        """The verb is a plural form (its ending is in the table's ``plural_verb_endings``)."""
        word = self.words[event.end - 1]
        return any(word.endswith(e) for e in self.rules[event.seg].plural_verb_endings)

    def _skip(self, i: int, hi: int) -> int:
        """The first word from ``i`` on that is no skip word (not crossing punctuation)."""
        start = i
        while i < hi and self.has(i, SKIP) and (i == start or not self.bound[i]):
            i += 1
        return i

    def _nothing_more_said(self, i: int, hi: int) -> bool:
        """No quotation, reported content or other verb of saying follows (a sentence-final "…, said X")."""
        for j in range(i, hi):
            if self.tquote[j] >= 0 or self.is_word(j, COMPL) or self._starts_verb(j):
                return False
            if self.begins(j, CITING) or self.is_word(j, REL):
                return True
        return True

    def _fallback(self, event: _Event) -> _Who | None:
        """The subject of a verb in a relative clause or after a participle: an earlier subject of the sentence."""
        lo = self.sentence(event.start)[0]
        earlier = self.last_subject.get(event.seg)  # events are attributed in reading order
        if earlier is not None:
            return earlier
        index = bisect_left(self.clause_starts, event.start)
        for j in reversed(self.clause_starts[max(0, index - _MAX_CLAUSES) : index]):
            if j < lo:
                break
            if self.tquote[j] < 0 and self.cap(j) and not self.stop_word(j):
                np = self.np_forward(j, event.start)
                if np is not None and not (j == lo and self.has(j, COLON_LABEL)):
                    return self.who(*np)
        return None

    def _document_owner(self, event: _Event) -> _Who | None:
        """Author of the document an impersonal verb refers to ("говорится в письме Ким Чен Ына")."""
        lo, hi = self.sentence(event.start)
        i = self._skip(event.end, hi)
        if i < hi and self.begins(i, DOC_PRONOUN):
            return self._document_pronoun(i)
        if i < hi and self.begins(i, DOC_CUE):
            owner = self.np_forward(self.starts[i][DOC_CUE], hi)
            return self.who(*owner) if owner else None
        for j in range(event.start - 1, max(lo, event.start - _MAX_WALK) - 1, -1):
            if self.begins(j, DOC_CUE):
                owner = self.np_forward(self.starts[j][DOC_CUE], event.start)
                return self.who(*owner) if owner else None
        return None

    def _pronoun(self, i: int) -> _Who | None:
        """The antecedent of a pronoun subject, at the pronoun's span; None when there is none to refer to."""
        pronoun = self.who(i, i + 1)
        found = self.doc.antecedent(self.segs[self.tseg[i]], document=False)
        return _Who(found.text, pronoun.seg, pronoun.span) if found else None

    def _document_pronoun(self, i: int) -> _Who | None:
        end = self.starts[i][DOC_PRONOUN]
        pronoun = self.who(end - 1, end)
        found = self.doc.antecedent(self.segs[self.tseg[i]], document=True)
        return _Who(found.text, pronoun.seg, pronoun.span) if found else None

    def _attribute(self, event: _Event) -> None:
        who, editorial = self._subject(event)
        event.who, event.editorial = who, editorial
        if who is not None and not event.subordinate:
            self.last_subject[event.seg] = who
        if who is not None:
            event.outlet = self._outlet(who)
            if REPORT not in event.kinds:  # an outlet is no antecedent for "he" or "she"
                self.doc.spoke(who, self.segs[event.seg])

    def _outlet(self, who: _Who) -> _Who:
        """An outlet's name within its noun phrase: after a descriptor noun, or an acronym in brackets."""
        if who.span is None or who.seg is None:
            return who
        k = self.local[who.seg]
        start = self.offsets[k] + who.span[0]
        end = self.offsets[k] + who.span[1]
        region = self.name_quotes.get(start)
        if region is not None and region.close == end - 1:  # «Интерфакс»: the name without its marks
            return _Who(self.text[start + 1 : end - 1], who.seg, (who.span[0] + 1, who.span[1] - 1))
        first = bisect_left(self.tstart, start)
        last = bisect_left(self.tstart, end)
        inside = self.text[start:end]
        if inside.endswith(")") and "(" in inside:
            opening = inside.rindex("(")
            raw = inside[opening + 1 : -1]
            group = raw.strip()
            if group and group.isupper():
                at = start + opening + 1 + len(raw) - len(raw.lstrip()) - self.offsets[k]
                return _Who(group, who.seg, (at, at + len(group)))
        for j in range(last - 2, first - 1, -1):
            if self.is_word(j, OUTLET) and all(self.cap(x) for x in range(j + 1, last)):
                return self.who(j + 1, last)
        # "the official KCNA news agency": the name before a lower-case descriptor
        if last - first > 1 and self.is_word(last - 1, OUTLET) and not self.cap(last - 1):
            j = last - 1
            while j > first and not self.cap(j - 1) and last - j < 3:
                j -= 1
            end = j
            while j > first and self.cap(j - 1) and not self.is_word(j - 1, DET):
                j -= 1
            if j < end and (j > first or self.is_word(first, DET) or end - j < last - first):
                return self.who(j, end)
        if first < last and self.is_word(first, DET) and last - first > 1:
            return self.who(first + 1, last)
        return who

    # -- sources in a sentence ---------------------------------------------------------------------------------------

    def sources_of(self, k: int) -> _Sources:
        cache_ = self.sources_cache
        if k in cache_:
            return cache_[k]
        sources = _Sources()
        lo, hi = self.seg_first[k], self.seg_last[k]
        for i in range(lo, hi):
            starts = self.starts[i]
            if not starts or self.tquote[i] >= 0:
                continue
            for category, target in ((CITING, sources.cites), (ACCORDING_SOURCE, sources.according_sources)):
                if category in starts:
                    at = self._skip(starts[category], hi)
                    if at < hi - 1 and self.is_prep(at) and not self.bound[at + 1]:
                        at += 1  # "как сообщили в пресс-службе Кремля"
                    np = self.np_forward(at, hi)
                    if np is not None:
                        target.append((i, self._outlet(self.who(*np))))
            if ACCORDING_PRONOUN in starts:
                end = starts[ACCORDING_PRONOUN]
                found = self.doc.antecedent(self.segs[k], document=False)
                if found is not None:
                    sources.according.append((i, _Who(found.text, self.segs[k], self.who(i, end).span)))
            elif ACCORDING in starts and not self.has(i, ACCORDING_SOURCE):
                np = self.np_forward(starts[ACCORDING], hi)
                if np is not None:
                    sources.according.append((i, self.who(*np)))
        sources.cite_at = [at for at, _ in sources.cites]
        cache_[k] = sources
        return sources

    def _chain(self, event: _Event | None, k: int) -> tuple[_Who | None, _Who | None, _Who | None]:
        """(speaker, via, reported_by) of words attributed by ``event`` in sentence ``k``."""
        sources = self.sources_of(k)
        speaker = event.who if event else None
        if k not in self.reports:
            listed = [e for e in self.seg_events[k] if REPORT in e.kinds and e.outlet is not None]
            self.reports[k] = (listed, [e.start for e in listed])
        reports, report_starts = self.reports[k]
        via: _Who | None = None
        reported_by: _Who | None = None
        if sources.cites:
            position = event.start if event else -1
            index = bisect_right(sources.cite_at, position)
            at, via = sources.cites[index if index < len(sources.cites) else 0]
            r = bisect_left(report_starts, at) - 1
            if r >= 0 and reports[r] is event:
                r -= 1
            if r >= 0:
                reported_by = reports[r].outlet
            elif event is not None and REPORT in event.kinds and event.outlet is not None:
                speaker, reported_by = None, event.outlet  # "сообщает VOA со ссылкой на ЦТАК": no speaker named
        else:
            other = next((e for e in reports[:2] if e is not event), None)
            via = other.outlet if other is not None else None
        if via is None and sources.according_sources:
            via = sources.according_sources[0][1]
        if via is None and event is not None and sources.according:
            via = self._outlet(sources.according[0][1])  # "Putin said …, according to KCNA"
        if via is None and event is not None:
            via = self._closing_source(event, k)
        return speaker, via, reported_by

    def _closing_source(self, event: _Event, k: int) -> _Who | None:
        """The speaker of a sentence-final "…, North Korea's state media said" after ``event``'s own words."""
        last = self.seg_events[k][-1] if self.seg_events[k] else None
        if last is None or last is event or last.start < event.start or last.who is None or event.who is None:
            return None
        if _same(last.who, event.who) or last.subordinate:
            return None
        _, why = self._clause_before(last.start)
        if why not in ("punct", "quote") or not self._nothing_more_said(last.end, self.seg_last[k]):
            return None
        return last.outlet

    # -- quotes out --------------------------------------------------------------------------------------------------

    def _quotes_out(self, pending: _Who | bool | None) -> None:
        ids = self._quote_ids()
        groups: dict[int, tuple[_Event | None, _Who | None]] = {}
        previous: tuple[int, _Who | None, str | None] = (-2, None, None)  # the last quote's sentence, speaker, verb
        for qi, region in enumerate(self.quotes):
            if region.kind != "quote":
                continue
            a_seg = self.seg_of(region.open + 1 if region.dash else region.open)
            b_seg = self.seg_of(max(region.close - 1, 0) if region.dash else region.close)
            previous_char = self._char_before(region.open, self.offsets[a_seg])
            colon = previous_char == ":"
            opens_sentence = region.dash or not previous_char or colon
            following = self.quotes[qi + 1].open if qi + 1 < len(self.quotes) else len(self.text)
            limit = min(self.ends[b_seg], following)
            tail = self._event_after(region.close, limit) if not region.dash else None
            if region.dash and region.group in groups:
                event, who = groups[region.group]
            else:
                if region.dash:
                    tail = self._event_after(region.close, self.ends[b_seg])
                pre = self._event_before(region.open)
                if colon:
                    event = pre or tail
                elif opens_sentence:
                    event = tail
                else:
                    event = pre or tail
                who = event.who if event else None
                if event is None and colon:
                    who = self._colon_speaker(a_seg, region.open)
                if event is None and region.open <= 1 and isinstance(pending, _Who):
                    who = pending
                if event is None and who is None and opens_sentence and previous[0] >= a_seg - 1:
                    who = previous[1]  # '"…," he said. "…"': the quote goes on in the next sentence
            if region.dash:
                groups[region.group] = (event, who)
            speaker, via, reported_by = self._chain(event, event.seg if event else b_seg)
            if event is not None:
                who = speaker
            partial = not opens_sentence or not self._closes_clause(region)
            verb = self._verb_text(event) if event else None
            if event is None and who is not None and who is previous[1]:
                verb = previous[2]
            previous = (b_seg, who, verb)
            quote_id = ids[qi]
            for k in range(a_seg, b_seg + 1):
                lo = max(region.open + 1, self.offsets[k])
                hi = min(region.close, self.ends[k])
                while lo < hi and (self.text[lo].isspace() or (region.dash and self.text[lo] in DASHES)):
                    lo += 1
                while hi > lo and (self.text[hi - 1].isspace() or self.text[hi - 1] in ",;:"):
                    hi -= 1
                if hi <= lo:
                    continue
                offset = self.offsets[k]
                part = _Part(
                    (lo - offset, hi - offset), self.text[lo:hi], who, verb, via, reported_by, partial, quote_id
                )
                self.doc.parts[self.segs[k]].append(part)

    def _closes_clause(self, region: _QuoteRegion) -> bool:
        """The quote ends where its sentence or clause ends (else it is a fragment of a longer sentence)."""
        if region.dash:
            return True
        inner = self.text[region.open + 1 : region.close].rstrip()
        if inner and inner[-1] in ".,!?…;:":
            return True
        after = self.text[region.close + 1 : region.close + 4].lstrip(' \u00a0»“”"’›')
        return not after or after[0] in ",.;:!?…–—-)"

    def _colon_speaker(self, k: int, pos: int) -> _Who | None:
        """``Путин: «…»`` — the short phrase before a colon that opens a quote."""
        lo = self.seg_first[k]
        hi = bisect_left(self.tstart, pos)
        if not 0 < hi - lo <= _MAX_COLON_SPEAKER_WORDS or self.has(lo, COLON_LABEL) or not self.cap(lo):
            return None
        if any(self.bound[j] or self.stop_word(j) for j in range(lo + 1, hi)) or self.stop_word(lo):
            return None
        return self.who(lo, hi)

    def _verb_text(self, event: _Event) -> str:
        return self.text[self.tstart[event.start] : self.tend[event.end - 1]]

    def _quote_ids(self) -> list[str]:
        """Segmentation's quote ids where it saw the same quotation, else ids of this module's own."""
        seen = outermost(quotation_spans(self.text))
        closes = [b for _, b in seen]
        number: dict[tuple[int, int], str] = {}
        for k, g in enumerate(self.segs):
            quote_id = self.doc.segments[g].quote_id
            match = _QUOTE_ID.match(quote_id or "")
            if not match:
                continue
            lo, hi = self.offsets[k], self.ends[k]
            first = bisect_left(closes, lo)  # outermost quotations are ordered by both ends
            if first >= len(seen) or seen[first][0] >= hi:
                continue
            prefix, n = match.group(1), int(match.group(2))
            number = {span: f"{prefix}:q{n - first + i}" for i, span in enumerate(seen)}
            break
        ids: list[str] = []
        group_ids: dict[int, str] = {}
        for region in self.quotes:
            if region.dash and region.group in group_ids:
                ids.append(group_ids[region.group])
                continue
            found = number.get((region.open, region.close))
            if found is None:
                k = self.seg_of(region.open)
                found = f"{self.doc.segments[self.segs[k]].id}:x{region.open - self.offsets[k]}"
            if region.dash:
                group_ids[region.group] = found
            ids.append(found)
        return ids

    # -- attribution of each segment ---------------------------------------------------------------------------------

    def _attribution_of(self, k: int) -> None:
        g = self.segs[k]
        doc = self.doc
        parts = doc.parts[g]
        quoted = next((p for p in parts if p.who is not None), None)
        if quoted is not None:
            doc.attrs[g] = _Attr(quoted.who, quoted.verb, quoted.via, quoted.reported_by, from_quote=quoted)
            return
        events = self.seg_events[k]
        sources = self.sources_of(k)
        main = [e for e in events if not e.subordinate and not e.editorial]
        chosen = next((e for e in main if e.who is not None and REPORT not in e.kinds), None)
        chosen = chosen or next((e for e in main if e.who is not None), None)
        if chosen is not None:
            speaker, via, reported_by = self._chain(chosen, k)
            doc.attrs[g] = _Attr(speaker, self._verb_text(chosen), via, reported_by)
            return
        if sources.according:
            _, via, reported_by = self._chain(None, k)
            doc.attrs[g] = _Attr(sources.according[0][1], None, via, reported_by)
            return
        if sources.according_sources or sources.cites:
            _, via, reported_by = self._chain(None, k)
            doc.attrs[g] = _Attr(None, None, via, reported_by)
            return
        colon = self._headline_speaker(k)
        if colon is not None:
            doc.attrs[g] = _Attr(colon, None, None, None)
            doc.spoke(colon, g)
            return
        other = next((e for e in events if e.who is not None and not e.editorial), None)
        if other is not None:
            speaker, via, reported_by = self._chain(other, k)
            doc.attrs[g] = _Attr(speaker, self._verb_text(other), via, reported_by)

    def _headline_speaker(self, k: int) -> _Who | None:
        """``Синът на Ердоган: Нямам политически амбиции`` — a short phrase and a colon open the sentence."""
        lo, hi = self.seg_first[k], self.seg_last[k]
        for j in range(lo + 1, min(hi, lo + _MAX_COLON_SPEAKER_WORDS + 1)):
            if not self.bound[j]:
                continue
            if self.gap(j).strip() != ":" or self.tquote[j] >= 0:
                return None
            if self.has(lo, COLON_LABEL) or self.has(lo, LABEL) or not self.cap(lo):
                return None
            if any(self.stop_word(x) and not self.is_word(x, LINK) for x in range(lo, j)):
                return None
            return self.who(lo, j)
        return None

    # -- document-level source statements ----------------------------------------------------------------------------

    def _document_statements(self) -> None:
        doc = self.doc
        for k, g in enumerate(self.segs):
            lo, hi = self.seg_first[k], self.seg_last[k]
            if lo >= hi:
                continue
            label = self._source_label(k)
            if label is not None:
                doc.doc_sources.add(None, label)
                doc.attrs[g] = doc.attrs[g] or _Attr(None, None, None, label)
                continue
            events = [e for e in self.seg_events[k] if REPORT in e.kinds and e.outlet is not None]
            if not events:
                continue
            anaphor = any(self.has(i, ANAPHOR) for i in range(lo, min(lo + 2, hi)))
            if anaphor:
                event = events[0]
                _, via, reported_by = self._chain(event, k)
                if via is None:
                    via = event.outlet
                doc.doc_sources.add(via, reported_by)
                doc.attrs[g] = _Attr(None, self._verb_text(event), via, reported_by)
                previous = doc.previous_sentence(g)
                if previous >= 0:
                    doc.anaphor_before.append(previous)
            elif g == doc.first_sentence and self.sources_of(k).cites:
                event = events[-1]
                cite = next((c for at, c in self.sources_of(k).cites if at > event.start), None)
                if cite is not None:
                    doc.doc_sources.add(cite, event.outlet)

    def _source_label(self, k: int) -> _Who | None:
        """``По материалам: iz.ru`` — the outlet an article relays."""
        lo, hi = self.seg_first[k], self.seg_last[k]
        if not self.begins(lo, LABEL):
            return None
        end = self.starts[lo][LABEL]
        if end >= hi or self.gap(end).strip() != ":":
            return None
        start = self.tstart[end]
        stop = self.ends[k]
        name = self.text[start:stop].rstrip(" .;,")
        if not name or len(name.split()) > _MAX_COLON_SPEAKER_WORDS:
            return None
        return _Who(name, self.segs[k], (start - self.offsets[k], start - self.offsets[k] + len(name)))

    def _colon_at_end(self) -> None:
        """A paragraph ending in "X заявил:" introduces the next paragraph's speech; one ending in ":" alone a list."""
        if not self.segs or not self.text.rstrip().endswith(":"):
            return
        k = len(self.segs) - 1
        event = self.seg_events[k][-1] if self.seg_events[k] else None
        self.doc.pending_colon = event.who if event is not None and event.who is not None else False

    # -- polarity ----------------------------------------------------------------------------------------------------

    def _polarity(self, k: int) -> tuple[bool, Span | None, Stance]:
        segment = self.doc.segments[self.segs[k]]
        lo, hi = self.seg_first[k], self.seg_last[k]
        offset = self.offsets[k]
        cue: tuple[int, int] | None = None
        cues: list[int] = []
        verdict: tuple[str, int, int] | None = None
        i = lo
        while i < hi:
            starts = self.starts[i]
            if not starts or self.sub[i] or i in self.name_words:
                i += 1
                continue
            if NEG in starts and not self.has(i, NEG_FIXED):
                cues.append(i)
                if cue is None:
                    cue = (i, starts[NEG])
                i = starts[NEG]
                continue
            if verdict is None and (DENIAL in starts or CONFIRM in starts) and not self._in_cue(i):
                category = DENIAL if DENIAL in starts else CONFIRM
                verdict = (category, i, starts[category])
            i += 1
        negated = cue is not None
        span = (self.tstart[cue[0]] - offset, self.tend[cue[1] - 1] - offset) if cue else None
        stance: Stance = "asserted"
        if verdict is not None:
            category, at, end = verdict
            negated_verb = any(0 < at - c <= 3 for c in cues)
            if category == DENIAL:
                stance = "unknown" if negated_verb else "denied"
                if not negated:
                    negated, span = True, (self.tstart[at] - offset, self.tend[end - 1] - offset)
            else:
                stance = "denied" if negated_verb else "confirmed"
        elif negated:
            stance = "denied"
        if segment.kind != "sentence" or lo == hi or _is_question(segment.text):
            stance = "unknown"
        return negated, span, stance


_QUOTE_ID = re.compile(r"^(.*):q(\d+)$")


def _is_question(text: str) -> bool:
    stripped = text.rstrip().rstrip('»“”"’›)]').rstrip()
    return stripped.endswith("?")


def denies_in_words(segment: Segment) -> bool:
    """Whether the segment's stance is ``denied`` by a denial verb ("отрекоха", "denied"), not a bare "не".

    Translations move plain negation around freely; a denial verb they keep.
    """
    facts = segment.facts
    if facts is None or facts.stance != "denied" or facts.negation_span is None:
        return False
    cue = segment.text[facts.negation_span[0] : facts.negation_span[1]].lower()
    negations = {str(c).lower() for c in load_table("speech", segment.lang).get("negation_cues", [])}
    return cue not in negations and cue.split()[0] not in negations
