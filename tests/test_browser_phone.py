"""Phone first, what happens next and the pages QR codes open, in a real browser.

The fixtures (a built demo site, Chromium, `visit` for a phone or a browser without
JavaScript) and the helpers come from test_browser.py; expectations are read from the
records and the ledger settings.
"""

from __future__ import annotations

import urllib.request

import pytest
import test_browser
import yaml
from conftest import REPO, TODAY
from test_browser import _all, _axe, _record

from minyi import lifecycle

pytestmark = pytest.mark.browser
# test_browser.py's fixtures (the built site, Chromium, `visit`), found by pytest among this module's names
globals().update({name: getattr(test_browser, name) for name in ("browser", "site_url", "visit")})
SETTINGS = yaml.safe_load((REPO / "records/ledger.yaml").read_text(encoding="utf-8"))


def _waiting_for_answer(s: dict) -> bool:
    """Handled and no answer since the last reopening (or ever): the overdue definition on the dashboard."""
    statuses = [e["status"] for e in s["timeline"]]
    since = len(statuses) - statuses[::-1].index("reopened") if "reopened" in statuses else 0
    return s["status"] in lifecycle.HANDLING and "answered" not in statuses[since:]


def test_list_at_375_px_is_cards_without_horizontal_scroll(visit):
    pg = visit("suggestions/", width=375)
    pg.wait_for_selector(".mi-count[data-count]")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    cards = pg.locator(".mi-list-table tr.mi-row")
    assert cards.count() == min(100, int(pg.get_attribute(".mi-count", "data-count"))) > 0
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.evaluate("e => getComputedStyle(e).display") == "grid"
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    first = cards.first
    for cell in (".mi-c-id", ".mi-c-title", ".mi-c-status", ".mi-c-street", ".mi-c-days"):
        assert first.locator(cell).is_visible(), cell
    assert "已办" in first.locator(".mi-c-days").inner_text()
    overdue = {s["id"] for s in _all("suggestions") if _waiting_for_answer(s) and str(s.get("deadline")) < TODAY}
    assert overdue
    flagged = {c.locator(".mi-c-id").inner_text() for c in cards.all() if c.locator(".mi-overdue").is_visible()}
    assert flagged == overdue
    # the filters fold away on a phone, and their summary counts the chosen ones
    assert pg.locator("details.mi-filter-box").get_attribute("open") is None
    assert not pg.locator(".mi-list select[name=street]").is_visible()
    pg.click("details.mi-filter-box summary")
    pg.select_option(".mi-list select[name=street]", index=1)
    pg.check(".mi-list input[name=overdue]")
    assert "已选 2 项" in pg.inner_text("details.mi-filter-box summary")


def test_key_supervised_filter_and_badges_at_375_px(visit):
    """只看重点督办 (also reached from the dashboard's link, ?key=1) leaves exactly the suggestions with a
    supervision entry, each card showing its 重点督办 badge."""
    key = {s["id"] for s in _all("suggestions") if s.get("supervision")}
    assert len(key) == 3
    pg = visit("suggestions/?key=1", width=375)
    pg.wait_for_selector(".mi-count[data-count]")
    cards = pg.locator(".mi-list-table tr.mi-row")
    assert {c.locator(".mi-c-id").inner_text() for c in cards.all()} == key
    assert all(c.locator(".mi-key").is_visible() for c in cards.all())
    assert pg.is_checked(".mi-list input[name=key]")
    pg.click("details.mi-filter-box summary")
    pg.uncheck(".mi-list input[name=key]")
    pg.wait_for_function("document.querySelector('.mi-count').getAttribute('data-count') !== '3'")
    shown = pg.locator(".mi-list-table tr.mi-row")
    flagged = {c.locator(".mi-c-id").inner_text() for c in shown.all() if c.locator(".mi-key").is_visible()}
    assert flagged == key & {c.locator(".mi-c-id").inner_text() for c in shown.all()}


def test_list_uses_the_content_width_on_desktop(visit):
    pg = visit("suggestions/")
    pg.wait_for_selector(".mi-count[data-count]")
    table = pg.locator(".mi-list-table").bounding_box()
    content = pg.locator(".md-content__inner").bounding_box()
    assert table["width"] >= 0.97 * content["width"] and content["width"] > 900
    assert pg.locator(".mi-list-table tr.mi-row").first.evaluate("e => getComputedStyle(e).display") == "table-row"
    assert pg.locator("details.mi-filter-box").get_attribute("open") is not None


def test_list_without_javascript_shows_the_newest_records(visit, site_url):
    stage = {k for k, v in lifecycle.SUGGESTION_STATUSES.items() if v.stage == "交办清单"}
    mine = sorted((s for s in _all("suggestions") if s["status"] in stage), key=lambda s: (str(s["received"]), s["id"]))
    pg = visit("suggestions/assigned/", width=375, js=False)
    assert pg.locator(".mi-list-table tr.mi-row .mi-c-id").all_inner_texts() == [s["id"] for s in reversed(mine)][:50]
    assert "正在加载" not in pg.inner_text(".mi-list")
    assert not pg.locator("details.mi-filter-box").is_visible()  # the filters need the script
    links = pg.locator(".mi-downloads a").evaluate_all("as => as.map(a => [a.textContent, a.href])")
    assert any("CSV" in text for text, _ in links) and sum("JSON" in text for text, _ in links) >= 2
    for _, href in links:
        with urllib.request.urlopen(href) as response:
            assert response.status == 200 and response.read(1)


def test_script_fills_the_same_cards_as_the_server(visit):
    rows = """rs => rs.map(r => [r.innerText, r.className,
        Array.from(r.querySelectorAll('a')).map(a => a.href),
        Array.from(r.querySelectorAll('[data-f]')).map(e => e.className + (e.hidden ? ' hidden' : ''))])"""
    server = visit("suggestions/closed/", js=False).eval_on_selector_all(".mi-list-table tr.mi-row", rows)
    client = visit("suggestions/closed/")
    client.wait_for_selector(".mi-count[data-count]")
    assert client.eval_on_selector_all(".mi-list-table tr.mi-row", rows)[: len(server)] == server


def test_qr_target_page_shows_how_to_reach_the_deputy_at_375_px(visit):
    deputy = _record("deputies", "D-0001")
    station = _record("stations", deputy["station"])
    intake = SETTINGS["intake"]
    pg = visit("deputies/D-0001/", width=375)
    box = pg.locator(".mi-reach")
    assert box.bounding_box()["y"] < 300  # the first thing under the name
    text = box.inner_text()
    for shown in (station["name"], station["hours"], deputy["office_phone"], intake["hotline"], intake["mini_program"]):
        assert shown in text, shown
    hrefs = box.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert f"tel:{deputy['office_phone']}" in hrefs and f"tel:{intake['hotline']}" in hrefs
    assert intake["issue_form_url"] in hrefs and intake["mini_program_url"] in hrefs
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375


def test_station_page_shows_its_own_qr_code_and_contacts(visit):
    station = _record("stations", "ST-03")
    url = SETTINGS["station_qr_url_pattern"].format(id="ST-03")
    pg = visit("stations/ST-03/", width=375)
    label = pg.locator(".mi-qr [role=img]").get_attribute("aria-label")
    assert "联络站码" in label and url in label
    assert pg.locator(".mi-qr figcaption a").get_attribute("href") == url
    svg = pg.locator(".mi-qr svg").bounding_box()
    assert svg["width"] > 100 and svg["height"] > 100
    text = pg.locator(".mi-reach").inner_text()
    assert station["hours"] in text and station["phone"] in text and SETTINGS["intake"]["hotline"] in text


def test_an_open_suggestion_first_line_names_holder_and_deadline(visit):
    waiting = [s for s in _all("suggestions") if _waiting_for_answer(s) and s.get("deadline")]
    assert waiting
    for s in waiting:
        lead = _record("departments", s["departments"]["lead"])
        pg = visit(f"suggestions/{s['id']}/", width=375)
        first = pg.locator("article.mi-record > :first-child")
        assert "mi-next" in first.get_attribute("class")
        line = first.locator(".mi-next-line").inner_text()
        assert lead.get("short_name", lead["name"]) in line and str(s["deadline"]) in line, line
        assert ("已逾期" in line) == (str(s["deadline"]) < TODAY), line
        assert lead["phone"] in first.locator(".mi-next-reach").inner_text()
    closed = visit("suggestions/S-2024-0003/", width=375).locator("article.mi-record > :first-child")
    assert "已办结" in closed.inner_text() and closed.locator(".mi-next-reach").count() == 0


@pytest.mark.parametrize(
    "path", ["", "stations/", "stations/ST-03/", "deputies/D-0001/", "deputies/D-0013/", "suggestions/", "years/"]
)
def test_tables_keep_every_column_on_screen_on_phones(visit, path):
    pg = visit(path, width=375)
    scrolled = pg.evaluate("""Array.from(document.querySelectorAll('.mi-table-wrap'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute('aria-label'))""")
    assert scrolled == []
    for cell in pg.locator(".mi-stack td").all()[:20]:  # stacked cells name their column
        assert cell.evaluate("e => getComputedStyle(e, '::before').content") == f'"{cell.get_attribute("data-label")}"'


@pytest.mark.parametrize(
    "path", ["suggestions/", "suggestions/S-2026-0012/", "deputies/D-0001/", "deputies/D-0013/", "stations/ST-03/", ""]
)
def test_no_serious_accessibility_violations_on_phones(visit, path):
    assert _axe(visit(path, width=375)) == []
