"""A month's 通报 printed from Chromium (print media emulated): the content only, no header, tabs,
search, sidebars or footer, and tables that break between rows, repeat their heads and fit the page.

Fixtures come from test_browser.py (the demo site built as of TODAY, Chromium, `visit`).
"""

from __future__ import annotations

import pytest
import test_browser

pytestmark = pytest.mark.browser
globals().update({name: getattr(test_browser, name) for name in ("browser", "site_url", "visit")})

CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-top", ".mi-report-nav")
A4_CONTENT_PX = 700  # 210 mm less the page margins, at 96 px per inch


def _shown(pg, selector: str) -> list[str]:
    return [selector for el in pg.query_selector_all(selector) if el.is_visible()]


def test_a_bulletin_prints_its_content_only(visit):
    pg = visit("reports/2026-06/")
    assert _shown(pg, ".md-header") and _shown(pg, ".mi-report-nav")  # on screen they are there
    pg.emulate_media(media="print")
    assert [s for sel in CHROME for s in _shown(pg, sel)] == []
    assert pg.locator("h1").inner_text() == "青溪区民意台账 2026 年 6 月通报"
    assert pg.locator("h1").bounding_box()["y"] < 60  # the title opens the first page


def test_bulletin_tables_break_between_rows_and_fit_the_page(visit):
    pg = visit("reports/2026-06/", width=A4_CONTENT_PX)
    pg.emulate_media(media="print")
    styles = pg.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table')].map(t => ({
            display: getComputedStyle(t).display,
            head: getComputedStyle(t.tHead).display,
            row: getComputedStyle(t.tBodies[0].rows[0]).breakInside,
            wrap: getComputedStyle(t.parentElement).overflowX,
            right: t.getBoundingClientRect().right}))"""
    )
    assert len(styles) == 4  # rates, departments, streets, closures
    for s in styles:
        assert (s["display"], s["head"], s["row"], s["wrap"]) == ("table", "table-header-group", "avoid", "visible")
        assert s["right"] <= A4_CONTENT_PX
    assert len(pg.pdf(format="A4")) > 10_000  # Chromium lays it out as a printed document
