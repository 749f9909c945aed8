"""Rich rendering of a :class:`~claimcmp.records.Comparison` for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from claimcmp.analysis.quantities import describe_quantity
from claimcmp.records import Analysis, Comparison, Facts, Segment

_RELATION_STYLE = {"equivalent": "green", "related": "yellow"}


def render_comparison(comparison: Comparison, console: Console) -> None:
    """Documents, then one table per claim cluster, then a one-line summary."""
    console.print(documents_table(comparison))
    if comparison.clusters:
        console.print(coverage_table(comparison))
    for cluster_table in cluster_tables(comparison):
        console.print(cluster_table)
    console.print(summary_line(comparison))


def coverage_table(comparison: Comparison) -> Table:
    """Documents × claim clusters: ✓ where a document carries the claim, else its near-miss cosine."""
    table = Table(
        title="Coverage (✓ carries the claim; a number: cosine of its nearest statement)", title_justify="left"
    )
    table.add_column("document", no_wrap=True)
    for cluster in comparison.clusters:
        table.add_column(cluster.id, justify="center", no_wrap=True)
    for document in comparison.documents:
        cells: list[Text] = []
        for cluster in comparison.clusters:
            if document.id in cluster.docs:
                cells.append(Text("✓", style="green"))
                continue
            miss = next((n for n in cluster.near_miss if n.doc == document.id), None)
            cells.append(Text(f"{miss.similarity:.2f}" if miss and miss.segment else "—", style="dim"))
        table.add_row(document.id, *cells)
    return table


def documents_table(comparison: Comparison) -> Table:
    counts: dict[str, int] = {}
    for segment in comparison.segments:
        counts[segment.doc] = counts.get(segment.doc, 0) + 1
    table = Table(title="Documents", title_justify="left", expand=False)
    table.add_column("document")
    table.add_column("lang")
    table.add_column("statements", justify="right")
    table.add_column("title", overflow="fold")
    for document in comparison.documents:
        table.add_row(document.id, document.lang, str(counts.get(document.id, 0)), document.title or "")
    return table


def cluster_tables(comparison: Comparison) -> list[Group | Table]:
    segments = {s.id: s for s in comparison.segments}
    best: dict[str, tuple[float, str]] = {}
    for pair in comparison.pairs:
        for side in (pair.a, pair.b):
            if side not in best or pair.score > best[side][0]:
                best[side] = (pair.score, pair.relation)
    tables: list[Group | Table] = []
    for cluster in comparison.clusters:
        caption = f"{len(cluster.docs)} of {len(comparison.documents)} documents"
        if cluster.missing:
            caption += " · missing: " + ", ".join(cluster.missing)
        table = Table(title=f"Claim {cluster.id}", caption=caption, title_justify="left", caption_justify="left")
        table.add_column("document", no_wrap=True)
        table.add_column("lang", no_wrap=True)
        table.add_column("statement", overflow="fold", ratio=1)
        table.add_column("margin", justify="right", no_wrap=True)
        for segment_id in cluster.segments:
            segment = segments[segment_id]
            score, relation = best.get(segment_id, (0.0, "related"))
            table.add_row(
                f"{segment.doc}#{segment.index}",
                segment.lang,
                " ".join(segment.text.split()),
                Text(f"{score:.3f}", style=_RELATION_STYLE.get(relation, "")),
            )
        for miss in cluster.near_miss:
            if miss.segment is None:
                continue
            nearest = segments[miss.segment]
            table.add_row(
                Text(f"{nearest.doc}#{nearest.index}", style="dim"),
                Text(nearest.lang, style="dim"),
                Text("missing · nearest: " + " ".join(nearest.text.split()), style="dim italic"),
                Text(f"cos {miss.similarity:.2f}", style="dim"),
            )
        tables.append(table)
    return tables


def summary_line(comparison: Comparison) -> Text:
    n_equivalent = sum(1 for p in comparison.pairs if p.relation == "equivalent")
    aligned = {s for c in comparison.clusters for s in c.segments}
    skipped = f" ({len(comparison.skipped)} input(s) skipped)" if comparison.skipped else ""
    return Text(
        f"{len(comparison.documents)} documents read{skipped}, {len(comparison.segments)} statements, "
        f"{len(comparison.clusters)} shared claims, {len(comparison.pairs)} pairs "
        f"({n_equivalent} equivalent, {len(comparison.pairs) - n_equivalent} related), "
        f"{len(comparison.segments) - len(aligned)} statements found in one document only. "
        f"Model: {comparison.model.name}."
    )


_FACT_STYLES = {
    "quote": "green",
    "number": "bold cyan",
    "date": "bold magenta",
    "person": "underline yellow",
    "organisation": "underline blue",
    "place": "underline bright_blue",
    "negation": "bold red",
    "speaker": "bold yellow",
}


def render_analysis(analysis: Analysis, console: Console) -> None:
    """Each document's statements with their facts highlighted, and a legend."""
    legend = Text("legend: ")
    for name, style in _FACT_STYLES.items():
        legend.append(name, style=style)
        legend.append(" ")
    console.print(legend)
    for document in analysis.documents:
        table = Table(title=f"{document.id} ({document.lang})", title_justify="left", show_lines=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("statement and facts", overflow="fold", ratio=1)
        for segment in analysis.segments:
            if segment.doc == document.id:
                table.add_row(str(segment.index), segment.kind, Group(highlighted(segment), facts_line(segment)))
        console.print(table)


def highlighted(segment: Segment) -> Text:
    """The segment's text with every extracted fact styled (quotes under the rest)."""
    text = Text(segment.text)
    facts = segment.facts or Facts()
    for quote in facts.quotes:
        text.stylize(_FACT_STYLES["quote"], *quote.span)
        if quote.speaker_span:
            text.stylize(_FACT_STYLES["speaker"], *quote.speaker_span)
    for entity in facts.entities:
        text.stylize(_FACT_STYLES[entity.type], *entity.span)
    for number in facts.numbers:
        text.stylize(_FACT_STYLES["number"], *number.span)
    for date in facts.dates:
        text.stylize(_FACT_STYLES["date"], *date.span)
    if facts.negation_span:
        text.stylize(_FACT_STYLES["negation"], *facts.negation_span)
    return text


def facts_line(segment: Segment) -> Text:
    """One dim line listing the facts' values: what a reader cannot see in the highlighting."""
    facts = segment.facts or Facts()
    parts: list[str] = []
    attribution = facts.attribution
    if attribution and attribution.speaker:
        said = f"speaker {attribution.speaker} [{attribution.speaker_key}]"
        if attribution.via:
            said += f" via {attribution.via}"
        if attribution.reported_by:
            said += f" reported by {attribution.reported_by}"
        parts.append(said)
    if facts.quotes:
        parts.append(f"{len(facts.quotes)} quote(s)")
    parts.extend(f"{n.text} = {describe_quantity(n)}" for n in facts.numbers)
    parts.extend(f"{d.text} = {d.value or 'relative'} ({d.precision})" for d in facts.dates)
    if facts.entities:
        parts.append("names " + ", ".join(sorted({e.key for e in facts.entities})))
    if facts.stance != "unknown":
        parts.append(f"stance {facts.stance}")
    return Text(" · ".join(parts), style="dim")


def quotes_table(analysis: Analysis) -> Table:
    """Every quotation: document, language, speaker, the source it came through, the words."""
    table = Table(title="Quotes", title_justify="left", show_lines=True)
    table.add_column("segment", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("speaker")
    table.add_column("via / reported by")
    table.add_column("quote", overflow="fold", ratio=1)
    for segment in analysis.segments:
        for quote in segment.facts.quotes if segment.facts else ():
            sources = " / ".join(x for x in (quote.via, quote.reported_by) if x)
            table.add_row(
                f"{segment.doc}#{segment.index}",
                segment.lang,
                quote.speaker or "?",
                sources,
                Text(quote.text + (" (partial)" if quote.partial else ""), style=_FACT_STYLES["quote"]),
            )
    return table
