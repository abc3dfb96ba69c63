"""`minyi import` never lets a resident's details into a record: every heading naming a person
(来电人, 投诉人, 诉求人 …) is personal data a mapping cannot send into a field, and the channel
of a 反映人/渠道 cell is found beside a resident's phone number, never inside it."""

from __future__ import annotations

import pytest
import yaml
from conftest import TODAY, minyi, snapshot

HEAD = "收到日期,类别,{who},问题内容,所属街道,代表"


def run(ledger, *args, check=None):
    return minyi("import", *args, "--kind", "suggestion", "--root", str(ledger), "--today", TODAY,
                 cwd=ledger.parent, check=check)  # fmt: skip


def sheet(ledger, heading: str, who: str, channel=False, name="工单.csv") -> str:
    """One row collected by 何莹 (D-0021); a 渠道 column (网格) too unless the channel comes
    from the 反映人/渠道 cell."""
    extra = (",渠道", ",网格") if channel else ("", "")
    row = f"2025-03-05,城市管理,{who},梨园后街路灯不亮，夜间出行不便。,梨园街道,D-0021"
    lines = [HEAD.format(who=heading) + extra[0], row + extra[1]]
    (ledger.parent / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


def imported(ledger) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ledger.glob("records/suggestions/*/*TMP-*"))]


@pytest.mark.parametrize(
    "heading", ["来电人", "投诉人", "诉求人", "来访人", "当事人", "联系人", "联系方式", "身份证号"]
)
def test_a_heading_naming_a_resident_is_never_imported(ledger, heading):
    proc = run(ledger, sheet(ledger, heading, "王小明", channel=True), "--dry-run", check=0)
    assert f"群众个人信息，从不导入：C列（{heading}）" in proc.stderr


def test_a_mapping_cannot_send_the_caller_into_the_title(ledger):
    name = sheet(ledger, "来电人", "王小明", channel=True)
    (ledger.parent / "映射.yaml").write_text("columns:\n  来电人: title\n", encoding="utf-8")
    before = snapshot(ledger)
    proc = run(ledger, name, "--mapping", "映射.yaml", check=1)
    assert proc.stdout.splitlines()[0] == (
        "映射.yaml: error[import-mapping]: 「来电人」是群众的个人信息，不能导入为「title」 (personal data column)"
        " — 删除这一行映射：反映人、电话、住址等列从不导入，台账只记渠道"
    )
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("cell", "channel"),
    [("王小明 13912345678 代表码", "代表码"), ("王小明 139 1234 5678 网格", "网格"), ("王先生 12345", "12345")],
)
def test_the_channel_is_found_beside_a_phone_number_never_inside_it(ledger, cell, channel):
    run(ledger, sheet(ledger, "反映人/渠道", cell), check=0)
    (record,) = imported(ledger)
    assert record["channel"] == channel and "王" not in yaml.safe_dump(record, allow_unicode=True)


def test_a_phone_number_alone_names_no_channel(ledger):
    proc = run(ledger, sheet(ledger, "反映人/渠道", "王小明 13912345678"), check=1)
    assert proc.stdout.splitlines() == [
        "工单.csv:第2行:C列（反映人/渠道）: error[import-value]: 这一格中找不到渠道（其余内容是群众的个人信息，不导入，"
        "也不在这里显示） (no channel) — 在这一格写明渠道，渠道是其中之一：联络站接待、代表码、走访、网格、小程序、12345、议政代表会"
    ]
    assert imported(ledger) == [] and "1391" not in proc.stdout + proc.stderr
