"""Honest signals seen in a real browser on a phone: the demo's imported history is shown as
导入/补录 and never as late, and a project past its planned milestone is flagged where residents
look — its page, the projects list (with the 只看滞后 filter) and the dashboard.

Fixtures come from test_browser.py (the demo site built as of TODAY, Chromium, `visit`);
expectations are read from the records and the ledger settings, not from the pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
import test_browser
import yaml
from conftest import REPO, TODAY
from test_browser import _record

from minyi import lifecycle

pytestmark = pytest.mark.browser
globals().update({name: getattr(test_browser, name) for name in ("browser", "site_url", "visit")})
SETTINGS = yaml.safe_load((REPO / "records/ledger.yaml").read_text(encoding="utf-8"))


def _visible_texts(pg, selector: str) -> list[str]:
    return [el.inner_text() for el in pg.query_selector_all(selector) if el.is_visible()]


def test_imported_history_reads_as_imported_not_late_on_a_phone(visit):
    since = dt.date.fromisoformat(str(SETTINGS["recording_since"]))
    record = _record("suggestions", "S-2024-0003")
    assert all(dt.date.fromisoformat(str(e["date"])) < since for e in record["timeline"])  # all before the ledger began
    pg = visit("suggestions/S-2024-0003/", width=375)
    audits = _visible_texts(pg, ".mi-tl-audit")
    assert len(audits) == len(record["timeline"])
    assert all("导入/补录" in text for text in audits), audits
    assert not any("事后" in text for text in audits)  # no "recorded N days late"
    assert pg.query_selector_all(".mi-tl-audit.mi-late") == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375


def _late_projects() -> list[str]:
    """Projects not done with a milestone planned before TODAY and not done: computed from the records."""
    today = dt.date.fromisoformat(TODAY)
    late = []
    for path in sorted((REPO / "records/projects").rglob("*.yaml")):
        p = yaml.safe_load(path.read_text(encoding="utf-8"))
        if p["status"] not in lifecycle.PROJECT_UNDERWAY:
            continue
        missed = [
            m for m in p.get("milestones", ()) if not m.get("done") and dt.date.fromisoformat(str(m["planned"])) < today
        ]
        if missed:
            late.append(p["id"])
    return late


def test_a_late_project_is_flagged_on_its_page_the_list_and_the_dashboard(visit):
    late = _late_projects()
    assert "P-2024-09" in late
    pg = visit("projects/P-2024-09/", width=375)
    flags = _visible_texts(pg, ".mi-flags [data-slip]")
    assert "滞后" in " ".join(flags)
    listing = visit("projects/", width=375)
    listing.click("label:has(#mi-level-slipping)")
    shown = {
        row.get_attribute("data-slipping")
        for row in listing.query_selector_all("tr[data-slipping]")
        if row.is_visible()
    }
    assert shown == {"yes"}  # the filter keeps only slipping projects, and keeps them visible
    links = {
        a.get_attribute("href")
        for a in listing.query_selector_all("tr[data-slipping='yes'] td:first-child a")
        if a.is_visible()
    }
    assert links == {f"{pid}/" for pid in late}
    home = visit("", width=375)
    table = home.query_selector("[aria-label='滞后和长期未更新的民生实事']")
    assert table is not None and table.is_visible()
    assert all(pid in table.inner_text() for pid in late)
