"""A big ledger's search index in shards (site_gen/search.py): every page in exactly one bundle, the
leak scan reads them all, and the header box merges them in the browser so searching and filtering
answer as from one index. The demo ledger is built with shards of a few dozen pages to have several."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, TODAY
from test_browser import CHROMIUM, Quiet, Server, _all, _clean, _search, _texts, _watched

from site_gen import search, search_cut

SHARD = 60  # pages per shard here (SHARD_PAGES is thousands)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    from site_gen import build

    out = tmp_path_factory.mktemp("shards") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", SHARD)
        result = build.build(REPO, out, dt.date.fromisoformat(TODAY))
    assert result.index.shards > 2
    return out


def _fragments(bundle: Path) -> list[dict]:
    out = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{") :]))
    return out


def _urls(bundle: Path) -> list[str]:
    return [f["url"] for f in _fragments(bundle)]


def _filters(bundle: Path) -> list[dict]:
    return [f["filters"] for f in _fragments(bundle)]


def test_every_page_is_in_exactly_one_shard(sharded):
    bundles = search.bundles(sharded)
    parts = json.loads((sharded / "pagefind" / search.PARTS).read_text(encoding="utf-8"))
    assert bundles[1:] == [sharded / "pagefind" / p for p in parts] and len(bundles) > 2
    per_bundle = [_urls(b) for b in bundles]
    assert all(0 < len(urls) <= SHARD for urls in per_bundle)
    urls = [u for urls in per_bundle for u in urls]
    pages = [p for p in sharded.rglob("index.html") if "pagefind" not in p.parts]
    assert len(urls) == len(set(urls)) == len(pages)
    scanned = [name for name, _ in search.fragments(sharded, skip_kinds=())]
    assert len(scanned) == len(pages) and any(n.startswith("pagefind/part-") for n in scanned)
    for part in bundles[1:]:  # merged shards run on the main bundle's code
        assert not list(part.glob("*.js")) and not list(part.glob("wasm.*")), part


def test_shards_are_cut_in_path_order_where_the_paths_say():
    pages = [f"suggestions/S-2024-{n:04}/index.html" for n in range(1, 2001)]
    cut = search.shards(pages, 100)
    assert [p for group in cut for p in group] == sorted(pages) and all(0 < len(g) <= 100 for g in cut)
    assert search.shards([], 2) == [[]]
    # one more page (or one fewer) changes the shard it falls in, not the shards after it
    for changed in ([*pages, "suggestions/S-2024-0500a/index.html"], [p for p in pages if "S-2024-0500" not in p]):
        after = search.shards(changed, 100)
        assert len([g for g in after if g not in cut]) == 1 == len([g for g in cut if g not in after])


def test_shards_keep_to_a_byte_budget_and_end_near_full():
    """Pages that list hundreds of records weigh more than record pages: a shard holds at most `budget`
    bytes of indexed parts (a heavier page is a shard alone) and `size` pages, and ends once three
    quarters full unless the next page would not fit."""
    weights = {f"a/{n:04}/index.html": 10 for n in range(1000)}
    weights |= {f"b/{n:03}/index.html": 300 for n in range(30)} | {"c/index.html": 5000}
    weights |= {f"d/{n:04}/index.html": 10 for n in range(500)}
    size, budget = 200, 1000
    cut = search_cut.shards(weights, size, weights.get, budget)
    assert [p for group in cut for p in group] == sorted(weights)
    share = lambda p: max(budget, weights[p] * size)  # noqa: E731
    for n, group in enumerate(cut):
        assert len(group) <= size and (sum(weights[p] for p in group) <= budget or len(group) == 1)
        fill = sum(share(p) for p in group)
        if n + 1 < len(cut) and fill + share(cut[n + 1][0]) <= size * budget:
            assert fill >= size * budget * search_cut.FULL, (n, len(group))
    assert ["c/index.html"] in cut and len(cut) < len(weights) * 10 / (size * search_cut.FULL) + 12
    # a page grown heavier moves at most the cuts of its shard and the next one where shards hold many
    # pages (among a few heavy pages, as in b/, the cuts after it move to the end of the run)
    for page in ("a/0500/index.html", "a/0877/index.html", "d/0100/index.html", "d/0499/index.html"):
        heavier = {**weights, page: weights[page] * 3}
        after = search_cut.shards(heavier, size, heavier.get, budget)
        assert len([g for g in after if g not in cut]) <= 2


def test_the_index_weighs_the_part_given_to_pagefind(tmp_path, monkeypatch):
    """The bytes counted are the page's indexed part: a page with a long body is a shard alone."""
    monkeypatch.setattr(search, "SHARD_PAGES", 1000)
    monkeypatch.setattr(search, "SHARD_BYTES", 3000)
    site, names = tmp_path / "site", [f"p{n}/index.html" for n in range(5)]
    for n, name in enumerate(names):
        (site / name).parent.mkdir(parents=True)
        body = "梨园后街停车难" * (1000 if n == 2 else 10)
        shell = "<nav>" + "导航" * 5000 + "</nav>"  # outside the indexed part: not counted
        (site / name).write_text(
            f"<html><body>{shell}{search.START}<h1>第{n}页</h1><p>{body}</p>{search.END}</body></html>",
            encoding="utf-8",
        )
    stats = search.build_index(site, names, tmp_path / "work")
    assert (stats.pages, stats.shards) == (5, 3)
    assert _urls(site / "pagefind" / "part-2") == ["/p2/"]


@dataclass(frozen=True)
class Served:
    site: Path
    url: str


@pytest.fixture(scope="module")
def sharded_url(sharded):
    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(sharded)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(sharded, f"http://127.0.0.1:{server.server_port}/")
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.mark.browser
def test_header_search_merges_the_shards(chromium, sharded_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = _watched(context)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(sharded_url.url + "projects/")
    assert _search(page, "S-2024-0003")[0] == "suggestions/S-2024-0003/"
    found = page.evaluate("""async () => {
        const f = await window.MinyiSearch.find('电梯', {kind: '意见建议'});
        return Promise.all(f.results.map(async r => (await r.data()).url.slice(1)));
    }""")
    mention = {p for p, text in _texts("suggestions").items() if "电梯" in text}
    assert mention and set(found) == mention
    # the same module search.js loaded, so the instance it merged the shards into
    counts = page.evaluate("async () => (await (await import('/pagefind/pagefind.js')).filters())")
    assert counts["kind"]["意见建议"] == len(_all("suggestions"))
    want: dict[str, dict[str, int]] = {}  # every filter value's pages, counted over all shards' fragments
    for bundle in search.bundles(sharded_url.site):
        for filters in _filters(bundle):
            for name, values in filters.items():
                for v in values:
                    want.setdefault(name, {})[v] = want.setdefault(name, {}).get(v, 0) + 1
    assert counts == want
    assert any("/pagefind/part-" in u for u in fetched) and missing == []
    _clean(page)
    context.close()


def test_a_sharded_index_is_reproducible(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    sites = []
    for run in ("a", "b"):
        site = tmp_path / run
        for n in range(5):
            (site / f"p{n}").mkdir(parents=True)
            (site / f"p{n}/index.html").write_text(
                f'<html><body>{search.START}<h1>第{n}页 梨园后街</h1><div class="mi-facets" hidden>'
                f'<span data-pagefind-filter="year">202{n % 2}</span></div>{search.END}</body></html>',
                encoding="utf-8",
            )
        stats = search.build_index(site, [f"p{n}/index.html" for n in range(5)], tmp_path / f"work-{run}")
        assert (stats.pages, stats.shards) == (
            5,
            len(search.shards([f"p{n}/index.html" for n in range(5)], 2)),
        ) and stats.shards > 1
        sites.append({p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()})
    assert sites[0] == sites[1]


def _bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}


def test_a_rebuild_indexes_only_the_shard_of_the_changed_record(ledger, tmp_path, monkeypatch):
    """One edited record re-indexes one shard; the others are copied from the store, and the index
    is byte for byte a clean build's. A stored bundle that was tampered with is indexed again."""
    from minyi.cache import Cache
    from site_gen import build

    monkeypatch.setattr(search, "SHARD_PAGES", SHARD)
    today, cache, out = dt.date.fromisoformat(TODAY), Cache.for_ledger(ledger), tmp_path / "site"
    first = build.build(ledger, out, today, cache=cache).index
    assert first.reused == 0 and first.shards > 2
    assert build.build(ledger, out, today, cache=cache).index.reused == first.shards  # nothing changed
    record = ledger / "records/suggestions/2024/S-2024-0003.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("纠纷已化解", "纠纷已经化解", 1), encoding="utf-8")
    again = build.build(ledger, out, today, cache=cache).index
    assert (again.shards, again.reused) == (first.shards, first.shards - 1)
    clean = tmp_path / "clean"
    assert build.build(ledger, clean, today).index.reused == 0  # no cache, no store
    assert _bundle(out) == _bundle(clean)
    store = search.BundleStore.for_cache(cache).folder
    stored = next(p for p in sorted(store.rglob("*.pf_fragment")))
    stored.write_bytes(b"not what Pagefind wrote")
    lied = build.build(ledger, out, today, cache=cache).index
    assert lied.reused == first.shards - 1 and _bundle(out) == _bundle(clean)


def test_a_rebuild_reads_only_the_pages_it_made_and_a_lying_digest_changes_nothing(ledger, tmp_path, monkeypatch):
    """Record pages linked from the previous site are not read again for the index: the digests of
    their indexed parts are remembered with their files' identity (site_gen/search_parts.py). A
    remembered digest that lies only costs indexing: the shard is keyed by the text given to Pagefind."""
    from minyi.cache import Cache
    from site_gen import build, search_parts

    monkeypatch.setattr(search, "SHARD_PAGES", SHARD)
    today, cache, out = dt.date.fromisoformat(TODAY), Cache.for_ledger(ledger), tmp_path / "site"
    read: list[str] = []
    real = search._read
    monkeypatch.setattr(search, "_read", lambda site, rel, *a: (read.append(rel), real(site, rel, *a))[1])
    first = build.build(ledger, out, today, cache=cache)
    records = {p for p in read if p.startswith("suggestions/")}
    assert records and len(read) == first.pages
    read.clear()
    record = ledger / "records/suggestions/2024/S-2024-0003.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("纠纷已化解", "纠纷已经化解", 1), encoding="utf-8")
    again = build.build(ledger, out, today, cache=cache)
    assert again.reused and again.index.reused == again.index.shards - 1
    unread = records - set(read)
    assert len(unread) > len(records) // 2 and "suggestions/S-2024-0003/index.html" in read
    clean = tmp_path / "clean"
    build.build(ledger, clean, today)
    assert _bundle(out) == _bundle(clean)
    with cache.batch() as batch:  # every remembered digest now lies
        for rel, entry in cache.items(search_parts.NAMESPACE).items():
            batch.put(search_parts.NAMESPACE, rel, [*entry[:5], "0" * 32])
    lied = build.build(ledger, out, today, cache=cache)
    assert lied.reused and lied.index.reused == 0
    assert _bundle(out) == _bundle(clean)
