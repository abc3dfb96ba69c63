"""通报 on the site: a page per month, the list, the CSV in open data — the numbers `minyi report` prints.

The demo is built once as of TODAY; each month's page and CSV are compared with the real CLI's
output for the same month (the figures themselves are checked by hand in tests/test_report.py).
"""

from __future__ import annotations

import html
import json
import re

import pytest
from conftest import REPO, TODAY, minyi

MONTHS = ("2026-06", "2026-10", "2026-11")  # a past month with a closure, a quiet one, the running one


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("report-site") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, "--today", TODAY, cwd=REPO, check=0)
    return out


def cli(*args) -> str:
    return minyi("report", *args, "--today", TODAY, cwd=REPO, check=0).stdout


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def table_rows(page: str, caption: str) -> list[list[str]]:
    """The cells of the table with this caption, as text, row by row."""
    table = page.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def markdown_rows(out: str, heading: str) -> list[list[str]]:
    section = out.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    return [[c.strip().replace("\\|", "|") for c in row.strip("|").split(" | ")] for row in rows]


@pytest.mark.parametrize("month", MONTHS)
def test_each_month_csv_is_the_cli_csv(site, month):
    assert (site / f"data/reports/{month}.csv").read_text(encoding="utf-8") == cli("--month", month, "--format", "csv")


@pytest.mark.parametrize("month", MONTHS)
def test_each_month_page_shows_the_cli_figures(site, month):
    page = (site / f"reports/{month}/index.html").read_text(encoding="utf-8")
    out = cli("--month", month)
    label = out.splitlines()[0].removeprefix("# 青溪区民意台账 ").removesuffix("通报")
    assert f"<title>青溪区民意台账 {label}通报" in page
    summary = out.split("## 概况\n\n", 1)[1].split("\n", 1)[0]
    assert text(page.split("<p data-summary>", 1)[1].split("</p>", 1)[0]) == summary
    assert table_rows(page, f"{label}的比率") == markdown_rows(out, "概况")
    # department cells: the page links the short name, the Markdown adds the id
    deps = [[re.sub(r"（DEP-\d+）$", "", r[0]), *r[1:]] for r in markdown_rows(out, "按承办部门")]
    assert table_rows(page, f"{label}按承办部门") == deps
    assert table_rows(page, f"{label}按街道（镇）") == markdown_rows(out, "按街道（镇）")
    if "本期没有办结的意见建议。" in out:
        assert "本期没有办结的意见建议。" in page
    else:
        assert table_rows(page, f"{label}办结的意见建议") == markdown_rows(out, "本期办结")


def test_the_running_month_says_so_and_the_list_links_every_month(site):
    assert '期末状态截至 <time datetime="2026-11-22">2026-11-22</time>（本期尚未结束）' in (
        site / "reports/2026-11/index.html"
    ).read_text(encoding="utf-8")
    listing = (site / "reports/index.html").read_text(encoding="utf-8")
    months = re.findall(r'<a href="(\d{4}-\d{2})/">', listing)
    assert months[0] == "2026-11" and months[-1] == "2024-02"  # the demo's first suggestion came in February 2024
    assert len(months) == 34 and months == sorted(months, reverse=True)
    assert all((site / f"reports/{mo}/index.html").is_file() for mo in months)
    assert all((site / f"data/reports/{mo}.csv").is_file() for mo in months)


def test_search_finds_a_bulletin_by_its_title_but_not_by_its_tables(site):
    from site_gen.search import fragments, joined

    texts = [text for _, text in fragments(site) if joined("青溪区民意台账 2026 年 6 月通报") in text]
    assert len(texts) == 1
    assert joined("本期收到意见建议 1 件") in texts[0]  # the summary is indexed
    assert "区交通局" not in texts[0] and "华龙街道" not in texts[0]  # the tables are not


def test_the_section_is_in_the_nav_linked_from_the_dashboard_and_in_the_datapackage(site):
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="reports/">月度通报</a>' in dashboard
    assert re.search(r'<a href="reports/" class="md-tabs__link">\s*通报\s*</a>', dashboard)
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    reports = [r for r in package["resources"] if r["name"].startswith("report-")]
    assert [r["path"] for r in reports[:2]] == ["reports/2026-11.csv", "reports/2026-10.csv"]
    assert len(reports) == 34
