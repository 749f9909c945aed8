"""Rich rendering of a :class:`~claimcmp.records.Comparison` for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from claimcmp.records import Comparison

_RELATION_STYLE = {"equivalent": "green", "related": "yellow"}


def render_comparison(comparison: Comparison, console: Console) -> None:
    """Documents, then one table per claim cluster, then a one-line summary."""
    console.print(documents_table(comparison))
    for cluster_table in cluster_tables(comparison):
        console.print(cluster_table)
    console.print(summary_line(comparison))


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
