"""Record pages that gather suggestions (a department's, a station's, a deputy's) list only the
newest LISTED and count the rest, so a city's busiest department is not a 20 MB page; the rest are
one link away (the suggestion list, filtered to the department when it is ranked)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import REPO, TODAY

from site_gen import render

SHOWN = 3


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from site_gen.build import build

    out = tmp_path_factory.mktemp("capped") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "LISTED", SHOWN)
        build(REPO, out, dt.date.fromisoformat(TODAY))
    return out


def _section(page: str, heading_id: str) -> str:
    """The page's part from the heading `heading_id` to the next heading."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start : end if end > 0 else None]


def _rows(part: str) -> list[str]:
    return re.findall(r'<a href="[^"]*suggestions/(S-\d{4}-\d{4})/"', part)


def test_a_departments_page_lists_its_newest_and_links_the_filtered_list(site):
    page = (site / "departments/DEP-002/index.html").read_text(encoding="utf-8")
    total = int(re.search(r"意见建议（(\d+) 条）", page).group(1))
    assert total > SHOWN
    part = _section(page, "sug-h")
    listed = _rows(part)
    assert len(listed) == SHOWN and listed == sorted(listed, reverse=True)
    assert f"共 {total} 条，这里列出最新的 {SHOWN} 条" in part
    assert 'href="../../suggestions/?lead=DEP-002"' in part


@pytest.mark.parametrize(("folder", "heading"), [("stations", "sug-h"), ("deputies", "sug-h")])
def test_stations_and_deputies_pages_list_their_newest_and_count_the_rest(site, folder, heading):
    capped = 0
    for path in sorted((site / folder).glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        if f'id="{heading}"' not in page:
            continue
        part = _section(page, heading)
        listed = _rows(part)
        assert len(listed) <= SHOWN, path
        note = re.search(r"共 (\d+) 条，这里列出最新的 (\d+) 条", part)
        if note:
            capped += 1
            assert int(note.group(1)) > SHOWN and int(note.group(2)) == SHOWN == len(listed)
            assert "意见建议列表" in part
    assert capped, f"no {folder} page of the demo has more than {SHOWN} suggestions"


@pytest.mark.browser
def test_the_link_opens_the_list_with_every_suggestion_of_the_department(site):
    """Followed at phone width, the link shows as many suggestions as the department's heading counts."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, served

    page_text = (site / "departments/DEP-002/index.html").read_text(encoding="utf-8")
    total = re.search(r"意见建议（(\d+) 条）", page_text).group(1)
    with served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 375, "height": 800}, locale="zh-CN")
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}departments/DEP-002/")
        page.click(".mi-more-rows a")
        page.wait_for_selector(".mi-count[data-count]")
        assert page.get_attribute(".mi-count", "data-count") == total
        assert page.input_value(".mi-list select[name=lead]") == "DEP-002"
        assert errors == []
        browser.close()
