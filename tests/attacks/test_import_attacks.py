"""`minyi import` given a hostile or careless spreadsheet: nothing reaches a record that the
validator would refuse or that names a resident, and the file itself cannot exhaust the machine.

Formulas (=HYPERLINK…) would become live links in every opened CSV download; a zip bomb
or a 20 MB CSV must stop before it is parsed; a phone number written in full-width digits
is the privacy rule's, said at the cell it came from; the 反映人 column is never read, and
a 反映人/渠道 cell gives its channel and is never quoted back.
"""

from __future__ import annotations

import csv
import zipfile

from conftest import TODAY, minyi, snapshot

HEAD = [
    "序号",
    "收到日期",
    "反映人/渠道",
    "问题内容",
    "类别",
    "所属街道",
    "交办部门",
    "交办日期",
    "办理结果",
    "答复日期",
]
GOOD = ["1", "2025-3-5", "王女士/12345", "梨园后街路灯损坏多盏，夜间出行不便，建议尽快维修。", "城市建设", "梨园街道", "区城管局", "2025-3-7", "", ""]  # fmt: skip


def run(ledger, name, *args, check=1):
    return minyi("import", name, "--kind", "suggestion", "--root", str(ledger), "--today", TODAY, *args,
                 cwd=ledger.parent, check=check)  # fmt: skip


def write_csv(ledger, rows, name="台账.csv", encoding="utf-8-sig"):
    with open(ledger.parent / name, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return name


def row(**cells):
    out = list(GOOD)
    for heading, value in cells.items():
        out[HEAD.index(heading)] = value
    return out


def test_formula_cells_are_refused_in_xlsx_and_csv(ledger):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEAD)
    book.active.append(row(问题内容='=HYPERLINK("http://evil.example/x","梨园后街路灯损坏，点击查看详情")'))
    book.save(ledger.parent / "台账.xlsx")
    before = snapshot(ledger)
    proc = run(ledger, "台账.xlsx")
    assert proc.stdout.splitlines() == [
        '台账.xlsx:第2行:D列（问题内容）: error[import-formula]: 单元格是公式 =HYPERLINK("http://evil.example/x","梨园后街，'
        "不导入公式 (formula cell) — 复制整列后“选择性粘贴 → 数值”，再导入；公式进了公开记录，下载表格的人一打开就会运行它"
    ]
    proc = run(ledger, write_csv(ledger, [row(办理结果="=1+2", 答复日期="2025-3-9")]))
    assert proc.stdout.splitlines()[0].startswith(
        "台账.csv:第2行:I列（办理结果）: error[import-formula]: 单元格是公式 =1+2，"
    )
    assert snapshot(ledger) == before


def test_a_zip_bomb_and_a_huge_csv_stop_before_parsing(ledger):
    with zipfile.ZipFile(ledger.parent / "炸弹.xlsx", "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w") as f:  # fmt: skip
        block = b" " * 1_000_000
        for _ in range(201):
            f.write(block)
    assert (ledger.parent / "炸弹.xlsx").stat().st_size < 1_000_000
    proc = run(ledger, "炸弹.xlsx")
    assert "error[import-file]: 文件（或 .xlsx 解压后的内容）有 201,000,000 字节，超过上限 200,000,000" in proc.stdout
    (ledger.parent / "大.csv").write_bytes(b"a," * 10_000_001)
    proc = run(ledger, "大.csv")
    assert "大.csv: error[import-file]: 文件（或 .xlsx 解压后的内容）有 20,000,002 字节" in proc.stdout
    proc = run(ledger, write_csv(ledger, [row()] * 20_001, "长.csv"))
    assert proc.stdout.splitlines() == ["长.csv: error[import-file]: 表格超过 20,000 行，已停止读取 (too many rows) — 按年份拆成几个文件，分别导入"]  # fmt: skip


def test_disguised_and_unsupported_files_are_one_line_each(ledger):
    (ledger.parent / "假.xlsx").write_text("序号,收到日期\n", encoding="utf-8")
    assert run(ledger, "假.xlsx").stdout.startswith("假.xlsx: error[import-file]: 无法读取这个表格文件（BadZipFile）")
    (ledger.parent / "旧.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "不支持 .xls 文件，只能导入 .xlsx 和 .csv" in run(ledger, "旧.xls").stdout
    (ledger.parent / "乱码.csv").write_bytes(b"\xff\xfe\x00\xd8" * 10)
    assert "文件既不是 UTF-8 也不是 GB18030 编码" in run(ledger, "乱码.csv").stdout


def test_phone_numbers_in_full_width_digits_are_the_privacy_rules_at_their_cell(ledger):
    rows = [
        row(问题内容="梨园后街路灯损坏，请联系１３９　１２３４　５６７８尽快维修。"),
        row(序号="2", 收到日期="2025-3-6", 办理结果="已维修，回复至一三九一二三四五六七八。", 答复日期="2025-3-9"),
        row(序号="3", 收到日期="2025-3-7", 问题内容="梨园后街路灯\u202e损坏多盏，建议尽快维修。"),
    ]
    proc = run(ledger, write_csv(ledger, rows, encoding="gb18030"))
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(
        "台账.csv:第2行:D列（问题内容）: error[privacy-phone]: 「summary」中有手机号码 139******78"
    )
    assert lines[1].startswith("台账.csv:第3行:I列（办理结果）: error[privacy-phone]: 「answer.text」中有手机号码")
    assert lines[2].startswith(
        "台账.csv:第4行:D列（问题内容）: error[text-bidi-control]: 「summary」中有看不见的双向控制字符"
    )
    assert len(lines) == 3 and "5678" not in proc.stdout


def test_the_resident_column_is_never_read_nor_quoted(ledger):
    rows = [row(**{"反映人/渠道": "王女士 13912345678"}), row(序号="2", 收到日期="2025-3-6", **{"反映人/渠道": "王女士　１３９１２３４５６７８／12345"})]  # fmt: skip
    proc = run(ledger, write_csv(ledger, rows))
    assert proc.stdout.splitlines() == [
        "台账.csv:第2行:C列（反映人/渠道）: error[import-value]: 这一格中找不到渠道（其余内容是群众的个人信息，不导入，也不在这里显示）"
        " (no channel) — 在这一格写明渠道，渠道是其中之一：联络站接待、代表码、走访、网格、小程序、12345、议政代表会"
    ]
    run(ledger, "台账.csv", "--skip-bad", check=1)
    text = "".join(p.read_text(encoding="utf-8") for p in ledger.glob("records/suggestions/*/*TMP-*"))
    assert "channel: '12345'" in text and "王" not in text and "1391" not in text and "１" not in text
    (ledger.parent / "映射.yaml").write_text("columns:\n  反映人: summary\n", encoding="utf-8")
    proc = run(ledger, "台账.csv", "--mapping", "映射.yaml")
    assert proc.stdout.startswith("映射.yaml: error[import-mapping]: 「反映人」是群众的个人信息，不能导入为「summary」")


def test_future_and_out_of_order_dates_are_said_at_their_cells(ledger):
    rows = [row(交办日期="2025-3-1"), row(序号="2", 收到日期="2027-1-5", 交办日期="2027-1-6")]
    lines = run(ledger, write_csv(ledger, rows)).stdout.splitlines()
    assert lines[0] == (
        "台账.csv:第2行:H列（交办日期）: error[import-date]: 「交办日期」2025-03-01 早于「收到日期」2025-03-05 (dates out of order)"
        " — 核对这两个日期：办理的先后是 收到 → 交办 → 答复 → 办结"
    )
    assert lines[1].startswith(
        "台账.csv:第3行:B列（收到日期）: error[timeline-future]: 第 1 条事件的日期 2027-01-05 在今天"
    )


def test_escape_sequences_in_headings_and_cells_are_spelled_out_not_sent_to_the_terminal(ledger):
    (ledger.parent / "台账.csv").write_text(
        "收到日期,渠道,问题内容,类别,所属街道,\x1b[2J交办部门\n"
        "2025\x1b]0;x\x07-3-5,12345,梨园后街路灯损坏多盏，夜间出行不便，建议尽快维修。,城市建设,梨园街道,区城管局\n",
        encoding="utf-8",
    )
    proc = run(ledger, "台账.csv")
    assert "\x1b" not in proc.stdout + proc.stderr and "\x07" not in proc.stdout
    assert proc.stdout.startswith(
        "台账.csv:第2行:A列（收到日期）: error[import-date]: 「2025\\u001b]0;x\\u0007-3-5」不是日期"
    )
    assert "未导入的列：F列（\\u001b[2J交办部门）" in proc.stderr
