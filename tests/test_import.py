"""`minyi import`: a district's Excel/CSV 台账 into records, through the real CLI in real git repositories.

The sample in docs/ (made by scripts/import_sample.py) has ten clean rows and six with one
deliberate mistake each; every mistake is reported at once, by row and column, and
nothing is written. A clean file imports, validates, passes the review gate and builds
into a site that shows its history as 导入/补录.
"""

from __future__ import annotations

import importlib.util
import re
import shutil

import yaml
from conftest import REPO, TODAY, commit, gate, git, minyi, snapshot

SAMPLE = REPO / "docs/import-sample.xlsx"
_spec = importlib.util.spec_from_file_location("import_sample", REPO / "scripts/import_sample.py")
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)

EXPECTED = [
    "台账.xlsx:第14行:B列（收到 日期）: error[import-date]: 「2025.13.5」这一天不存在 (no such day) — 核对月份和日期",
    "台账.xlsx:第15行:K列（交办部门）: error[import-name]: 台账中没有叫「城建局」的承办部门 (unknown name)"
    " — 你是不是想写：区城管局（青溪区城市管理局） → DEP-007；区住建局（青溪区住房和城乡建设局） → DEP-002？",
    "台账.xlsx:第16行:G列（问题内容）: error[privacy-phone]: 「summary」中有手机号码 139******78 (personal data)"
    " — 删除群众的电话号码（写成全角、汉字或加空格也算）；联系方式只留在内部系统",
    "台账.xlsx:第17行:I列（所属街道）: error[street-unknown]: 街道（镇）「东湖街」不在台账设置的街道名单中 (unknown street)"
    " — 是不是「东湖街道」？可选：东湖街道、梨园街道、振兴街道、华龙街道、城关镇、路北街道；确是新的街道（镇），"
    "先在 records/ledger.yaml 的 streets 中登记",
    "台账.xlsx:第18行:Q列（满意度：）: error[import-value]: 「很满意」不是可用的满意度 (not an allowed value)"
    " — 写其中之一：满意、基本满意、不满意",
    "台账.xlsx:第19行: error[import-duplicate]: 与第 4 行重复（收到日期、问题内容和街道都相同） (duplicate row)"
    " — 删除重复的行；确实是两件事的，在问题内容中写明区别",
]


def run(ledger, *args, check=None):
    """`minyi import` from the folder holding the spreadsheet, as a clerk types it."""
    return minyi("import", *args, "--kind", "suggestion", "--root", str(ledger), "--today", TODAY,
                 cwd=ledger.parent, check=check)  # fmt: skip


def clean_xlsx(ledger, name="台账.xlsx"):
    sample.write_xlsx(ledger.parent / name, sample.rows(mistakes=False))
    return name


def imported(ledger) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(ledger.glob("records/suggestions/*/*TMP-*"))]


def test_the_sample_is_what_the_script_makes(tmp_path):
    import openpyxl

    sample.write_xlsx(tmp_path / "again.xlsx", sample.rows())
    cells = [[list(r) for r in openpyxl.load_workbook(p).active.iter_rows(values_only=True)] for p in (SAMPLE, tmp_path / "again.xlsx")]  # fmt: skip
    assert cells[0] == cells[1]


def test_every_mistake_of_the_sample_is_reported_by_row_and_column_and_nothing_is_written(ledger):
    shutil.copy(SAMPLE, ledger.parent / "台账.xlsx")
    before = snapshot(ledger)
    proc = run(ledger, "台账.xlsx", check=1)
    assert proc.stdout.splitlines() == EXPECTED
    assert "共 16 行：10 行可以导入，6 行有问题。" in proc.stderr and "未写入任何文件" in proc.stderr
    assert "群众个人信息，从不导入：C列（反映人）、D列（联系电话）" in proc.stderr
    assert snapshot(ledger) == before and git(ledger, "status", "--porcelain") == ""


def test_dry_run_lists_what_would_be_written_and_writes_nothing(ledger):
    name = clean_xlsx(ledger)
    before = snapshot(ledger)
    proc = run(ledger, name, "--dry-run", check=0)
    lines = proc.stdout.splitlines()
    assert len(lines) == 10 and re.fullmatch(r"第4行 → S-2025-TMP-[0-9a-f]{6}  已办结  梨园后街路灯损坏多盏，夜间出行不便，建议尽快维修", lines[0])  # fmt: skip
    assert [line.split("  ")[1] for line in lines] == ["已办结"] * 5 + [
        "已答复",
        "已交办",
        "已登记",
        "已办结",
        "已办结",
    ]
    assert "试运行" in proc.stderr and snapshot(ledger) == before


def test_skip_bad_imports_the_good_rows_and_still_fails(ledger):
    shutil.copy(SAMPLE, ledger.parent / "台账.xlsx")
    proc = run(ledger, "台账.xlsx", "--skip-bad", check=1)
    assert proc.stdout.splitlines()[:6] == EXPECTED
    assert len(imported(ledger)) == 10
    minyi("validate", "--today", TODAY, cwd=ledger, check=0)


def test_the_timeline_is_rebuilt_from_the_dated_columns_and_residents_never_reach_a_record(ledger):
    run(ledger, clean_xlsx(ledger), check=0)
    records = imported(ledger)
    first = next(r for r in records if r["summary"].startswith("梨园后街路灯"))
    steps = [(e["date"], e["status"], e["by"]) for e in first["timeline"]]
    assert steps == [("2025-03-05", "received", "D-0021"), ("2025-03-05", "registered", "DEP-001"),
                     ("2025-03-07", "assigned", "DEP-001"), ("2025-03-20", "answered", "DEP-007"),
                     ("2025-03-28", "closed", "DEP-001")]  # fmt: skip
    assert first["deadline"] == "2025-03-22" and first["departments"] == {"lead": "DEP-007"}  # 15天 after 交办
    assert first["timeline"][2]["deadline"] == "2025-03-22"  # the assignment's own deadline (minyi.deadlines)
    assert (first["outcome"], first["satisfaction"], first["channel"]) == ("solved", "满意", "代表码")
    assert first["answer"] == {"date": "2025-03-20", "by": "DEP-007", "text": "已更换路灯12盏，恢复夜间照明。"}
    two = next(r for r in records if r["summary"].startswith("东湖小区"))
    assert two["departments"] == {"lead": "DEP-002", "assist": ["DEP-013"]}  # 区住建局、东湖街道
    market = next(r for r in records if r["summary"].startswith("城关镇农贸市场"))
    assert market["deadline"] == "2025-04-17" and "deputies" not in market  # 10个工作日 from a Thursday; 12345
    text = "".join(p.read_text(encoding="utf-8") for p in ledger.glob("records/suggestions/*/*TMP-*"))
    for resident in ("王女士", "李先生", "张阿姨", "周先生", "****", "回访两次", "待回访"):
        assert resident not in text


def test_a_clean_import_is_committed_as_an_import_passes_the_gate_and_the_site_says_imported(ledger, tmp_path):
    settings = ledger / "records/ledger.yaml"  # without recording_since, only the trailer can mark the import
    settings.write_text(re.sub(r"(?m)^recording_since:.*\n", "", settings.read_text(encoding="utf-8")), "utf-8")
    commit(ledger, "Live recording from the first commit")
    git(ledger, "checkout", "-qb", "clerk/import")
    proc = run(ledger, clean_xlsx(ledger), "--commit", check=0)
    assert "已写入并提交 10 条意见建议" in proc.stderr
    assert git(ledger, "log", "-1", "--format=%(trailers:key=Minyi-Import,valueonly)").strip() == "true"
    assert git(ledger, "status", "--porcelain", "records") == ""
    minyi("validate", "--today", TODAY, cwd=ledger, check=0)
    checked = gate(ledger)
    assert checked.returncode == 0 and "commit-import" in checked.stdout, checked.stdout + checked.stderr
    git(ledger, "checkout", "-q", "main")
    git(ledger, "merge", "-q", "--ff-only", "clerk/import")
    mapping = minyi("assign-ids", cwd=ledger, check=0).stdout
    commit(ledger, "Assign ids")
    rid = next(line.split(" → ")[1] for line in mapping.splitlines() if line.startswith("S-2025-TMP"))
    minyi("build", "--out", str(tmp_path / "site"), "--as-of", TODAY, cwd=ledger, check=0)
    page = (tmp_path / f"site/suggestions/{rid}/index.html").read_text(encoding="utf-8")
    assert "导入/补录" in page and "mi-late" not in page and "事后" not in page


def test_a_file_imported_twice_is_refused_the_second_time(ledger):
    name = clean_xlsx(ledger)
    run(ledger, name, check=0)
    before = snapshot(ledger)
    proc = run(ledger, name, check=1)
    assert proc.stdout.count("error[import-duplicate]: 台账中已有相同的建议 S-2025-TMP-") == 10
    assert snapshot(ledger) == before


def test_a_12345_export_in_gb18030_imports_through_a_mapping_file(ledger):
    lines = [
        "12345热线工单导出（2025年3月）",
        "工单编号,来电时间,来电人,诉求内容,所在街道,转办单位,办结时限,回复内容,回复时间",
        "GD0001,2025/3/3 09:12,王先生,梨园后街夜间渣土车噪音扰民，影响居民休息。,梨园街道,区城管局,7个工作日,已约谈渣土运输企业，夜间禁止通行。,2025/3/10",
        "GD0002,2025-3-4,李女士,东湖路公交站台座椅损坏，老人候车不便。,东湖街道,区交通局,,,",
    ]  # fmt: skip
    (ledger.parent / "工单.csv").write_bytes("\r\n".join(lines).encode("gb18030"))
    (ledger.parent / "映射.yaml").write_text(
        "header_row: 2\ncolumns:\n  来电时间: received\n  来电人: resident\n  诉求内容: summary\n  所在街道: street\n"
        "  转办单位: lead\n  办结时限: deadline\n  回复内容: answer\n  回复时间: answered\n  工单编号: seq\n"
        "defaults:\n  channel: '12345'\n  category: 城市管理\n",
        encoding="utf-8",
    )
    proc = run(ledger, "工单.csv", "--mapping", "映射.yaml", check=0)
    assert "群众个人信息，从不导入：C列（来电人）" in proc.stderr
    records = sorted(imported(ledger), key=lambda r: r["received"])
    assert [(r["received"], r["status"], r["channel"], r["category"]) for r in records] == [
        ("2025-03-03", "answered", "12345", "城市管理"),
        ("2025-03-04", "assigned", "12345", "城市管理"),
    ]
    assert records[0]["deadline"] == "2025-03-12" and records[1]["deadline"] == "2025-04-03"  # 7 working days; 30 days
    (ledger.parent / "坏映射.yaml").write_text("columns:\n  诉求内容: 内容\n", encoding="utf-8")
    proc = run(ledger, "工单.csv", "--mapping", "坏映射.yaml", check=1)
    assert proc.stdout.startswith("坏映射.yaml: error[import-mapping]: 映射文件把「诉求内容」对应到未知字段「内容」")


def test_dates_as_clerks_type_them():
    import datetime as dt

    from minyi.importer import cells

    want = dt.date(2025, 3, 5)
    for typed in ("2025-3-5", "2025/03/05", "2025.3.5", "2025年3月5日", "２０２５年３月５日", "20250305", "2025-03-05 00:00:00",
                  dt.datetime(2025, 3, 5, 0, 0), want, 45721):  # fmt: skip
        assert cells.date(typed) == want, typed
    assert cells.deadline("15天", want) == dt.date(2025, 3, 20)
    assert cells.deadline("10个工作日", want) == dt.date(2025, 3, 19)
    assert cells.deadline(15, want) == dt.date(2025, 3, 20)


def test_a_row_marked_not_accepted_is_refused_with_its_reason_and_cannot_also_be_handled(ledger):
    head = "收到日期,渠道,问题内容,类别,所属街道,办理状态,不予受理理由,办结日期,交办部门"
    rows = [
        "2025-3-5,12345,要求撤销法院对邻里纠纷的判决，重新审理。,法治建设,梨园街道,不予受理,属于司法程序，已告知依法申请再审,2025-3-8,",
        "2025-3-6,12345,要求撤销法院对物业纠纷的判决，重新审理。,法治建设,梨园街道,不予受理,属于司法程序，已告知依法申请再审,,区司法局",
        "2025-3-7,12345,要求撤销仲裁委对劳动争议的裁决。,法治建设,梨园街道,不予受理,,,",
    ]  # fmt: skip
    (ledger.parent / "台账.csv").write_text("\n".join([head, *rows]), encoding="utf-8")
    lines = run(ledger, "台账.csv", check=1).stdout.splitlines()
    assert lines == [
        "台账.csv:第3行:I列（交办部门）: error[import-value]: 办理状态是「不予受理」，但「交办部门」也填了：不予受理的建议没有交办和办结"
        " (not accepted, yet handled) — 核对这一行：确是不予受理，就删去「交办部门」；否则改正办理状态",
        "台账.csv:第4行:G列（不予受理理由）: error[import-missing]: 已有「办理状态」，缺少「不予受理理由」 (cell needed by another)"
        " — 补上不予受理理由，或删去「办理状态」",
    ]
    run(ledger, "台账.csv", "--skip-bad", check=1)
    (record,) = imported(ledger)
    assert [(e["date"], e["status"]) for e in record["timeline"]] == [
        ("2025-03-05", "received"),
        ("2025-03-05", "registered"),
        ("2025-03-08", "not_accepted"),
    ]
    assert record["status"] == "not_accepted" and record["not_accepted_reason"] == "属于司法程序，已告知依法申请再审"
    minyi("validate", "--today", TODAY, cwd=ledger, check=0)


def test_departments_and_deputies_resolve_as_flags_do(ledger):
    head = "收到日期,渠道,代表,问题内容,类别,所属街道,交办部门,联络站"
    rows = [
        "2025-3-5,代表码,何莹,梨园后街路灯损坏多盏，夜间出行不便。,城市建设,梨园街道,ｄｅｐ－００７,梨园街道议政代表工作室",
        "2025-3-6,网格,,梨园后街井盖缺失，夜间行人容易踩空。,城市建设,梨园街道,梨园,",
        "2025-3-7,网格,,梨园后街绿化带杂草丛生，蚊虫较多。,城市建设,梨园街道,DEP-099,",
    ]  # fmt: skip
    (ledger.parent / "台账.csv").write_text("\n".join([head, *rows]), encoding="utf-8")
    lines = run(ledger, "台账.csv", check=1).stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("台账.csv:第3行:G列（交办部门）: error[import-name]: 「梨园」对应多个承办部门：梨园街道（梨园街道办事处） → DEP-014；")  # fmt: skip
    assert lines[1].startswith("台账.csv:第4行:G列（交办部门）: error[ref-missing]: ")
    run(ledger, "台账.csv", "--skip-bad", check=1)
    (record,) = imported(ledger)
    assert record["deputies"] == ["D-0021"] and record["departments"] == {"lead": "DEP-007"}
    assert record["station"] == "ST-03"


def test_a_sheet_without_some_later_columns_asks_for_each_missing_one(ledger):
    head = "收到日期,渠道,问题内容,类别,所属街道,办理结果"
    rows = [
        "2025-3-5,12345,梨园后街路灯损坏多盏，夜间出行不便。,城市建设,梨园街道,已更换路灯12盏。",
        "2025-3-6,12345,梨园后街井盖缺失，夜间行人容易踩空。,城市建设,梨园街道,",
    ]  # fmt: skip
    (ledger.parent / "台账.csv").write_text("\n".join([head, *rows]), encoding="utf-8")
    lines = run(ledger, "台账.csv", check=1).stdout.splitlines()
    assert lines == [
        "台账.csv:第2行: error[import-missing]: 已有「办理结果」，缺少「交办部门」 (cell needed by another)"
        " — 补上交办部门，或删去「办理结果」",
        "台账.csv:第2行: error[import-missing]: 已有「办理结果」，缺少「答复日期」 (cell needed by another)"
        " — 补上答复日期，或删去「办理结果」",
    ]
