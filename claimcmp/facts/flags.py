"""Flag where two aligned statements disagree: numbers, dates, names, speakers, sources, polarity, quote wording.

Every comparison works on the facts that :mod:`claimcmp.analysis` extracted,
never on raw strings, so "3,3 миллиарда" and "3.3 billion" or "Путін" and
"Putin" are the same before any comparison starts. The rule throughout: a
fact that only one side states is an omission, not a contradiction (omissions
show in the clusters' coverage); a flag needs both sides to say something in
the same slot, and say it differently.

Severity follows how sure alignment is that the two statements report the
same claim: a contradiction in a pair whose margin plus evidence reaches
``flags.confident_score`` is ``high``, in a weaker pair ``medium``; a
different reporting outlet or a differently worded quote is ``low``. A pair
with a contradiction (number, date, entity, speaker, polarity) is ``related``;
one without stays ``equivalent``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from claimcmp.analysis import alias_keys, describe_quantity, metonym_of, role_keys, same_entity
from claimcmp.config import FlagSettings
from claimcmp.records import (
    SEVERITY_RANK,
    DateMention,
    Entity,
    Facts,
    Flag,
    FlagSide,
    FlagType,
    Pair,
    Quantity,
    Quote,
    Segment,
    Severity,
)

# "more than X" with no upper bound still means "not ten times X": the bound a reader
# assumes. понад 10 000 is compatible with 12 000 and not with 100 000; "at least 296 dead"
# (the first count) with 1 037 (the count a day later), as the real coverage's gold reads it.
_OPEN_BOUND_FACTOR = 4.0
# "около 600", "about 600": the value within this relative tolerance
_APPROX_TOLERANCE = 0.2
# the same figure written with rounding ("3,3 млрд" vs "3 312 000 000")
_ROUNDING_TOLERANCE = 0.02

CONTRADICTIONS: frozenset[FlagType] = frozenset({"number", "date", "entity", "speaker", "polarity"})

T = TypeVar("T")


def flag_pairs(pairs: Sequence[Pair], segments: Sequence[Segment], settings: FlagSettings) -> list[Pair]:
    """``pairs`` with their flags (at ``settings.min_severity`` or above) and their relation set."""
    by_id = {s.id: s for s in segments}
    least = SEVERITY_RANK[settings.min_severity]
    out = []
    for pair in pairs:
        confident = pair.score + pair.evidence >= settings.confident_score
        # two quotations are renderings of one only when the statements themselves are that close:
        # the names and figures that evidence counts are shared by two letters of the same leaders too
        same_quotation = pair.score >= settings.confident_score
        flags = flag_pair(by_id[pair.a], by_id[pair.b], confident, same_quotation=same_quotation)
        contradicted = any(f.type in CONTRADICTIONS for f in flags)
        shown = tuple(f for f in flags if SEVERITY_RANK[f.severity] >= least)
        out.append(replace(pair, flags=shown, relation="related" if contradicted else "equivalent"))
    return out


def shown_flags(flags: Sequence[Flag], settings: FlagSettings) -> tuple[Flag, ...]:
    """The flags at ``settings.min_severity`` or above."""
    least = SEVERITY_RANK[settings.min_severity]
    return tuple(f for f in flags if SEVERITY_RANK[f.severity] >= least)


def contradicting_pairs(
    candidates: Sequence[Pair],
    segments: Sequence[Segment],
    kept: Sequence[Pair],
    settings: FlagSettings,
    partnered_threshold: float,
) -> list[Pair]:
    """Near ``candidates`` whose facts contradict (figure, date, speaker, denial), flagged, as ``related`` pairs.

    Two statements that both already have a partner in the other's document
    (in ``kept``) get no extra pair: their renderings are there, and in
    translated text every neighbouring sentence has other figures. When one of
    them has, the candidate must reach ``partnered_threshold`` (margin plus
    evidence, the bar of a mutual best pair). Each statement takes at most one
    such partner per document, strongest first. They are not the same claim for
    sure, so their contradictions are ``medium``; a candidate that only words the
    same thing differently, or adds or drops a fact, is not kept.
    """
    by_id = {s.id: s for s in segments}
    partnered = {(x, by_id[y].doc) for p in kept for x, y in ((p.a, p.b), (p.b, p.a))}
    least = SEVERITY_RANK[settings.min_severity]
    out = []
    for pair in sorted(candidates, key=lambda p: (-(p.score + p.evidence), p.a, p.b)):
        a, b = by_id[pair.a], by_id[pair.b]
        taken = ((a.id, b.doc) in partnered) + ((b.id, a.doc) in partnered)
        flags = flag_pair(a, b, confident=False, raw_digits=False)
        # a denial against a confirmation is a statement of its own, whatever else either side pairs with
        opposed = any(f.type == "polarity" for f in flags)
        if not opposed and (taken == 2 or (taken == 1 and pair.score + pair.evidence < partnered_threshold)):
            continue
        if any(_sure_contradiction(f, a, b, pair, partnered_threshold) for f in flags):
            shown = tuple(f for f in flags if SEVERITY_RANK[f.severity] >= least)
            out.append(replace(pair, flags=shown, relation="related"))
            partnered |= {(a.id, b.doc), (b.id, a.doc)}
    return out


def _sure_contradiction(flag: Flag, a: Segment, b: Segment, pair: Pair, strong_score: float) -> bool:
    """Whether ``flag`` shows two statements contradicting, not two statements about different things.

    Between statements that alignment did not pair, a difference only counts when
    it cannot come from the statements being about different things: figures
    written in digits on both sides (not "двумя" against "10 000"), dates that
    name a day or a year on both sides (not "в июле" against "у квітні"), a denial
    against a confirmation, and different speakers only for a pair that is as
    close as a mutual best match (``strong_score``).
    """
    if flag.type == "number":
        return all(side is not None and any(ch.isdigit() for ch in side.text) for side in (flag.a, flag.b))
    if flag.type == "date":
        return not (_is_weak_date(a, flag.a) or _is_weak_date(b, flag.b))
    if flag.type == "speaker":
        return pair.score + pair.evidence >= strong_score
    return flag.type == "polarity"


def _is_weak_date(segment: Segment, side: FlagSide | None) -> bool:
    """A date that names no day and no year in its words ("в июле", "в этом году"): many events share it."""
    facts = segment.facts
    if side is None:
        return True
    return any(
        d.relative or (d.precision != "day" and not re.search(r"\d{4}", d.text))
        for d in facts.dates
        if d.span == side.span
    )


def flag_pair(
    a: Segment, b: Segment, confident: bool = True, raw_digits: bool = True, same_quotation: bool | None = None
) -> list[Flag]:
    """Every disagreement between the facts of ``a`` and ``b``, in a stable order.

    ``confident``: alignment is sure the two report one claim, so a
    contradiction between them is ``high`` (else ``medium``). ``raw_digits``:
    also compare digits no reader understood (only sound when the two are
    known to be one claim: any two sentences have different digits). ``same_quotation``:
    the statements are close enough for their quotations to be one quotation
    (default: ``confident``).
    """
    fa, fb = a.facts, b.facts
    contradiction: Severity = "high" if confident else "medium"
    flags: list[Flag] = []
    flags += _number_flags(a, b, fa.numbers, fb.numbers, contradiction)
    flags += _date_flags(a, b, fa.dates, fb.dates, contradiction)
    if raw_digits:
        flags += _digit_flags(a, b, fa, fb, flags, contradiction)
    if confident:
        # two names swapped, another speaker or a denial against a confirmation is only news
        # when the pair surely reports one claim: between merely similar statements they are
        # usually two claims (Volodin's thanks / Putin's congratulations)
        flags += _entity_flags(a, b, fa.entities, fb.entities, contradiction)
        flags += _speaker_flags(a, b, fa, fb, contradiction)
        flags += _polarity_flags(a, b, fa, fb, contradiction)
    if confident if same_quotation is None else same_quotation:
        # two quotations in merely similar statements are usually two quotations, not two renderings
        flags += _quote_flags(a, b, fa.quotes, fb.quotes)
    return flags


# --- numbers -------------------------------------------------------------------------


def quantity_interval(q: Quantity, open_bounds: bool = False) -> tuple[float, float] | None:
    """The values a stated quantity allows, as a closed interval (None: nothing to compare).

    ``open_bounds``: "at least X" allows any larger value and "up to X" any smaller, as for
    a toll that rises while it is counted ("at least 70 killed" the first evening, 288 the
    next day: both true).
    """
    low, high, value = q.low, q.high, q.value
    if value is not None and low in (None, value) and high in (None, value) and not _bound_side(q):
        tolerance = _APPROX_TOLERANCE if q.approx else _ROUNDING_TOLERANCE if _may_be_rounded(q) else 0.0
        return (value * (1 - tolerance), value * (1 + tolerance))
    if low is not None and high is not None:
        return (low, high)
    if low is not None:
        return (low, math.inf if open_bounds else low * _OPEN_BOUND_FACTOR)
    if high is not None:
        return (0.0 if open_bounds and high >= 0 else high / _OPEN_BOUND_FACTOR, high)
    return None


def _may_be_rounded(q: Quantity) -> bool:
    """Large figures are rounded in one report and exact in another; ordinals and small counts never are."""
    return q.kind != "ordinal" and q.value is not None and abs(q.value) >= 1000


def _bound_side(q: Quantity) -> str | None:
    """ "low" for "more than X", "high" for "up to X", None for a value or a range."""
    if q.low is not None and q.high is None:
        return "low"
    if q.high is not None and q.low is None:
        return "high"
    return None


def quantities_compatible(x: Quantity, y: Quantity, open_bounds: bool = False, rounding: bool = True) -> bool:
    """Both statements can be true: "at least 296" and "at least 820" can (the second is news, not a
    contradiction), "more than 10 000" and "12 000" can, "53%" and "52,94%" can (rounded).

    ``open_bounds`` as for :func:`quantity_interval` (counts of an outcome: killed, injured);
    ``rounding`` False: a value is stated to its last digit (a magnitude of 7 is not 6.8 rounded).
    """
    side = _bound_side(x)
    if side is not None and side == _bound_side(y):
        return True  # two bounds the same way never exclude each other
    if rounding and (rounded_from(x, y) or rounded_from(y, x)):
        return True
    ix, iy = quantity_interval(x, open_bounds), quantity_interval(y, open_bounds)
    if ix is None or iy is None:
        return True
    return ix[0] <= iy[1] and iy[0] <= ix[1]


def rounded_from(coarse: Quantity, fine: Quantity) -> bool:
    """``coarse`` states ``fine`` rounded to fewer decimals ("54,2" for "54,24", "53" for "52,94")."""
    if coarse.value is None or fine.value is None or _bound_side(coarse) or _bound_side(fine):
        return False
    places = _decimals(coarse.value)
    if places >= _decimals(fine.value):
        return False
    return abs(round(fine.value, places) - coarse.value) < 10 ** -(places + 3)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))


def quantities_agree(x: Quantity, y: Quantity) -> bool:
    """Both state a figure of the same kind and unit, and the figures can be the same."""
    return (
        _quantity_slot(x) == _quantity_slot(y)
        and quantity_interval(x) is not None
        and quantity_interval(y) is not None
        and quantities_compatible(x, y)
    )


def _quantity_slot(q: Quantity) -> tuple[str, str | None]:
    return (q.kind, q.unit)


def _number_flags(
    a: Segment, b: Segment, qa: Sequence[Quantity], qb: Sequence[Quantity], severity: Severity
) -> list[Flag]:
    flags = []
    for x, y in _unmatched_in_same_slot(qa, qb, _quantity_slot, quantities_compatible):
        flags.append(
            Flag(
                type="number",
                severity=severity,
                confidence=0.9 if x.kind == y.kind and x.unit == y.unit else 0.6,
                message=f"{a.doc} says {x.text}; {b.doc} says {y.text}",
                a=FlagSide(x.span, x.text, describe_quantity(x)),
                b=FlagSide(y.span, y.text, describe_quantity(y)),
            )
        )
    return flags


# --- dates ---------------------------------------------------------------------------


def date_parts(d: DateMention) -> dict[str, str] | None:
    """Year, month, day (and weekday) a date states; None when it cannot be compared."""
    if d.value is None:
        return None
    value = d.value
    if d.precision == "weekday":
        return {"weekday": value}
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value) or re.fullmatch(r"--(\d{2})-(\d{2})", value)
    if match is None:
        return {"value": value}
    groups = match.groups()
    if value.startswith("--"):
        return {"month": groups[0], "day": groups[1]}
    parts = {"year": groups[0]}
    if groups[1]:
        parts["month"] = groups[1]
    if groups[2]:
        parts["day"] = groups[2]
    return parts


def dates_compatible(x: DateMention, y: DateMention) -> bool:
    px, py = date_parts(x), date_parts(y)
    if px is None or py is None:
        return True
    return all(px[k] == py[k] for k in px.keys() & py.keys())


def dates_agree(x: DateMention, y: DateMention) -> bool:
    """Both state a date, they share at least one part (year, month, day) and no part differs."""
    px, py = date_parts(x), date_parts(y)
    if px is None or py is None:
        return False
    shared = px.keys() & py.keys()
    return bool(shared) and all(px[k] == py[k] for k in shared)


def _date_slot(d: DateMention) -> tuple[str, ...]:
    """Dates compete for one slot when they state the same kind of thing (a day, a year, a weekday)."""
    parts = date_parts(d) or {}
    return ("weekday",) if "weekday" in parts else ("day",) if "day" in parts else ("month-or-year",)


def _date_flags(
    a: Segment, b: Segment, da: Sequence[DateMention], db: Sequence[DateMention], severity: Severity
) -> list[Flag]:
    usable_a = [d for d in da if date_parts(d)]
    usable_b = [d for d in db if date_parts(d)]
    flags = []
    for x, y in _unmatched_in_same_slot(usable_a, usable_b, _date_slot, dates_compatible):
        if not date_parts(x).keys() & date_parts(y).keys():  # type: ignore[union-attr]
            continue
        flags.append(
            Flag(
                type="date",
                severity=severity,
                confidence=0.9 if x.precision == y.precision else 0.7,
                message=f"{a.doc} dates it {x.text} ({x.value}); {b.doc} says {y.text} ({y.value})",
                a=FlagSide(x.span, x.text, x.value),
                b=FlagSide(y.span, y.text, y.value),
            )
        )
    return flags


# --- digits the readers did not take as figures or dates -------------------------------

# a digit group; groups of three after a space, no-break space, comma or dot are one
# number ("100 000", "10,000", "1.000.000"), so grouping styles compare equal
_DIGITS = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d{3}(?!\d))*")
_GROUPING = re.compile(r"[\s\u00a0\u202f.,]")


def _digit_flags(
    a: Segment, b: Segment, fa: Facts, fb: Facts, raised: Sequence[Flag], severity: Severity
) -> list[Flag]:
    """Digits that differ where no figure or date reader could say what they count.

    "COVID-19" against "COVID-39", "2:2" against "2:5", "1480" against "5480-х":
    digits survive translation unchanged, so a digit string on each side with
    no equal on the other is a changed figure even when it is part of a name or
    a format the readers do not parse. Digits inside a figure or date that the
    other side agrees with, or that a flag already names, are left out; one
    leftover on one side only is an omission or a number written in words.
    """
    # a digit string the other side also has is agreed on, whatever reader took it; counted
    # with repeats, so "2:2" against "2:5" leaves one "2" against the "5"
    left_a = _unmatched_digits(_loose_digits(a, fa, fb, [f.a.span for f in raised if f.a and f.a.span]), b.text)
    left_b = _unmatched_digits(_loose_digits(b, fb, fa, [f.b.span for f in raised if f.b and f.b.span]), a.text)
    flags = []
    for (value_a, span_a), (value_b, span_b) in zip(left_a, left_b, strict=False):  # in reading order
        text_a, text_b = a.text[span_a[0] : span_a[1]], b.text[span_b[0] : span_b[1]]
        flags.append(
            Flag(
                type="date"
                if _years(value_a, value_b)
                or _same_date_part(span_a, fa, value_b)
                or _same_date_part(span_b, fb, value_a)
                else "number",
                severity=severity,
                confidence=0.6,
                message=f"{a.doc} has {text_a} where {b.doc} has {text_b}",
                a=FlagSide(span_a, text_a, value_a),
                b=FlagSide(span_b, text_b, value_b),
            )
        )
    return flags


def _unmatched_digits(digits: list[tuple[str, tuple[int, int]]], other_text: str) -> list[tuple[str, tuple[int, int]]]:
    """``digits`` less one occurrence for each time the other text has the same number."""
    available = Counter(value for value, _ in _digit_strings(other_text))
    out = []
    for value, span in digits:
        if available[value]:
            available[value] -= 1
        else:
            out.append((value, span))
    return out


def _years(x: str, y: str) -> bool:
    """Two four-digit numbers that read as years (1000-2100): a changed year is a date."""
    return all(len(v) == 4 and 1000 <= int(v) <= 2100 for v in (x, y))


def _same_date_part(span: tuple[int, int], facts: Facts, other: str) -> bool:
    """The digits at ``span`` are a day of a date mention, and ``other`` could be a day too."""
    return any(
        _inside(span, [d.span]) and (d.precision == "day" and other.isdigit() and 1 <= int(other) <= 31)
        for d in facts.dates
    )


def _loose_digits(
    segment: Segment, own: Facts, other: Facts, flagged: Sequence[tuple[int, int]]
) -> list[tuple[str, tuple[int, int]]]:
    """(digits, span) of every number in ``segment`` outside agreed-on figures and dates and raised flags."""
    settled = list(flagged)
    # a bound or an approximation may agree with other digits ("понад 10 000" / "12 000");
    # an exact figure or a range agrees only with the same digits, which the count settles
    settled += [
        q.span
        for q in own.numbers
        if (q.approx or _bound_side(q)) and any(quantities_agree(q, o) for o in other.numbers)
    ]
    settled += [d.span for d in own.dates if any(dates_agree(d, o) for o in other.dates)]
    return [(digits, span) for digits, span in _digit_strings(segment.text) if not _inside(span, settled)]


def _digit_strings(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every number written in digits, grouping removed ("100 000" -> "100000"), with its span."""
    return [(_GROUPING.sub("", m.group()), m.span()) for m in _DIGITS.finditer(text)]


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(lo <= span[0] and span[1] <= hi for lo, hi in spans)


# --- names ---------------------------------------------------------------------------


def _entity_flags(
    a: Segment,
    b: Segment,
    ea: Sequence[Entity],
    eb: Sequence[Entity],
    severity: Severity,
) -> list[Flag]:
    """One known name in one side's slot where the other side has a different known name of the same type.

    Only the clear case is flagged: after matching every name the two sides
    share (a capital standing for its state counts as shared), exactly one name
    of a type is left on each side, and both are names the alias table knows
    (Trump / Obama, China / Japan). Names only transliteration can compare
    ("Noosa" / "Нуса", "Джеф Уайз" / "Джеффри Уиза") differ in spelling far
    more often than in fact, so they are not flagged; nor is a name one side
    mentions and the other leaves out (an omission detail).
    """
    known = alias_keys() - role_keys()
    # the outlet a statement comes through is no referent of its claim (AFP / Reuters: a source flag's business)
    sources = {k for s in (a, b) for k in _source_keys(s.facts)}
    ea = [e for e in ea if e.key not in sources]
    eb = [e for e in eb if e.key not in sources]
    left_a = [e for e in ea if not any(_same_place_or_name(e.key, f.key) for f in eb)]
    left_b = [e for e in eb if not any(_same_place_or_name(e.key, f.key) for f in ea)]
    flags = []
    # organisations are left out: in news statements they are mostly the outlets and agencies a claim
    # comes through (BBC / Reuters), which is a source difference, not a different referent
    for entity_type in ("person", "place"):
        xs = _unique_by_key([e for e in left_a if e.type == entity_type])
        ys = _unique_by_key([e for e in left_b if e.type == entity_type])
        if len(xs) != 1 or len(ys) != 1 or xs[0].key not in known or ys[0].key not in known:
            continue
        x, y = xs[0], ys[0]
        flags.append(
            Flag(
                type="entity",
                severity=severity,
                confidence=0.8,
                message=f"{a.doc} names {x.text}; {b.doc} names {y.text} in its place",
                a=FlagSide(x.span, x.text, x.key),
                b=FlagSide(y.span, y.text, y.key),
            )
        )
    return flags


def _source_keys(facts: Facts) -> set[str]:
    return {
        key
        for holder in (facts.attribution, *facts.quotes)
        if holder is not None
        for key in (holder.via_key, holder.reported_by_key)
        if key
    }


def _same_place_or_name(key_a: str, key_b: str) -> bool:
    """One entity, or a capital and the state it stands for ("Пхеньян" / "КНДР")."""
    return same_entity(key_a, key_b) or metonym_of(key_a) == key_b or metonym_of(key_b) == key_a


def _unique_by_key(entities: list[Entity]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.key, entity)
    return list(seen.values())


# --- speakers and sources ------------------------------------------------------------


def _speaker_of(facts: Facts) -> tuple[str | None, str | None, tuple[int, int] | None]:
    if facts.attribution and facts.attribution.speaker_key:
        att = facts.attribution
        return att.speaker_key, att.speaker, att.speaker_span
    for quote in facts.quotes:
        if quote.speaker_key:
            return quote.speaker_key, quote.speaker, quote.speaker_span
    return None, None, None


def _source_of(facts: Facts) -> tuple[str | None, str | None]:
    for holder in (facts.attribution, *facts.quotes):
        if holder is None:
            continue
        if holder.via_key:
            return holder.via_key, holder.via
        if holder.reported_by_key:
            return holder.reported_by_key, holder.reported_by
    return None, None


def _at(segment: Segment, span: tuple[int, int] | None, fallback: str) -> str:
    return segment.text[span[0] : span[1]] if span else fallback


def _different_speakers(key_a: str, key_b: str) -> bool:
    """Two speakers that cannot be one person.

    A role ("Президент России", "Правитель РФ") and a name ("Путин") may well be
    one person, so only two names or two roles are compared, and only names
    the alias table knows.
    """
    roles = role_keys()
    if (key_a in roles) != (key_b in roles) or _same_place_or_name(key_a, key_b):
        return False
    if key_a not in alias_keys() or key_b not in alias_keys():
        # only names the alias table knows: a speaker phrase the reader took from an
        # unusual sentence ("Тем не менее, источник…") is no name to contradict
        return False
    return not same_entity(key_a, key_b)


def _speaker_flags(a: Segment, b: Segment, fa: Facts, fb: Facts, severity: Severity) -> list[Flag]:
    key_a, name_a, span_a = _speaker_of(fa)
    key_b, name_b, span_b = _speaker_of(fb)
    if key_a and key_b and name_a and name_b and _different_speakers(key_a, key_b):
        return [
            Flag(
                type="speaker",
                severity=severity,
                confidence=0.8,
                message=f"{a.doc} attributes this to {name_a}; {b.doc} to {name_b}",
                # a pronoun speaker ("Він") has its own span; the resolved name is in the message
                a=FlagSide(span_a, _at(a, span_a, name_a), key_a),
                b=FlagSide(span_b, _at(b, span_b, name_b), key_b),
            )
        ]
    source_a, via_a = _source_of(fa)
    source_b, via_b = _source_of(fb)
    if source_a and source_b and via_a and via_b and not same_entity(source_a, source_b):
        return [
            Flag(
                type="source",
                severity="low",
                confidence=0.7,
                message=f"{a.doc} cites {via_a}; {b.doc} cites {via_b}",
                a=FlagSide(None, via_a, source_a),
                b=FlagSide(None, via_b, source_b),
            )
        ]
    return []


# --- polarity ------------------------------------------------------------------------


def _polarity_flags(a: Segment, b: Segment, fa: Facts, fb: Facts, severity: Severity) -> list[Flag]:
    """One side denies what the other confirms ("напълно отрекоха" / "офіційно підтвердила").

    A plain assertion against a negated sentence is not flagged: translations
    move negation freely ("without injuries" / "пострадавших не было",
    "unbreakable" / "не се чупеха"), so only an explicit confirmation against
    a denial or negation is a disagreement worth a journalist's time.
    """
    if {fa.stance, fb.stance} != {"denied", "confirmed"}:
        return []
    return [
        Flag(
            type="polarity",
            severity=severity,
            confidence=0.7,
            message=f"{a.doc} {_stance_verb(fa)}; {b.doc} {_stance_verb(fb)}",
            a=_negation_side(a, fa),
            b=_negation_side(b, fb),
        )
    ]


def _stance_verb(facts: Facts) -> str:
    return {"denied": "denies or negates it", "confirmed": "confirms it", "asserted": "asserts it"}.get(
        facts.stance, "is unclear"
    )


def _negation_side(segment: Segment, facts: Facts) -> FlagSide:
    if facts.negation_span:
        start, end = facts.negation_span
        return FlagSide(facts.negation_span, segment.text[start:end], facts.stance)
    return FlagSide(None, "", facts.stance)


# --- quotes --------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _quote_flags(a: Segment, b: Segment, qa: Sequence[Quote], qb: Sequence[Quote]) -> list[Flag]:
    """The same quotation worded differently: within one language, which words differ."""
    if not qa or not qb:
        return []
    x, y = max(qa, key=lambda q: len(q.text)), max(qb, key=lambda q: len(q.text))
    words_x = [w.lower() for w in _WORD.findall(x.text)]
    words_y = [w.lower() for w in _WORD.findall(y.text)]
    if words_x == words_y:
        return []
    if a.lang == b.lang:
        only_a, only_b = word_differences(words_x, words_y)
        detail = f"; only in {a.doc}: {' '.join(only_a) or '—'}; only in {b.doc}: {' '.join(only_b) or '—'}"
    else:
        only_a, only_b, detail = [], [], f" ({a.lang} and {b.lang} renderings)"
    return [
        Flag(
            type="quote_variant",
            severity="low",
            confidence=0.6,
            message=f"the quotation is worded differently{detail}",
            a=FlagSide(x.span, x.text, " ".join(only_a) or None),
            b=FlagSide(y.span, y.text, " ".join(only_b) or None),
        )
    ]


def word_differences(words_a: Sequence[str], words_b: Sequence[str]) -> tuple[list[str], list[str]]:
    """Words only one side has, in order (a word-level diff)."""
    matcher = difflib.SequenceMatcher(a=list(words_a), b=list(words_b), autojunk=False)
    only_a: list[str] = []
    only_b: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            only_a.extend(words_a[i1:i2])
        if op in ("replace", "insert"):
            only_b.extend(words_b[j1:j2])
    return only_a, only_b


# --- matching ------------------------------------------------------------------------


def _unmatched_in_same_slot(
    xs: Sequence[T],
    ys: Sequence[T],
    slot: Callable[[T], object],
    compatible: Callable[[T, T], bool],
) -> list[tuple[T, T]]:
    """Facts of one slot that have no compatible counterpart, paired across sides in reading order.

    A fact with a compatible fact of the same slot on the other side is agreed
    on (a figure said twice on one side is still agreed on). What is left on
    *both* sides in one slot is a disagreement; what is left on one side only
    is an omission and is not returned.
    """

    def agreed(x: T, others: Sequence[T]) -> bool:
        return any(slot(o) == slot(x) and compatible(x, o) for o in others)

    left_x = [x for x in xs if not agreed(x, ys)]
    left_y = [y for y in ys if not agreed(y, xs)]
    out: list[tuple[T, T]] = []
    taken: set[int] = set()
    for x in left_x:
        j = next((j for j, y in enumerate(left_y) if j not in taken and slot(y) == slot(x)), None)
        if j is not None:
            taken.add(j)
            out.append((x, left_y[j]))
    return out
