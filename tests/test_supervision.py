"""重点督办 (key supervised suggestions): a dated, append-only supervision entry on a suggestion,
added with `minyi supervise`, checked by rule and line, kept by the review gate, and shown on
the suggestion's page, in the list (badge and filter), on the dashboard and in open data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from conftest import REPO, TODAY, commit, edit, gate, line_of, minyi, replace_once

from minyi import kinds
from minyi.validate import validate
from site_gen.exports.formats import csv_chunks
from site_gen.exports.tables import record_table
from site_gen.model import build_model
from site_gen.pages import dashboard, record_pages, suggestions

THREE = "records/suggestions/2025/S-2025-0016.yaml"  # the articles' “三不管” estates, 人大督办 by 华龙人大工委
LIFT = "records/suggestions/2026/S-2026-0017.yaml"  # 领导督办, overdue
OPEN = "records/suggestions/2026/S-2026-0010.yaml"  # answered, not supervised
KEY = ("S-2026-0017", "S-2026-0016", "S-2025-0016")


CASES = [
    (
        "listed before receipt",
        THREE,
        replace_once("  - date: '2025-10-20'\n    by: DEP-022", "  - date: '2025-10-01'\n    by: DEP-022"),
        "supervision-date",
        "  - date: '2025-10-01'",
        "第 1 条督办记录的日期 2025-10-01 早于建议的收到日期 2025-10-14 (supervision before receipt)",
    ),
    (
        "listed in the future",
        LIFT,
        replace_once(
            "  - date: '2026-10-12'\n    by: DEP-001\n    level", "  - date: '2026-12-12'\n    by: DEP-001\n    level"
        ),
        "supervision-date",
        "  - date: '2026-12-12'",
        "第 1 条督办记录的日期 2026-12-12 在今天（2026-11-22）之后 (supervision in the future)",
    ),
    (
        "leader's supervision without the leader",
        LIFT,
        replace_once("    leader: 区人大常委会副主任\n", ""),
        "supervision-leader-missing",
        "    level: 领导督办",
        "第 1 条督办记录是领导督办，但没有写领导职务 (no leader)",
    ),
    (
        "unknown level",
        LIFT,
        replace_once("level: 领导督办", "level: 书记督办"),
        "schema-enum",
        "level: 书记督办",
        None,
    ),
    (
        "supervisor that does not exist",
        THREE,
        replace_once("    by: DEP-022", "    by: DEP-099"),
        "ref-missing",
        "    by: DEP-099",
        None,
    ),
]


@pytest.mark.parametrize("name,rel,change,rule,where,message", CASES, ids=[c[0] for c in CASES])
def test_broken_supervision_names_rule_line_and_words(records, name, rel, change, rule, where, message):
    path = records / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    _, found = validate(records, dt.date.fromisoformat(TODAY))
    hits = [dataclasses.asdict(p) for p in found if p.rule == rule and p.path == rel]
    assert hits, found
    assert line_of(path.read_text(encoding="utf-8"), where) in [h["line"] for h in hits], hits
    if message:
        assert message in [h["message"] for h in hits]
    assert path.read_bytes() == before


def _supervise(root, *args, check=0):
    return minyi("supervise", *args, "--today", TODAY, cwd=root, check=check)


def test_supervise_appends_a_dated_entry(ledger):
    out = _supervise(
        ledger,
        "S-2026-0010",
        "--by",
        "D-0021",
        "--level",
        "代表督办",
        "--reason",
        "学位缺口大，家长反映集中",
        "--date",
        "2026-11-20",
    ).stdout
    assert out == "S-2026-0010: 重点督办（代表督办，第 1 条督办记录）  (records/suggestions/2026/S-2026-0010.yaml)\n"
    text = (ledger / OPEN).read_text(encoding="utf-8")
    entry = "supervision:\n  - date: '2026-11-20'\n    by: D-0021\n    level: 代表督办\n    reason: 学位缺口大，家长反映集中\nstatus: answered\n"
    assert entry in text
    before = (ledger / OPEN).read_bytes()
    refused = _supervise(
        ledger,
        "S-2026-0010",
        "--by",
        "DEP-001",
        "--level",
        "领导督办",
        "--reason",
        "列入主任会议督办",
        "--date",
        "2026-11-21",
        check=1,
    )
    assert (
        "error[supervision-leader-missing]: 第 2 条督办记录是领导督办，但没有写领导职务 (no leader)" in refused.stderr
    )
    assert (ledger / OPEN).read_bytes() == before, "a refused listing writes nothing"
    _supervise(
        ledger,
        "S-2026-0010",
        "--by",
        "DEP-001",
        "--level",
        "领导督办",
        "--leader",
        "区人大常委会副主任",
        "--reason",
        "列入主任会议督办",
        "--date",
        "2026-11-21",
    )
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    assert _supervise(ledger, "MO-2024-01", "--by", "DEP-001", "--level", "人大督办", "--reason", "议案", check=2)


def test_gate_keeps_supervision_append_only(pr):
    path = edit(pr, THREE, "列为重点督办建议", "列为一般督办建议")
    edit(pr, LIFT, "    leader: 区人大常委会副主任\n", "    leader: 区人大常委会主任\n")
    commit(pr, "Tidy supervision")
    proc = gate(pr)
    assert proc.returncode == 1
    three = path.read_text(encoding="utf-8")
    assert f"{THREE}:{line_of(three, '一般督办')}:" in proc.stdout and "error[fact-rewritten]" in proc.stdout
    assert f"{LIFT}:{line_of((pr / LIFT).read_text(encoding='utf-8'), '    leader: ')}:" in proc.stdout


def test_gate_accepts_a_new_listing(pr):
    _supervise(
        pr,
        "S-2026-0016",
        "--by",
        "DEP-001",
        "--level",
        "人大督办",
        "--reason",
        "代表督办后异味仍反复，升格督办",
        "--date",
        "2026-11-20",
    )
    commit(pr, "S-2026-0016 listed by the office too")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def model():
    today = dt.date.fromisoformat(TODAY)
    ledger, problems = validate(REPO, today)
    assert problems == []
    return build_model(ledger, today)


def test_page_list_dashboard_and_open_data_show_key_supervision(model):
    page = next(
        p.body for p in record_pages(model, kinds.get("suggestion")) if p.path.startswith("suggestions/S-2025-0016/")
    )
    assert '<span class="mi-badge mi-key">重点督办</span>' in page
    assert "重点督办（自 2025-10-20 起）" in page and "人大督办" in page and "华龙人大工委" in page
    data = {f.path: f.content for f in suggestions.list_data(model)}
    fields = json.loads(data["data/list/index.json"])["fields"]
    rows = [r for y in (2024, 2025, 2026) for r in json.loads(data[f"data/list/suggestions-{y}.json"])]
    assert sorted(r[fields.index("id")] for r in rows if r[fields.index("key")]) == sorted(KEY)
    listing = next(
        f.content for f in suggestions.list_files(model, kinds.get("suggestion")) if f.path == "suggestions/index.md"
    )
    assert '<input type="checkbox" name="key" value="1">只看重点督办' in listing
    assert listing.count('data-f="key">重点督办') == 3  # badges shown (the blank row template's is hidden)
    home = next(f.content for f in dashboard.files(model) if f.path == "index.md")
    assert '共 <strong data-figure="重点督办">3</strong> 条，其中尚未办结 2 条' in home
    assert home.index("S-2026-0017 华龙一村加装电梯费用分摊有争议") < home.index("S-2025-0016 关于“三不管”小区治理")
    assert "领导督办：区人大常委会副主任" in home
    table = "".join(csv_chunks(record_table(model, kinds.get("suggestion")))).splitlines()
    head = table[0].split(",")
    flagged = {line.split(",")[0] for line in table[1:] if line.split(",")[head.index("key_supervised")] == "true"}
    assert flagged == set(KEY)
