"""Hand-made comparisons for the HTML report's tests: a small benign one and one full of markup.

Built from the records directly (no model), with every offset computed from
the text, so ``segment.text == document.text[start:end]`` holds as in a run.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimcmp.records import (
    Attribution,
    Cluster,
    Comparison,
    Document,
    Facts,
    Flag,
    FlagSide,
    ModelInfo,
    NearMiss,
    Pair,
    Segment,
    SegmentKind,
    SkippedInput,
)


def _document(
    doc_id: str, lang: str, parts: list[tuple[str, SegmentKind | None]], **fields: Any
) -> tuple[Document, list[Segment]]:
    """A document whose text is ``parts`` joined by blank lines; a part with a kind becomes a segment.

    Parts without a kind stay in the text between statements, as dropped page furniture does.
    """
    text, segments = "", []
    for body, kind in parts:
        start = len(text)
        text += body + "\n\n"
        if kind is not None:
            index = len(segments)
            segments.append(
                Segment(
                    id=f"{doc_id}:{index}",
                    doc=doc_id,
                    index=index,
                    text=body,
                    start=start,
                    end=start + len(body),
                    lang=lang,
                    kind=kind,
                    facts=Facts(),
                )
            )
    return Document(id=doc_id, text=text, lang=lang, **fields), segments


def _with_facts(segment: Segment, speaker: str, via: str | None = None) -> Segment:
    at = segment.text.find(speaker)
    facts = Facts(attribution=Attribution(speaker=speaker, speaker_span=(at, at + len(speaker)), via=via))
    return replace(segment, facts=facts)


def _side(segment: Segment, fragment: str, value: str | None = None) -> FlagSide:
    at = segment.text.index(fragment)
    return FlagSide(span=(at, at + len(fragment)), text=fragment, value=value)


def sample_comparison() -> Comparison:
    """Three documents, two claims (one with a number flag and a quote variant), one related pair outside."""
    doc_a, seg_a = _document(
        "alpha",
        "en",
        [
            ("Kim thanks Putin", "title"),
            ("The minister said 100 soldiers arrived on Monday.", "sentence"),
            ('"We will deepen our ties further," the president said.', "sentence"),
            ("Read also: other news", None),
            ("Ministers denied any arms deal.", "sentence"),
        ],
        title="Kim thanks Putin",
        source="Agency A",
        date="2024-08-15",
        url="https://example.org/a",
    )
    doc_b, seg_b = _document(
        "beta",
        "ru",
        [
            ("Министр сказал, что прибыли 200 военных в понедельник.", "sentence"),
            ("«Мы расширим наши связи», сказал президент.", "sentence"),
            ("Подписывайтесь на наш канал", "boilerplate"),
        ],
        title="Ким благодарит Путина",
    )
    doc_c, seg_c = _document(
        "gamma",
        "uk",
        [
            ("Міністр сказав, що прибули військові.", "sentence"),
            ("Вперше офіційно підтвердили угоду про зброю.", "sentence"),
        ],
    )
    seg_a[1] = _with_facts(seg_a[1], "minister", via="Agency A")
    seg_b[0] = _with_facts(seg_b[0], "Министр")
    number = Flag(
        type="number",
        message="alpha says 100; beta says 200",
        severity="medium",
        confidence=0.9,
        a=_side(seg_a[1], "100", "100"),
        b=_side(seg_b[0], "200", "200"),
    )
    source = Flag(
        type="source",
        message="alpha cites Agency A; beta cites nobody",
        severity="low",
        confidence=0.7,
        a=FlagSide(span=None, text="Agency A"),
        b=None,
    )
    variant = Flag(
        type="quote_variant",
        message="the quotation is worded differently; only in alpha: deepen further; only in beta: расширим",
        severity="low",
        confidence=0.6,
        a=_side(seg_a[2], "We will deepen our ties further", "deepen further"),
        b=_side(seg_b[1], "Мы расширим наши связи", "расширим"),
    )
    polarity = Flag(
        type="polarity",
        message="alpha denies or negates it; gamma confirms it",
        severity="high",
        a=_side(seg_a[3], "denied"),
        b=_side(seg_c[1], "підтвердили"),
    )
    pairs = (
        Pair(seg_a[1].id, seg_b[0].id, 0.91, 1.08, "related", (number, source), evidence=0.02),
        Pair(seg_a[1].id, seg_c[0].id, 0.88, 1.05, "equivalent"),
        Pair(seg_a[2].id, seg_b[1].id, 0.86, 1.04, "equivalent", (variant,)),
        Pair(seg_a[3].id, seg_c[1].id, 0.71, 0.98, "related", (polarity,)),
    )
    clusters = (
        Cluster(
            id="c1",
            segments=(seg_a[1].id, seg_b[0].id, seg_c[0].id),
            docs=("alpha", "beta", "gamma"),
            missing=(),
        ),
        Cluster(
            id="c2",
            segments=(seg_a[2].id, seg_b[1].id),
            docs=("alpha", "beta"),
            missing=("gamma",),
            near_miss=(NearMiss(doc="gamma", segment=seg_c[1].id, similarity=0.6312),),
        ),
    )
    return Comparison(
        model=ModelInfo(name="test-model", dim=3),
        documents=(doc_a, doc_b, doc_c),
        segments=(*seg_a, *seg_b, *seg_c),
        pairs=pairs,
        clusters=clusters,
    )


def malicious_comparison(origin: str = "http://127.0.0.1:9") -> Comparison:
    """Two articles whose every field tries to inject markup; each payload would reach ``origin`` or set
    ``window.__pwned`` if the page ran it."""
    script = f'<script>window.__pwned = "script"; fetch("{origin}/script")</script>'
    image = f'<img src="{origin}/img" onerror="window.__pwned = \'onerror\'">'
    closing = (
        '</style></title></textarea><script>window.__pwned = "style"</script>'
        f'<link rel="stylesheet" href="{origin}/css">'
    )
    doc_evil, seg_evil = _document(
        'evil"><b>',
        '"><script>window.__pwned="lang"</script>',
        [
            (f"Officials said {script} 100 people came.", "sentence"),
            (f"Ministers {image} denied it {closing}.", "sentence"),
            (f'<iframe src="{origin}/iframe"></iframe> Read also', None),
            (f"<svg onload=\"fetch('{origin}/svg')\"></svg>", "boilerplate"),
        ],
        title=f"Breaking {closing}",
        url='javascript:window.__pwned="url"',
        source=f'<a href="javascript:window.__pwned=1" onmouseover="fetch(\'{origin}/source\')">Agency</a>',
        site=image,
        date=script,
        metadata={
            "author": f'<object data="{origin}/object"></object>',
            '<b onclick="x()">key</b>': [closing, {"nested": script}],
            "canonical": f"{origin}/canonical",
        },
    )
    doc_good, seg_good = _document(
        "good",
        "ru",
        [("Чиновники сказали, что пришли 200 человек.", "sentence"), ("Министры это подтвердили.", "sentence")],
        title="Обычная статья",
        url=f"{origin}/article",
    )
    seg_evil[0] = _with_facts(seg_evil[0], "Officials", via=f"{image} Agency")
    number = Flag(
        type="number",
        message=f"{doc_evil.id} says {script}; good says 200",
        severity="high",
        a=_side(seg_evil[0], script, "100"),
        b=_side(seg_good[0], "200", "200"),
    )
    polarity = Flag(
        type="polarity",
        message=f"denied {closing}",
        severity="medium",
        a=_side(seg_evil[1], "denied"),
        b=_side(seg_good[1], "подтвердили"),
    )
    return Comparison(
        model=ModelInfo(name=f"model {closing}", dim=3),
        documents=(doc_evil, doc_good),
        segments=(*seg_evil, *seg_good),
        pairs=(
            Pair(seg_evil[0].id, seg_good[0].id, 0.9, 1.1, "related", (number,)),
            Pair(seg_evil[1].id, seg_good[1].id, 0.7, 0.9, "related", (polarity,)),
        ),
        clusters=(
            Cluster(
                id=f"c1{script}", segments=(seg_evil[0].id, seg_good[0].id), docs=(doc_evil.id, "good"), missing=()
            ),
        ),
        skipped=(SkippedInput(path=f"{image}.txt", reason=script),),
        warnings=(f"warning {closing}",),
    )
