"""minyi find, minyi list and names for ids on every flag, through the real CLI on a copy
of the demo ledger in a git repository: exact lines, exit codes, and the attacker's
inputs (full-width and zero-width text, ambiguous names, formulas and Markdown in titles).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import TODAY, commit, edit, minyi, snapshot

SUGGESTION = "records/suggestions/2026/S-2026-0017.yaml"
DEPUTY = """# yaml-language-server: $schema=../../schemas/deputy.schema.json
id: {id}
name: 王惠敏
role: 人大代表
levels:
  - 区县
term: 区第九届
street: {street}
"""


def test_find_names_a_department_by_short_name(ledger):
    proc = minyi("find", "区住建局", cwd=ledger, check=0)
    assert proc.stdout == "承办部门（1）\n  DEP-002  区住建局  青溪区住房和城乡建设局\n"


def test_find_groups_every_kind_in_chinese(ledger):
    out = minyi("find", "梨园", cwd=ledger, check=0).stdout
    heads = [line for line in out.splitlines() if not line.startswith(" ")]
    assert heads[:5] == ["承办部门（2）", "代表联络站（1）", "街道（镇）（1）", "社区（村）（1）", "意见建议（8）"]
    assert "  梨园街道  34 条记录" in out.splitlines()
    assert "  S-2026-0019  建议在梨园休闲广场增设儿童游乐设施  已交办，梨园街道" in out.splitlines()


@pytest.mark.parametrize("query", ["s-2026-0012", "Ｓ－２０２６－００１２", "S-2026-\u200b0012", " s-2026-0012 "])
def test_find_matches_ids_in_any_case_and_width(ledger, query):
    out = minyi("find", query, cwd=ledger, check=0).stdout
    assert out == "意见建议（1）\n  S-2026-0012  农田机耕路损毁影响秋收  办理中，城关镇\n"


def test_find_matches_summaries_and_locations(ledger):
    assert "S-2026-0012" in minyi("find", "机耕路", cwd=ledger, check=0).stdout  # location 后营村机耕路
    assert "S-2026-0012" in minyi("find", "农机无法下田", cwd=ledger, check=0).stdout  # summary


def test_find_says_so_when_nothing_matches(ledger):
    proc = minyi("find", "不存在的名字", cwd=ledger, check=1)
    assert proc.stdout == "没有找到与「不存在的名字」相关的代表、部门、联络站、街道、社区或记录。\n"


def test_lead_accepts_a_name_and_writes_the_id(ledger):
    rid = "S-2026-0023"  # registered
    proc = minyi(
        "advance", rid.lower(), "assigned", "--by", "区人大办", "--lead", "青溪区住房和城乡建设局", "--assist", "ｄｅｐ－００７",
        "--note", "交办", "--date", "2026-11-21", "--today", TODAY, cwd=ledger, check=0,
    )  # fmt: skip
    assert proc.stdout == f"{rid}: registered → assigned  (records/suggestions/2026/{rid}.yaml)\n"
    assert proc.stderr.splitlines() == [
        "s-2026-0023：S-2026-0023",
        "--by 区人大办：区人大办（青溪区人大常委会办公室） → DEP-001",
        "--lead 青溪区住房和城乡建设局：区住建局（青溪区住房和城乡建设局） → DEP-002",
        "--assist ｄｅｐ－００７：区城管局 → DEP-007",
    ]
    text = (ledger / f"records/suggestions/2026/{rid}.yaml").read_text(encoding="utf-8")
    assert "lead: DEP-002" in text and "- DEP-007" in text and "by: DEP-001" in text


def test_an_ambiguous_name_lists_the_candidates_and_writes_nothing(ledger):
    before = snapshot(ledger)
    proc = minyi(
        "advance", "S-2026-0023", "assigned", "--by", "DEP-001", "--lead", "梨园", "--note", "交办",
        "--today", TODAY, cwd=ledger, check=2,
    )  # fmt: skip
    assert proc.stderr.splitlines()[-1] == (
        "错误：--lead「梨园」只是名称的一部分，写入记录须写承办部门的编号、全称或简称；是不是："
        "梨园街道（梨园街道办事处） → DEP-014；梨园人大工委（梨园街道人大工委） → DEP-019？"
    )
    assert snapshot(ledger) == before


def test_two_deputies_with_one_name_are_told_apart_by_street(ledger):
    (ledger / "records/deputies/D-0099.yaml").write_text(DEPUTY.format(id="D-0099", street="城关镇"), encoding="utf-8")
    commit(ledger, "Second 王惠敏")
    proc = minyi(
        "new", "suggestion", "--title", "路灯不亮", "--summary", "村口的路灯坏了一个多月，晚上看不见路", "--category", "城市建设",
        "--channel", "代表码", "--street", "城关镇", "--deputy", "王惠敏", "--date", TODAY, "--today", TODAY,
        cwd=ledger, check=2,
    )  # fmt: skip
    assert proc.stderr.splitlines()[-1] == (
        "错误：--deputy「王惠敏」对应 2 个代表，请写完整名称或编号：王惠敏（路北街道） → D-0001；王惠敏（城关镇） → D-0099"
    )
    ok = minyi(
        "new", "suggestion", "--title", "路灯不亮", "--summary", "村口的路灯坏了一个多月，晚上看不见路", "--category", "城市建设",
        "--channel", "代表码", "--street", "城关镇", "--deputy", "d-0099", "--station", "城关镇人大代表联络站",
        "--date", TODAY, "--today", TODAY, cwd=ledger, check=0,
    )  # fmt: skip
    written = (ledger / ok.stdout.strip()).read_text(encoding="utf-8")
    assert "D-0099" in written and "D-0001" not in written and "station: ST-05" in written


def test_an_unknown_name_suggests_close_ones(ledger):
    proc = minyi("list", "--street", "梨园镇", cwd=ledger, check=2)
    assert proc.stderr.splitlines()[-1] == (
        "错误：--street：找不到街道（镇）「梨园镇」；你是不是想写：梨园街道（minyi find 可以按名称查编号）"
    )
    part = minyi("list", "--street", "梨园街", "--overdue", "--today", TODAY, cwd=ledger, check=0)
    assert part.stderr == "--street 梨园街：梨园街道\n" and part.stdout.count("梨园街道") == 4


def test_an_unknown_id_goes_to_the_validator_when_writing_and_is_refused_as_a_filter(ledger):
    before = snapshot(ledger)
    proc = minyi(
        "advance", "S-2026-0023", "assigned", "--by", "DEP-001", "--lead", "DEP-02", "--note", "交办",
        "--today", TODAY, cwd=ledger, check=1,
    )  # fmt: skip
    assert "错误[ref-missing]" in proc.stderr and "DEP-02" in proc.stderr  # never DEP-020 by a partial match
    assert snapshot(ledger) == before
    refused = minyi("list", "--dept", "dep-099", cwd=ledger, check=2)
    assert refused.stderr.splitlines()[-1] == "错误：--dept：找不到承办部门「dep-099」（minyi find 可以按名称查编号）"


def test_show_history_and_correct_take_ids_in_any_case(ledger):
    assert minyi("show", "s-2026-0012", "--today", TODAY, cwd=ledger, check=0).stdout.startswith("S-2026-0012  农田")
    assert minyi("history", "s-2026-0012", cwd=ledger, check=0).stdout.startswith("S-2026-0012 的修改记录")
    assert minyi("show", "区住建局", cwd=ledger, check=0).stdout.startswith("DEP-002  青溪区住房和城乡建设局")
    proc = minyi("show", "没有这个", cwd=ledger, check=2)
    assert proc.stderr.splitlines()[-1] == "错误：找不到记录 没有这个（minyi find 可以按名称查编号）"


def test_list_overdue_is_the_facts_overdue(ledger):
    proc = minyi("list", "--overdue", "--today", TODAY, cwd=ledger, check=0)
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["编号", "状态", "街道（镇）", "主办部门", "办理时限", "情况", "标题"]
    assert lines[1] == "S-2026-0001  重新办理  东湖街道    区城管局      2026-04-28  逾期 208 天  建筑工地扬尘严重"
    assert lines[-1] == "截至 2026-11-22，逾期的意见建议共 10 件。"
    shown = {line.split()[0] for line in lines[1:-1]}
    for rid in shown:  # the same word minyi show prints for each
        assert "已逾期" in minyi("show", rid, "--today", TODAY, cwd=ledger, check=0).stdout


def test_list_due_within_and_filters(ledger):
    proc = minyi("list", "--due-within", "7", "--today", "2026-11-01", "--format", "json", cwd=ledger, check=0)
    doc = json.loads(proc.stdout)
    assert doc["listed"] == "7 天内到期的意见建议" and doc["as_of"] == "2026-11-01"
    assert [(i["id"], i["days_to_deadline"], i["overdue"]) for i in doc["items"]] == [("S-2026-0020", 5, False)]
    item = doc["items"][0]
    assert item["lead_department"] == "DEP-011" and item["lead_department_name"] == "青溪热力"
    assert item["status"] == "assigned" and item["status_label"] == "已交办" and item["situation"] == "剩 5 天"
    dept = minyi("list", "--dept", "区住建局", "--status", "办理中", "--format", "csv", cwd=ledger, check=0).stdout
    assert dept.startswith("\ufeffid,kind,title,")  # UTF-8 with a BOM, as minyi report --format csv
    rows = list(csv.DictReader(io.StringIO(dept.removeprefix("\ufeff"))))
    assert [r["id"] for r in rows] == ["S-2026-0017"] and rows[0]["status"] == "in_progress"
    args = ("--street", "梨园街道", "--year", "2024", "--status", "reopened", "--today", TODAY)
    none = minyi("list", *args, cwd=ledger, check=0)
    assert none.stdout == "截至 2026-11-22，没有 2024 年重新办理的意见建议。\n"


def test_list_refuses_an_unknown_status_with_the_known_ones(ledger):
    proc = minyi("list", "--status", "办完了", cwd=ledger, check=2)
    assert proc.stderr.splitlines()[-1].startswith("错误：--status：未知状态「办完了」，可以写：received（已收集）、")


def test_a_title_cannot_start_a_spreadsheet_formula(ledger):
    edit(ledger, SUGGESTION, "title: 华龙一村加装电梯费用分摊有争议", "title: '=HYPERLINK(\"http://x\")'")
    commit(ledger)
    out = minyi("list", "--dept", "DEP-002", "--format", "csv", cwd=ledger, check=0).stdout
    assert list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))[0]["title"] == '\'=HYPERLINK("http://x")'


def test_markdown_groups_by_department_and_keeps_titles_inert(ledger):
    hostile = "@everyone #1 <b>x</b> [点](https://e.x) | ![](https://t.x/p)"
    edit(ledger, SUGGESTION, "title: 华龙一村加装电梯费用分摊有争议", f"title: '{hostile}'")
    commit(ledger)
    out = minyi("list", "--overdue", "--due-within", "7", "--format", "markdown", "--today", TODAY, cwd=ledger, check=0)
    body = out.stdout
    assert body.splitlines()[0] == "**截至 2026-11-22，逾期或 7 天内到期的意见建议共 10 件。**"
    assert "### 区水利局（DEP-005）：逾期 2 件" in body
    row = next(line for line in body.splitlines() if "S-2026-0017" in line)
    assert row == (
        "| [S-2026-0017](https://minyi.example.cn/suggestions/S-2026-0017/) | ＠everyone ＃1 &lt;b&gt;x&lt;/b&gt; "
        "\\[点\\]\\(https\\://e.x\\) \\| \\!\\[\\]\\(https\\://t.x/p\\) | 办理中 | 2026-10-09 | 逾期 44 天 |"
    )
    assert row.count(" | ") == 4  # five cells, the title's pipe is escaped


def test_markdown_leaves_no_bare_www_address_for_github_to_link(ledger):
    edit(ledger, SUGGESTION, "title: 华龙一村加装电梯费用分摊有争议", "title: 详见www.evil.cn或WWW.Evil.cn/x")
    commit(ledger)
    out = minyi("list", "--overdue", "--format", "markdown", "--today", TODAY, cwd=ledger, check=0).stdout
    row = next(line for line in out.splitlines() if "S-2026-0017" in line)
    assert "| 详见www\\.evil.cn或WWW\\.Evil.cn/x |" in row and "www.evil" not in row.lower()


def test_a_broken_record_is_named_not_silently_left_out(ledger):
    edit(ledger, SUGGESTION, "title: 华龙一村加装电梯费用分摊有争议", "title: " + "长" * 61)
    commit(ledger)
    proc = minyi("list", "--overdue", "--today", TODAY, cwd=ledger, check=0)
    warning = "注意：1 条意见建议有结构问题，无法判断是否逾期，没有列出：S-2026-0017。运行 minyi validate 查看并修正。"
    assert proc.stderr == warning + "\n" and "S-2026-0017" not in proc.stdout
    body = minyi("list", "--overdue", "--format", "markdown", "--today", TODAY, cwd=ledger, check=0).stdout
    assert body.splitlines()[2] == "> " + warning


def test_every_new_option_naming_a_record_takes_names_too():
    """A kind added later cannot forget it: an option writing a reference field resolves names."""
    from minyi.actions import creatable
    from minyi.kinds.base import ACTORS

    for spec in creatable():
        for opt in spec.new_options:
            targets = {kind for path, kind in spec.refs if path in (opt.name, f"{opt.name}.*")}
            if opt.flag == "--by":
                assert opt.refers == ACTORS, (spec.name, opt.flag)
            for kind in targets:
                assert opt.refers == ((kind,) if kind else ACTORS), (spec.name, opt.flag)


def test_new_motion_takes_deputies_by_name(ledger):
    proc = minyi(
        "new", "motion", "--title", "关于加快老旧小区改造和加装电梯的议案", "--number", "9", "--session", "v-2024-district",
        "--lead-deputy", "王惠敏", "--cosigner", "魏长青", "--cosigner", "D-0002", "--subject", "城市建设",
        "--summary", "老旧小区加装电梯推进慢，建议区政府统筹资金、简化审批。", "--date", "2024-01-10", "--today", TODAY,
        cwd=ledger, check=0,
    )  # fmt: skip
    assert proc.stderr.splitlines() == [
        "--session v-2024-district：青溪区第九届人民代表大会第五次会议 → V-2024-district",
        "--lead-deputy 王惠敏：王惠敏（路北街道） → D-0001",
        "--cosigner 魏长青：魏长青（路北街道） → D-0030",
    ]
    text = (ledger / proc.stdout.strip()).read_text(encoding="utf-8")
    assert "lead_deputy: D-0001" in text and "D-0030" in text and "session: V-2024-district" in text


def test_list_projects_behind_plan_with_full_width_filters(ledger):
    args = ("list", "--kind", "project", "--overdue", "--dept", "ＤＥＰ－００２", "--today", TODAY)
    proc = minyi(*args, cwd=ledger, check=0)
    assert proc.stdout.splitlines() == [
        "编号       状态    年度  牵头部门  进度  情况              名称",
        "P-2024-05  实施中  2024  区住建局  70%   滞后、长期未更新  老旧小区加装电梯（30部）",
        "截至 2026-11-22，滞后的民生实事项目共 1 件。",
    ]
    refused = minyi("list", "--kind", "project", "--due-within", "7", cwd=ledger, check=2)
    assert refused.stderr.splitlines()[-1] == "错误：--due-within 只用于意见建议（项目按节点计划看是否滞后：--overdue）"


def test_a_department_name_in_the_issue_heading_is_inert_too(ledger):
    edit(ledger, "records/departments/DEP-002.yaml", "short_name: 区住建局", "short_name: '@qingxi/all 区住建局 #3'")
    commit(ledger)
    body = minyi("list", "--overdue", "--format", "markdown", "--today", TODAY, cwd=ledger, check=0).stdout
    assert "### ＠qingxi/all 区住建局 ＃3（DEP-002）：逾期 1 件" in body.splitlines()
    assert "@" not in body.replace("](https://", "")
