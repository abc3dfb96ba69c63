"""The real MkDocs build on real ledgers: determinism, atomicity, escaping, privacy, no external hosts."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import TODAY, minyi

SUG = "records/suggestions/2024/S-2024-0003.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import REPO
    out = tmp_path_factory.mktemp("site") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    return out


def files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_is_deterministic(ledger, tmp_path):
    minyi("build", "--out", str(tmp_path / "a"), "--as-of", TODAY, cwd=ledger, check=0)
    minyi("build", "--out", str(tmp_path / "b"), "--as-of", TODAY, cwd=ledger, check=0)
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a.keys() == b.keys() and a == b


def test_failed_build_leaves_previous_site(ledger, tmp_path):
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    before = files(out)
    path = ledger / SUG
    path.write_text(path.read_text(encoding="utf-8").replace("category: 社会事务", "category: 交通"), encoding="utf-8")
    proc = minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=1)
    assert "schema-enum" in proc.stderr and "网站未生成" in proc.stderr
    assert files(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")], "no half-built folder left behind"


def test_record_text_is_escaped_not_executed(ledger, tmp_path):
    path = ledger / SUG
    text = path.read_text(encoding="utf-8")
    evil = "<script>alert(1)</script> {{ config.site_name }} **粗体**"
    path.write_text(text.replace("summary: 业主与物业公司", f"summary: '{evil} 业主与物业公司"), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("冲突等情况。\n", "冲突等情况。'\n", 1), encoding="utf-8")
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    page = (out / "suggestions/S-2024-0003/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#123;&#123; config.site_name &#125;&#125;" in page  # not rendered by Jinja
    assert "**粗体**" in page  # not rendered by Markdown


def test_records_out_of_nav_and_search(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = home[re.search(r'<nav class="md-nav md-nav--primary', home).start():]
    nav = nav[:nav.index("</nav>")]
    assert "S-2024-0003" not in nav and "D-0001" not in nav
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if re.match(r"(suggestions|projects|deputies|departments|stations)/[A-Z]", loc)]
    assert any(loc.startswith("docs/guide/") for loc in locations)
    assert index["config"]["lang"] == ["zh"] and "\\u200b" in index["config"]["separator"]


def test_chinese_domain_words_are_kept_whole_in_search(built):
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] + " " + d["title"] for d in index["docs"])
    for word in ("临时编号", "办结", "交办", "意见建议"):
        assert f"\u200b{word}\u200b" in text or f" {word}\u200b" in text or f"\u200b{word} " in text, word


def test_no_reference_to_external_hosts(built):
    allowed = ("https://minyi.example.cn", "https://github.com/minyi-ledger", "https://www.qingxi.example.cn",
               "http://www.w3.org/2000/svg", "https://json-schema.org/")
    pattern = re.compile(r"""(?:src|href)=["'](https?://[^"']+)""")
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for url in pattern.findall(text):
            # links a reader may click are fine; nothing may be *loaded* from elsewhere
            assert not re.search(rf"""(?:src|<link[^>]+href)=["']{re.escape(url)}""", text) or url.startswith(allowed), (path, url)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_record_page_size_and_list_data(built):
    page = built / "suggestions/S-2024-0003/index.html"
    assert page.stat().st_size < 30_000
    for f in (built / "data/list").glob("*.json"):
        assert f.stat().st_size < 2_000_000


def test_open_data(built):
    package = json.loads((built / "data/datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert (built / "data" / res["path"]).is_file(), res["path"]
    rows = list(csv.DictReader(io.StringIO((built / "data/suggestions.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(json.loads((built / "data/suggestions.json").read_text(encoding="utf-8")))
    assert {"id", "status", "outcome", "satisfaction", "lead_department"} <= set(rows[0])
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert feed.startswith('<?xml') and feed.count("<entry>") == 50
    assert (built / "data/schemas/suggestion.schema.json").is_file()


def test_site_publishes_no_personal_data(built):
    from minyi.rules.privacy import findings
    for path in list(built.rglob("*.html")) + list(built.rglob("*.json")) + list(built.rglob("*.csv")):
        if "/schemas/" in path.as_posix() or path.name == "search_index.json":
            continue
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        text = re.sub(r"0571-88\d{5}", "", text)  # offices' published phone numbers
        hits = list(findings(text))
        assert not hits, (path, hits[:3])


def test_output_scan_catches_personal_data_that_reached_a_page(ledger):
    import dataclasses
    import datetime as dt

    from minyi import kinds
    from minyi.validate import validate
    from site_gen import pages
    from site_gen.build import LeakScan, site_model
    led, _ = validate(ledger, dt.date.fromisoformat(TODAY))
    model = site_model(led, dt.date.fromisoformat(TODAY), {})
    scan = LeakScan(model)
    produced = list(scan.pages(pages.record_pages(model, kinds.get("suggestion"))))
    assert scan.found == [] and len(produced) == len(model.suggestions)
    page = next(p for p in produced if p.path == "suggestions/S-2024-0003/index.html")
    list(scan.pages([dataclasses.replace(page, body=page.body + "<p>联系电话 13912345678</p>")]))
    assert scan.found and "139" in scan.found[0] and "13912345678" not in scan.found[0]
    assert scan.found[0].startswith("suggestions/S-2024-0003/index.html")


def test_dashboard_states_its_date_and_separates_closed_from_solved(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "数据截至" in home and "2026 年 11 月 22 日" in home
    assert 'data-figure="办结率"' in home and 'data-figure="实际解决率"' in home
    assert "<svg" in home and "查看数据表" in home


def test_department_ranking_publishes_formula(built):
    page = (built / "departments/index.html").read_text(encoding="utf-8")
    assert "计分方法" in page and "综合得分 = 50 × 按期答复率" in page
    assert "件数不足" in page


def test_deputy_page_has_qr_code_svg(built):
    page = (built / "deputies/D-0001/index.html").read_text(encoding="utf-8")
    assert "<svg" in page and 'role="img"' in page and "https://minyi.example.cn/deputies/D-0001/" in page


def test_site_search_language_and_fonts(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "assets/minyi.js" in home
