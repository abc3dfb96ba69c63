"""The district map in a real browser at 375 px: readable, accessible, and a street opens its suggestions.

The fixtures (the built demo site, Chromium, `visit`) and helpers come from test_browser.py;
expectations are counted from the records.
"""

from __future__ import annotations

import pytest
import test_browser
from test_browser import _all, _axe

pytestmark = pytest.mark.browser
# test_browser.py's fixtures (the built site, Chromium, `visit`), found by pytest among this module's names
globals().update({name: getattr(test_browser, name) for name in ("browser", "site_url", "visit")})
STREET = "梨园街道"


def test_clicking_a_street_at_375_px_opens_the_list_filtered_by_it(visit):
    suggestions = _all("suggestions")
    pg = visit("map/", width=375)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    svg = pg.locator("svg.mi-map-svg").bounding_box()
    assert svg["x"] >= 0 and svg["x"] + svg["width"] <= 375 and svg["width"] > 300
    name = pg.locator(f'a.mi-map-street[data-street="{STREET}"] text.mi-map-name')
    assert name.text_content() == STREET
    assert name.bounding_box()["height"] >= 10  # the label stays readable on a phone
    assert _axe(pg) == []
    name.click()
    pg.wait_for_url("**/suggestions/?street=*")
    want = sum(1 for s in suggestions if s["place"]["street"] == STREET)
    pg.wait_for_function(f"document.querySelector('.mi-count').getAttribute('data-count') === '{want}'")
    assert pg.locator(".mi-list select[name=street]").input_value() == STREET
    assert pg.locator(".mi-list-table tbody tr").count() == want > 0
