"""`minyi advance` refusals in the command's own terms: the option to add, the step that is possible,
the status that was meant. The step is checked on a text that is never written, so its line
numbers would send the clerk to lines the file does not have; the file stays unchanged.
"""

from __future__ import annotations

import pytest
from conftest import TODAY, minyi

HEAD = "未写入任何文件，原因如下 (refused, nothing written):"

# (record, status typed, extra options, the exact lines printed)
REFUSALS = [
    (
        "S-2026-0022",
        "assigned",
        [],
        "错误[assignee-missing]：已经交办，但没有写承办部门 (no department)"
        " — 加上 --lead DEP-xxx（主办部门的编号，见 records/departments/）",
    ),
    (
        "S-2026-0019",
        "answered",
        [],
        '错误[answer-missing]：状态是 answered，但没有答复内容 (no answer) — 加上 --answer "…"（答复内容摘要）',
    ),
    (
        "S-2026-0009",
        "closed",
        [],
        "错误[outcome-missing]：已办结，但没有办理结果分类 (no outcome)"
        " — 加上 --outcome solved（已解决）、in_hand（正在解决或列入计划）或 explained（解释说明）",
    ),
    (
        "S-2026-0025",
        "not_accepted",
        [],
        '错误[reason-missing]：不予受理，但没有写理由 (no reason) — 加上 --reason "…"（不予受理的理由）',
    ),
    (
        "S-2026-0025",
        "merged",
        [],
        "错误[merge-target-missing]：已合并，但没有写合并到哪一条 (no merged_into)"
        " — 加上 --into S-xxxx-xxxx（合并到的建议编号）",
    ),
    (
        "S-2026-0022",
        "assigned",
        ["--lead", "DEP-999"],
        "错误[ref-missing]：引用的承办部门「DEP-999」不存在 (dangling reference)"
        " — 检查编号是否写错，或先建立 DEP-999 这条记录",
    ),
    (
        "S-2026-0022",
        "closed",
        [],
        "错误[transition-illegal]：不能从 registered（已登记）直接变为 closed（已办结）"
        " (illegal transition registered -> closed)"
        " — 下一步只能是：assigned（已交办）、not_accepted（不予受理）、merged（已合并）、withdrawn（已撤回）",
    ),
    (
        "S-2026-0022",
        "assigned",
        ["--lead", "DEP-002", "--date", "2026-11-23"],
        "错误[timeline-future]：第 3 条事件的日期 2026-11-23 在今天（2026-11-22）之后 (date in the future)"
        " — --date 写事情实际发生的那一天，不能晚于今天",
    ),
]


@pytest.mark.parametrize("rid,status,extra,line", REFUSALS, ids=[f"{r[0]} {r[1]} {r[3][3:20]}" for r in REFUSALS])
def test_a_refused_step_names_the_option_to_add(ledger, rid, status, extra, line):
    before = {p: p.read_bytes() for p in (ledger / "records").rglob("*.yaml")}
    args = ["--date", "2026-11-21", *extra] if "--date" not in extra else extra
    proc = minyi("advance", rid, status, "--by", "DEP-001", "--note", "试一试", *args, "--today", TODAY, cwd=ledger)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [f"{rid}：{HEAD}", line]
    assert {p: p.read_bytes() for p in (ledger / "records").rglob("*.yaml")} == before


def test_with_the_option_added_the_step_is_written(ledger):
    proc = minyi(
        "advance", "S-2026-0022", "assigned", "--by", "DEP-001", "--lead", "DEP-002", "--note", "交办",
        "--date", "2026-11-21", "--today", TODAY, cwd=ledger, check=0,
    )  # fmt: skip
    assert proc.stdout == "S-2026-0022: registered → assigned  (records/suggestions/2026/S-2026-0022.yaml)\n"


@pytest.mark.parametrize("typed", ["已交办", "Assigned", "ASSIGNED", " assigned "])
def test_status_by_chinese_label_or_any_case(ledger, typed):
    proc = minyi(
        "advance", "S-2026-0022", typed, "--by", "DEP-001", "--lead", "DEP-002", "--note", "交办",
        "--date", "2026-11-21", "--today", TODAY, cwd=ledger, check=0,
    )  # fmt: skip
    assert "registered → assigned" in proc.stdout


@pytest.mark.parametrize(
    "typed,guess",
    [("asigned", "你是不是想写 assigned（已交办）？"), ("已答覆", "你是不是想写 answered（已答复）？"), ("done", "")],
)
def test_an_unknown_status_is_unknown_not_an_illegal_step(ledger, typed, guess):
    proc = minyi(
        "advance", "S-2026-0022", typed, "--by", "DEP-001", "--note", "x", "--today", TODAY, cwd=ledger, check=2
    )
    known = (
        "received（已收集）、registered（已登记）、assigned（已交办）、in_progress（办理中）、answered（已答复）、"
        "closed（已办结）、reopened（重新办理）、not_accepted（不予受理）、merged（已合并）、withdrawn（已撤回）"
    )
    assert f"未知状态「{typed}」。{guess}可用的状态（写代码或中文都可以）：{known}" in proc.stderr
    assert "transition-illegal" not in proc.stderr


def test_a_project_status_is_resolved_among_project_statuses(ledger):
    proc = minyi("advance", "P-2024-05", "完工了", "--by", "DEP-002", "--note", "x", "--today", TODAY, cwd=ledger)
    assert proc.returncode == 2 and "未知状态「完工了」" in proc.stderr and "completed（已完工）" in proc.stderr


def test_a_file_already_broken_is_shown_with_its_lines(ledger):
    """Problems the file itself has are the clerk's to fix in the file: those keep their line numbers."""
    path = ledger / "records/suggestions/2026/S-2026-0022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "stauts: assigned\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    proc = minyi(
        "advance", "S-2026-0022", "assigned", "--by", "DEP-001", "--lead", "DEP-002", "--note", "x",
        "--date", "2026-11-21", "--today", TODAY, cwd=ledger, check=1,
    )  # fmt: skip
    assert proc.stderr.splitlines()[1].startswith(
        f"records/suggestions/2026/S-2026-0022.yaml:{line}:1: error[schema-unknown-key]: 未知字段「stauts」"
    ), proc.stderr
