"""Noun phrases: the words that name a speaker or a source, found forward or backward from a word.

A phrase runs over capitalised words, adjectives and determiners up to a clause boundary; a title and its
genitives may come before a name (``пресс-секретарь президента Дмитрий Песков``); an outlet's phrase is cut to
its name (:func:`outlet_of`).
"""

from __future__ import annotations

from bisect import bisect_left

from claimcmp.analysis.numerals import is_hangul
from claimcmp.analysis.speech.rules import CONJ, DET, LINK, OUTLET, SKIP
from claimcmp.analysis.speech.view import MAX_NP, Paragraph, Who


def who_at(p: Paragraph, a: int, b: int) -> Who:
    """The words ``a..b-1`` as a speaker or source, with the brackets or name quotes they close."""
    start, end = p.tstart[a], p.tend[b - 1]
    inside = p.text[start:end]
    if inside.count("(") > inside.count(")") and p.text[end : end + 1] == ")":
        end += 1
    region = p.name_quotes.get(start - 1)
    if region is not None and region.close >= end:
        start, end = region.open, max(end, region.close + 1)
    end = _without_particle(p, b - 1, start, end)
    k = p.seg_of(start)
    offset = p.offsets[k]
    # "агентство", "the agency": an outlet named before, not a name of its own
    words = [i for i in range(a, b) if not p.is_word(i, DET)]
    generic = len(words) == 1 and p.is_word(words[0], OUTLET)
    return Who(p.text[start:end], p.segs[k], (start - offset, end - offset), generic)


def _without_particle(p: Paragraph, last: int, start: int, end: int) -> int:
    """``end`` moved before a case particle glued to the phrase's last word where the particle is
    certain: after a title ("대통령은" → "대통령"), after a letter of another script or a bracket
    ("BBC에", "(USGS)에"), or a particle of two syllables ("…께서"). A one-syllable particle after a
    Hangul name stays: "김정은" is a name that ends like a topic marker."""
    rules = p.rules[p.tseg[last]]
    particles = rules.subject_particles + rules.subject_stops
    if not particles:
        return end
    tail = p.text[start:end].lower()
    for particle in sorted(particles, key=len, reverse=True):
        if not tail.endswith(particle) or len(tail) <= len(particle) or tail[-len(particle) - 1].isspace():
            continue
        rest = tail[: -len(particle)]
        before = rest[-1]
        certain = (
            len(particle) > 1
            or not is_hangul(before)  # a particle after a Hangul syllable may be how a name ends
            or any(rest.endswith(title) for title in rules.subject_titles)
        )
        return end - len(particle) if certain else end
    return end


def np_forward(p: Paragraph, i: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that starts at word ``i`` (and ends before ``limit``)."""
    if i >= limit or p.stop_word(i) or p.is_word(i, CONJ) or p.begins(i, LINK):
        return None
    end = i + 1
    kind = _kind(p, i)
    first = p.sentence(i)[0]
    named = p.cap(i) and i != first  # a capitalised word that is not just the sentence's first
    while end < limit and end - i < MAX_NP:
        k = end
        if p.bound[k] or p.stop_word(k):
            break
        if p.is_word(k, LINK) or (p.is_word(k, CONJ) and kind != "det"):
            nxt = k + 1
            if nxt < limit and not p.bound[nxt] and not p.stop_word(nxt) and p.cap(nxt):
                end, kind = nxt + 1, _kind(p, nxt)
                continue
            if nxt < limit and p.is_word(k, LINK) and not p.bound[nxt] and not p.stop_word(nxt):
                end, kind = nxt + 1, "noun"  # "министъра на отбраната": one noun after the link
                continue
            break
        if p.cap(k):
            end, kind, named = k + 1, _kind(p, k), True
            continue
        # a lower-case word goes on after an adjective or determiner, or between two capitalised words
        sandwich = k + 1 < limit and not p.bound[k + 1] and p.cap(k + 1) and not p.stop_word(k + 1)
        # (a language listing no adjective endings, like English, may end a capitalised phrase in a
        # lower-case head: "South Korean intelligence")
        headed = kind == "cap" and not p.rules[p.tseg[k]].adjective_endings
        if kind in ("adj", "det") or (kind == "cap" and sandwich) or headed:
            end, kind = k + 1, _kind(p, k)
            continue
        if not named:
            # a title and its genitives before the name: "пресс-секретарь президента Дмитрий Песков"
            j = k
            while j < limit and j - k < 3 and not p.bound[j] and not p.stop_word(j) and not p.cap(j):
                j += 1
            if j < limit and not p.bound[j] and not p.stop_word(j) and p.cap(j):
                end, kind, named = j + 1, _kind(p, j), True
                continue
        break
    while end > i + 1 and (p.is_word(end - 1, LINK) or p.is_word(end - 1, CONJ) or p.is_word(end - 1, DET)):
        end -= 1
    if p.is_word(i, DET) and end == i + 1:
        return None
    return i, end


def np_material(p: Paragraph, i: int) -> bool:
    return not p.stop_word(i) or p.is_word(i, LINK) or p.is_word(i, CONJ) or p.is_word(i, DET)


def _kind(p: Paragraph, i: int) -> str:
    if p.is_word(i, DET):
        return "det"
    if p.adjective(i):
        return "adj"
    return "cap" if p.cap(i) else "noun"


def np_backward(p: Paragraph, last: int, lo: int, plural: bool = False) -> tuple[int, int] | None:
    """The noun phrase that ends at word ``last`` when its clause opens with a prepositional phrase.

    ``plural``: the verb has no subject of its own ("в МИД России заявили"), so a capitalised object of
    the opening preposition is the institution that speaks.
    """
    if last < lo or p.stop_word(last):
        return None
    start = last
    if p.cap(last):
        while start - 1 >= lo and not p.bound[start] and start > last - MAX_NP:
            q = start - 1
            if p.cap(q) and not p.stop_word(q):
                start = q
            elif (
                (p.is_word(q, LINK) or p.is_word(q, CONJ))
                and q - 1 >= lo
                and not p.bound[q]
                and p.cap(q - 1)
                and not p.stop_word(q - 1)
            ):
                start = q - 1
            else:
                break
        while start - 1 >= lo and not p.bound[start] and p.adjective(start - 1) and not p.stop_word(start - 1):
            start -= 1
        if start - 1 >= lo and not p.bound[start] and p.is_prep(start - 1):
            if start - 1 == lo and (last == start or plural):
                return start, last + 1  # "У Міноборони РФ заперечили": the institution where "they" said it
            if last == start:
                return None  # the object of the preposition, not a subject
            start += 1  # "до Ким Путин": the preposition's object is its first word
    else:
        while start - 1 >= lo and not p.bound[start] and start > last - MAX_NP:
            q = start - 1
            if p.stop_word(q) or not (p.adjective(q) or p.is_word(q, DET)):
                break
            start = q
        if start == last and start - 1 >= lo and not p.bound[start] and p.is_prep(start - 1):
            return None
    return start, last + 1


def np_before(p: Paragraph, last: int, lo: int) -> tuple[int, int] | None:
    """English-like: all the words right before the verb back to a clause boundary or preposition."""
    if last < lo or p.stop_word(last):
        return None
    start = last
    while start - 1 >= lo and not p.bound[start] and last - start < MAX_NP:
        q = start - 1
        if p.stop_word(q) or (p.is_word(q, CONJ) and not p.cap(start)):
            break
        gap = p.text[p.tend[q] : p.tstart[start]]
        if ")" in gap and gap[-1:].isspace():
            break  # a bracket closes before the phrase: "9일(현지시간) 영국 BBC에 따르면", not "(USGS)에"
        start = q
        if p.is_word(q, DET):
            break
    if p.is_word(start, DET) and start == last:
        return None
    return start, last + 1


def outlet_of(p: Paragraph, who: Who) -> Who:
    """An outlet's name within its noun phrase: after a descriptor noun, or an acronym in brackets."""
    if who.span is None or who.seg is None:
        return who
    k = p.local[who.seg]
    start = p.offsets[k] + who.span[0]
    end = p.offsets[k] + who.span[1]
    region = p.name_quotes.get(start)
    if region is not None and region.close == end - 1:  # «Интерфакс»: the name without its marks
        return Who(p.text[start + 1 : end - 1], who.seg, (who.span[0] + 1, who.span[1] - 1))
    first = bisect_left(p.tstart, start)
    last = bisect_left(p.tstart, end)
    inside = p.text[start:end]
    if inside.endswith(")") and "(" in inside:
        opening = inside.rindex("(")
        raw = inside[opening + 1 : -1]
        group = raw.strip()
        if group and group.isupper():
            at = start + opening + 1 + len(raw) - len(raw.lstrip()) - p.offsets[k]
            return Who(group, who.seg, (at, at + len(group)))
    for j in range(last - 2, first - 1, -1):
        if p.is_word(j, OUTLET) and all(p.cap(x) for x in range(j + 1, last)):
            return who_at(p, j + 1, last)
    # "the official KCNA news agency": the name before a lower-case descriptor
    if last - first > 1 and p.is_word(last - 1, OUTLET) and not p.cap(last - 1):
        j = last - 1
        while j > first and not p.cap(j - 1) and last - j < 3:
            j -= 1
        end = j
        while j > first and p.cap(j - 1) and not p.is_word(j - 1, DET):
            j -= 1
        if j < end and (j > first or p.is_word(first, DET) or end - j < last - first):
            return who_at(p, j, end)
    if first < last and p.is_word(first, DET) and last - first > 1:
        return who_at(p, first + 1, last)
    return who


def skip(p: Paragraph, i: int, hi: int) -> int:
    """The first word from ``i`` on that is no skip word (not crossing punctuation)."""
    start = i
    while i < hi and p.has(i, SKIP) and (i == start or not p.bound[i]):
        i += 1
    return i
