"""Evidence that two statements report the same claim, beyond their embedding cosine.

Names, speakers, figures and dates survive translation better than wording
does: "Кім Чен Ин" and "Ким Чен Ын" share a key, "15 серпня" and "15 августа"
share a date. :class:`EvidenceScorer` turns what two statements' facts have in
common into a bonus in margin-score units, which alignment adds to the margin
(and takes off the cosine floor) for the candidates it already has.

Only agreement counts. A figure or date that *differs* adds nothing and takes
nothing away: a disagreement inside a real pair is exactly what claimcmp must
find, so it must never keep the pair from forming. Names are weighted by
rarity in the input (inverse document frequency over its statements): in five
articles about Putin and Kim, sharing "Putin" says little, sharing "Volodin"
says much.

Calibration (``alignment.evidence_weight``, BENCHMARKS.md): on the 20 FLORES
dev article sets the bonus neither adds nor removes a wrong pair at 0.02 per
kind of evidence (precision 0.990 both ways, recall 0.995 → 0.995); the sets
have few names and figures, so most of its effect shows on the seeds, where it
joins the different years' letters (the KCNA source lines of 001 and 004, the
Putin letter lines of 002 and 004) that the cosine floor alone keeps apart.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from claimcmp.records import DateMention, Facts, Quantity, Segment


@dataclass(frozen=True)
class _Profile:
    """The facts of one statement that can be matched across languages."""

    names: frozenset[str]
    speakers: frozenset[str]
    numbers: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]

    @property
    def empty(self) -> bool:
        return not (self.names or self.speakers or self.numbers or self.dates)


class EvidenceScorer:
    """Bonus for pairs of ``segments`` (by position) whose facts agree.

    ``weight`` is the bonus for each kind of agreement that holds fully:
    names (rarity-weighted overlap, 0–1), the speaker (weighted by how rarely
    the input quotes them, 0–1), a figure, a date. Entity, number and
    date comparisons are passed in so that this module depends on records only.
    """

    def __init__(
        self,
        segments: Sequence[Segment],
        weight: float,
        *,
        same_entity: Callable[[str, str], bool],
        metonym_of: Callable[[str], str | None],
        numbers_agree: Callable[[Quantity, Quantity], bool],
        dates_agree: Callable[[DateMention, DateMention], bool],
    ) -> None:
        self.weight = weight
        self._same_entity = same_entity
        self._numbers_agree = numbers_agree
        self._dates_agree = dates_agree
        self._profiles = [_profile(s.facts, metonym_of) for s in segments]
        frequency = Counter(name for p in self._profiles for name in p.names)
        total = len(self._profiles)
        # +1 on both sides: a name in every statement weighs log(1 + 1/n) ≈ 0, never below
        self._idf = {name: math.log((total + 1) / (n + 1)) for name, n in frequency.items()}
        speakers = Counter(key for p in self._profiles for key in p.speakers)
        # a speaker who says half of everything in the input tells two statements apart by half as much
        self._speaker_weight = {key: 1.0 - n / total for key, n in speakers.items()}
        self._cache: dict[tuple[int, int], float] = {}

    def bonus(self, i: int, j: int) -> float:
        """The margin bonus for statements ``i`` and ``j`` (0 when nothing agrees)."""
        if self.weight == 0:
            return 0.0
        a, b = self._profiles[i], self._profiles[j]
        if a.empty or b.empty:  # most pairs of a large input: no lookup, nothing cached
            return 0.0
        key = (i, j) if i < j else (j, i)
        if key not in self._cache:
            agreement = self._names(a.names, b.names)
            agreement += self._speakers(a.speakers, b.speakers)
            agreement += float(self._any(a.numbers, b.numbers, self._numbers_agree))
            agreement += float(self._any(a.dates, b.dates, self._dates_agree))
            self._cache[key] = self.weight * agreement
        return self._cache[key]

    def _speakers(self, speakers_a: frozenset[str], speakers_b: frozenset[str]) -> float:
        """The rarer a shared speaker is in the input, the more sharing it says (0-1)."""
        shared = [x for x in sorted(speakers_a) if any(self._same_entity(x, y) for y in speakers_b)]
        return max((self._speaker_weight.get(x, 0.0) for x in shared), default=0.0)

    def _names(self, names_a: frozenset[str], names_b: frozenset[str]) -> float:
        """Weighted Jaccard overlap of two statements' names (each name weighted by rarity)."""
        if not names_a or not names_b:
            return 0.0
        shared = union = 0.0
        unmatched_b = set(names_b)
        for name in sorted(names_a):
            weight = self._idf.get(name, 0.0)
            union += weight
            match = (
                name
                if name in unmatched_b
                else next((y for y in sorted(unmatched_b) if self._same_entity(name, y)), None)
            )
            if match is not None:
                shared += weight
                unmatched_b.discard(match)
        union += sum(self._idf.get(name, 0.0) for name in unmatched_b)
        return shared / union if union > 0 else 0.0

    def _match(self, name: str, names: set[str]) -> str | None:
        return next((other for other in sorted(names) if self._same_entity(name, other)), None)

    @staticmethod
    def _any(xs: Sequence[object] | frozenset[str], ys: Sequence[object] | frozenset[str], agree: Callable) -> bool:  # type: ignore[type-arg]
        return any(agree(x, y) for x in xs for y in ys)


def _profile(facts: Facts, metonym_of: Callable[[str], str | None]) -> _Profile:
    names: set[str] = set()
    for entity in facts.entities:
        names.add(entity.key)
        state = metonym_of(entity.key)  # "Пхеньян" also stands for the DPRK
        if state:
            names.add(state)
    speakers = {q.speaker_key for q in facts.quotes if q.speaker_key}
    if facts.attribution is not None and facts.attribution.speaker_key:
        speakers.add(facts.attribution.speaker_key)
    return _Profile(frozenset(names), frozenset(speakers), facts.numbers, facts.dates)


def evidence_scorer(segments: Sequence[Segment], weight: float) -> EvidenceScorer:
    """An :class:`EvidenceScorer` wired to claimcmp's own entity, number and date comparisons."""
    from claimcmp.analysis import metonym_of, same_entity
    from claimcmp.facts import dates_agree, quantities_agree

    return EvidenceScorer(
        segments,
        weight,
        same_entity=same_entity,
        metonym_of=metonym_of,
        numbers_agree=quantities_agree,
        dates_agree=dates_agree,
    )
