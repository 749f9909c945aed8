"""The speech tables: one language's word lists (``claimcmp/data/speech/<lang>.toml``) indexed for matching.

A phrase is matched word by word from its first word (or stem); the phrases sharing a first word are indexed by
their second word, so few are tried at each position and no regular expression can backtrack.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from claimcmp.input import load_table

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
# the speaker comes before the cue: "Scholz zufolge", "유엔에 따르면" (according to the UN)
ACCORDING_AFTER = "according_to_after"
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
    ACCORDING_SOURCE, ACCORDING_AFTER, ANAPHOR, LABEL, PRONOUN, EDITORIAL, SKIP, PREP, LINK, CONJ, DET, COMPL, REL,
    SUBORD, OUTLET, SCARE, COLON_LABEL, NEG, NEG_FIXED,
)  # fmt: skip
VERBS = (SPEECH, REPORT, IMPERSONAL, DENIAL, CONFIRM)
# phrases whose words are not material for a noun phrase
CUES = (
    DOC_CUE, DOC_PRONOUN, CITING, ACCORDING, ACCORDING_PRONOUN, ACCORDING_SOURCE, ACCORDING_AFTER, ANAPHOR, SKIP, NEG,
    SCARE,
)  # fmt: skip

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
    # Korean marks the subject with a particle glued to it ("푸틴 대통령은", "위원장이"): the speaker is the
    # phrase ending in one, wherever the verb is; ``subject_stops`` end that phrase going back ("…을", "…에서")
    subject_particles: tuple[str, ...] = ()
    subject_stops: tuple[str, ...] = ()
    subject_titles: tuple[str, ...] = ()  # titles after a name, part of the subject ("위원장은")
    topic_particles: tuple[str, ...] = ()  # of the subject particles, those marking the topic: preferred
    not_subjects: tuple[str, ...] = ()  # words that take a subject particle but name no one ("것은")

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
        subject_particles=tuple(draft.fold(e) for e in table.get("subject_particles", [])),
        subject_stops=tuple(draft.fold(e) for e in table.get("subject_stops", [])),
        subject_titles=tuple(draft.fold(e) for e in table.get("subject_titles", [])),
        topic_particles=tuple(draft.fold(e) for e in table.get("topic_particles", [])),
        not_subjects=tuple(draft.fold(e) for e in table.get("not_subjects", [])),
    )
