"""One self-contained HTML page of a :class:`~claimcmp.records.Comparison`: ``claimcmp align --html FILE``.

The page is for the people the person who ran claimcmp works with: an overview
(documents, coverage matrix, flag counts), every claim cluster with one column
per document and the differing words marked, the related statements outside
the clusters, and each article's text with its statements linked to their
claims.

Everything is in the HTML itself, so the page reads with JavaScript off; the
small inline script only drives the filters. Article text is untrusted: every
piece of text, title, URL and metadata goes through :func:`html.escape`, only
``http(s)`` URLs become links, and a Content-Security-Policy of
``default-src 'none'`` admits only the inline style and script by their SHA-256
hashes (not a random nonce, so two runs on the same input write the same file). The style sheet
and the script are in :mod:`claimcmp.output.html_assets`.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import replace
from html import escape

from claimcmp.input import displayable, exportable_path
from claimcmp.output.html_assets import CSS, JS
from claimcmp.output.render import summary_line
from claimcmp.output.views import (
    FactTable,
    cell_values,
    document_labels,
    fact_disputes,
    fact_table_title,
    fact_tables,
    marks_by_segment,
    relabelled,
    source_of,
)
from claimcmp.records import (
    SEVERITIES,
    Cluster,
    Comparison,
    Document,
    FactSlot,
    Flag,
    FlagType,
    NearMiss,
    Pair,
    Segment,
    Severity,
    Span,
)

# the same marks as the terminal view, so colour is never the only cue
_SEVERITY_MARK = {"high": "!!", "medium": "!", "low": "·"}
_RELATIONS = ("equivalent", "related")
# a URL that may become a link: http(s) only, no white space or control characters that a browser would drop
_LINKABLE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
# up to this many documents the page draws the coverage matrix and, in each claim, a column for every
# document that lacks it; beyond, those tables grow as claims x documents, too wide to read and too large
WIDE_MAX_DOCUMENTS = 30

Mark = tuple[Span, Severity, FlagType]


def comparison_to_html(comparison: Comparison, *, title: str | None = None) -> str:
    """The whole report as one HTML document (UTF-8 text; no file or network access when it opens)."""
    from claimcmp import __version__

    page_title = title or f"claimcmp: {len(comparison.documents)} articles compared"
    page = _Page(comparison)
    overview, claims = _Overview(page), _Claims(page)
    policy = (
        f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src '{_sha256(JS)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="claimcmp {_e(__version__)}">',
        f"<title>{_e(page_title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(page_title)}</h1>",
        f'<p class="summary">{_e(summary_line(comparison).plain)}</p>',
        '<nav aria-label="Sections"><ul><li><a href="#overview">Overview</a>'
        + ('</li><li><a href="#facts">Fact table</a>' if comparison.stories or comparison.facts else "")
        + '</li><li><a href="#claims">Claims</a>'
        + ('</li><li><a href="#related">Related statements</a>' if page.outside else "")
        + '</li><li><a href="#articles">Articles</a></li></ul></nav>',
        '<noscript><p class="dim">The filters need JavaScript; everything else is on the page.</p></noscript>',
        "</header>",
        '<div class="layout">',
        overview.filters(),
        "<main>",
        overview.overview(),
        claims.claims(),
        claims.related(),
        _Articles(page).articles(),
        "</main>",
        "</div>",
        f"<footer>Written by claimcmp {_e(__version__)} with the model {_e(comparison.model.name)} "
        f"({comparison.model.dim} dimensions).</footer>",
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


class _Page:
    """The comparison indexed for the page: labels, anchors, pairs by claim, marks by statement."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.labels = document_labels(comparison)
        self.documents = comparison.document_by_id
        self.segments = comparison.segment_by_id
        self.wide = len(comparison.documents) <= WIDE_MAX_DOCUMENTS
        cluster_of = {x: c for c in comparison.clusters for x in c.segments}
        self.inside: dict[str, list[Pair]] = {}
        self.outside: list[Pair] = []
        for pair in comparison.pairs:
            cluster = cluster_of.get(pair.a)
            if cluster is not None and cluster is cluster_of.get(pair.b):
                self.inside.setdefault(cluster.id, []).append(pair)
            else:
                self.outside.append(pair)
        # anchors come from positions and labels, never from ids found in the input
        self.cluster_anchor = {c.id: f"claim-{i}" for i, c in enumerate(comparison.clusters, 1)}
        self.cluster_of = {segment_id: c.id for segment_id, c in cluster_of.items()}
        # by identity: two pairs may be equal as records
        self.pair_anchor = {id(p): f"pair-{i}" for i, p in enumerate(self.outside, 1)}
        self.outside_of: dict[str, list[int]] = {}  # statement id -> numbers of the outside pairs it is in
        for i, pair in enumerate(self.outside, 1):
            for segment_id in (pair.a, pair.b):
                self.outside_of.setdefault(segment_id, []).append(i)
        self.all_marks = _marks(comparison.pairs)
        self.disputes = fact_disputes(comparison)

    def statement_anchor(self, segment: Segment) -> str:
        return f"s-{self.labels[segment.doc]}-{segment.index}"

    def where(self, segment: Segment) -> str:
        return f"{self.labels[segment.doc]}#{segment.index}"

    def message(self, flag: Flag) -> str:
        """The flag's sentence with document ids shortened to the labels the tables use."""
        return relabelled(flag.message, self.labels)


class _Overview:
    """The filter form and the overview: documents, coverage matrix, flag counts, the fact table, inputs skipped."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.fact_tables = _FactTables(page)

    def filters(self) -> str:
        counts = _flag_counts(self.page.comparison.pairs)
        types = sorted({t for t, _ in counts})
        languages = sorted({d.lang for d in self.page.comparison.documents})
        by_type = {t: sum(n for (x, _), n in counts.items() if x == t) for t in types}
        by_severity = {s: sum(n for (_, x), n in counts.items() if x == s) for s in SEVERITIES}
        by_relation = {r: sum(1 for p in self.page.comparison.pairs if p.relation == r) for r in _RELATIONS}

        def boxes(
            legend: str, name: str, options: Iterable[tuple[str, str]], extra: dict[str, str] | None = None
        ) -> str:
            rows = []
            for value, text in options:
                attribute = f' data-lang="{_e(extra[value])}"' if extra else ""
                rows.append(
                    f'<label><input type="checkbox" name="{name}" value="{_e(value)}"{attribute} checked> '
                    f"{_e(text)}</label>"
                )
            return f"<fieldset><legend>{legend}</legend>{''.join(rows)}</fieldset>"

        parts = [
            '<form id="filters" class="filters" role="search" aria-label="Filters" hidden>',
            '<h2 class="vh">Filters</h2>',
            '<p><label for="q">Search the claims</label><input type="search" id="q" name="q"></p>',
        ]
        if types:
            parts.append(boxes("Flag type", "type", ((t, f"{t} ({by_type[t]})") for t in types)))
        parts.append(
            boxes("Severity", "severity", ((s, f"{_SEVERITY_MARK[s]} {s} ({by_severity[s]})") for s in SEVERITIES))
        )
        parts.append(boxes("Relation", "relation", ((r, f"{r} ({by_relation[r]})") for r in _RELATIONS)))
        parts.append(boxes("Language", "lang", ((lang, lang) for lang in languages)))
        parts.append(
            boxes(
                "Document",
                "doc",
                (
                    (self.page.labels[d.id], f"{self.page.labels[d.id]} {_gist(d.title or d.id, 30)}")
                    for d in self.page.comparison.documents
                ),
                {self.page.labels[d.id]: d.lang for d in self.page.comparison.documents},
            )
        )
        parts.append(
            '<p><label><input type="checkbox" name="flagged"> only claims and pairs with flags</label></p>'
            '<p><button type="reset">Show everything</button></p>'
            '<p id="filter-status" class="dim" role="status" aria-live="polite"></p>'
            "</form>"
        )
        return "\n".join(parts)

    def overview(self) -> str:
        parts = ['<section id="overview" aria-labelledby="overview-h">', '<h2 id="overview-h">Overview</h2>']
        parts.append(self.documents_table())
        if self.page.comparison.clusters and self.page.wide:
            parts.append(self.coverage_table())
        elif self.page.comparison.clusters:
            parts.append(
                f'<p class="dim">No coverage matrix above {WIDE_MAX_DOCUMENTS} documents: each claim below names '
                "the documents that carry it.</p>"
            )
        parts.append(self.flags_table())
        parts.append(self.fact_tables.facts())
        if self.page.comparison.skipped:
            parts.append("<h3>Inputs skipped</h3><ul>")
            parts.extend(f"<li>{_e(s.path)}: {_e(s.reason)}</li>" for s in self.page.comparison.skipped)
            parts.append("</ul>")
        if self.page.comparison.warnings:
            parts.append("<h3>Warnings</h3><ul>")
            parts.extend(f"<li>{_e(w)}</li>" for w in self.page.comparison.warnings)
            parts.append("</ul>")
        parts.append("</section>")
        return "\n".join(parts)

    def documents_table(self) -> str:
        rows = [
            '<div class="wide"><table class="documents"><caption>Documents</caption><thead><tr>'
            '<th scope="col">Label</th><th scope="col">Title</th><th scope="col">Language</th>'
            '<th scope="col">Source</th><th scope="col">Date</th><th scope="col">Statements</th>'
            '<th scope="col">Document</th></tr></thead><tbody>'
        ]
        for document in self.page.comparison.documents:
            label = self.page.labels[document.id]
            rows.append(
                f'<tr><th scope="row"><a href="#doc-{label}">{label}</a></th>'
                f"<td>{_e(document.title or '')}</td><td>{_e(document.lang)}</td>"
                f"<td>{_e(document.source or document.site or '')}</td><td>{_e(document.date or '')}</td>"
                f'<td class="num">{len(self.page.comparison.segments_of(document.id))}</td>'
                f"<td>{_e(document.id)}</td></tr>"
            )
        rows.append("</tbody></table></div>")
        return "".join(rows)

    def coverage_table(self) -> str:
        header = "".join(
            f'<th scope="col"><abbr title="{_e(d.title or d.id)}">{self.page.labels[d.id]}</abbr></th>'
            for d in self.page.comparison.documents
        )
        rows = [
            '<div class="wide"><table class="coverage"><caption>Coverage: claims × documents (✓ carries the claim; '
            "✗ does not, with the cosine of its nearest statement)</caption>"
            f'<thead><tr><th scope="col">Claim</th>{header}<th scope="col">Flags</th></tr></thead><tbody>'
        ]
        for cluster in self.page.comparison.clusters:
            anchor = self.page.cluster_anchor[cluster.id]
            first = self.page.segments[cluster.segments[0]]
            cells = []
            for document in self.page.comparison.documents:
                label = self.page.labels[document.id]
                if document.id in cluster.docs:
                    carries = f'✓<span class="vh"> {label} carries it</span>'
                    cells.append(f'<td class="has"><a href="#{anchor}-{label}">{carries}</a></td>')
                    continue
                miss = next((n for n in cluster.near_miss if n.doc == document.id), None)
                if miss is None or miss.segment is None or miss.segment not in self.page.segments:
                    cells.append(f'<td class="miss">✗<span class="vh"> {label} does not carry it</span></td>')
                    continue
                nearest = self.page.segments[miss.segment]
                cells.append(
                    f'<td class="miss"><a href="#{self.page.statement_anchor(nearest)}" '
                    f'title="nearest statement: {_e(_gist(nearest.text, 120))}">✗ {miss.similarity:.2f}'
                    f'<span class="vh"> {label} does not carry it; cosine of its nearest statement</span></a></td>'
                )
            flags = [f for p in self.page.inside.get(cluster.id, []) for f in p.flags]
            rows.append(
                f'<tr data-item="{anchor}"><th scope="row"><a href="#{anchor}">{_e(cluster.id)}</a> '
                f'<span class="gist" lang="{_e(first.lang)}">{_e(_gist(first.text, 70))}</span></th>'
                f'{"".join(cells)}<td class="num">{_flag_summary(flags)}</td></tr>'
            )
        rows.append("</tbody></table></div>")
        return "".join(rows)

    def flags_table(self) -> str:
        counts = _flag_counts(self.page.comparison.pairs)
        if not counts:
            return '<p class="dim">No flags: the aligned statements agree on every fact compared.</p>'
        head = "".join(f'<th scope="col">{_SEVERITY_MARK[s]} {s}</th>' for s in SEVERITIES)
        rows = [
            f'<table class="flag-counts"><caption>Flags by type and severity</caption><thead><tr>'
            f'<th scope="col">Flag type</th>{head}<th scope="col">All</th></tr></thead><tbody>'
        ]
        for flag_type in sorted({t for t, _ in counts}):
            cells = "".join(f'<td class="num">{counts.get((flag_type, s), 0)}</td>' for s in SEVERITIES)
            total = sum(counts.get((flag_type, s), 0) for s in SEVERITIES)
            rows.append(f'<tr><th scope="row">{_e(flag_type)}</th>{cells}<td class="num">{total}</td></tr>')
        totals = "".join(
            f'<td class="num">{sum(n for (_, s), n in counts.items() if s == severity)}</td>' for severity in SEVERITIES
        )
        rows.append(
            f'</tbody><tfoot><tr><th scope="row">All</th>{totals}<td class="num">{sum(counts.values())}</td></tr>'
            "</tfoot></table>"
        )
        return "".join(rows)


class _FactTables:
    """The stories and, per story, its fact table with the disputed values marked."""

    def __init__(self, page: _Page) -> None:
        self.page = page

    def facts(self) -> str:
        """The stories, then per story its fact table: facts as rows, documents as columns (a list of values
        per fact above :data:`WIDE_MAX_DOCUMENTS` documents), the values that flags dispute marked."""
        comparison = self.page.comparison
        if not comparison.stories and not comparison.facts:
            return ""
        parts = ['<section id="facts" aria-labelledby="facts-h">', '<h3 id="facts-h">Stories and fact table</h3>']
        if comparison.stories:
            items = []
            for story in comparison.stories:
                docs = " ".join(
                    f'<a href="#doc-{self.page.labels[d]}">{self.page.labels[d]}</a>'
                    for d in story.docs
                    if d in self.page.labels
                )
                what = (
                    f"<b>{_e(story.label)}</b> (compared with every story)"
                    if story.date is None
                    else f"<b>{_e(story.id)}</b> {_e(story.label)}"
                )
                items.append(f"<li>{what}: {docs}</li>")
            parts.append(f'<ul class="stories" aria-label="Stories">{"".join(items)}</ul>')
        if not comparison.facts:
            parts.append('<p class="dim">No fact slots: no figure or date is given by more than one document.</p>')
        else:
            parts.append(
                '<p class="legend">Each row is one fact (the thing a figure or date is the value of), each column a '
                "document; a value links to its statement in the article. Where the documents disagree the row "
                "is marked and the values a flag pits against each other are underlined in the flag's severity: "
                '<mark class="sev-high">!! high (double)</mark>, <mark class="sev-medium">! medium (solid)</mark>, '
                '<mark class="sev-low">· low (dashed)</mark>.</p>'
            )
            parts.extend(self.fact_table(t) for t in fact_tables(comparison))
        parts.append("</section>")
        return "\n".join(parts)

    def fact_table(self, table: FactTable) -> str:
        caption = f"Fact table · {_e(fact_table_title(table, self.page.labels))}"
        if not self.page.wide:
            rows = "".join(
                f"<li>{self.fact_name(slot)}: "
                + " · ".join(f"<b>{self.page.labels[d]}</b> {self.fact_cell(slot, d)}" for d in slot.docs)
                + "</li>"
                for slot in table.slots
            )
            return f'<h4>{caption}</h4><ul class="fact-values">{rows}</ul>'
        header = "".join(
            f'<th scope="col"><abbr title="{_e(self.page.documents[d].title or d)}">{self.page.labels[d]}</abbr></th>'
            if d in self.page.documents
            else f'<th scope="col">{_e(d)}</th>'
            for d in table.docs
        )
        rows = "".join(
            f'<tr><th scope="row">{self.fact_name(slot)}</th>'
            + "".join(f"<td>{self.fact_cell(slot, d)}</td>" for d in table.docs)
            + "</tr>"
            for slot in table.slots
        )
        return (
            f'<div class="wide"><table class="fact-table"><caption>{caption}</caption><thead><tr>'
            f'<th scope="col">Fact</th>{header}</tr></thead><tbody>{rows}</tbody></table></div>'
        )

    def fact_name(self, slot: FactSlot) -> str:
        severity = self.page.disputes.of(slot)
        badge = f'<span class="badge sev-{severity}">{_SEVERITY_MARK[severity]} disputed</span> ' if severity else ""
        return f'{badge}{_e(slot.name)} <span class="meta">{_e(slot.id)} · {_e(slot.kind)}</span>'

    def fact_cell(self, slot: FactSlot, doc: str) -> str:
        lang = self.page.documents[doc].lang if doc in self.page.documents else "und"
        shown = []
        for value in cell_values(slot, doc, self.page.disputes):
            text = _e(value.text)
            if value.disputed:
                text = f'<mark class="sev-{value.disputed}" title="disputed ({value.disputed})">{text}</mark>'
            segment = self.page.segments.get(value.segments[0])
            if segment is not None:
                anchor, gist = self.page.statement_anchor(segment), _e(_gist(segment.text, 200))
                text = f'<a href="#{anchor}" title="{gist}">{text}</a>'
            who = f' <span class="who">({_e("; ".join(value.sources))})</span>' if value.sources else ""
            shown.append(f'<span lang="{_e(lang)}">{text}</span>{who}')
        return ", ".join(shown)


class _Claims:
    """The claim clusters, one column per document, and the related pairs outside them."""

    def __init__(self, page: _Page) -> None:
        self.page = page

    def claims(self) -> str:
        parts = [
            '<section id="claims" aria-labelledby="claims-h">',
            f'<h2 id="claims-h">Claims shared by several documents ({len(self.page.comparison.clusters)})</h2>',
            '<p class="legend">Each claim shows one column per document, in the original language. The words '
            "that differ between documents are marked, colour and underline giving the flag's severity: "
            '<mark class="sev-high">!! high (double)</mark>, <mark class="sev-medium">! medium (solid)</mark>, '
            '<mark class="sev-low">· low (dashed)</mark>; a mark names its flag types on hover, and the flags '
            "under each pair say what differs.</p>",
        ]
        if not self.page.comparison.clusters:
            parts.append('<p class="dim">No claim is carried by more than one document.</p>')
        parts.extend(self.cluster(c) for c in self.page.comparison.clusters)
        parts.append("</section>")
        return "\n".join(parts)

    def cluster(self, cluster: Cluster) -> str:
        anchor = self.page.cluster_anchor[cluster.id]
        pairs = self.page.inside.get(cluster.id, [])
        marks = _marks(pairs)
        by_document = {self.page.segments[x].doc: self.page.segments[x] for x in cluster.segments}
        near = {n.doc: n for n in cluster.near_miss}
        columns = []
        # every document in its own place when there are few; only those carrying the claim when many
        for document_id in [d.id for d in self.page.comparison.documents] if self.page.wide else cluster.docs:
            label = self.page.labels[document_id]
            segment = by_document.get(document_id)
            if segment is not None:
                columns.append(
                    f'<div class="column" id="{anchor}-{label}">{self.statement(segment, marks.get(segment.id, []))}'
                    "</div>"
                )
            else:
                columns.append(self.missing_column(label, near.get(document_id)))
        flags = [f for p in pairs for f in p.flags]
        docs = " ".join(self.page.labels[d] for d in cluster.docs)
        return (
            f'<article class="cluster item" id="{anchor}" data-docs="{_e(docs)}" aria-labelledby="{anchor}-h">'
            f'<h3 id="{anchor}-h">Claim {_e(cluster.id)} <span class="meta">· {len(cluster.docs)} of '
            f"{len(self.page.comparison.documents)} documents · {_flag_summary(flags) or 'no flags'}</span></h3>"
            f'<div class="columns">{"".join(columns)}</div>'
            f'<ul class="pairs" aria-label="Pairs of claim {_e(cluster.id)}">'
            + "".join(f"<li>{self.pair_block(p)}</li>" for p in pairs)
            + "</ul></article>"
        )

    def statement(self, segment: Segment, marks: list[Mark]) -> str:
        """One statement as a column: where it is, its text with differing words marked, who said it."""
        document = self.page.documents.get(segment.doc)
        who = []
        speaker = _speaker(segment)
        if speaker:
            who.append(f"said by <b>{_e(speaker)}</b>")
        source = source_of(segment)
        if source:
            who.append(f"via <b>{_e(source)}</b>")
        title = f' title="{_e(document.title)}"' if document and document.title else ""
        return (
            f'<h4><span{title}>{self.page.where(segment)}</span> <span class="meta">{_e(segment.lang)}</span></h4>'
            f'<p class="text-of" lang="{_e(segment.lang)}">{_marked(segment.text, marks)}</p>'
            + (f'<p class="who">{" · ".join(who)}</p>' if who else "")
            + f'<p class="to-article"><a href="#{self.page.statement_anchor(segment)}">in the article ↓</a></p>'
        )

    def missing_column(self, label: str, miss: NearMiss | None) -> str:
        head = f'<h4>{label} <span class="meta">does not carry it</span></h4>'
        if miss is None or miss.segment is None or miss.segment not in self.page.segments:
            return f'<div class="column missing">{head}<p>No statement of its kind.</p></div>'
        segment = self.page.segments[miss.segment]
        # folded, so that the statements that do carry the claim stand out; open without script
        return (
            f'<div class="column missing">{head}<details><summary>nearest statement: {self.page.where(segment)}, '
            f'cosine {miss.similarity:.2f}</summary><p lang="{_e(segment.lang)}">{_e(segment.text)}</p>'
            f'<p class="to-article"><a href="#{self.page.statement_anchor(segment)}">in the article ↓</a></p>'
            "</details></div>"
        )

    def pair_block(self, pair: Pair, columns: str = "") -> str:
        """A pair's header (which statements, relation, scores), ``columns``, then its flags.

        A pair inside a claim is a part of the claim's block; one outside the claims is a block of its own.
        """
        a, b = self.page.segments[pair.a], self.page.segments[pair.b]
        flags = "".join(
            f'<li class="flag sev-{_e(f.severity)}" data-type="{_e(f.type)}" data-severity="{_e(f.severity)}">'
            f'<span class="badge">{_SEVERITY_MARK[f.severity]} {_e(f.severity)}</span> <b>{_e(f.type)}</b>: '
            f'{_e(self.page.message(f))} <span class="meta">(confidence {f.confidence:.2f})</span></li>'
            for f in pair.flags
        )
        anchor = self.page.pair_anchor.get(id(pair))
        opening = f'<article class="pair item" id="{anchor}"' if anchor else '<div class="pair"'
        relation = _e(pair.relation)
        return (
            f'{opening} data-docs="{self.page.labels[a.doc]} {self.page.labels[b.doc]}" data-relation="{relation}">'
            f'<p class="pair-head">{self.page.where(a)} ↔ {self.page.where(b)} · '
            f'<span class="rel-{relation}">{relation}</span> · cosine {pair.similarity:.2f} · '
            f"margin {pair.score:.2f}"
            + (f" · evidence +{pair.evidence:.2f}" if pair.evidence else "")
            + (f' · <span class="note">{_e(pair.note)}</span>' if pair.note else "")
            + "</p>"
            + columns
            + (f'<ul class="flags">{flags}</ul>' if flags else "")
            + ("</article>" if anchor else "</div>")
        )

    def related(self) -> str:
        if not self.page.outside:
            return ""
        parts = [
            '<section id="related" aria-labelledby="related-h">',
            f'<h2 id="related-h">Related statements that disagree, outside the claims ({len(self.page.outside)})</h2>',
        ]
        for pair in self.page.outside:
            marks = _marks([pair])
            a, b = self.page.segments[pair.a], self.page.segments[pair.b]
            columns = (
                f'<div class="columns"><div class="column">{self.statement(a, marks.get(a.id, []))}</div>'
                f'<div class="column">{self.statement(b, marks.get(b.id, []))}</div></div>'
            )
            parts.append(self.pair_block(pair, columns))
        parts.append("</section>")
        return "\n".join(parts)


class _Articles:
    """Each article's text, every statement linked to its claim or related pair."""

    def __init__(self, page: _Page) -> None:
        self.page = page

    def articles(self) -> str:
        parts = [
            '<section id="articles" aria-labelledby="articles-h">',
            '<h2 id="articles-h">Articles</h2>',
            '<p class="legend"><span class="stmt aligned">Statements shared with another document</span> link to '
            'their claim (<a class="ref" href="#claims">c1</a>); other statements are plain; '
            '<span class="dropped">page furniture that is no statement is greyed</span>.</p>',
        ]
        parts.extend(self.article(d) for d in self.page.comparison.documents)
        parts.append("</section>")
        return "\n".join(parts)

    def article(self, document: Document) -> str:
        label = self.page.labels[document.id]
        facts: list[tuple[str, str]] = [("document", _e(document.id)), ("language", _e(document.lang))]
        for name, value in (
            ("source", document.source),
            ("site", document.site),
            ("date", document.date),
            ("format", f"{document.format}, {document.encoding}"),
            ("file", exportable_path(document.path) if document.path else None),
        ):
            if value:
                facts.append((name, _e(value)))
        if document.url:
            link = _LINKABLE_URL.fullmatch(document.url.strip())
            facts.append(
                (
                    "URL",
                    f'<a href="{_e(link.group())}" rel="noopener noreferrer">{_e(document.url)}</a>'
                    if link
                    else _e(document.url),
                )
            )
        for key, value in document.metadata.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            facts.append((_e(str(key)), _e(shown)))
        listing = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
        return (
            f'<article class="document" id="doc-{label}" data-docs="{label}" aria-labelledby="doc-{label}-h">'
            f'<h3 id="doc-{label}-h">{label} · {_e(document.title or document.id)}</h3>'
            f'<dl class="facts">{listing}</dl>'
            f'<div class="text" lang="{_e(document.lang)}">{self.article_text(document)}</div></article>'
        )

    def article_text(self, document: Document) -> str:
        """The document's text, every statement in a span that links to its claim; text between them greyed."""
        out = []
        cursor = 0
        for segment in sorted(self.page.comparison.segments_of(document.id), key=lambda s: s.start):
            start = max(segment.start, cursor)  # a hand-made record may overlap: never repeat text
            if start >= segment.end:
                continue
            out.append(_between(document.text[cursor:start]))
            classes = ["stmt"]
            refs = []
            cluster_id = self.page.cluster_of.get(segment.id)
            if cluster_id is not None:
                classes.append("aligned")
                refs.append(
                    f'<a class="ref" href="#{self.page.cluster_anchor[cluster_id]}" '
                    f'aria-label="claim {_e(cluster_id)}">{_e(cluster_id)}</a>'
                )
            refs.extend(
                f'<a class="ref" href="#pair-{i}" aria-label="related pair {i}">r{i}</a>'
                for i in self.page.outside_of.get(segment.id, [])
            )
            title = ""
            if segment.kind == "boilerplate":
                classes.append("boilerplate")
                title = ' title="page furniture, kept as a statement (--keep-boilerplate), never aligned"'
            offset = start - segment.start
            marks = [((s - offset, e - offset), sev, t) for (s, e), sev, t in self.page.all_marks.get(segment.id, [])]
            out.append(
                f'<span class="{" ".join(classes)}" id="{self.page.statement_anchor(segment)}"{title}>'
                f"{_marked(segment.text[offset:], marks)}</span>{''.join(refs)}"
            )
            cursor = segment.end
        out.append(_between(document.text[cursor:]))
        return "".join(out)


def _between(text: str) -> str:
    """Text between statements: white space as it is, anything else (dropped page furniture) greyed."""
    if not text.strip():
        return _e(text)
    return f'<span class="dropped" title="not a statement: dropped">{_e(text)}</span>'


def _marks(pairs: Iterable[Pair]) -> dict[str, list[Mark]]:
    """Spans to mark in each statement, with the severity and type of the flag that names them."""
    marks: dict[str, list[Mark]] = {}
    for pair in pairs:
        for flag in pair.flags:
            # the terminal view's rule for which words a flag names (for a quotation: only the words that
            # differ), asked one flag at a time so that every span keeps its flag's type
            for segment_id, spans in marks_by_segment([replace(pair, flags=(flag,))]).items():
                marks.setdefault(segment_id, []).extend((span, flag.severity, flag.type) for span, _ in spans)
    return marks


def _marked(text: str, marks: list[Mark]) -> str:
    """``text`` escaped, with every marked span in a ``<mark>`` naming the flag types and severity.

    Overlapping marks are cut at every boundary, so no span is lost; a piece
    covered by several flags takes the highest severity and names all types.
    """
    cuts = sorted({0, len(text), *(p for (s, e), _, _ in marks for p in (s, e) if 0 <= p <= len(text))})
    out: list[str] = []
    open_key: tuple[Severity, tuple[str, ...]] | None = None
    for start, end in itertools.pairwise(cuts):
        covering = [(severity, kind) for (s, e), severity, kind in marks if s <= start and end <= e]
        key = None
        if covering:
            severity = min((sev for sev, _ in covering), key=SEVERITIES.index)
            key = (severity, tuple(sorted({kind for _, kind in covering})))
        if key != open_key:
            if open_key is not None:
                out.append("</mark>")
            if key is not None:
                level, kinds = _e(key[0]), _e(", ".join(key[1]))
                out.append(f'<mark class="sev-{level}" title="differs: {kinds} ({level})">')
            open_key = key
        out.append(_e(text[start:end]))
    if open_key is not None:
        out.append("</mark>")
    return "".join(out)


def _speaker(segment: Segment) -> str | None:
    """Who the statement is attributed to, or who its first attributed quotation is by."""
    facts = segment.facts
    for holder in (facts.attribution, *facts.quotes):
        if holder is not None and holder.speaker:
            return holder.speaker
    return None


def _flag_counts(pairs: Iterable[Pair]) -> dict[tuple[FlagType, Severity], int]:
    counts: dict[tuple[FlagType, Severity], int] = {}
    for pair in pairs:
        for flag in pair.flags:
            counts[flag.type, flag.severity] = counts.get((flag.type, flag.severity), 0) + 1
    return counts


def _flag_summary(flags: list[Flag]) -> str:
    """``2 flags (1 !! high, 1 · low)``: how many flags and of which severities, empty when none."""
    if not flags:
        return ""
    by_severity = [(s, sum(1 for f in flags if f.severity == s)) for s in SEVERITIES]
    detail = ", ".join(f"{n} {_SEVERITY_MARK[s]} {s}" for s, n in by_severity if n)
    return f"{len(flags)} flag{'s' if len(flags) > 1 else ''} ({detail})"


def _gist(text: str, limit: int) -> str:
    """The text on one line, cut at a word boundary near ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def _e(text: str) -> str:
    # bidi controls shown as a marker (same length, so spans still fit): they must not reorder what a reader sees
    return escape(displayable(text), quote=True)


def _sha256(block: str) -> str:
    """The CSP source expression that admits exactly this inline block."""
    return "sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii")
