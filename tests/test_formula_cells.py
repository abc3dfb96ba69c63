"""A record's text never runs as a spreadsheet formula in a CSV the ledger publishes or prints:
the site's open data and `minyi list --format csv` share one rule (minyi/spreadsheet.py);
JSON and SQLite keep the text as written, numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from conftest import TODAY, commit, edit, minyi

from site_gen.exports.formats import cell

SUGGESTION = "records/suggestions/2026/S-2026-0017.yaml"
HOSTILE = '=HYPERLINK("http://evil.example","点此")'
HYPERLINK_YAML = HOSTILE.replace("'", "''")  # inside a single-quoted YAML scalar


def _rows(text: str) -> dict[str, dict]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}


def test_a_formula_title_is_inert_in_the_site_csv_and_raw_in_json_and_sqlite(ledger, tmp_path):
    edit(ledger, SUGGESTION, "title: 华龙一村加装电梯费用分摊有争议", "title: '" + HYPERLINK_YAML + "'")
    commit(ledger)
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0  # the title is allowed text
    site = tmp_path / "site"
    minyi("build", "--out", str(site), "--as-of", TODAY, cwd=ledger, check=0)
    published = _rows((site / "data/suggestions.csv").read_text(encoding="utf-8"))
    assert published["S-2026-0017"]["title"] == "'" + HOSTILE
    listed = _rows(minyi("list", "--dept", "DEP-002", "--format", "csv", cwd=ledger, check=0).stdout)
    assert listed["S-2026-0017"]["title"] == published["S-2026-0017"]["title"]  # one rule for both
    as_json = json.loads((site / "data/suggestions.json").read_text(encoding="utf-8"))
    assert next(r for r in as_json if r["id"] == "S-2026-0017")["title"] == HOSTILE
    with sqlite3.connect(site / "data/minyi.sqlite") as db:
        (title,) = db.execute("SELECT title FROM suggestions WHERE id = 'S-2026-0017'").fetchone()
    assert title == HOSTILE
    page = (site / "data/index.html").read_text(encoding="utf-8")
    assert "以免电子表格把它当作公式执行（数字列不受影响），JSON 和 SQLite 中保留原文。" in page


def test_only_text_cells_are_neutralised():
    assert cell(-2, "integer") == "-2" and cell(-1.5, "number") == "-1.5"
    for text in ("=1+1", "+86 1", "-2", "@SUM(A1)", "\t=1", "\r=1", "＝1"):
        assert cell(text, "string") == "'" + text
    assert cell("华龙一村 =1", "string") == "华龙一村 =1" and cell(None, "string") == ""
