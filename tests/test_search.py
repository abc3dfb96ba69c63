"""The site's search index (Pagefind, built by `minyi build`): it covers every page, carries the
filters and result fields, matches Chinese as written, publishes no personal data, and a failed
index leaves the previous site whole. The search box itself is tried in tests/test_browser.py."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, minyi

from site_gen import search

SECTIONS = ("suggestions", "projects", "deputies", "departments", "stations", "meetings")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("search") / "site"
    proc = minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    return out, proc.stderr


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page's fragment, decoded, by URL."""
    out = {}
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        out[data["url"]] = data
    return out


def record(rel: str) -> dict:
    return yaml.safe_load((REPO / "records" / rel).read_text(encoding="utf-8"))


def test_index_covers_every_page_and_the_build_reports_it(built):
    site, stderr = built
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    records = sum(1 for s in SECTIONS for p in (REPO / "records" / s).rglob("*.yaml"))
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(pages) > records
    found = fragments(site)
    assert len(found) == len(pages)
    assert {"/", "/suggestions/", "/docs/guide/", "/suggestions/S-2024-0003/"} <= set(found)
    summary = re.search(r"搜索索引 (\d+) 个页面，([\d.]+) MB，用时 ([\d.]+) 秒，峰值内存 (\d+) MB", stderr)
    assert summary and int(summary[1]) == len(pages), stderr
    size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    assert abs(float(summary[2]) - size / 1e6) < 0.06


def test_record_pages_carry_filters_and_result_fields(built):
    site, _ = built
    found = fragments(site)
    s = record("suggestions/2024/S-2024-0003.yaml")
    sug = found["/suggestions/S-2024-0003/"]
    assert sug["filters"] == {
        "kind": ["意见建议"],
        "status": ["已办结"],
        "street": [s["place"]["street"]],
        "category": [s["category"]],
        "year": [s["received"][:4]],
    }
    assert sug["meta"]["id"] == s["id"] and sug["meta"]["title"] == s["title"]
    assert sug["meta"]["status"] == "已办结" and sug["meta"]["state"] == "closed"
    assert sug["meta"]["street"] == s["place"]["street"]
    text = search.joined(sug["content"])
    assert s["summary"] in text and s["answer"]["text"] in text
    for left_out in ("查看原始记录文件", "修改记录", "记录于"):  # search.NOT_INDEXED
        assert left_out not in text, left_out
    from minyi import kinds

    dep = found["/departments/DEP-002/"]
    assert dep["filters"]["kind"] == [kinds.get("department").title] and "status" not in dep["filters"]
    assert record("departments/DEP-002.yaml")["name"] in search.joined(dep["content"])
    assert found["/docs/guide/"]["filters"] == {"kind": [search.DOC_KIND]}
    assert found["/suggestions/"]["filters"] == {"kind": [search.SECTION_KIND]}
    keys = {k for f in found.values() for k in f["filters"]}
    assert keys == {"kind", "status", "street", "category", "year"}


def test_chinese_is_indexed_character_by_character_and_pages_are_unchanged(built):
    site, _ = built
    s = record("suggestions/2024/S-2024-0015.yaml")
    place = s["place"]["location"]
    content = fragments(site)["/suggestions/S-2024-0015/"]["content"]
    assert " ".join(place) in content.replace("\u200b", "")  # 梨 园 后 街: every character a word
    assert place in search.joined(content) and s["summary"] in search.joined(content)
    page = (site / "suggestions/S-2024-0015/index.html").read_text(encoding="utf-8")
    assert place in page and " ".join(place) not in page
    assert 'data-pagefind-filter="street[data-value]" data-value="' + s["place"]["street"] + '"' in page


def test_one_search_box_and_no_material_search(built):
    site, _ = built
    assert not (site / "search/search_index.json").exists()
    for rel in ("index.html", "suggestions/S-2024-0003/index.html", "docs/guide/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        header = html[html.index("<header") : html.index("</header>")]
        assert header.count('type="search"') == 1 and 'id="mi-search-q"' in header, rel
        assert 'data-md-component="search"' not in html
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    assert not [name for name in search.UNUSED if (bundle / name).exists()]


def test_index_is_read_back_for_the_leak_scan(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text(
        f"<html><body>{search.START}<h1>路灯坏了</h1><p>住户王先生，联系电话 13912345678，住梨园后街</p>{search.END}"
        "</body></html>",
        encoding="utf-8",
    )
    stats = search.build_index(site, ["a/index.html"], tmp_path / "work")
    assert stats.pages == 1 and stats.bytes > 0 and stats.peak_mb > 0
    (name, text), *rest = list(search.fragments(site))
    assert not rest and name.startswith("pagefind/fragment/")
    assert "联系电话13912345678，住梨园后街" in text  # as the reader sees it, not 梨 园 后 街
    from minyi.rules.privacy import scan_text

    assert [f.kind for f in scan_text(text)] == ["mobile"]


def test_a_failed_index_leaves_the_previous_site(ledger, tmp_path, monkeypatch):
    from site_gen import build

    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(src, bundle):
        raise search.IndexFailed("Pagefind 退出码 1：测试")

    monkeypatch.setattr(search, "_run_pagefind", broken)
    with pytest.raises(build.BuildFailed, match="搜索索引生成失败"):
        build.build(ledger, out, dt.date.fromisoformat(TODAY))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_facets_of_every_kind_leave_out_what_a_kind_lacks():
    from minyi import kinds
    from minyi.validate import validate

    led, _ = validate(REPO, dt.date.fromisoformat(TODAY))
    for kind in [k for k in kinds.RECORD_KINDS if k.section]:
        for rec in led.of(kind.name)[:3]:
            filters, meta = search.facets(kind, rec.model)
            assert filters["kind"] == meta["kind"] == kind.title and meta["id"] == rec.id
            assert all(v for v in [*filters.values(), *meta.values()]), (kind.name, filters, meta)
            assert ("status" in filters) == kind.lifecycle, kind.name
