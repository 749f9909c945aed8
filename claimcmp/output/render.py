"""Rich rendering of a :class:`~claimcmp.records.Comparison` for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from claimcmp.analysis import describe_quantity
from claimcmp.input import displayable
from claimcmp.output.views import (
    Disputes,
    FactTable,
    cell_values,
    document_labels,
    fact_disputes,
    fact_table_title,
    fact_tables,
    labels_of,
    marks_by_segment,
    relabelled,
    slot_cell,
    source_of,
)
from claimcmp.records import (
    SEVERITIES,
    Analysis,
    Cluster,
    Comparison,
    FactSlot,
    Pair,
    SearchHit,
    Segment,
)

_RELATION_STYLE = {"equivalent": "green", "related": "yellow"}


_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
_SEVERITY_MARK = {"high": "!!", "medium": "! ", "low": "· "}


def render_comparison(comparison: Comparison, console: Console, only_flagged: bool = False) -> None:
    """Documents, coverage, one block per claim cluster (pairs side by side, flags under them),
    the related statements that contradict each other, the stories and the facts the documents
    disagree on, then a summary.

    Everything wraps rather than truncates, so it reads on an 80-column terminal;
    with no colour (not a terminal, ``--no-color``) the flag marks (``!!`` high,
    ``!`` medium, ``·`` low) and the ``[…]`` around differing words carry the meaning.
    """
    labels = document_labels(comparison)
    console.print(documents_table(comparison, labels))
    if len(comparison.documents) < 2:
        # one article, or the same article twice (the library warns): an empty summary would say nothing
        console.print(Text("nothing to compare: one document", style="yellow"))
        return
    if comparison.clusters:
        console.print(coverage_table(comparison, labels))
    segments = comparison.segment_by_id
    cluster_of = {x: c.id for c in comparison.clusters for x in c.segments}
    pairs_of: dict[str, list[Pair]] = {}
    outside: list[Pair] = []
    for pair in comparison.pairs:
        cluster_id = cluster_of.get(pair.a)
        if cluster_id is not None and cluster_id == cluster_of.get(pair.b):
            pairs_of.setdefault(cluster_id, []).append(pair)
        else:
            outside.append(pair)
    for cluster in comparison.clusters:
        pairs = pairs_of.get(cluster.id, [])
        if only_flagged and not any(p.flags for p in pairs):
            continue
        console.print(cluster_view(cluster, pairs, segments, labels, len(comparison.documents), only_flagged))
    shown = [p for p in outside if p.flags or not only_flagged]
    if shown:
        console.print(Rule("Related statements that disagree (outside the claim clusters)", align="left"))
        for pair in shown:
            console.print(pair_view(pair, segments, labels))
    facts = disputed_facts_view(comparison, labels)
    if facts is not None:
        console.print(facts)
    console.print(summary_view(comparison))


def coverage_table(comparison: Comparison, labels: dict[str, str] | None = None) -> Group:
    """Claim clusters × documents: ✓ where a document carries the claim, else the cosine of its nearest statement.

    The legend is a line of its own above the table: as the table's title it would wrap to the table's width.
    """
    labels = labels or document_labels(comparison)
    legend = Text("Coverage (✓ carries the claim; a number: its nearest statement's cosine)")
    table = Table()
    table.add_column("claim", no_wrap=True)
    for document in comparison.documents:
        table.add_column(labels[document.id], justify="center", no_wrap=True)
    for cluster in comparison.clusters:
        cells: list[Text] = []
        for document in comparison.documents:
            if document.id in cluster.docs:
                cells.append(Text("✓", style="green"))
                continue
            miss = next((n for n in cluster.near_miss if n.doc == document.id), None)
            cells.append(Text(f"✗ {miss.similarity:.2f}" if miss and miss.segment else "✗", style="dim"))
        table.add_row(cluster.id, *cells)
    return Group(legend, table)


def documents_table(comparison: Comparison, labels: dict[str, str] | None = None) -> Table:
    labels = labels or document_labels(comparison)
    counts: dict[str, int] = {}
    for segment in comparison.segments:
        counts[segment.doc] = counts.get(segment.doc, 0) + 1
    # the title goes under the document's name: as a column of its own it is left a sliver at 80 columns
    table = Table(title="Documents", title_justify="left", expand=True)
    table.add_column("", no_wrap=True)
    table.add_column("document and title", overflow="fold", ratio=1)
    table.add_column("lang", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("stmts", justify="right", no_wrap=True)
    for document in comparison.documents:
        name = Text(displayable(document.id), style="bold")
        if document.title:
            name.append("\n" + displayable(document.title))
        table.add_row(
            labels[document.id],
            name,
            document.lang,
            _shown(document.date or ""),
            str(counts.get(document.id, 0)),
        )
    return table


def cluster_view(
    cluster: Cluster,
    pairs: list[Pair],
    segments: Mapping[str, Segment],
    labels: dict[str, str],
    n_documents: int,
    only_flagged: bool = False,
) -> Group:
    """One claim: every statement (differing words marked), the flags of its pairs, and who is missing."""
    title = Text(f"Claim {cluster.id}", style="bold")
    title.append(f" · {len(cluster.docs)} of {n_documents} documents", style="dim")
    marks = marks_by_segment(pairs)
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column("where", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=1)
    for segment_id in cluster.segments:
        segment = segments[segment_id]
        table.add_row(_where(segment, labels), _marked(segment, marks.get(segment_id, [])))
    for miss in cluster.near_miss:
        label = Text(labels.get(miss.doc, miss.doc), style="dim")
        if miss.segment is None:
            table.add_row(label, Text("missing: no statement of its kind", style="dim italic"))
            continue
        nearest = segments[miss.segment]
        table.add_row(
            label,
            Text(
                f"missing · nearest (cos {miss.similarity:.2f}): " + " ".join(nearest.text.split()), style="dim italic"
            ),
        )
    parts: list[RenderableType] = [Text(""), title, table]
    for pair in pairs:
        if pair.flags or not only_flagged:
            parts.extend(_flag_lines(pair, segments, labels))
    return Group(*parts)


def pair_view(pair: Pair, segments: Mapping[str, Segment], labels: dict[str, str]) -> Group:
    """Two statements side by side with their differing words marked, why they are related, and the flags."""
    a, b = segments[pair.a], segments[pair.b]
    marks = marks_by_segment([pair])
    table = Table(show_header=True, box=None, padding=(0, 1), expand=True, show_lines=False)
    table.add_column(_where(a, labels), overflow="fold", ratio=1)
    table.add_column(_where(b, labels), overflow="fold", ratio=1)
    table.add_row(_marked(a, marks.get(a.id, [])), _marked(b, marks.get(b.id, [])))
    note = [Text(f"  {pair.relation}: {displayable(pair.note)}", style="dim")] if pair.note else []
    return Group(Text(""), table, *note, *_flag_lines(pair, segments, labels))


def summary_view(comparison: Comparison) -> Group:
    """The flags by type and severity (or "no flags"), the claims by coverage, and the summary line.

    The lines are printed under the table, not as its caption: a caption wraps to the table's width.
    """
    table = summary_table(comparison)
    parts: list[RenderableType] = [table if table.row_count else Text("Summary: no flags")]
    coverage = claims_line(comparison)
    if coverage.plain:
        parts.append(coverage)
    parts.append(summary_line(comparison))
    return Group(*parts)


def summary_table(comparison: Comparison) -> Table:
    """Flags by type and severity."""
    table = Table(title="Summary", title_justify="left")
    table.add_column("flag type")
    for severity in SEVERITIES:
        table.add_column(severity, justify="right", style=_SEVERITY_STYLE[severity])
    counts: dict[tuple[str, str], int] = {}
    for pair in comparison.pairs:
        for flag in pair.flags:
            counts[flag.type, flag.severity] = counts.get((flag.type, flag.severity), 0) + 1
    for flag_type in sorted({t for t, _ in counts}):
        table.add_row(flag_type, *(str(counts.get((flag_type, s), 0)) for s in SEVERITIES))
    return table


def claims_line(comparison: Comparison) -> Text:
    """How many claims are carried by how many documents (empty without claims)."""
    coverage: dict[int, int] = {}
    for cluster in comparison.clusters:
        coverage[len(cluster.docs)] = coverage.get(len(cluster.docs), 0) + 1
    if not coverage:
        return Text("")
    return Text(
        "claims carried by "
        + ", ".join(
            f"{n} of {len(comparison.documents)} documents: {coverage[n]}" for n in sorted(coverage, reverse=True)
        )
    )


def _where(segment: Segment, labels: dict[str, str]) -> Text:
    where = Text(f"{labels.get(segment.doc, segment.doc)}#{segment.index}", style="bold")
    where.append(f" {segment.lang}", style="dim")
    source = source_of(segment)
    if source:
        where.append(f" via {source}", style="dim")
    return where


def _marked(segment: Segment, marks: list[tuple[tuple[int, int], str]]) -> Text:
    """The statement with its differing spans in the flag's colour and in brackets (readable without colour)."""
    flat = displayable(segment.text.replace("\r", " ").replace("\n", " "))  # same length: the spans stay valid
    merged: list[tuple[tuple[int, int], str]] = []
    for (start, end), severity in sorted(set(marks)):
        # neighbouring words of one flag read as one run: "[более тесные связи]", not "[более] [тесные]"
        if merged and merged[-1][1] == severity and not flat[merged[-1][0][1] : start].strip(" ,;:-–—"):
            merged[-1] = ((merged[-1][0][0], max(end, merged[-1][0][1])), severity)
        else:
            merged.append(((start, end), severity))
    text = Text()
    cursor = 0
    for (start, end), severity in merged:
        if start < cursor:
            continue  # overlapping marks: the first one wins
        text.append(flat[cursor:start])
        text.append("[" + flat[start:end] + "]", style=_SEVERITY_STYLE[severity])
        cursor = end
    text.append(flat[cursor:])
    return text


def _flag_lines(pair: Pair, segments: Mapping[str, Segment], labels: dict[str, str]) -> list[Table]:
    """One line per flag, its mark in a column of its own so that a long message wraps under its start."""
    lines = []
    for flag in pair.flags:
        style = _SEVERITY_STYLE[flag.severity]
        message = relabelled(flag.message, labels)
        line = Table.grid(padding=(0, 1), expand=True)
        line.add_column(no_wrap=True)
        line.add_column(ratio=1)
        line.add_row(
            Text("  " + _SEVERITY_MARK[flag.severity], style=style),
            Text.assemble((f"{flag.type} ({flag.severity})", style), f": {displayable(message)}"),
        )
        lines.append(line)
    return lines


def summary_line(comparison: Comparison) -> Text:
    n_equivalent = sum(1 for p in comparison.pairs if p.relation == "equivalent")
    n_flags = sum(len(p.flags) for p in comparison.pairs)
    aligned = {s for c in comparison.clusters for s in c.segments}
    skipped = f" ({len(comparison.skipped)} input(s) skipped)" if comparison.skipped else ""
    return Text(
        f"{len(comparison.documents)} documents read{skipped}, {len(comparison.segments)} statements, "
        f"{len(comparison.clusters)} shared claims, {len(comparison.pairs)} pairs "
        f"({n_equivalent} equivalent, {len(comparison.pairs) - n_equivalent} related), {n_flags} flags, "
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
        table = Table(title=_shown(f"{document.id} ({document.lang})"), title_justify="left", show_lines=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("statement and facts", overflow="fold", ratio=1)
        for segment in analysis.segments:
            if segment.doc == document.id:
                table.add_row(str(segment.index), segment.kind, Group(highlighted(segment), facts_line(segment)))
        console.print(table)


def _shown(text: str) -> Text:
    """Document content for a table cell: never read as Rich markup, bidi controls made visible."""
    return Text(displayable(text))


def highlighted(segment: Segment) -> Text:
    """The segment's text with every extracted fact styled (quotes under the rest)."""
    text = _shown(segment.text)
    facts = segment.facts
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
    facts = segment.facts
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


def quotes_table(analysis: Analysis) -> Group:
    """Every quotation, one table per document: the statement's number, speaker and source, the words.

    The document's name heads its table rather than filling a column of every row, so the
    quotation keeps most of the width (about 48 of 80 columns) and wraps between words.
    """
    parts: list[RenderableType] = []
    for document in analysis.documents:
        quoted = [
            (segment, quote)
            for segment in analysis.segments
            if segment.doc == document.id
            for quote in (segment.facts.quotes if segment.facts else ())
        ]
        if not quoted:
            continue
        table = Table(
            title=_shown(f"Quotes in {document.id} ({document.lang})"),
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("speaker / source", max_width=22)
        table.add_column("quote", ratio=1)
        for segment, quote in quoted:
            who = Text(displayable(quote.speaker or "?"), style=_FACT_STYLES["speaker"])
            for label, source in (("via", quote.via), ("reported by", quote.reported_by)):
                if source:
                    who.append(f"\n{label} {displayable(source)}", style="dim")
            words = displayable(" ".join(quote.text.split())) + (" (partial)" if quote.partial else "")
            table.add_row(str(segment.index), who, Text(words, style=_FACT_STYLES["quote"]))
        parts.append(table)
    if not parts:
        parts.append(Text("no quotations found"))
    return Group(*parts)


def search_table(query: str, hits: list[SearchHit]) -> Table:
    """The statements a search found, nearest first; under each, the document it comes from.

    The document (title, name, language, date, source) is a dim line under the statement:
    in a column of its own a title was left a word per line at 80 columns.
    """
    title = _shown(f"nearest statements to: {' '.join(query.split())}")
    table = Table(title=title, title_justify="left", expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("cos", justify="right", no_wrap=True)
    table.add_column("statement and its document", ratio=1)
    for n, hit in enumerate(hits, 1):
        d = hit.document
        cell = Text(displayable(" ".join(hit.segment.text.split())))
        cell.append("\n" + displayable(d.title or d.id), style="bold")
        details = " · ".join(x for x in (d.id if d.title else None, d.lang, d.date, d.source or d.site) if x)
        if details:
            cell.append(" · " + displayable(details), style="dim")
        table.add_row(str(n), f"{hit.score:.3f}", cell)
    return table


# --- the fact table: stories, and per story the fact slots (rows) × documents (columns)

# a grid of documents needs about this many columns for the fact's name and for each document;
# with more documents than fit, every fact is a row of its own listing "D1 26 · D2 24 (Reuters)"
_FACT_NAME_WIDTH = 24
_FACT_CELL_WIDTH = 12  # with its borders and padding


def stories_line(comparison: Comparison, labels: dict[str, str] | None = None) -> Text:
    """``Stories: S1 2023 (D3) · S2 2024-09-09 (D5) · date unknown (compared with all): D1 D2``.

    Empty without stories."""
    labels = labels or document_labels(comparison)
    if not comparison.stories:
        return Text("")
    parts = []
    for story in comparison.stories:
        if story.date is None:
            parts.append(f"{story.label} (compared with all): {labels_of(story.docs, labels)}")
        else:
            parts.append(f"{story.id} {story.label} ({labels_of(story.docs, labels)})")
    line = Text("Stories: ", style="bold")
    line.append(displayable(" · ".join(parts)))
    return line


def _cell_text(slot: FactSlot, doc: str, disputes: Disputes) -> Text:
    """A document's values, those a flag disputes in the colour of its severity."""
    text = Text()
    for value in cell_values(slot, doc, disputes):
        if text:
            text.append(", ")
        text.append(value.shown(), style=_SEVERITY_STYLE[value.disputed] if value.disputed else "")
    return text


def slot_values_line(
    slot: FactSlot, labels: dict[str, str], disputes: Disputes, docs: Iterable[str] | None = None
) -> Text:
    """``D1 26 · D2 24 (Reuters)``: every document's value(s) for the slot, its label in bold."""
    line = Text()
    for doc in docs if docs is not None else slot.docs:
        cell = _cell_text(slot, doc, disputes)
        if not cell:
            continue
        if line:
            line.append(" · ", style="dim")
        line.append(labels.get(doc, doc), style="bold")
        line.append(" ")
        line.append(cell)
    return line


def _slot_heading(slot: FactSlot, disputes: Disputes, detail: bool = True) -> Text:
    severity = disputes.of(slot)
    heading = Text(f"{slot.id} ", style="dim")
    heading.append(displayable(slot.name), style=_SEVERITY_STYLE[severity] if severity else "bold")
    if detail:
        heading.append(f" ({slot.kind})" + (": the documents disagree" if severity else ""), style="dim")
    return heading


def _slot_mark(slot: FactSlot, disputes: Disputes) -> Text:
    """``!!``/``! ``/``· `` as for flags when the documents disagree on the slot, else blank."""
    severity = disputes.of(slot)
    return Text(_SEVERITY_MARK[severity], style=_SEVERITY_STYLE[severity]) if severity else Text("  ")


def _grid_fits(table: FactTable, width: int) -> bool:
    """A grid of documents reads when each document's column can hold its longest word and each cell
    takes at most three lines; otherwise the rows would be a word or a syllable wide."""
    n = len(table.docs)
    column = (width - _FACT_NAME_WIDTH - 4 - 3 * n) // max(n, 1)
    if column < _FACT_CELL_WIDTH - 3:
        return False
    for slot in table.slots:
        for doc in table.docs:
            cell = slot_cell(slot, doc)
            if len(cell) > 3 * column or max((len(w) for w in cell.split()), default=0) > column:
                return False
    return True


def fact_table_view(
    table: FactTable, labels: dict[str, str], disputes: Disputes, width: int, grid: bool | None = None
) -> Group:
    """One story's fact table: a grid of slots × documents when the documents fit in ``width`` (or
    ``grid`` says so), else a row per slot that lists each document's value (``D1 26 · D2 24 (Reuters)``)."""
    title = Text("Fact table · " + fact_table_title(table, labels), style="bold")
    if _grid_fits(table, width) if grid is None else grid:
        view = Table(expand=True, show_lines=True)
        view.add_column("", no_wrap=True)
        view.add_column("fact", min_width=_FACT_NAME_WIDTH - 4, ratio=2)
        for doc in table.docs:
            view.add_column(labels.get(doc, doc), overflow="fold", ratio=1)
        for slot in table.slots:
            view.add_row(
                _slot_mark(slot, disputes),
                _slot_heading(slot, disputes, detail=False),
                *(_cell_text(slot, doc, disputes) for doc in table.docs),
            )
        return Group(Text(""), title, view)
    rows = Table.grid(padding=(0, 1), expand=True)
    rows.add_column(no_wrap=True)
    rows.add_column(ratio=1)
    for slot in table.slots:
        rows.add_row(
            _slot_mark(slot, disputes),
            Text.assemble(_slot_heading(slot, disputes), "\n", slot_values_line(slot, labels, disputes, table.docs)),
        )
    return Group(Text(""), title, rows)


def render_facts(comparison: Comparison, console: Console) -> None:
    """``claimcmp facts``: the documents, the stories, then per story its fact table, and a count.

    With no colour the marks carry the meaning: ``!!``/``!`` (the flags' severities) before a fact the
    documents disagree on.
    """
    labels = document_labels(comparison)
    console.print(documents_table(comparison, labels))
    line = stories_line(comparison, labels)
    if line.plain:
        console.print(line)
    if not comparison.facts:
        console.print(Text("no fact slots: no figure or date is given by more than one document", style="yellow"))
        return
    disputes = fact_disputes(comparison)
    tables = fact_tables(comparison)
    grid = all(_grid_fits(table, console.width) for table in tables)  # one layout for every table
    for table in tables:
        console.print(fact_table_view(table, labels, disputes, console.width, grid))
    n_disputed = sum(1 for s in comparison.facts if s.disagreement)
    console.print(Text(""))
    console.print(
        Text(
            f"{_slots(len(comparison.facts))}, {n_disputed} where the documents disagree"
            + (" (marked !! or !)" if n_disputed else "")
        )
    )


def disputed_facts_view(comparison: Comparison, labels: dict[str, str]) -> Group | None:
    """``align``'s compact fact section: the stories line and one line per slot the documents disagree on."""
    if not comparison.stories and not comparison.facts:
        return None
    parts: list[RenderableType] = [Text(""), Rule("Facts the documents disagree on", align="left")]
    line = stories_line(comparison, labels)
    if line.plain:
        parts.append(line)
    disputed = [s for s in comparison.facts if s.disagreement]
    if not disputed:
        parts.append(Text(f"{_slots(len(comparison.facts))}, no disagreement (claimcmp facts shows them)"))
        return Group(*parts)
    disputes = fact_disputes(comparison)
    rows = Table.grid(padding=(0, 1), expand=True)
    rows.add_column(no_wrap=True)
    rows.add_column(ratio=1)
    for slot in disputed:
        severity = disputes.of(slot)
        name = Text(displayable(slot.name), style=_SEVERITY_STYLE[severity] if severity else "")
        name.append(": ")
        rows.add_row(_slot_mark(slot, disputes), Text.assemble(name, slot_values_line(slot, labels, disputes)))
    parts.append(rows)
    parts.append(Text(f"{len(disputed)} of {_slots(len(comparison.facts))} disputed (claimcmp facts: the table)"))
    return Group(*parts)


def _slots(n: int) -> str:
    return f"{n} fact slot{'' if n == 1 else 's'}"
