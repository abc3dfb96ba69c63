"""Record pages made in forked processes (site_gen/forked.py) give the site one process makes,
byte for byte: pages, files, reuse of the previous site, QR codes and the personal-data findings
in the same order; a child's error stops the build like the parent's own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest
from conftest import TODAY

from minyi.cache import Cache
from site_gen import build as site_build
from site_gen import forked, pages

DAY = dt.date.fromisoformat(TODAY)


def files(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def fast(monkeypatch):
    """No search index: it reads the pages, it does not make them (tests/test_search*.py cover it)."""
    monkeypatch.setattr(site_build, "_index", lambda *args: None)


def forking(monkeypatch, processes: int) -> None:
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(forked, "processes", lambda records, least: processes)
    monkeypatch.setattr(forked, "CHUNK", 3)  # the demo's few records spread over every process


def test_forked_pages_are_the_pages_one_process_makes(ledger, tmp_path, fast, monkeypatch):
    one = tmp_path / "one"
    site_build.build(ledger, one, DAY, history=True)
    forking(monkeypatch, 3)
    many = tmp_path / "many"
    result = site_build.build(ledger, many, DAY, history=True)
    got, want = files(many), files(one)
    assert got.keys() == want.keys()
    assert [p for p in want if got[p] != want[p]] == []
    assert result.pages == sum(1 for p in want if p.endswith("index.html"))


def test_forked_rebuild_reuses_what_one_process_reuses(ledger, tmp_path, fast, monkeypatch):
    out, cache = tmp_path / "site", Cache(tmp_path / "cache.sqlite3")
    site_build.build(ledger, out, DAY, history=True, cache=cache)
    serial = site_build.build(ledger, out, DAY, history=True, cache=cache).reused
    forking(monkeypatch, 2)
    again = site_build.build(ledger, out, DAY, history=True, cache=cache)
    assert again.reused == serial > 0, "the children's reuse entries and links reach the cache"
    assert site_build.build(ledger, out, DAY, history=True, cache=cache).reused == serial
    clean = tmp_path / "clean"
    site_build.build(ledger, clean, DAY, history=True)
    assert files(out) == files(clean)


def test_findings_in_every_process_are_reported_in_page_order(ledger, tmp_path, fast, monkeypatch):
    made = pages.record_page

    def leaky(view, kind, entry):
        page = made(view, kind, entry)
        return dataclasses.replace(page, body=page.body + "<p>联系电话 13912345678</p>")

    monkeypatch.setattr(pages, "record_page", leaky)
    with pytest.raises(site_build.BuildFailed) as one:
        site_build.build(ledger, tmp_path / "one", DAY)
    forking(monkeypatch, 3)
    with pytest.raises(site_build.BuildFailed) as many:
        site_build.build(ledger, tmp_path / "many", DAY)
    assert str(many.value) == str(one.value) and "13912345678" not in str(many.value)
    assert not (tmp_path / "many").exists(), "nothing published"


def test_a_childs_error_is_raised_in_the_parent(tmp_path):
    def work(share, shares):
        if share == 2:
            raise OSError(28, "No space left on device", str(tmp_path / "x"))
        if share == 1:
            raise ValueError("坏了")
        return {"share": share}

    assert forked.run(lambda share, shares: {"share": share, "of": shares}, 3) == [
        {"share": i, "of": 3} for i in range(3)
    ]
    with pytest.raises(RuntimeError, match="ValueError: 坏了"):
        forked.run(work, 2)
    with pytest.raises(OSError) as full:
        forked.run(lambda share, shares: work(2 * share, shares), 2)
    assert full.value.errno == 28 and full.value.filename == str(tmp_path / "x")


def test_a_parents_error_leaves_no_child_behind(tmp_path):
    marker = tmp_path / "child"

    def work(share, shares):
        if share == 0:
            raise ValueError("parent")
        marker.write_text(str(os.getpid()))
        return {}

    with pytest.raises(ValueError, match="parent"):
        forked.run(work, 2)
    if marker.exists():  # the child may have finished first; it must be gone either way
        with pytest.raises(ProcessLookupError):
            os.kill(int(marker.read_text()), 0)


def test_small_ledgers_stay_in_one_process():
    assert forked.processes(10, 2000) == 1
    assert 1 <= forked.processes(5000, 2000) <= 4
