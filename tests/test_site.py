"""The real MkDocs build on real ledgers: determinism, atomicity, escaping, privacy, no external hosts."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import TODAY, minyi

from minyi import kinds

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


def test_records_out_of_nav(built):
    # Records are found through the lists, the finder and the search index (tests/test_search.py).
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = home[re.search(r'<nav class="md-nav md-nav--primary', home).start() :]
    nav = nav[: nav.index("</nav>")]
    assert "S-2024-0003" not in nav and "D-0001" not in nav


def test_no_reference_to_external_hosts(built):
    allowed = (
        "https://minyi.example.cn",
        "https://github.com/minyi-ledger",
        "https://www.qingxi.example.cn",
        "http://www.w3.org/2000/svg",
        "https://json-schema.org/",
    )
    pattern = re.compile(r"""(?:src|href)=["'](https?://[^"']+)""")
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for url in pattern.findall(text):
            # links a reader may click are fine; nothing may be *loaded* from elsewhere
            assert not re.search(rf"""(?:src|<link[^>]+href)=["']{re.escape(url)}""", text) or url.startswith(
                allowed
            ), (path, url)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_record_page_size_and_list_data(built):
    page = built / "suggestions/S-2024-0003/index.html"
    assert page.stat().st_size < 30_000  # 24,003 bytes since the shell is compacted
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
    assert feed.startswith("<?xml") and feed.count("<entry>") == 50
    assert (built / "data/schemas/suggestion.schema.json").is_file()


def test_every_kind_is_in_the_nav_with_its_pages_and_open_data(built):
    """What the registry promises a new kind: a menu entry, a page per record whose links
    resolve, and its records in the CSV, the JSON and the datapackage."""
    from conftest import REPO

    from minyi.validate import validate

    ledger, _ = validate(REPO)
    home = (built / "index.html").read_text(encoding="utf-8")
    nav = home[re.search(r'<nav class="md-nav md-nav--primary', home).start() :]
    package = {
        r["path"] for r in json.loads((built / "data/datapackage.json").read_text(encoding="utf-8"))["resources"]
    }
    for kind in kinds.RECORD_KINDS:
        ids = sorted(r.id for r in ledger.of(kind.name))
        rows = csv.DictReader(io.StringIO((built / f"data/{kind.folder}.csv").read_text(encoding="utf-8-sig")))
        assert sorted(row["id"] for row in rows) == ids, kind.name
        records = json.loads((built / f"data/{kind.folder}.json").read_text(encoding="utf-8"))
        assert sorted(r["id"] for r in records) == ids and {f"{kind.folder}.csv", f"{kind.folder}.json"} <= package
        if not kind.section:
            continue
        assert f'href="{kind.section}/"' in nav[: nav.index('class="md-content"')], kind.name
        for rid in ids:
            page = built / kind.section / rid / "index.html"
            for link in re.findall(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S):
                for href in re.findall(r'href="(\.\./[^"#]*)"', link):
                    assert (page.parent / href / "index.html").is_file() or (page.parent / href).is_file(), (rid, href)


def test_record_sections_missing_from_the_nav_join_it_after_the_last_named():
    from minyi.site_config import add_record_sections

    nav = [{"驾驶舱": "index.md"}, {"甲": {"全部": "a/index.md"}}, {"乙": "b/index.md"}, {"开放数据": "data/index.md"}]
    sections = [("甲类", "a/index.md"), ("乙类", "b/index.md"), ("丙类", "c/index.md")]
    assert add_record_sections(nav, sections) == [*nav[:3], {"丙类": "c/index.md"}, nav[3]]
    assert add_record_sections(nav, sections[:2]) == nav
    assert add_record_sections([{"驾驶舱": "index.md"}], sections[2:]) == [
        {"驾驶舱": "index.md"},
        {"丙类": "c/index.md"},
    ]


def test_site_publishes_no_personal_data(built):
    from minyi.rules.privacy import scan_text
    from minyi.textnorm import format_of

    for path in list(built.rglob("*.html")) + list(built.rglob("*.json")) + list(built.rglob("*.csv")):
        if "/schemas/" in path.as_posix() or path.name == "search_index.json":
            continue
        text = re.sub(r"0571-88\d{5}", "", path.read_text(encoding="utf-8"))  # offices' published phone numbers
        # Read as a reader sees the file: a CSV's cells apart (ranking.csv's "0,1,0,16.6,5" is no phone number).
        hits = scan_text(text, format_of(path.name))
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
    assert 'data-figure="办结率"' in home and 'data-figure="已办结中已解决的比例"' in home
    assert 'data-figure="全部受理中已解决的比例"' in home
    assert "<svg" in home and "查看数据表" in home


def test_department_ranking_publishes_formula(built):
    page = (built / "departments/index.html").read_text(encoding="utf-8")
    assert "计分方法" in page and "综合得分 = 50 × 按期答复率" in page
    assert "件数不足" in page


def test_deputy_page_has_qr_code_svg(built):
    page = (built / "deputies/D-0001/index.html").read_text(encoding="utf-8")
    assert "<svg" in page and 'role="img"' in page and "https://minyi.example.cn/deputies/D-0001/" in page


def test_list_pages_carry_the_newest_rows_and_the_template_the_script_fills(built):
    from conftest import REPO

    page = (built / "suggestions/index.html").read_text(encoding="utf-8")
    received = sorted(
        (re.search(r"^received: '?([0-9-]+)", p.read_text(encoding="utf-8"), re.M).group(1), p.stem)
        for p in (REPO / "records/suggestions").rglob("*.yaml")
    )
    start = page.index('<template class="mi-row-template">')
    template, rows = page[start : page.index("</template>", start)], page[:start]
    ids = re.findall(r'<td class="mi-c-id" role="cell"><a data-f="id" href="[^"]+">([^<]+)</a>', rows)
    assert ids == [i for _, i in reversed(received)][:50]
    fields = re.compile(r'data-f="(\w+)"')
    assert fields.findall(template) == fields.findall(rows[rows.index('<tr class="mi-row"') :].split("</tr>")[0])
    assert "正在加载" not in page and 'href="../data/suggestions.csv"' in page


def test_site_search_language_and_fonts(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "assets/minyi.js" in home


EVIL = '<script>alert(1)</script>{{ 7*7777 }}{% raw %}"Q7"'  # within the 60 characters a title may have
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&#123;&#123; 7*7777 &#125;&#125;&#123;% raw %&#125;&quot;Q7&quot;"


def _newest(folder: Path) -> Path:
    """The record whose timeline has the latest event date: it heads the dashboard's 最新进展."""

    def last(path):
        return max(re.findall(r"^  - date: '?(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"), re.MULTILINE))

    return max(sorted(folder.rglob("*.yaml")), key=last)


def _retitle(path: Path, title: str) -> str:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(
            r"^title: .*$", lambda _: "title: '" + title.replace("'", "''") + "'", text, count=1, flags=re.MULTILINE
        ),
        encoding="utf-8",
    )
    return path.stem


def test_hostile_record_text_renders_inert_on_every_page_type(ledger, tmp_path):
    from conftest import git

    sid = _retitle(_newest(ledger / "records/suggestions"), EVIL)
    pid = _retitle(ledger / "records/projects/2024/P-2024-05.yaml", EVIL)
    git(ledger, "commit", "-qam", EVIL)  # the commit message reaches 最近更新 and the feed
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    year = sid[2:6]
    pages = {
        "record": f"suggestions/{sid}/index.html",
        "project": f"projects/{pid}/index.html",
        "projects": "projects/index.html",
        "dashboard": "index.html",
        "changes": "changes/index.html",
        "feed": "feed.xml",
    }
    for name, rel in pages.items():
        text = (out / rel).read_text(encoding="utf-8")
        assert ESCAPED in text, name
    for path in [*out.rglob("*.html"), out / "feed.xml"]:
        text = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "{{ 7*7777 }}", "{% raw %}", '"Q7"', "54439"):
            assert raw not in text, (path, raw)
    record = (out / pages["record"]).read_text(encoding="utf-8")
    assert f"<title>{sid} {ESCAPED} - " in record
    projects = (out / pages["projects"]).read_text(encoding="utf-8")
    assert f'aria-label="{ESCAPED}进度"' in projects  # an attribute stays one attribute
    rows = json.loads((out / f"data/list/suggestions-{year}.json").read_text(encoding="utf-8"))
    assert [r[1] for r in rows if r[0] == sid] == [EVIL]  # data, set with textContent by the list script
    import xml.etree.ElementTree as ET

    feed = ET.parse(out / "feed.xml").getroot()
    summaries = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(s and s.startswith(f"{EVIL}\n") for s in summaries)  # text to a feed reader, not markup


def test_hostile_district_is_escaped_in_title_description_and_header(ledger, tmp_path):
    path = ledger / "records/ledger.yaml"
    path.write_text(
        re.sub(
            r"^district: .*$",
            "district: '青溪" + EVIL.replace("'", "''") + "区'",
            path.read_text(encoding="utf-8"),
            count=1,
            flags=re.MULTILINE,
        ),
        encoding="utf-8",
    )
    (ledger / "mkdocs.yml").write_text("site_name: '<img src=x onerror=alert(2)>{{ 7*7777 }}'\n", encoding="utf-8")
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert (
        f"<title>青溪{ESCAPED}区民意台账 - &lt;img src=x onerror=alert(2)&gt;&#123;&#123; 7*7777 &#125;&#125;</title>"
        in home
    )
    assert f'<meta name="description" content="青溪{ESCAPED}区人大代表' in home
    header = home[home.index('<div class="md-header__title"') : home.index("</header>")]
    assert f"青溪{ESCAPED}区民意台账" in header
    for raw in ("<script>alert", "<img src=x", "{{ 7*7777 }}", '"Q7"'):
        assert raw not in home, raw


def test_templates_cannot_print_unescaped_text():
    from markupsafe import Markup

    from site_gen.render import environment

    env = environment()
    for source in (
        "{{ x }}",
        "{{ [x]|join(', ') }}",
        "{{ m ~ x }}",
        "{{ x|e }}",
        "{% autoescape false %}{{ x }}{% endautoescape %}",
        "{% set y %}{{ x }}{% endset %}{{ y }}",
        "{{ '%s'|format(x) }}",
    ):
        out = env.from_string(source).render(x=EVIL, m=Markup("<b>ok</b>"))
        assert "<script>" not in out and "{{" not in out and "{%" not in out and '"Q7"' not in out, (source, out)
        assert "&#123;&#123; 7*7777 &#125;&#125;" in out, (source, out)
    for name in ("safe", "tojson", "urlize", "forceescape", "xmlattr"):
        assert name not in env.filters, name
    assert env.from_string("{{ u|ext }}").render(u="javascript:alert(1)") == "#"
    assert (
        env.from_string("{{ u|ext }}").render(u="https://example.invalid/a?b=1&c=2")
        == "https://example.invalid/a?b=1&amp;c=2"
    )


def test_javascript_link_in_a_record_is_refused_and_would_render_inert(ledger):
    import dataclasses
    import datetime as dt

    from minyi import kinds
    from minyi.model import Link
    from minyi.validate import validate
    from site_gen import pages
    from site_gen.build import site_model

    path = ledger / SUG
    path.write_text(
        path.read_text(encoding="utf-8") + "links:\n  - title: 文件\n    url: 'javascript:alert(1)'\n", encoding="utf-8"
    )
    proc = minyi("build", "--out", str(ledger.parent / "site"), "--as-of", TODAY, cwd=ledger, check=1)
    assert "网站未生成" in proc.stderr  # the schema refuses it first
    path.write_text(path.read_text(encoding="utf-8").split("links:\n")[0], encoding="utf-8")
    led, _ = validate(ledger, dt.date.fromisoformat(TODAY))
    model = site_model(led, dt.date.fromisoformat(TODAY), {})
    rows = model.entries["suggestion"]
    i = next(i for i, r in enumerate(rows) if r.id == "S-2024-0003")
    evil = dataclasses.replace(rows[i].model, links=(Link(EVIL, "javascript:alert(1)"),))
    model.entries["suggestion"] = (*rows[:i], dataclasses.replace(rows[i], model=evil), *rows[i + 1 :])
    page = next(
        p for p in pages.record_pages(model, kinds.get("suggestion")) if p.path.startswith("suggestions/S-2024-0003/")
    )
    assert 'href="#"' in page.body and "javascript:" not in page.body and ESCAPED in page.body
