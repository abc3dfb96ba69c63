"""The built site in a real browser: Debian's Chromium driven by Playwright, axe-core for accessibility."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, minyi

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "node_modules/axe-core/axe.min.js"
PAGES = {  # one of each page type
    "dashboard": "",
    "suggestion list": "suggestions/",
    "assignment list": "suggestions/assigned/",
    "suggestion": "suggestions/S-2024-0003/",
    "projects": "projects/",
    "project": "projects/P-2024-05/",
    "deputies": "deputies/",
    "deputy": "deputies/D-0001/",
    "departments": "departments/",
    "department": "departments/DEP-002/",
    "stations": "stations/",
    "station": "stations/ST-03/",
    "map": "map/",
    "meetings": "meetings/",
    "meeting": "meetings/M-2024-01/",
    "inquiries": "inquiries/",
    "inquiry": "inquiries/IQ-2018-01/",
    "opinions": "opinions/",
    "opinion": "opinions/OP-2024-02/",
    "motions": "motions/",
    "motion": "motions/MO-2024-02/",
    "key supervised suggestion": "suggestions/S-2025-0016/",
    "open data": "data/",
    "year ends": "years/",
    "bulletins": "reports/",
    "bulletin": "reports/2026-06/",
    "changes": "changes/",
    "guide": "docs/guide/",
    "errors": "docs/errors/",
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser closing a connection early is not a test failure


@contextlib.contextmanager
def served(folder):
    """A built site served over HTTP on a free port for the block: its base URL."""
    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    with served(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "scripts/setup.sh test installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def _watched(context):
    """A new page of `context` that records console errors and every request that leaves localhost."""
    pg = context.new_page()
    pg.errors, pg.outside = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on(
        "request",
        lambda r: pg.outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None,
    )
    return pg


def _clean(pg) -> None:
    assert pg.errors == [], pg.errors
    assert pg.outside == [], pg.outside


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = _watched(context)
    pg.base = site_url
    yield pg
    _clean(pg)
    context.close()


@pytest.fixture
def visit(browser, site_url):
    """Opens a site path in a fresh context: `width` 375 is a phone; `js=False` a browser without JavaScript."""
    contexts = []

    def open_page(path: str, width: int = 1280, js: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": 740 if width < 500 else 900}, locale="zh-CN", java_script_enabled=js
        )
        pg = _watched(context)
        contexts.append((context, pg))
        pg.goto(site_url + path)
        pg.wait_for_load_state("networkidle")
        return pg

    yield open_page
    for context, pg in contexts:
        _clean(pg)
        context.close()


def _axe(pg) -> list:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _record(folder: str, record_id: str) -> dict:
    return yaml.safe_load(next((REPO / "records" / folder).rglob(f"{record_id}.yaml")).read_text(encoding="utf-8"))


def _all(folder: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "records" / folder).rglob("*.yaml"))]


def test_dashboard_renders_its_figures(page):
    page.goto(page.base)
    figures = {el.get_attribute("data-figure"): el.inner_text() for el in page.query_selector_all("[data-figure]")}
    this_year = list((REPO / "records/suggestions" / TODAY[:4]).glob("*.yaml"))
    assert figures["今年收到"] == str(len(this_year)) == "28"
    assert figures["办结率"].endswith("%") and figures["已办结中已解决的比例"].endswith("%")
    assert page.locator("svg.mi-chart").count() == 4


def test_filtering_by_status_shows_exact_count(page):
    rows = []
    for f in (REPO / "records/suggestions").rglob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        rows.append([l for l in text.splitlines() if l.startswith("status: ")][0][8:])
    want = rows.count("in_progress")
    page.goto(page.base + "suggestions/")
    page.wait_for_selector(".mi-count[data-count]")
    assert int(page.get_attribute(".mi-count", "data-count")) == len(rows)
    page.select_option(".mi-list select[name=status]", "in_progress")  # the header search has filters too
    page.wait_for_function(f"document.querySelector('.mi-count').getAttribute('data-count') === '{want}'")
    assert page.locator(".mi-list-table tbody tr").count() == want
    assert "status=in_progress" in page.url


def test_suggestion_page_shows_every_timeline_event(page):
    text = (REPO / "records/suggestions/2024/S-2024-0003.yaml").read_text(encoding="utf-8")
    events = text.count("  - date: ")
    page.goto(page.base + "suggestions/S-2024-0003/")
    assert page.locator("ol.mi-timeline > li").count() == events == 6
    assert "已办结" in page.inner_text(".mi-flags")


def _search(pg, query: str) -> list[str]:
    """Types `query` into the header's search box (as an input method does: one input event, no key
    events); the paths of the results shown, best first."""
    pg.fill("#mi-search-q", query)
    pg.wait_for_function(
        "q => document.querySelector('.mi-search .md-search-result__list').dataset.query === q", arg=query
    )
    return pg.eval_on_selector_all(".md-search-result__link", "as => as.map(a => new URL(a.href).pathname.slice(1))")


def _texts(folder: str) -> dict[str, str]:
    """Each record's own words (every string it holds), by its page's path."""

    def words(value):
        if isinstance(value, dict):
            return " ".join(words(v) for v in value.values())
        if isinstance(value, list):
            return " ".join(words(v) for v in value)
        return str(value)

    return {f"{folder}/{r['id']}/": words(r) for r in _all(folder)}


def test_header_search_finds_records_by_what_residents_know(page):
    s = _record("suggestions", "S-2024-0003")
    dep = _record("departments", "DEP-002")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(page.base + "projects/")
    assert _search(page, "S-2024-0003")[0] == "suggestions/S-2024-0003/"
    assert _search(page, dep["name"])[0] == "departments/DEP-002/"
    assert "suggestions/S-2024-0003/" in _search(page, s["place"]["community"])
    assert "suggestions/S-2024-0003/" in _search(page, s["place"]["location"])
    behind = [p for p, text in _texts("suggestions").items() if "后街" in text]
    assert behind and set(behind) <= set(_search(page, "后街"))
    assert any(p.startswith("docs/guide/") for p in _search(page, "临时编号"))
    titled = [f"suggestions/{r['id']}/" for r in _all("suggestions") if "电梯" in r["title"]]
    assert titled and set(titled) <= set(_search(page, "电梯")[:5])  # titles rank first
    hit = page.locator(f".md-search-result__item:has(a[href$='{titled[0]}'])")
    assert hit.locator(".mi-badge").count() == 1 and "电梯" in hit.locator("mark").first.inner_text()
    index = [u for u in fetched if "/pagefind/" in u]  # loaded on demand, from this site (the fixture checks)
    assert any(u.endswith(".pf_index") for u in index) and any(u.endswith(".pf_fragment") for u in index)


def test_header_search_recall_and_filters(page):
    page.goto(page.base)
    found = page.evaluate("""async () => {
        const f = await window.MinyiSearch.find('电梯', {kind: '意见建议'});
        return Promise.all(f.results.map(async r => (await r.data()).url.slice(1)));
    }""")
    mention = {p for p, text in _texts("suggestions").items() if "电梯" in text}
    assert mention and mention <= set(found) and all(p.startswith("suggestions/") for p in found)
    _search(page, "电梯")
    page.click(".mi-search-filters summary")
    streets = page.eval_on_selector("select[name=street]", "s => Array.from(s.options).slice(1).map(o => o.value)")
    assert {r["place"]["street"] for r in _all("suggestions")} <= set(streets) and len(set(streets)) == len(streets)
    page.select_option("select[name=kind]", "意见建议")
    page.wait_for_function(
        "() => document.querySelectorAll('.mi-search-meta').length && "
        "Array.from(document.querySelectorAll('.mi-search-meta')).every(m => m.textContent.includes('意见建议'))"
    )
    assert int(page.get_attribute("#mi-search-status", "data-count")) == len(found)


def test_header_search_by_keyboard(page):
    page.goto(page.base + "stations/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "mi-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "mi-search-q"
    assert page.evaluate("document.getElementById('__search').checked")  # the panel opened
    page.keyboard.type("煤电二小区")
    page.wait_for_function(
        "() => document.querySelector('.mi-search .md-search-result__list').dataset.query === '煤电二小区'"
    )
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "mi-search-q"
    page.keyboard.press("Enter")  # opens the first result
    page.wait_for_url("**/suggestions/S-2024-0003/")


def test_header_search_on_a_phone(visit):
    pg = visit("suggestions/S-2024-0003/", width=375)
    assert pg.locator(".mi-search-open").is_visible() and not pg.evaluate("document.getElementById('__search').checked")
    pg.focus(".mi-search-open")
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "mi-search-q"
    assert "suggestions/S-2024-0015/" in _search(pg, "后街")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    for box in [pg.locator("#mi-search-q").bounding_box(), pg.locator(".md-search-result__item").first.bounding_box()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert _axe(pg) == []
    pg.click(".mi-search-back")
    assert pg.evaluate("document.activeElement.className").startswith("md-header__button")
    assert not pg.locator("#mi-search-panel").is_visible()


def test_header_search_is_accessible_with_results_and_filters(page):
    page.goto(page.base + "deputies/")
    _search(page, "梨园")
    page.click(".mi-search-filters summary")
    assert _axe(page) == []


def test_finder_opens_a_record(page):
    page.goto(page.base)
    page.fill("#mi-finder-q", "s-2024-0003")
    page.press("#mi-finder-q", "Enter")
    page.wait_for_url("**/suggestions/S-2024-0003/")
    assert "煤电二小区" in page.inner_text("h1")


def test_finder_lists_title_matches_and_is_keyboard_usable(page):
    page.goto(page.base)
    page.focus("#mi-finder-q")
    page.keyboard.type("电梯")
    page.wait_for_selector("#mi-finder-results a")
    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Tab")  # first result link
    assert "电梯" in page.evaluate("document.activeElement.textContent")


def test_finder_matches_place_and_summary_words(page):
    s = _record("suggestions", "S-2024-0003")
    word = s["summary"][:2]  # a word residents would remember from what they reported
    assert word not in s["title"] + s["place"]["location"] + s["place"]["community"]
    page.goto(page.base)
    for query in (s["place"]["community"], s["place"]["location"], word):
        page.fill("#mi-finder-q", query)
        page.wait_for_function(
            "q => document.getElementById('mi-finder-q').value === q && "
            "Array.from(document.querySelectorAll('#mi-finder-results a')).some(a => a.textContent.startsWith('S-2024-0003'))",
            arg=query,
        )


def test_deputy_page_shows_qr_code(page):
    page.goto(page.base + "deputies/D-0001/")
    qr = page.locator(".mi-qr [role=img]")
    assert "代表码" in qr.get_attribute("aria-label")
    box = page.locator(".mi-qr svg").bounding_box()
    assert box["width"] > 100 and box["height"] > 100


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(page, name):
    page.goto(page.base + PAGES[name])
    page.wait_for_load_state("networkidle")
    bad = _axe(page)
    assert bad == [], bad


@pytest.mark.parametrize("name", list(PAGES))
def test_usable_at_375_px(browser, site_url, name):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(site_url + PAGES[name])
    width = pg.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 376, f"{name}: page is {width}px wide at 375px"


def test_imported_events_are_not_late_and_slipping_projects_are_flagged(visit):
    """The demo ledger was imported in bulk (`recording_since`): its events read 导入/补录, never late;
    projects past a planned milestone read 滞后 on their page and in the list, as a phone shows them."""
    pg = visit("suggestions/S-2024-0003/", width=375)
    audits = pg.locator(".mi-tl-audit")
    assert audits.count() == 6
    assert pg.locator(".mi-tl-audit.mi-late").count() == 0
    assert pg.locator(".mi-tl-audit .mi-import").first.inner_text() == "导入/补录"
    project = visit("projects/P-2024-05/", width=375)
    assert project.locator(".mi-slip-notice").is_visible()
    assert "滞后" in project.locator(".mi-slip-notice").inner_text()
    listing = visit("projects/")
    assert listing.locator('.mi-slip[data-slip="滞后"]').count() >= 1
