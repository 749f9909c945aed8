"""Align statements across documents and group them into claim clusters.

Method (LASER-style margin mining, Artetxe & Schwenk 2019):

1. Boilerplate and fragments of fewer than ``min_words`` words are left out:
   they cannot state a claim, and their format matches across sites.
2. For every pair of documents A, B, each segment's ``k`` nearest neighbours in
   the other document are its candidates, and their mean cosine measures how
   crowded its neighbourhood is. Above ``compare_all_below`` documents, only
   the pairs of documents that a pooled FAISS kNN search finds sharing a close
   statement are compared (:func:`_document_pairs`), so nothing grows with the
   square of the input. (Neighbours are taken per document pair, not
   over all documents pooled: in a pool, a claim's nearest neighbours are its
   own renderings in the other articles, which drowns the margin; a probe on
   the dev sets measured F1 0.30 pooled against 0.92 per pair.)
3. A candidate pair's margin score is its cosine divided by the average of the
   two neighbourhood means. e5 cosines are compressed (matched ≈ 0.91,
   unrelated ≈ 0.76), so a raw cosine cut cannot tell them apart; the margin can, because it asks "is this match clearly
   better than what else is around?".
4. Facts that agree (rare names, the speaker, a figure, a date; see
   :mod:`claimcmp.align.evidence`) add a small bonus to the margin and take it off
   the cosine floor. A pair is kept when the two segments are each other's
   best match in the document pair by margin plus bonus, that sum clears
   ``threshold`` and the cosine plus bonus clears the floor for its kind of
   language pair (:func:`similarity_floor`). Every pair starts ``equivalent``;
   the pipeline makes it ``related`` when its facts disagree (the margin does
   not tell the two apart: measured in BENCHMARKS.md).
5. Pairs form a graph, clustered by :func:`cluster_pairs` without chaining.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from claimcmp.config import AlignmentSettings, IndexSettings
from claimcmp.input import language_script
from claimcmp.records import Cluster, Document, NearMiss, Pair, Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimcmp.align.evidence import EvidenceScorer

    Matrix = npt.NDArray[np.float32]

# two documents' statements of one kind class compared: ((kind class, document), (kind class, document))
DocumentPair = tuple[tuple[str, str], tuple[str, str]]

# headlines state claims too ("Путин поздравил Ким Чен Ына с годовщиной КНДР"), but in
# headline form: they align with headlines, body sentences with body sentences, and a
# dateline only with another dateline (where the publication dates can then be compared)
_KIND_CLASS: dict[str, str] = {"sentence": "body", "title": "headline", "heading": "headline", "dateline": "dateline"}
# how much closer two consecutive sentences taken together must be than the closer of
# the two alone before --ordered treats them as one statement split in two
_WINDOW_GAIN = 0.01
_CONTENT_WORD = re.compile(r"[^\W\d_]{2,}")
# The pooled search that picks document pairs runs every statement as a query: exact, it costs n²
# (0.7 s at 10k statements, minutes at 100k), so it turns approximate (IVF) early. A document pair
# is found when any of its shared statements finds its partner, so few IVF lists per query do:
# at 100k statements nprobe 4 finds the same document pairs as exact search (BENCHMARKS.md).
_POOLED_EXACT_LIMIT = 5_000
_POOLED_NPROBE = 4


def is_alignable(segment: Segment, min_words: int) -> bool:
    """Boilerplate and fragments too short to state a claim take no part in alignment.

    Short lines ("Фото: NPR") embed mostly their format, and format matches
    format across sites; a claim needs a few words. Datelines are the exception:
    they only ever meet other datelines.
    """
    if segment.kind == "dateline":
        return True
    return segment.kind in _KIND_CLASS and len(_CONTENT_WORD.findall(segment.text)) >= min_words


def _kind_class(segment: Segment) -> str:
    return _KIND_CLASS.get(segment.kind, segment.kind)


def similarity_floor(lang_a: str, lang_b: str, settings: AlignmentSettings) -> float:
    """Lowest cosine a pair of these languages may have.

    Cosines are not comparable across language pairs: the same claim scores
    higher within one language than across two, and higher across two Cyrillic
    languages than across scripts. One floor per kind keeps each kind's
    unrelated pairs out without dropping its true ones.
    """
    if lang_a == lang_b:
        return settings.min_similarity_same_language
    # every language identification can name has a script, with or without a language file:
    # German and English share one, as Russian and Ukrainian do
    script_a, script_b = language_script(lang_a), language_script(lang_b)
    if script_a is not None and script_a == script_b:
        return settings.min_similarity
    return settings.min_similarity_cross_script


@dataclass(frozen=True)
class _Candidates:
    """One document pair's candidates: for every statement of A its k nearest in B, and back."""

    rows_a: Any  # positions in ``segments`` of A's statements
    rows_b: Any
    cos_ab: Any  # (len A, k) cosines of each A statement's neighbours in B
    nn_ab: Any  # (len A, k) which B statements (index into rows_b)
    margin_ab: Any
    bonus_ab: Any
    cos_ba: Any
    nn_ba: Any
    margin_ba: Any
    bonus_ba: Any


def _document_pair_candidates(
    segments: Sequence[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None,
    search: IndexSettings | None = None,
    only: Sequence[DocumentPair] | None = None,
) -> Iterator[_Candidates]:
    """kNN candidates with margin scores and evidence bonuses, per pair of documents of one kind class
    (those of ``only`` when given)."""
    import numpy as np

    by_doc = _rows_by_document(segments, settings)
    rows_of = {doc: np.array(rows) for doc, rows in by_doc.items()}

    def bonuses(rows: Matrix, other_rows: Matrix, neighbours: Matrix) -> Matrix:
        """The evidence bonus of every (statement, candidate) cell."""
        out = np.zeros(neighbours.shape, dtype=np.float32)
        if evidence is not None:
            for x, row in enumerate(neighbours):
                for y, n in enumerate(row):
                    out[x, y] = evidence.bonus(int(rows[x]), int(other_rows[n]))
        return out

    chosen = _document_pairs(by_doc, vectors, settings, search or IndexSettings()) if only is None else only
    for doc_a, doc_b in chosen:
        rows_a, rows_b = rows_of[doc_a], rows_of[doc_b]
        k = min(settings.neighbours, len(rows_a), len(rows_b))
        cos_ab, nn_ab = _nearest(vectors[rows_a], vectors[rows_b], k)  # each a's k neighbours in b
        cos_ba, nn_ba = _nearest(vectors[rows_b], vectors[rows_a], k)
        mean_a, mean_b = cos_ab.mean(axis=1), cos_ba.mean(axis=1)
        yield _Candidates(
            rows_a=rows_a,
            rows_b=rows_b,
            cos_ab=cos_ab,
            nn_ab=nn_ab,
            margin_ab=cos_ab / ((mean_a[:, None] + mean_b[nn_ab]) / 2.0),
            bonus_ab=bonuses(rows_a, rows_b, nn_ab),
            cos_ba=cos_ba,
            nn_ba=nn_ba,
            margin_ba=cos_ba / ((mean_b[:, None] + mean_a[nn_ba]) / 2.0),
            bonus_ba=bonuses(rows_b, rows_a, nn_ba),
        )


def _rows_by_document(segments: Sequence[Segment], settings: AlignmentSettings) -> dict[tuple[str, str], list[int]]:
    """(kind class, document) → the positions of its alignable statements, in reading order."""
    by_doc: dict[tuple[str, str], list[int]] = {}
    for i, segment in enumerate(segments):
        if is_alignable(segment, settings.min_words):
            by_doc.setdefault((_kind_class(segment), segment.doc), []).append(i)
    return by_doc


def document_pairs(
    segments: Sequence[Segment], vectors: Matrix, settings: AlignmentSettings, search: IndexSettings
) -> list[DocumentPair]:
    """The document pairs :func:`mine_pairs` compares, in its order: split them, and :func:`mine_pairs` over
    each part (``only``), concatenated in order, gives what one :func:`mine_pairs` gives (the Ray engine)."""
    return list(_document_pairs(_rows_by_document(segments, settings), vectors, settings, search))


def _document_pairs(
    by_doc: dict[tuple[str, str], list[int]], vectors: Matrix, settings: AlignmentSettings, search: IndexSettings
) -> Iterator[DocumentPair]:
    """The pairs of documents (of one kind class) worth comparing, in input order.

    Up to ``compare_all_below`` documents, every pair. Above, comparing every
    pair would grow with the square of the number of documents, so one pooled
    kNN search over all statements (:mod:`claimcmp.align.vector_index`) picks the
    pairs that share at least one close statement: a document pair with no
    statement among each other's ``document_neighbours`` nearest has nothing
    to align. Time and memory then grow with the number of statements.
    """
    import numpy as np

    from claimcmp.align.vector_index import build_vector_index, search_in_batches

    keys = list(by_doc)
    if len({doc for _, doc in keys}) <= settings.compare_all_below:
        yield from ((a, b) for a, b in combinations(keys, 2) if a[0] == b[0])
        return
    rows = np.concatenate([np.asarray(by_doc[key]) for key in keys])
    owner = np.concatenate([np.full(len(by_doc[key]), n) for n, key in enumerate(keys)])
    index = build_vector_index(
        vectors[rows], min(search.exact_limit, _POOLED_EXACT_LIMIT), min(search.nprobe, _POOLED_NPROBE)
    )
    # the loosest bar any pair can pass: the lowest floor, less the largest slack and evidence bonus
    loosest = (
        min(settings.min_similarity, settings.min_similarity_same_language, settings.min_similarity_cross_script)
        - max(settings.related_slack, settings.stance_slack)
        - 4 * settings.evidence_weight
    )
    found: set[int] = set()
    for start, cosines, ids in search_in_batches(index, vectors[rows], settings.document_neighbours + 1):
        mine = np.repeat(owner[start : start + len(ids)], ids.shape[1])
        theirs = owner[np.maximum(ids.ravel(), 0)]
        keep = (ids.ravel() >= 0) & (cosines.ravel() >= loosest) & (mine != theirs)
        low, high = np.minimum(mine[keep], theirs[keep]), np.maximum(mine[keep], theirs[keep])
        found.update(np.unique(low.astype(np.int64) * len(keys) + high).tolist())
    for code in sorted(found):
        a, b = keys[code // len(keys)], keys[code % len(keys)]
        if a[0] == b[0]:
            yield a, b


def _nearest(queries: Matrix, base: Matrix, k: int) -> tuple[Matrix, Any]:
    """Each query's ``k`` most similar rows of ``base``: cosines (descending) and row numbers.

    One document against another: small enough for a matrix product, taken in
    blocks of rows so that two very long documents still need little memory.
    """
    import numpy as np

    cosines = np.empty((len(queries), k), dtype=np.float32)
    nearest = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 1024):
        sims = queries[start : start + 1024] @ base.T
        # stable sort on the negated cosines: ties keep the earlier row, as FAISS's flat search does
        order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        nearest[start : start + len(order)] = order
        cosines[start : start + len(order)] = np.take_along_axis(sims, order, axis=1)
    return cosines, nearest


def _pair(seg_a: Segment, seg_b: Segment, sim: float, score: float, bonus: float) -> Pair:
    return Pair(
        a=seg_a.id,
        b=seg_b.id,
        similarity=round(sim, 4),
        score=round(score, 4),
        relation="equivalent",
        evidence=round(bonus, 4),
    )


def mine_pairs(
    segments: Sequence[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None = None,
    search: IndexSettings | None = None,
    only: Sequence[DocumentPair] | None = None,
) -> tuple[list[Pair], list[Pair]]:
    """The mutual best pairs (:func:`align_segments`) and the near candidates (:func:`near_candidates`), one search.

    Document pair by document pair, so only one pair's kNN lists are held at a time; each pair's
    results depend on that pair alone, so ``only`` (a part of :func:`document_pairs`) mines a part.
    """
    pairs: list[Pair] = []
    near: list[Pair] = []
    for candidates in _document_pair_candidates(segments, vectors, settings, evidence, search, only):
        pairs += _mutual_best(segments, [candidates], settings)
        near += _near(segments, [candidates], settings)
    return pairs, near


def align_segments(
    segments: Sequence[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None = None,
) -> list[Pair]:
    """Mutual best matches by margin score (plus the facts' ``evidence`` bonus) for every pair of documents."""
    return _mutual_best(segments, _document_pair_candidates(segments, vectors, settings, evidence), settings)


def _mutual_best(
    segments: Sequence[Segment], candidates: Iterable[_Candidates], settings: AlignmentSettings
) -> list[Pair]:
    import numpy as np

    pairs: list[Pair] = []
    for c in candidates:
        best_b = c.nn_ab[np.arange(len(c.rows_a)), (c.margin_ab + c.bonus_ab).argmax(axis=1)]
        best_a = c.nn_ba[np.arange(len(c.rows_b)), (c.margin_ba + c.bonus_ba).argmax(axis=1)]
        for a, b in enumerate(best_b):
            if best_a[b] != a:
                continue
            j = int(np.flatnonzero(c.nn_ab[a] == b)[0])
            score, sim, bonus = float(c.margin_ab[a, j]), float(c.cos_ab[a, j]), float(c.bonus_ab[a, j])
            seg_a, seg_b = segments[c.rows_a[a]], segments[c.rows_b[b]]
            # agreeing facts vouch for a pair the embedding alone finds borderline
            if score + bonus < settings.threshold or sim + bonus < similarity_floor(seg_a.lang, seg_b.lang, settings):
                continue
            pairs.append(_pair(seg_a, seg_b, sim, score, bonus))
    return pairs


def near_candidates(
    segments: Sequence[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None = None,
) -> list[Pair]:
    """Every kNN candidate close enough to be about the same fact, mutual best or not.

    Mutual best matching keeps one partner per statement and document, so a
    statement that reports the same event differently ("100 000 offered" /
    "over 10 000 sent") loses to a closer one. These candidates pass looser
    bars (margin plus evidence at least ``related_threshold``, cosine plus
    evidence at least the floor minus ``related_slack``); the pipeline keeps
    only those whose facts contradict, as ``related`` pairs.
    """
    return _near(segments, _document_pair_candidates(segments, vectors, settings, evidence), settings)


def opposite_stance_candidates(
    segments: Sequence[Segment],
    vectors: Matrix,
    settings: AlignmentSettings,
    evidence: EvidenceScorer | None = None,
) -> list[Pair]:
    """Statements of different documents where one denies and the other confirms, about the same names.

    "Пхенян и Москва напълно отрекоха …" against "КНДР вперше офіційно
    підтвердила …": the embedding sees two different predicates and ranks the
    pair low, yet a denial against a confirmation about the same actors is what
    a fact-checker most wants to see. Explicit denials and confirmations are
    rare, so all such pairs are compared directly (no kNN): kept when they share
    a name (evidence) and the cosine reaches the floor minus ``stance_slack``.
    Each denial keeps at most one confirmation per other document and
    ``_STANCE_PARTNERS`` in all, the closest by cosine plus evidence: however
    much evidence agrees, the candidates grow with the denials, never with
    denials × confirmations.
    """
    import numpy as np

    from claimcmp.analysis import denies_in_words

    denied = [i for i, s in enumerate(segments) if denies_in_words(s)]
    confirmed = [i for i, s in enumerate(segments) if s.facts.stance == "confirmed"]
    if not denied or not confirmed:
        return []
    rows: dict[tuple[str, str], list[int]] = {}
    for i, segment in enumerate(segments):
        if is_alignable(segment, settings.min_words):
            rows.setdefault((_kind_class(segment), segment.doc), []).append(i)

    crowds: dict[tuple[int, str], float] = {}

    def crowd(i: int, doc: str) -> float:
        """Mean cosine of statement ``i``'s k nearest statements in ``doc`` (the margin's denominator)."""
        if (i, doc) not in crowds:
            others = rows.get((_kind_class(segments[i]), doc), [])
            cosines = np.sort(vectors[others] @ vectors[i])[::-1][: settings.neighbours]
            crowds[i, doc] = float(cosines.mean()) if len(cosines) else 1.0
        return crowds[i, doc]

    out: list[Pair] = []
    # the largest bonus is one weight for each kind of evidence: names, speaker, figure, date
    lowest = (
        min(settings.min_similarity, settings.min_similarity_same_language, settings.min_similarity_cross_script)
        - settings.stance_slack
        - 4 * (evidence.weight if evidence is not None else 0.0)
    )
    for i, nearest in zip(denied, _nearest_confirmations(denied, confirmed, vectors, lowest), strict=True):
        a = segments[i]
        if not is_alignable(a, settings.min_words):
            continue
        # the best confirmation in each other document, by cosine plus evidence (ties: reading order)
        best: dict[str, tuple[float, float, float, int]] = {}
        for j in nearest:
            b = segments[j]
            if a.doc == b.doc or _kind_class(a) != _kind_class(b):
                continue
            bonus = evidence.bonus(i, j) if evidence is not None else 0.0
            sim = float(np.dot(vectors[i], vectors[j]))
            if bonus <= 0 or sim + bonus < similarity_floor(a.lang, b.lang, settings) - settings.stance_slack:
                continue
            if b.doc not in best or sim + bonus > best[b.doc][0]:
                best[b.doc] = (sim + bonus, sim, bonus, j)
        kept = sorted(best.values(), key=lambda x: (-x[0], x[3]))[:_STANCE_PARTNERS]
        for _, sim, bonus, j in sorted(kept, key=lambda x: x[3]):
            b = segments[j]
            first, second = (a, b) if (a.doc, a.index) < (b.doc, b.index) else (b, a)
            margin = sim / ((crowd(i, b.doc) + crowd(j, a.doc)) / 2)
            out.append(_pair(first, second, sim, margin, bonus))
    return out


# most confirmations compared with one denial: an article set has a handful; past this many (a big
# corpus, or a hostile input of thousands of near-identical statements) only the nearest are
_STANCE_CANDIDATES = 256
# most confirmations (each in its own document) one denial is paired with, whatever the evidence.
# An article set has one or two per denial; a denial confirmed in more documents than this is shown
# against the closest few, the others would only repeat its flag. Evidence alone cannot bound it:
# figures of 1,000 and more agree within 2 % (rounding), so in thousands of near-identical statements
# nearly every denial-confirmation pair has agreeing evidence (19,212 pairs at 2,400 each, uncapped).
_STANCE_PARTNERS = 8


def _nearest_confirmations(
    denied: list[int], confirmed: list[int], vectors: Matrix, lowest: float
) -> Iterator[list[int]]:
    """For each denial, in reading order, the confirmations whose cosine reaches ``lowest``.

    ``lowest`` is below every floor a pair could pass with the largest evidence bonus, so
    the filter drops no pair the exact comparison would keep; it only spares the Python
    loop (and the evidence cache) the pairs that cannot pass.
    """
    import numpy as np

    columns = np.asarray(confirmed)
    matrix = vectors[columns]
    for start in range(0, len(denied), 1024):
        block = vectors[denied[start : start + 1024]] @ matrix.T
        for row in block:
            passing = np.flatnonzero(row >= lowest)
            if len(passing) > _STANCE_CANDIDATES:
                passing = passing[np.argpartition(-row[passing], _STANCE_CANDIDATES - 1)[:_STANCE_CANDIDATES]]
            yield [int(j) for j in np.sort(columns[passing])]


def _near(segments: Sequence[Segment], candidates: Iterable[_Candidates], settings: AlignmentSettings) -> list[Pair]:
    seen: set[tuple[str, str]] = set()
    out: list[Pair] = []
    for c in candidates:
        for rows, others, cos, nn, margin, bonus, flip in (
            (c.rows_a, c.rows_b, c.cos_ab, c.nn_ab, c.margin_ab, c.bonus_ab, False),
            (c.rows_b, c.rows_a, c.cos_ba, c.nn_ba, c.margin_ba, c.bonus_ba, True),
        ):
            for x in range(len(rows)):
                for y in range(nn.shape[1]):
                    seg_x, seg_y = segments[rows[x]], segments[others[nn[x, y]]]
                    seg_a, seg_b = (seg_y, seg_x) if flip else (seg_x, seg_y)
                    if (seg_a.id, seg_b.id) in seen:
                        continue
                    score, sim, extra = float(margin[x, y]), float(cos[x, y]), float(bonus[x, y])
                    floor = similarity_floor(seg_a.lang, seg_b.lang, settings) - settings.related_slack
                    if score + extra >= settings.related_threshold and sim + extra >= floor:
                        seen.add((seg_a.id, seg_b.id))
                        out.append(_pair(seg_a, seg_b, sim, score, extra))
    return out


def align_ordered(segments: Sequence[Segment], vectors: Matrix, settings: AlignmentSettings) -> list[Pair]:
    """Monotonic alignment for documents that are translations of each other (``--ordered``).

    For every pair of documents, dynamic programming over the statements in
    reading order (as Vecalign and Bertalign do) picks the best path of 1-1,
    1-0, 0-1, 1-2 and 2-1 steps. A step's gain is its margin score minus
    ``threshold``, so only matches that mining would accept add to a path; a
    1-2 step compares one statement with the normalised sum of two neighbours'
    vectors and yields a pair for each of them. Statements of different kind
    classes (headline, body, dateline) never match.
    """
    import numpy as np

    by_doc: dict[str, list[int]] = {}
    for i, segment in enumerate(segments):
        if is_alignable(segment, settings.min_words):
            by_doc.setdefault(segment.doc, []).append(i)
    pairs: list[Pair] = []
    for doc_a, doc_b in combinations(by_doc, 2):
        rows_a, rows_b = by_doc[doc_a], by_doc[doc_b]
        va, vb = vectors[rows_a], vectors[rows_b]
        k = min(settings.neighbours, len(rows_a), len(rows_b))
        cos = va @ vb.T
        mean_a = -np.sort(-cos, axis=1)[:, :k].mean(axis=1)
        mean_b = -np.sort(-cos, axis=0)[:k, :].mean(axis=0)
        floor = similarity_floor(segments[rows_a[0]].lang, segments[rows_b[0]].lang, settings)
        classes_a = np.array([_kind_class(segments[r]) for r in rows_a])
        classes_b = np.array([_kind_class(segments[r]) for r in rows_b])

        def window(v: Matrix, means: Matrix, classes: npt.NDArray[np.str_]) -> tuple[Matrix, Matrix, Any]:
            """Two consecutive statements as one: normalised vector sum, mean neighbourhood, same class."""
            summed = v[:-1] + v[1:]
            summed /= np.linalg.norm(summed, axis=1, keepdims=True)
            return summed, ((means[:-1] + means[1:]) / 2).astype(np.float32), classes[:-1] == classes[1:]

        wa, wmean_a, wsame_a = window(va, mean_a, classes_a)
        wb, wmean_b, wsame_b = window(vb, mean_b, classes_b)
        # sim, score and gain of every 1-1, 2-1 and 1-2 step, as matrices (one numpy pass each)
        steps = {}
        for (di, dj), (x, mx, sx, cx), (y, my, sy, cy) in (
            ((1, 1), (va, mean_a, True, classes_a), (vb, mean_b, True, classes_b)),
            ((2, 1), (wa, wmean_a, wsame_a, classes_a[1:]), (vb, mean_b, True, classes_b)),
            ((1, 2), (va, mean_a, True, classes_a), (wb, wmean_b, wsame_b, classes_b[1:])),
        ):
            sim = x @ y.T
            score = sim / ((mx[:, None] + my[None, :]) / 2)
            allowed = (sim >= floor) & (cx[:, None] == cy[None, :]) & np.asarray(sx)[..., None] & np.asarray(sy)
            if di == 2:  # a window must clearly beat its best single sentence, or it is one sentence plus noise
                allowed &= sim >= np.maximum(cos[:-1], cos[1:]) + _WINDOW_GAIN
            elif dj == 2:
                allowed &= sim >= np.maximum(cos[:, :-1], cos[:, 1:]) + _WINDOW_GAIN
            steps[di, dj] = (sim, score, np.where(allowed, score - settings.threshold, -1.0))

        n, m = len(rows_a), len(rows_b)
        best = np.zeros((n + 1, m + 1))
        step: dict[tuple[int, int], tuple[int, int, float, float]] = {}
        for i in range(n + 1):
            for j in range(m + 1):
                if i == 0 and j == 0:
                    continue
                options = []
                if i:
                    options.append((best[i - 1, j], (1, 0, 0.0, 0.0)))
                if j:
                    options.append((best[i, j - 1], (0, 1, 0.0, 0.0)))
                for di, dj in ((1, 1), (2, 1), (1, 2)):
                    if i >= di and j >= dj:
                        sim, score, gain = steps[di, dj]
                        g = float(gain[i - di, j - dj])
                        if g > 0:
                            options.append(
                                (
                                    best[i - di, j - dj] + g,
                                    (di, dj, float(sim[i - di, j - dj]), float(score[i - di, j - dj])),
                                )
                            )
                value, move = max(options, key=lambda option: option[0])
                best[i, j] = value
                step[i, j] = move
        i, j = n, m
        found: list[Pair] = []
        while i or j:
            di, dj, step_sim, step_score = step[i, j]
            if di and dj:
                for a in reversed(range(i - di, i)):
                    for b in reversed(range(j - dj, j)):
                        found.append(
                            Pair(
                                a=segments[rows_a[a]].id,
                                b=segments[rows_b[b]].id,
                                similarity=round(step_sim, 4),
                                score=round(step_score, 4),
                                relation="equivalent",
                            )
                        )
            i, j = i - di, j - dj
        pairs.extend(reversed(found))
    return pairs


def cluster_pairs(
    pairs: Sequence[Pair],
    segments: Sequence[Segment],
    documents: Sequence[Document],
    vectors: Matrix | None = None,
    settings: AlignmentSettings | None = None,
) -> tuple[list[Pair], list[Cluster]]:
    """Claim clusters from the pair graph, and the pairs that ended up inside one.

    Pairs are taken strongest first (Kruskal-style). Two groups merge only when
    the result still holds at most one statement per document (or two
    consecutive ones paired with one same statement: a sentence split in two)
    and, given
    ``vectors`` (rows aligned with ``segments``), when every statement of one
    group is close enough to every statement of the other (complete linkage at
    the language pair's floor minus ``chain_slack``): one statement that is a
    bit like two different claims must not chain them together. A pair whose
    sides stay in different clusters is dropped. With ``vectors``, each cluster
    also gets, for every document missing it, the nearest statement there.
    Above ``coverage_max_documents`` documents, missing documents are not listed.
    """
    settings = settings or AlignmentSettings()
    order = {s.id: i for i, s in enumerate(segments)}
    by_id = {s.id: s for s in segments}
    members: dict[str, list[str]] = {}
    root_of: dict[str, str] = {}

    def root(x: str) -> str:
        if x not in root_of:
            root_of[x] = x
            members[x] = [x]
        return root_of[x]

    def close_enough(group_a: list[str], group_b: list[str]) -> bool:
        if vectors is None:
            return True
        rows_a = [order[x] for x in group_a]
        rows_b = [order[x] for x in group_b]
        cosines = vectors[rows_a] @ vectors[rows_b].T
        for i, x in enumerate(group_a):
            for j, y in enumerate(group_b):
                if by_id[x].doc == by_id[y].doc:
                    continue  # two halves of one split sentence need not resemble each other
                floor = similarity_floor(by_id[x].lang, by_id[y].lang, settings) - settings.chain_slack
                if cosines[i, j] < floor:
                    return False
        return True

    partners: dict[str, set[str]] = {}
    for pair in pairs:
        partners.setdefault(pair.a, set()).add(pair.b)
        partners.setdefault(pair.b, set()).add(pair.a)

    def split_sentence(x: str, y: str) -> bool:
        """x and y are consecutive statements of one document, both paired with one same statement:
        one sentence rendered as two, which belong in one cluster."""
        sx, sy = by_id[x], by_id[y]
        return sx.doc == sy.doc and abs(sx.index - sy.index) == 1 and bool(partners[x] & partners[y])

    def compatible(group_a: list[str], group_b: list[str]) -> bool:
        for x in group_a:
            for y in group_b:
                if by_id[x].doc == by_id[y].doc and not split_sentence(x, y):
                    return False
        return close_enough(group_a, group_b)

    for pair in sorted(pairs, key=lambda p: (-(p.score + p.evidence), order[p.a], order[p.b])):
        ra, rb = root(pair.a), root(pair.b)
        if ra == rb or not compatible(members[ra], members[rb]):
            continue
        keep, gone = sorted((ra, rb), key=order.__getitem__)
        for x in members[gone]:
            root_of[x] = keep
        members[keep].extend(members.pop(gone))

    kept = [p for p in pairs if root(p.a) == root(p.b)]
    rows_by_doc_class: dict[tuple[str, str], list[int]] = {}
    for i, segment in enumerate(segments):
        rows_by_doc_class.setdefault((segment.doc, _kind_class(segment)), []).append(i)
    doc_order = [d.id for d in documents]
    doc_position = {d: i for i, d in enumerate(doc_order)}
    # listing, for every claim, every document that lacks it grows as claims × documents
    with_coverage = len(doc_order) <= settings.coverage_max_documents
    clusters: list[Cluster] = []
    for group in sorted((m for m in members.values() if len(m) > 1), key=lambda m: min(order[x] for x in m)):
        group.sort(key=order.__getitem__)
        present = {by_id[x].doc for x in group}
        missing = tuple(d for d in doc_order if d not in present) if with_coverage else ()
        clusters.append(
            Cluster(
                id=f"c{len(clusters) + 1}",
                segments=tuple(group),
                docs=tuple(sorted(present, key=doc_position.__getitem__)),  # not a scan of every document
                missing=missing,
                near_miss=_near_misses(group, missing, segments, vectors, order, rows_by_doc_class)
                if vectors is not None
                else (),
            )
        )
    return kept, clusters


def _near_misses(
    group: list[str],
    missing: Sequence[str],
    segments: Sequence[Segment],
    vectors: Matrix,
    order: dict[str, int],
    rows_by_doc_class: dict[tuple[str, str], list[int]],
) -> tuple[NearMiss, ...]:
    """For each document missing the claim: its statement nearest to any statement of the claim."""
    rows = [order[x] for x in group]
    kind = _kind_class(segments[rows[0]])
    out = []
    for doc in missing:
        others = rows_by_doc_class.get((doc, kind), [])
        if not others:
            out.append(NearMiss(doc=doc, segment=None, similarity=0.0))
            continue
        cosines = (vectors[rows] @ vectors[others].T).max(axis=0)
        best = int(cosines.argmax())
        out.append(NearMiss(doc=doc, segment=segments[others[best]].id, similarity=round(float(cosines[best]), 4)))
    return tuple(out)
