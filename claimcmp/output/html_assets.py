"""The page assets of the HTML report: its style sheet and the small script that drives the filters.

Both are inlined into the page and admitted by their SHA-256 hashes in its Content-Security-Policy
(:func:`claimcmp.output.html_report.comparison_to_html`), so any change to them changes the hashes too.
"""

CSS = """
:root { color-scheme: light; --ink: #1d2330; --dim: #5c6472; --line: #d5d9e0; --panel: #f6f7f9;
  --high: #b3261e; --high-bg: #fde2df; --medium: #8a5300; --medium-bg: #fff0c7;
  --low: #1f5f8b; --low-bg: #dcecf8; --ok: #1e6b3a; --aligned-bg: #e4f3e8; --focus: #2f5fd0; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: #fff; }
header { padding: 1rem 1.5rem .5rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
h4 { font-size: .9rem; margin: 0 0 .25rem; }
a { color: var(--focus); }
a:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: .5rem 0 0; }
.summary, .dim, .meta { color: var(--dim); }
.layout { padding: 0 1.5rem 2rem; }
.js .layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 1.5rem; }
.filters { font-size: .9rem; }
.js .filters { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; padding: 1rem 0; }
.filters fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .75rem;
  padding: .25rem .75rem .5rem; }
.filters legend { font-weight: 600; padding: 0 .25rem; }
.filters label { display: block; cursor: pointer; }
.filters input[type=search] { width: 100%; padding: .3rem; font: inherit; }
.filters button { font: inherit; padding: .2rem .8rem; }
table { border-collapse: collapse; margin: 0 0 1.25rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
.filters label { overflow-wrap: anywhere; }
/* a table wider than the page (long names, many documents) scrolls by itself */
.wide { overflow-x: auto; margin: 0 0 1.25rem; }
.wide table { margin: 0; }
thead th { background: var(--panel); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.coverage td { text-align: center; white-space: nowrap; }
.coverage td.has a { color: var(--ok); font-weight: 600; }
.coverage td.miss, .coverage td.miss a { color: var(--dim); }
.gist { color: var(--dim); font-weight: normal; }
.cluster, .pair.item, .document { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem;
  margin: 0 0 1rem; scroll-margin-top: 1rem; }
/* one column per document, side by side; many documents scroll sideways rather than wrap */
.columns { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(10rem, 1fr); gap: .75rem;
  overflow-x: auto; }
.column { background: var(--panel); border-radius: 6px; padding: .5rem .75rem; overflow-wrap: break-word;
  hyphens: auto; }
.column summary { cursor: pointer; font-size: .85rem; }
.column.missing { background: #fff; border: 1px dashed var(--line); color: var(--dim); }
.column p { margin: .25rem 0; }
.who, .to-article { font-size: .85rem; color: var(--dim); }
.pairs { list-style: none; padding: 0; margin: .75rem 0 0; }
.pairs > li { border-top: 1px solid var(--line); padding: .4rem 0; }
.pair-head { margin: 0; font-size: .85rem; color: var(--dim); }
.flags { list-style: none; margin: .25rem 0 0; padding: 0; }
.flag { margin: .15rem 0; padding-left: .5rem; border-left: 4px solid; }
.badge { display: inline-block; min-width: 5.5rem; font-weight: 600; font-size: .8rem; }
.sev-high { --c: var(--high); --bg: var(--high-bg); }
.sev-medium { --c: var(--medium); --bg: var(--medium-bg); }
.sev-low { --c: var(--low); --bg: var(--low-bg); }
.flag { border-color: var(--c); }
.badge { color: var(--c); }
mark { color: inherit; background: var(--bg); border-bottom: 2px solid var(--c); padding: 0 1px;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
mark.sev-high { border-bottom: 3px double var(--c); }
mark.sev-low { border-bottom-style: dashed; }
.rel-related { color: var(--high); font-weight: 600; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.6; }
.stmt { scroll-margin-top: 2rem; }
.stmt.aligned { background: var(--aligned-bg); border-bottom: 1px solid var(--ok); }
.stmt.boilerplate, .dropped { color: #8b919b; font-style: italic; }
.stmt:target, .column:target { outline: 3px solid var(--focus); outline-offset: 2px; }
.ref { font-size: .75rem; vertical-align: super; margin: 0 .15rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0 .75rem; margin: 0 0 .75rem;
  font-size: .85rem; }
dl.facts dt { color: var(--dim); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.legend { font-size: .85rem; color: var(--dim); }
.fact-table th[scope=row] { max-width: 16rem; }
.fact-table td a, .fact-values a { color: inherit; text-decoration: none; }
.fact-table td a:hover, .fact-values a:hover { text-decoration: underline; }
.fact-values { list-style: none; padding: 0; margin: 0 0 1.25rem; }
.fact-values > li { border-top: 1px solid var(--line); padding: .3rem 0; }
.stories { margin: 0 0 1rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { padding: 1rem 1.5rem; border-top: 1px solid var(--line); color: var(--dim); font-size: .85rem; }
@media (max-width: 50rem) { .js .layout { display: block; } .js .filters { position: static; max-height: none; } }
@media print {
  body { font-size: 10pt; }
  nav, .filters, noscript, .to-article, .ref { display: none !important; }
  .js .layout { display: block; }
  .columns { grid-auto-flow: row; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); overflow: visible; }
  .layout, header, footer { padding: 0; }
  .cluster, .pair, .column, tr, .flag { break-inside: avoid; }
  #articles { break-before: page; }
  .document { break-before: page; border: none; }
  a { color: inherit; text-decoration: none; }
}
"""

# The filters only hide what is already on the page: a flag shows when its type and severity are
# chosen; a pair when its relation is, one of its documents is (a document counts when its own box and
# its language's box are ticked), and, once the flag filters narrow the view, a flag of it still shows;
# a claim when one of its pairs does and the search words occur in it.
JS = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  document.documentElement.classList.add("js");
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll(".item"));
  var documents = Array.prototype.slice.call(document.querySelectorAll(".document"));
  var status = document.getElementById("filter-status");
  var rows = {};  // the coverage matrix row of each claim
  document.querySelectorAll("tr[data-item]").forEach(function (row) { rows[row.getAttribute("data-item")] = row; });
  function ticked(name) {
    var on = {};
    form.querySelectorAll("input[name='" + name + "']").forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }
  function apply() {
    var types = ticked("type"), severities = ticked("severity"), relations = ticked("relation");
    var languages = ticked("lang"), docs = {};
    form.querySelectorAll("input[name='doc']").forEach(function (box) {
      docs[box.value] = box.checked && languages[box.getAttribute("data-lang")] !== false;
    });
    var onlyFlagged = form.elements.namedItem("flagged").checked;
    var narrowed = onlyFlagged || form.querySelectorAll(
      "input[name='type']:not(:checked), input[name='severity']:not(:checked)").length > 0;
    var query = form.elements.namedItem("q").value.trim().toLowerCase();
    function anyDocument(element) {
      return element.getAttribute("data-docs").split(" ").some(function (d) { return docs[d]; });
    }
    document.querySelectorAll("li.flag").forEach(function (li) {
      li.hidden = !(types[li.getAttribute("data-type")] && severities[li.getAttribute("data-severity")]);
    });
    function pairShown(pair) {
      return relations[pair.getAttribute("data-relation")] && anyDocument(pair) &&
        (!narrowed || pair.querySelector("li.flag:not([hidden])") !== null);
    }
    var shown = { cluster: 0, pair: 0 }, total = { cluster: 0, pair: 0 };
    items.forEach(function (item) {
      var kind = item.classList.contains("cluster") ? "cluster" : "pair", visible;
      if (kind === "pair") {
        visible = pairShown(item);
      } else {
        var pairs = item.querySelectorAll(".pair"), n = 0;
        pairs.forEach(function (pair) { pair.hidden = !pairShown(pair); n += pair.hidden ? 0 : 1; });
        visible = pairs.length ? n > 0 : !narrowed;
      }
      visible = visible && anyDocument(item) && (!query || item.textContent.toLowerCase().indexOf(query) >= 0);
      item.hidden = !visible;
      if (rows[item.id]) { rows[item.id].hidden = !visible; }
      total[kind] += 1;
      shown[kind] += visible ? 1 : 0;
    });
    var articles = 0;
    documents.forEach(function (article) {
      article.hidden = !docs[article.getAttribute("data-docs")];
      articles += article.hidden ? 0 : 1;
    });
    status.textContent = "Showing " + shown.cluster + " of " + total.cluster + " claims, " + shown.pair + " of " +
      total.pair + " related pairs outside them, " + articles + " of " + documents.length + " articles.";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    // the form's own reset would run after this handler; doing it here shows the result at once
    event.preventDefault();
    form.querySelectorAll("input").forEach(function (input) {
      if (input.type === "checkbox") { input.checked = input.defaultChecked; } else { input.value = ""; }
    });
    apply();
  });
  apply();
}());
"""
