"""Who speaks in each verb of saying: its subject, a pronoun's antecedent, an impersonal verb's document owner.

The rules (the phrase before the verb in its clause, the subject after the verb right after a quote, pronouns
referring back across sentences…) are in the package docstring. Speakers are read in reading order, since a
pronoun refers to one named before; :class:`Speakers` remembers them across the document's paragraphs.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from claimcmp.analysis.speech.clauses import clause_before, nothing_more_said
from claimcmp.analysis.speech.phrases import np_backward, np_before, np_forward, np_material, outlet_of, skip, who_at
from claimcmp.analysis.speech.rules import (
    ACCORDING,
    ANAPHOR,
    CITING,
    COLON_LABEL,
    DOC_CUE,
    DOC_PRONOUN,
    EDITORIAL,
    IMPERSONAL,
    NEG,
    PRONOUN,
    REPORT,
    SKIP,
    SPEECH,
)
from claimcmp.analysis.speech.sources import sentence_sources
from claimcmp.analysis.speech.view import MAX_CLAUSES, MAX_WALK, MAX_WHOLE_CLAUSE, Event, Paragraph, Sources, Who
from claimcmp.records import Cut

# a subject marked by a particle is at most this many words ("압델라티프 우아비 내무장관은")
_MAX_MARKED_WORDS = 4


class Speakers:
    """The speakers met so far in a document, and the last full name of each sentence: what pronouns refer to."""

    def __init__(self, segments: list[Cut]) -> None:
        self.segments = segments
        self.last_speaker: Who | None = None
        self.last_speaker_at = -1
        self.name_runs: dict[int, Who] = {}

    def spoke(self, who: Who, seg: int) -> None:
        self.last_speaker = who
        self.last_speaker_at = seg

    def previous_sentence(self, seg: int) -> int:
        for i in range(seg - 1, -1, -1):
            if self.segments[i].kind not in ("heading", "dateline", "boilerplate"):
                return i
        return -1

    def antecedent(self, seg: int, document: bool) -> Who | None:
        """Who a pronoun in segment ``seg`` refers to (see the package docstring)."""
        if document:
            return self.last_speaker
        previous = self.previous_sentence(seg)
        if self.last_speaker is not None and self.last_speaker_at >= previous:
            return self.last_speaker  # spoke in this sentence or the one before
        if previous in self.name_runs:
            return self.name_runs[previous]
        return self.last_speaker


def read_subjects(p: Paragraph, speakers: Speakers) -> Paragraph:
    """``p`` with each event's speaker and each sentence's sources, read in order (pronouns refer back)."""
    speakers.name_runs.update(last_names(p))
    reader = _SubjectReader(p, speakers)
    events = list(p.events)
    sources: list[Sources] = []
    for k in range(len(p.segs)):
        found = sentence_sources(p, k, speakers.antecedent)
        sources.append(found)
        attributed = [reader.attribute(event) for event in p.seg_events[k]]
        for event in attributed:
            events[event.index] = event
        if found.according and not any(e.who for e in attributed):
            speakers.spoke(found.according[-1][1], p.segs[k])  # "По словам X, …" makes X a speaker
    return replace(p.with_events(tuple(events)), sources=tuple(sources))


class _SubjectReader:
    """Finds the subjects of one paragraph's events, in reading order."""

    def __init__(self, p: Paragraph, speakers: Speakers) -> None:
        self.p = p
        self.speakers = speakers
        self.last_subject: dict[int, Who] = {}  # the latest main-clause speaker of each sentence

    def attribute(self, event: Event) -> Event:
        """``event`` with its speaker (and the outlet it names); a speaker is remembered for later pronouns."""
        who, editorial = self._subject(event)
        outlet: Who | None = None
        if who is not None and not event.subordinate:
            self.last_subject[event.seg] = who
        if who is not None:
            outlet = outlet_of(self.p, who)
            if REPORT not in event.kinds:  # an outlet is no antecedent for "he" or "she"
                self.speakers.spoke(who, self.p.segs[event.seg])
        return replace(event, who=who, editorial=editorial, outlet=outlet)

    def _subject(self, event: Event) -> tuple[Who | None, bool]:
        """Who speaks in ``event`` and whether it is the outlet itself ("мы"); None when unknown."""
        if IMPERSONAL in event.kinds and SPEECH not in event.kinds:
            return self._document_owner(event), False
        if self.p.rules[event.seg].subject_particles:
            marked = self._marked_subject(event)
            if marked is not None:
                return marked, False
        lo, why = clause_before(self.p, event.start)
        a, b = lo, event.start
        while a < b and (self.p.has(a, SKIP) or self.p.has(a, ANAPHOR) or self.p.has(a, NEG)):
            a += 1
        while b > a and (self.p.has(b - 1, SKIP) or self.p.has(b - 1, NEG)):
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
        if b - a == 1 and self.p.is_word(a, EDITORIAL):
            return None, True
        if b - a == 1 and self.p.is_word(a, PRONOUN):
            return self._pronoun(a), False
        rules = self.p.rules[event.seg]
        if rules.subject_before_verb:
            np = np_before(self.p, b - 1, a)
        elif self.p.is_prep(a) or self.p.has(a, DOC_CUE):
            np = np_backward(self.p, b - 1, a, plural=self._plural(event))
        elif b - a <= MAX_WHOLE_CLAUSE and all(np_material(self.p, x) for x in range(a, b)):
            np = a, b  # the clause before the verb is its subject: "Пресслужба президента повідомила"
        else:
            np = np_forward(self.p, a, b)
        if np is not None:
            return who_at(self.p, *np), False
        found = self._inverted(event, strict=True)
        return found if found is not None else (self._fallback(event), False)

    def _marked_subject(self, event: Event) -> Who | None:
        """The first phrase of the verb's sentence ending in a topic particle, else in a subject particle,
        outside quotations ("푸틴 대통령은 “…”라고 말했다"): Korean marks the subject, and the verb comes last."""
        rules = self.p.rules[event.seg]
        lo = self.p.sentence(event.start)[0]

        def marked(j: int, particles: tuple[str, ...]) -> bool:
            word = self.p.words[j]
            if self.p.tquote[j] >= 0 or self.p.has(j, SKIP) or word in rules.not_subjects:
                return False
            return any(word.endswith(e) and len(word) > len(e) for e in particles)

        topics = [j for j in range(lo, event.start) if rules.topic_particles and marked(j, rules.topic_particles)]
        subjects = topics or [j for j in range(lo, event.start) if marked(j, rules.subject_particles)]
        for j in subjects[:1]:
            if self.p.is_word(j, PRONOUN):
                return self._pronoun(j)
            # "김정은 위원장은": a name that ends like a particle, then its title with the real one
            if j + 1 < event.start and not self.p.bound[j + 1] and self.p.words[j + 1].startswith(rules.subject_titles):
                j += 1
            start = j
            while start > lo and j - start < _MAX_MARKED_WORDS and not self.p.bound[start]:
                before = self.p.words[start - 1]
                if self.p.tquote[start - 1] >= 0 or self.p.has(start - 1, SKIP) or before.endswith(rules.subject_stops):
                    break
                start -= 1
            return who_at(self.p, start, j + 1)
        return None

    def _inverted(self, event: Event, strict: bool) -> tuple[Who | None, bool] | None:
        """The subject after the verb ("– заявил Володин", "сообщили в понедельник СМИ")."""
        hi = self.p.sentence(event.start)[1]
        i = skip(self.p, event.end, hi)
        if i >= hi or self.p.bound[i]:
            return None
        if self.p.begins(i, DOC_PRONOUN):
            return self._document_pronoun(i), False
        if self.p.begins(i, DOC_CUE):
            owner = np_forward(self.p, self.p.starts[i][DOC_CUE], hi)
            return (who_at(self.p, *owner), False) if owner else None
        if self.p.is_prep(i) and i + 1 < hi and self.p.cap(i + 1) and not self.p.bound[i + 1] and self._plural(event):
            np = np_forward(self.p, i + 1, hi)  # "як зазначили в Генштабі ЗСУ": the institution where "they" said it
            return (who_at(self.p, *np), False) if np else None
        if self.p.is_prep(i) and i + 2 < hi and not self.p.bound[i + 1] and not self.p.bound[i + 2]:
            i = skip(self.p, i + 2, hi)  # a time or place between verb and subject: "в понедельник"
            if i >= hi or self.p.bound[i]:
                return None
        if self.p.is_word(i, EDITORIAL):
            return None, True
        if self.p.is_word(i, PRONOUN):
            return self._pronoun(i), False
        np = np_forward(self.p, i, hi)
        if np is None:
            return None
        if strict and not nothing_more_said(self.p, np[1], hi):
            return None
        if strict and self.p.rules[event.seg].subject_before_verb and not self._clause_ends(np[1], hi):
            return None  # "Kim, in his letter, said the friendship …": the words after "said" are what he said
        return who_at(self.p, *np), False

    def _clause_ends(self, i: int, hi: int) -> bool:
        """Word ``i`` ends the clause: the sentence's end, punctuation, a preposition or a source cue."""
        return (
            i >= hi or self.p.bound[i] or self.p.is_prep(i) or self.p.begins(i, CITING) or self.p.begins(i, ACCORDING)
        )

    def _plural(self, event: Event) -> bool:
        """The verb is a plural form (its ending is in the table's ``plural_verb_endings``)."""
        word = self.p.words[event.end - 1]
        return any(word.endswith(e) for e in self.p.rules[event.seg].plural_verb_endings)

    def _fallback(self, event: Event) -> Who | None:
        """The subject of a verb in a relative clause or after a participle: an earlier subject of the sentence."""
        lo = self.p.sentence(event.start)[0]
        earlier = self.last_subject.get(event.seg)  # events are attributed in reading order
        if earlier is not None:
            return earlier
        index = bisect_left(self.p.clause_starts, event.start)
        for j in reversed(self.p.clause_starts[max(0, index - MAX_CLAUSES) : index]):
            if j < lo:
                break
            if self.p.tquote[j] < 0 and self.p.cap(j) and not self.p.stop_word(j):
                np = np_forward(self.p, j, event.start)
                if np is not None and not (j == lo and self.p.has(j, COLON_LABEL)):
                    return who_at(self.p, *np)
        return None

    def _document_owner(self, event: Event) -> Who | None:
        """Author of the document an impersonal verb refers to ("говорится в письме Ким Чен Ына")."""
        lo, hi = self.p.sentence(event.start)
        i = skip(self.p, event.end, hi)
        if i < hi and self.p.begins(i, DOC_PRONOUN):
            return self._document_pronoun(i)
        if i < hi and self.p.begins(i, DOC_CUE):
            owner = np_forward(self.p, self.p.starts[i][DOC_CUE], hi)
            return who_at(self.p, *owner) if owner else None
        for j in range(event.start - 1, max(lo, event.start - MAX_WALK) - 1, -1):
            if self.p.begins(j, DOC_CUE):
                owner = np_forward(self.p, self.p.starts[j][DOC_CUE], event.start)
                return who_at(self.p, *owner) if owner else None
        return None

    def _pronoun(self, i: int) -> Who | None:
        """The antecedent of a pronoun subject, at the pronoun's span; None when there is none to refer to."""
        pronoun = who_at(self.p, i, i + 1)
        found = self.speakers.antecedent(self.p.segs[self.p.tseg[i]], document=False)
        return Who(found.text, pronoun.seg, pronoun.span) if found else None

    def _document_pronoun(self, i: int) -> Who | None:
        end = self.p.starts[i][DOC_PRONOUN]
        pronoun = who_at(self.p, end - 1, end)
        found = self.speakers.antecedent(self.p.segs[self.p.tseg[i]], document=True)
        return Who(found.text, pronoun.seg, pronoun.span) if found else None


def last_names(p: Paragraph) -> dict[int, Who]:
    """The last full name (two or more capitalised words) of each sentence, for pronouns of the next one."""
    found: dict[int, Who] = {}
    for k, g in enumerate(p.segs):
        best: tuple[int, int] | None = None
        i, stop = p.seg_first[k], p.seg_last[k]
        while i < stop:
            if not _name_word(p, i):
                i += 1
                continue
            j = i + 1
            while j < stop and _name_word(p, j) and not p.boundary_gap(j):
                j += 1
            preceded_by_prep = i > p.seg_first[k] and p.is_prep(i - 1) and not p.boundary_gap(i)
            if j - i >= 2 and not preceded_by_prep:
                best = (i, j)
            i = j
        if best is not None:
            found[g] = who_at(p, best[0], best[1])
    return found


def _name_word(p: Paragraph, i: int) -> bool:
    word = p.text[p.tstart[i] : p.tend[i]]
    return word[:1].isupper() and not word.isupper() and not p.stop_word(i)
