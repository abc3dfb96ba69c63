"""The site's search index (Pagefind, built by `minyi build`): it covers every page, carries the
filters and result fields, matches Chinese as written, publishes no personal data, and a failed
index leaves the previous site whole. The search box itself is tried in tests/test_browser.py."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from difflib import SequenceMatcher
from html.parser import HTMLParser
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


class _Text(HTMLParser):
    """The text of an indexed part as Pagefind reads it: without the hidden facets and the parts
    search.NOT_INDEXED names (a class, or a section by its heading); the facets' values and the
    images' addresses and descriptions apart."""

    SKIP = ("mi-facets", "mi-tl-audit", "mi-next-reach", "mi-source", "mi-subscribe")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.values, self.open, self.skipping = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = (
            bool(set((attrs.get("class") or "").split()) & set(self.SKIP)) or attrs.get("aria-labelledby") == "audit-h"
        )
        if "data-value" in attrs:
            self.values.append(attrs["data-value"])
        if tag == "img":  # Pagefind's image and image_alt result fields
            self.values += [attrs.get("src") or "", attrs.get("alt") or ""]
        if tag not in ("br", "img", "meta", "input", "hr", "wbr"):
            self.open.append(skip)
            self.skipping += skip

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "meta", "input", "hr", "wbr") and self.open:
            self.skipping -= self.open.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)


def _bare(text: str) -> str:
    """Text without spaces, Pagefind's block marks and dots (Pagefind joins blocks with '. ')."""
    return re.sub(r"[\s\u200b.]", "", text)


def test_the_index_publishes_only_text_it_was_given(built):
    """Why the leak scan reads the text given to Pagefind (site_gen/build.py `_index`) instead of
    decoding the index: page by page, the published text is the indexed part's text with some
    pieces left out (the audit trail, forms and the like), in order, nothing added or changed; the
    result fields and filters are the part's facet values."""
    site, _ = built
    published = fragments(site)
    pages = [p.relative_to(site).as_posix() for p in site.rglob("index.html") if "pagefind" not in p.parts]
    given = search.fed(site, pages)
    assert len(given) == len(published) == len(pages)
    for rel, part in given:
        frag = published["/" + rel.removesuffix("index.html")]
        parsed = _Text()
        parsed.feed(part)
        out, fed = _bare(search.joined(frag["content"])), _bare("".join(parsed.text))
        edits = SequenceMatcher(None, out, fed, autojunk=False).get_opcodes()
        assert {op for op, *_ in edits} <= {"equal", "insert"} and out, rel  # only left out, never added
        values = [*frag["meta"].values(), *(v for vs in frag["filters"].values() for v in vs)]
        assert {_bare(v) for v in values} <= {_bare(v) for v in [*parsed.values, search.DOC_KIND, search.SECTION_KIND]}


def test_the_leak_scan_reads_the_text_given_to_the_index_once(ledger):
    """Record pages' indexed parts (title and body) were checked as the pages were written; every
    other page's part is checked as it is given to Pagefind, and a phone number there stops the build."""
    import dataclasses

    from minyi import kinds
    from minyi.validate import validate
    from site_gen import pages
    from site_gen.build import LeakScan, site_model

    led, _ = validate(ledger, dt.date.fromisoformat(TODAY))
    model = site_model(led, dt.date.fromisoformat(TODAY), {})
    scan = LeakScan(model)
    page = next(iter(pages.record_pages(model, kinds.get("suggestion"))))
    leak = "<p>联系电话 13912345678</p>"
    list(scan.pages([dataclasses.replace(page, body=page.body + leak)]))
    assert len(scan.found) == 1
    scan.indexed(page.path, leak)  # checked as written: not again
    assert len(scan.found) == 1
    scan.indexed("suggestions/index.html", search.START + leak + search.END)
    assert len(scan.found) == 2 and scan.found[1].startswith("suggestions/index.html")
