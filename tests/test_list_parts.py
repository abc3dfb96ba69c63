"""The suggestion list's data comes in files of at most PART_ROWS rows, so a reader's download
stays small at a city's size; the browser list joins a year's parts back together."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from conftest import REPO, TODAY
from test_browser import CHROMIUM, served

from site_gen.pages import suggestions
from site_gen.pages.suggestions import year_parts


def test_a_year_that_fits_keeps_its_plain_name():
    assert year_parts({2025: 3, 2024: 5}, part_rows=5) == [
        (2024, "suggestions-2024.json", "2024 年", slice(0, 5)),
        (2025, "suggestions-2025.json", "2025 年", slice(0, 3)),
    ]


def test_a_big_year_is_cut_in_order_into_parts_covering_every_row():
    parts = year_parts({2026: 11}, part_rows=4)
    assert [name for _, name, _, _ in parts] == [f"suggestions-2026-{n}.json" for n in (1, 2, 3)]
    assert [text for _, _, text, _ in parts] == ["2026 年第 1 部分", "2026 年第 2 部分", "2026 年第 3 部分"]
    rows = list(range(11))
    assert [r for *_, part in parts for r in rows[part]] == rows


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """The demo site built with four rows per list file (every year of the demo then comes in parts)."""
    from site_gen.build import build

    out = tmp_path_factory.mktemp("parts") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(suggestions, "PART_ROWS", 4)
        build(REPO, out, dt.date.fromisoformat(TODAY))
    return out


def _demo_years() -> Counter:
    return Counter(int(p.parent.name) for p in (REPO / "records/suggestions").rglob("*.yaml"))


def test_every_list_file_is_small_and_the_index_names_them_all(parted_site):
    index = json.loads((parted_site / "data/list/index.json").read_text(encoding="utf-8"))
    years = _demo_years()
    assert {int(y): e["count"] for y, e in index["years"].items()} == dict(years)
    ids = []
    for entry in index["years"].values():
        for name in entry["files"]:
            rows = json.loads((parted_site / "data/list" / name).read_text(encoding="utf-8"))
            assert 0 < len(rows) <= 4
            ids += [r[index["fields"].index("id")] for r in rows]
    assert len(ids) == len(set(ids)) == sum(years.values())
    page = (parted_site / "suggestions/index.html").read_text(encoding="utf-8")
    for entry in index["years"].values():
        for name in entry["files"]:
            assert f'data/list/{name}"' in page  # each part is offered for download


@pytest.mark.browser
def test_the_browser_list_joins_a_years_parts(parted_site):
    from playwright.sync_api import sync_playwright

    years = _demo_years()
    with served(parted_site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # filters open
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}suggestions/")
        page.wait_for_selector(".mi-count[data-count]")
        assert int(page.get_attribute(".mi-count", "data-count")) == sum(years.values())
        year = max(years)
        page.select_option(".mi-list select[name=year]", str(year))
        page.wait_for_function(f"document.querySelector('.mi-count').getAttribute('data-count') === '{years[year]}'")
        assert errors == []
        browser.close()
