"""Correctness holds on a generated 10,000-suggestion ledger (speed lives in bench/, not here)."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, TODAY, git, minyi

N = 10_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    import sys

    sys.path.insert(0, str(REPO))
    from bench.synth import generate

    root = tmp_path_factory.mktemp("scale") / "ledger"
    info = generate(root, N, 3000)
    assert info["suggestions"] == N
    return root


def test_generated_ledger_validates(big):
    proc = minyi("validate", "--today", TODAY, cwd=big)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert f"检查了 {sum(1 for _ in (big / 'records').rglob('*.yaml'))} 个记录文件" in proc.stderr


def test_mistakes_are_still_found_with_line_and_rule(big):
    path = next((big / "records/suggestions/2024").glob("*.yaml"))
    good = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            good.replace("status: ", "stauts: ", 1).replace("note: ", "note: 电话 13912345678 ", 1), encoding="utf-8"
        )
        proc = minyi("validate", "--format", "json", "--today", TODAY, cwd=big, check=1)
        rel = path.relative_to(big).as_posix()
        found = {(p["rule"], p["path"]) for p in json.loads(proc.stdout)}
        assert ("schema-unknown-key", rel) in found and ("privacy-phone", rel) in found
        line = [p["line"] for p in json.loads(proc.stdout) if p["rule"] == "schema-unknown-key"][0]
        assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("stauts:")
    finally:
        path.write_text(good, encoding="utf-8")


def test_review_gate_on_a_big_repository(big):
    git(big, "checkout", "-q", "-B", "clerk", "main")
    answered = [
        p
        for p in sorted((big / "records/suggestions/2025").glob("*.yaml"))
        if "\nstatus: answered\n" in p.read_text(encoding="utf-8")
    ][:2]
    for p in answered:
        minyi(
            "advance",
            p.stem,
            "closed",
            "--by",
            "DEP-001",
            "--outcome",
            "solved",
            "--note",
            "回访办结",
            "--date",
            TODAY,
            "--today",
            TODAY,
            cwd=big,
            check=0,
        )
    git(big, "commit", "-qam", "Close two")
    assert minyi("check-change", "main", "HEAD", "--today", TODAY, cwd=big).returncode == 0
    text = answered[0].read_text(encoding="utf-8")
    answered[0].write_text(text.replace('note: "登记入台账"', 'note: "登记入台账（改写）"', 1), encoding="utf-8")
    git(big, "commit", "-qam", "Rewrite history")
    proc = minyi("check-change", "main", "HEAD", "--today", TODAY, cwd=big)
    assert proc.returncode == 1 and "timeline-rewritten" in proc.stdout
    git(big, "checkout", "-q", "main")


@pytest.mark.slow
def test_site_builds_with_small_record_pages(big, tmp_path):
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=big, check=0)
    pages = list((out / "suggestions").glob("S-*/index.html"))
    assert len(pages) == N
    assert max(p.stat().st_size for p in pages[:500]) < 30_000
    assert max(p.stat().st_size for p in (out / "data/list").glob("*.json")) < 2_000_000
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") >= N and "__record__" not in sitemap
