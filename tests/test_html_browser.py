"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol (``tests/cdp.py``).

One Chromium serves the module; each test opens a tab. Without a Chromium the
tests skip, unless ``CLAIMCMP_REQUIRE_BROWSER`` is set (``.ci/run`` sets it, so
CI fails instead of skipping). Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimcmp.output.html_report import comparison_to_html
from claimcmp.records import Comparison

from .conftest import REPO
from .support.cdp import Browser, Page
from .support.html_samples import malicious_comparison

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"

# CDP's own scripts are exempt from the page's CSP, so this records every violation the page causes
RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)
VISIBLE = "(e => e.getClientRects().length > 0)"


def chromium() -> str | None:
    for name in (os.environ.get("CLAIMCMP_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    binary = chromium()
    if binary is None:
        reason = "no Chromium found: install Debian's chromium package or set CLAIMCMP_CHROMIUM"
        if os.environ.get("CLAIMCMP_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    started = Browser(binary)
    yield started
    started.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    tab = browser.new_page()
    tab.before_every_document(RECORD_VIOLATIONS)
    yield tab
    tab.close()


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that the malicious payloads point at: its origin, and the paths it was asked for."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def seeds_report(seed_comparison: Comparison, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "seeds.html"
    path.write_text(comparison_to_html(seed_comparison), encoding="utf-8")
    return path.as_uri()


def count_visible(page: Page, selector: str) -> int:
    return page.evaluate(f"[...document.querySelectorAll({selector!r})].filter({VISIBLE}).length")


def status(page: Page) -> str:
    return page.evaluate("document.getElementById('filter-status').textContent")


def tick(page: Page, selector: str) -> None:
    """Toggle a checkbox the way a keyboard user does: focus it, press Space."""
    page.evaluate(f"document.querySelector({selector!r}).focus()")
    page.press(" ", "Space", 32, text=" ")


def outside_pairs(comparison: Comparison) -> list[tuple[str, str]]:
    inside = {(p.a, p.b) for c in comparison.clusters for p in comparison.pairs if {p.a, p.b} <= set(c.segments)}
    return [(p.a, p.b) for p in comparison.pairs if (p.a, p.b) not in inside]


@pytest.mark.model
def test_the_seeds_report_opens_fast_and_shows_claims_flags_and_coverage(
    page: Page, seeds_report: str, seed_comparison: Comparison
) -> None:
    seconds = page.open(seeds_report)
    load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    print(f"\nseeds report: load event after {load_ms:.0f} ms in the page ({seconds:.2f} s from navigation)")
    assert load_ms < 1000
    n_clusters, n_documents = len(seed_comparison.clusters), len(seed_comparison.documents)
    assert count_visible(page, "article.cluster") == n_clusters
    assert count_visible(page, "li.flag") == sum(len(p.flags) for p in seed_comparison.pairs)
    assert count_visible(page, "table.coverage tbody tr") == n_clusters
    assert count_visible(page, "table.coverage tbody td.has, table.coverage tbody td.miss") == n_clusters * n_documents
    assert count_visible(page, "article.cluster mark") > 0
    assert count_visible(page, "article.document") == n_documents
    # the filters appear only when the script ran, which the CSP allows only if its hash is right
    assert count_visible(page, "#filters") == 1
    assert status(page).startswith(f"Showing {n_clusters} of {n_clusters} claims")
    assert page.evaluate("window.__violations") == []
    assert page.errors() == []
    assert page.requests() == [seeds_report]
    shots = [
        page.screenshot(ARTIFACTS / "html-report-seeds.png"),
        # the claim holding the two renderings of one quotation (issue 18, item 6)
        page.screenshot(
            ARTIFACTS / "html-report-seeds-claim.png", "article.cluster:has(li[data-type='quote_variant'])"
        ),
    ]
    print("screenshots:", *shots)
    assert all(shot.stat().st_size > 10_000 for shot in shots)


@pytest.mark.model
def test_filters_narrow_the_view_and_work_from_the_keyboard(
    page: Page, seeds_report: str, seed_comparison: Comparison
) -> None:
    page.open(seeds_report)
    segments_of = {c.id: set(c.segments) for c in seed_comparison.clusters}
    lang = {s.id: s.lang for s in seed_comparison.segments}
    n_clusters = len(seed_comparison.clusters)

    def claims_with(keep: object) -> int:
        return sum(
            any(keep(p) for p in seed_comparison.pairs if {p.a, p.b} <= members) for members in segments_of.values()
        )

    # Tab moves from the search box to the first flag type box
    page.evaluate("document.getElementById('q').focus()")
    page.press("Tab", "Tab", 9)
    first_type = min(f.type for p in seed_comparison.pairs for f in p.flags)
    assert page.evaluate("document.activeElement.name + ':' + document.activeElement.value") == f"type:{first_type}"

    # severity: leave out the high and medium flags; claims and pairs without a low flag go with them
    for severity in ("high", "medium"):
        tick(page, f"input[name=severity][value={severity}]")
    assert page.evaluate("document.querySelector('input[name=severity][value=medium]').checked") is False
    low = [f for p in seed_comparison.pairs for f in p.flags if f.severity == "low"]
    assert count_visible(page, "li.flag") == len(low)
    expected = claims_with(lambda p: any(f.severity == "low" for f in p.flags))
    assert 0 < expected < n_clusters
    assert count_visible(page, "article.cluster") == expected
    assert status(page).startswith(f"Showing {expected} of {n_clusters} claims")

    # "Show everything" (Enter on the reset button) brings it all back
    page.evaluate("document.querySelector('button[type=reset]').focus()")
    page.press("Enter", "Enter", 13, text="\r")
    assert status(page).startswith(f"Showing {n_clusters} of {n_clusters} claims")

    # search: of the claims shown, exactly those holding the words stay
    before = page.evaluate(f"[...document.querySelectorAll('.item')].map({VISIBLE})")
    page.evaluate("document.getElementById('q').focus()")
    page.type_text("Ким")
    after = page.evaluate(
        f"[...document.querySelectorAll('.item')].map(e => [{VISIBLE}(e), e.textContent.toLowerCase().includes('ким')])"
    )
    assert [shown for shown, _ in after] == [was and has for was, (_, has) in zip(before, after, strict=True)]
    assert any(shown for shown, _ in after) and not all(before[i] == after[i][0] for i in range(len(before)))

    # and again after the search
    page.evaluate("document.querySelector('button[type=reset]').focus()")
    page.press("Enter", "Enter", 13, text="\r")
    assert status(page).startswith(f"Showing {n_clusters} of {n_clusters} claims")
    assert count_visible(page, "article.cluster") == n_clusters

    # relation: without the equivalent pairs, only claims holding a related pair remain
    tick(page, "input[name=relation][value=equivalent]")
    assert count_visible(page, "article.cluster") == claims_with(lambda p: p.relation == "related")
    tick(page, "input[name=relation][value=equivalent]")

    # language: Ukrainian only leaves the claims and articles with a Ukrainian document
    for box in ("bg", "ru"):
        tick(page, f"input[name=lang][value={box}]")
    assert count_visible(page, "article.cluster") == claims_with(lambda p: "uk" in (lang[p.a], lang[p.b]))
    assert count_visible(page, "article.document") == sum(d.lang == "uk" for d in seed_comparison.documents)
    uk_outside = [1 for a, b in outside_pairs(seed_comparison) if "uk" in (lang[a], lang[b])]
    assert count_visible(page, "#related article.pair") == len(uk_outside)

    # document: leaving out the one Ukrainian document leaves nothing
    tick(page, "input[name=doc][value=D4]")
    assert count_visible(page, "article.cluster") == 0
    assert page.errors() == []
    assert page.evaluate("window.__violations") == []


@pytest.mark.model
def test_without_javascript_everything_but_the_filters_is_there(
    page: Page, seeds_report: str, seed_comparison: Comparison
) -> None:
    page.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.open(seeds_report)
    assert count_visible(page, "#filters") == 0
    assert count_visible(page, "noscript p") == 1
    assert count_visible(page, "article.cluster") == len(seed_comparison.clusters)
    assert count_visible(page, "li.flag") == sum(len(p.flags) for p in seed_comparison.pairs)
    assert count_visible(page, "table.coverage tbody tr") == len(seed_comparison.clusters)
    assert count_visible(page, "article.document") == len(seed_comparison.documents)
    # links into the article text work without script: the target statement is outlined
    page.evaluate("location.hash = 's-D3-1'")
    assert page.evaluate("document.querySelector(':target').id") == "s-D3-1"


def test_a_malicious_article_renders_as_inert_text(page: Page, server: tuple[str, list[str]], tmp_path: Path) -> None:
    origin, hits = server
    comparison = malicious_comparison(origin)
    report = tmp_path / "malicious.html"
    report.write_text(comparison_to_html(comparison), encoding="utf-8")
    page.open(report.as_uri())
    page.evaluate("new Promise(done => setTimeout(done, 300))")  # time for any load an error handler would start
    assert hits == []
    assert page.requests() == [report.as_uri()]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # escaped, not merely blocked: nothing reached the policy at all
    assert page.evaluate("window.__violations") == []
    assert page.errors() == []
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, object, embed, link, textarea').length") == 0
    assert page.evaluate("document.scripts.length") == 1
    text = page.evaluate("document.getElementById('doc-D1').innerText")
    evil = comparison.documents[0]
    for fragment in ("<script>window.__pwned", "onerror=", "</style></title>", "javascript:", evil.title):
        assert fragment in text, fragment
    assert count_visible(page, "article.cluster") == 1
    page.screenshot(ARTIFACTS / "html-report-malicious.png")


def test_the_local_server_does_see_a_page_that_loads_from_it(
    page: Page, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    """The control for the test above: an unescaped image does reach the server, so silence there means something."""
    origin, hits = server
    control = tmp_path / "control.html"
    control.write_text(f'<!DOCTYPE html><title>control</title><img src="{origin}/control">', encoding="utf-8")
    page.open(control.as_uri())
    assert hits == ["/control"]
    assert f"{origin}/control" in page.requests()
