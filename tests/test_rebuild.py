"""A rebuild reuses the record pages nothing changed for (site_gen/reuse.py), and is byte for byte
the site a clean build makes: after an edited, added or removed record, changed settings, another
date, changed templates, a cache that lies and a previous site edited by hand."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import REPO, TODAY, commit, edit, minyi

from minyi.cache import Cache
from site_gen import build as site_build
from site_gen import reuse

DAY = dt.date.fromisoformat(TODAY)
SUG = "records/suggestions/2024/S-2024-0003.yaml"


def files(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def fast(monkeypatch):
    """No search index in these builds: it is not what is compared (tests/test_search*.py cover it)."""
    monkeypatch.setattr(site_build, "_index", lambda *args: None)


def rebuild_matches_clean(root: Path, out: Path, cache: Cache, tmp_path: Path, as_of=DAY):
    """Rebuild `out` with the cache, build a clean site beside it without one; both must be the same bytes."""
    result = site_build.build(root, out, as_of, history=True, cache=cache)
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    site_build.build(root, clean, as_of, history=True, cache=None)
    got, want = files(out), files(clean)
    assert got.keys() == want.keys()
    assert [p for p in want if got[p] != want[p]] == []
    return result


def record_pages(out: Path) -> int:
    return sum(1 for p in out.glob("*/*/index.html") if p.parent.name[:1].isupper())


def test_every_kind_of_change_rebuilds_to_the_clean_site(ledger, tmp_path, fast):
    out, cache = tmp_path / "site", Cache(tmp_path / "cache.sqlite3")
    first = site_build.build(ledger, out, DAY, history=True, cache=cache)
    assert first.reused == 0
    pages = record_pages(out)

    same = rebuild_matches_clean(ledger, out, cache, tmp_path)
    kept = cache._query("SELECT count(*) FROM entries WHERE ns LIKE 'pages:%'", ())[0][0]
    assert same.reused == kept > pages, "nothing changed: every record page, YAML file and feed is taken over"

    edit(ledger, SUG, "title: 煤电二小区停车费纠纷长期未解决", "title: 煤电二小区停车费纠纷")
    commit(ledger, "Edit a title")
    edited = rebuild_matches_clean(ledger, out, cache, tmp_path)
    assert 0 < edited.reused < same.reused, "the edited page and the pages naming it are made again"

    dep = ledger / "records/departments/DEP-015.yaml"
    name = next(line for line in dep.read_text(encoding="utf-8").splitlines() if line.startswith("name:"))
    edit(ledger, "records/departments/DEP-015.yaml", name, name + "（新）")
    commit(ledger, "Rename a department")
    rebuild_matches_clean(ledger, out, cache, tmp_path)

    added = ledger / "records/suggestions/2024/S-2024-0999.yaml"
    text = (ledger / SUG).read_text(encoding="utf-8").replace("S-2024-0003", "S-2024-0999")
    added.write_text(text.replace("title: 煤电二小区停车费纠纷", "title: 新增一条建议"), encoding="utf-8")
    commit(ledger, "Add a suggestion")
    rebuild_matches_clean(ledger, out, cache, tmp_path)

    edit(ledger, "records/ledger.yaml", "district: 青溪区", "district: 青溪新区")
    commit(ledger, "Rename the district")
    assert rebuild_matches_clean(ledger, out, cache, tmp_path).reused == 0

    rebuild_matches_clean(ledger, out, cache, tmp_path)  # settle
    assert rebuild_matches_clean(ledger, out, cache, tmp_path, as_of=DAY + dt.timedelta(days=9)).reused == 0

    added.unlink()
    commit(ledger, "Remove the suggestion")
    rebuild_matches_clean(ledger, out, cache, tmp_path)


def test_a_template_change_renders_every_page_again(ledger, tmp_path, fast, monkeypatch):
    from minyi import resources
    from site_gen import render

    out, cache = tmp_path / "site", Cache(tmp_path / "cache.sqlite3")
    site_build.build(ledger, out, DAY, history=True, cache=cache)
    code = tmp_path / "site_gen"
    shutil.copytree(REPO / "site_gen", code, ignore=shutil.ignore_patterns("__pycache__"))
    edit(code, "templates/kinds/suggestion.html", '<article class="mi-record">', '<article class="mi-record mi-new">')
    monkeypatch.setattr(resources, "site_templates", lambda: code / "templates")
    monkeypatch.setattr(reuse, "HERE", code)
    render.environment.cache_clear()
    try:
        result = rebuild_matches_clean(ledger, out, cache, tmp_path)
    finally:
        render.environment.cache_clear()
    assert result.reused == 0
    assert b"mi-record mi-new" in (out / "suggestions/S-2024-0003/index.html").read_bytes()


def test_a_lying_cache_or_an_edited_previous_site_changes_nothing(ledger, tmp_path, fast):
    out, cache = tmp_path / "site", Cache(tmp_path / "cache.sqlite3")
    site_build.build(ledger, out, DAY, history=True, cache=cache)
    (out / "suggestions/S-2024-0003/index.html").write_text("<p>edited by hand</p>", encoding="utf-8")
    namespace = next(
        iter({ns for (ns,) in cache._query("SELECT DISTINCT ns FROM entries", ()) if ns.startswith("pages:")})
    )
    entries = cache.items(namespace)
    with cache.batch() as batch:
        for n, (path, entry) in enumerate(sorted(entries.items())):
            lie = [
                "not an entry",
                {**entry, "reads": [["r", "S-2024-0001"]]},  # reads less than it did: the key no longer matches
                {**entry, "file": [0, 0, 0]},
                {**entry, "key": 7},
            ][n % 4]
            batch.put(namespace, path, lie)
    edit(ledger, SUG, "title: 煤电二小区停车费纠纷长期未解决", "title: 煤电二小区停车费纠纷")
    commit(ledger, "Edit a title")
    rebuild_matches_clean(ledger, out, cache, tmp_path)


def test_the_cli_says_how_many_pages_it_reused(ledger, tmp_path):
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    proc = minyi("build", "--out", str(out), "--as-of", TODAY, cwd=ledger, check=0)
    assert "沿用上次的" in proc.stderr and "个记录页面和文件" in proc.stderr


def test_open_data_is_taken_over_only_while_the_whole_ledger_is_unchanged(ledger, tmp_path, fast):
    """The whole-ledger files (site_gen/pages/opendata.py `whole_files`) are the previous site's
    files after a rebuild that changed nothing, and made again after any record changed or a
    file in the previous site was edited by hand."""
    out, cache = tmp_path / "site", Cache(tmp_path / "cache.sqlite3")
    site_build.build(ledger, out, DAY, history=True, cache=cache)
    whole = ["data/suggestions.csv", "data/suggestions.json", "data/minyi.sqlite", "data/datapackage.json"]

    def inodes():
        return [((out / p).stat().st_ino, (out / p).stat().st_mtime_ns) for p in whole]

    before = inodes()
    rebuild_matches_clean(ledger, out, cache, tmp_path)
    assert inodes() == before, "nothing changed: the same files"

    (out / "data/events.csv").write_text("id\nedited by hand\n", encoding="utf-8")
    rebuild_matches_clean(ledger, out, cache, tmp_path)  # events.csv made again, the rest held
    assert inodes() == before

    edit(ledger, "records/departments/DEP-015.yaml", "name:", "name: 改")
    commit(ledger, "Rename a department")
    rebuild_matches_clean(ledger, out, cache, tmp_path)
    assert all(a != b for a, b in zip(inodes(), before, strict=True)), "a record changed: every file made again"
