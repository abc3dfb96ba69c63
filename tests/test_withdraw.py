"""`minyi withdraw`: a record entered in error is withdrawn with a public reason, never deleted, end to end.

Each test runs the real CLI on a pull-request branch of the demo repository and the real
`minyi validate` and `minyi check-change` on the result.
"""

from __future__ import annotations

import yaml
from conftest import TODAY, commit, gate, git, minyi

OPEN = "records/suggestions/2026/S-2026-0027.yaml"  # received, waiting on its deputy
CLOSED = "S-2024-0003"


def test_withdraw_appends_the_step_and_passes_validate_and_the_gate(pr):
    proc = minyi(
        "withdraw",
        "S-2026-0027",
        "--reason",
        "与 S-2026-0028 重复录入",
        "--date",
        TODAY,
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    assert "received → withdrawn" in proc.stdout
    data = yaml.safe_load((pr / OPEN).read_text(encoding="utf-8"))
    assert data["status"] == "withdrawn" and data["withdrawn_reason"] == "与 S-2026-0028 重复录入"
    last = data["timeline"][-1]
    assert (last["status"], last["by"], last["date"]) == ("withdrawn", "DEP-001", TODAY)
    assert "重复录入" in last["note"]
    minyi("validate", "--today", TODAY, cwd=pr, check=0)
    commit(pr, "Withdraw S-2026-0027")
    result = gate(pr)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_finished_suggestion_cannot_be_withdrawn(pr):
    before = git(pr, "status", "--porcelain")
    proc = minyi("withdraw", CLOSED, "--reason", "录入有误需要撤回", "--today", TODAY, cwd=pr)
    assert proc.returncode != 0
    assert "transition-illegal" in proc.stdout + proc.stderr and "已办结" in proc.stdout + proc.stderr
    assert git(pr, "status", "--porcelain") == before, "nothing is written when the step is refused"


def test_withdrawn_without_a_reason_is_a_problem(pr):
    path = pr / OPEN
    text = path.read_text(encoding="utf-8").replace("status: received\n", "status: withdrawn\n", 1)
    text += "  - date: '2026-11-20'\n    status: withdrawn\n    by: DEP-001\n    note: 撤回\n"
    path.write_text(text, encoding="utf-8")
    proc = minyi("validate", "--today", TODAY, OPEN, cwd=pr, check=1)
    assert "withdrawn-reason-missing" in proc.stdout and "minyi withdraw" in proc.stdout


def test_deleting_a_record_is_refused_and_points_to_minyi_withdraw(pr):
    (pr / OPEN).unlink()
    commit(pr, "Delete a duplicate")
    proc = gate(pr)
    assert proc.returncode == 1 and "record-deleted" in proc.stdout
    assert "minyi withdraw" in proc.stdout


def test_only_kinds_with_a_withdrawn_status_can_be_withdrawn(pr):
    before = git(pr, "status", "--porcelain")
    proc = minyi("withdraw", "p-2024-05", "--reason", "录入有误", "--today", TODAY, cwd=pr, check=2)
    assert proc.stderr.splitlines()[-1] == "错误：P-2024-05 是民生实事项目，不能撤回：只有意见建议可以撤回"
    unknown = minyi("withdraw", "S-2026-9999", "--reason", "录入有误", "--today", TODAY, cwd=pr, check=2)
    assert unknown.stderr.splitlines()[-1] == "错误：找不到意见建议 S-2026-9999（minyi find 可以按名称查编号）"
    assert git(pr, "status", "--porcelain") == before


def test_the_withdrawable_kinds_come_from_the_lifecycles():
    from minyi import lifecycle

    assert lifecycle.kinds_with("withdrawn") == ("suggestion",)
    assert lifecycle.kinds_with("completed") == ("project",)


def test_a_reason_with_an_id_number_whose_check_digit_is_wrong_is_refused(pr):
    """A mistyped check digit is still a person's ID number: nothing is written."""
    before = (pr / "records/suggestions/2026/S-2026-0023.yaml").read_bytes()
    reason = "重复录入，身份证110101199003077777"
    proc = minyi("withdraw", "S-2026-0023", "--reason", reason, "--today", TODAY, cwd=pr, check=1)
    assert proc.stderr.splitlines() == [
        "S-2026-0023：未写入任何文件，原因如下 (refused, nothing written):",
        "错误[privacy-id-card]：「withdrawn_reason」中有身份证号 110*************77 (personal data)"
        " — 删除身份证号（拆开写、写成汉字也算）",
        "错误[privacy-id-card]：「timeline[2].note」中有身份证号 110*************77 (personal data)"
        " — 删除身份证号（拆开写、写成汉字也算）",
    ]
    assert (pr / "records/suggestions/2026/S-2026-0023.yaml").read_bytes() == before


def test_a_withdrawal_after_assignment_is_flagged_by_the_gate_and_on_the_department_page(pr, tmp_path):
    for rid, reason in (("S-2026-0001", "与 S-2026-0002 重复录入"), ("S-2026-0027", "与 S-2026-0028 重复录入")):
        minyi("withdraw", rid, "--reason", reason, "--date", TODAY, "--today", TODAY, cwd=pr, check=0)
    commit(pr, "Withdraw S-2026-0001 and S-2026-0027")
    result = gate(pr)
    assert result.returncode == 0, result.stdout + result.stderr  # allowed (issue 11), but not quietly
    assert result.stdout.splitlines() == [
        "records/suggestions/2026/S-2026-0001.yaml:28:9: warning[withdrawn-after-assignment]: S-2026-0001 "
        "交办给区城管局（DEP-007）后撤回（撤回时已逾期 208 天，重新办理过 1 次，群众评价不满意）："
        "撤回后不计入该部门的办理统计，请核对撤回理由 (withdrawn after assignment) — 核对撤回理由："
        "确是登记有误或重复录入才可撤回，不能用撤回让逾期、重新办理或不满意的建议从部门统计中消失；部门页面公开列出交办后撤回的建议"
    ]
    summary = result.stderr.splitlines()
    at = summary.index("### ⚠️ 交办后撤回的建议（1 条）：请核对撤回理由")
    assert summary[at + 4 : at + 7] == [
        "| 建议 | 承办部门 | 撤回前的情况 | 撤回理由 |",
        "|---|---|---|---|",
        "| S-2026-0001 | 区城管局（DEP-007） | 撤回时已逾期 208 天，重新办理过 1 次，群众评价不满意 | 与 S-2026-0002 重复录入 |",
    ]
    assert at < summary.index("### 状态变化") and "withdrawn-after-assignment" not in result.stderr  # not again in 提醒
    minyi("build", "--out", str(tmp_path / "site"), "--as-of", TODAY, cwd=pr, check=0)
    page = (tmp_path / "site/departments/DEP-007/index.html").read_text(encoding="utf-8")
    assert (
        '<p class="mi-help" id="withdrawn">交办本部门后撤回的意见建议 1 条，不计入上面的办理统计：'
        '<a href="../../suggestions/S-2026-0001/">S-2026-0001</a></p>'
    ) in page
    assert 'id="withdrawn"' not in (tmp_path / "site/departments/DEP-002/index.html").read_text(encoding="utf-8")
