"""议案 (motions): a tracked kind added through the registry. Broken records name the right
rule, line and words; the CLI creates and advances them; the review gate refuses rewritten
facts; the site shows each motion's timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from conftest import REPO, TODAY, commit, edit, gate, line_of, minyi, replace_once

from minyi.validate import validate

MO1 = "records/motions/2024/MO-2024-01.yaml"  # closed, evaluated 满意
MO2 = "records/motions/2024/MO-2024-02.yaml"  # reopened after an unsatisfied evaluation, in progress again
MO3 = "records/motions/2024/MO-2024-03.yaml"  # not filed


# (case, file, edit, rule, line: text on it or a number, exact message)
CASES = [
    (
        "votes exceed those present",
        MO1,
        replace_once("  satisfied: 8", "  satisfied: 9"),
        "motion-evaluation-tally",
        "  present: 10",
        "满意、基本满意、不满意共 11 票，超过参加测评的 10 人 (evaluation votes exceed present)",
    ),
    (
        "closed although unsatisfied",
        MO1,
        replace_once("result: 满意", "result: 不满意"),
        "motion-evaluation-result",
        "result: 不满意",
        "代表测评不满意，议案不能办结 (closed although unsatisfied)",
    ),
    (
        "closed without evaluation",
        MO1,
        lambda t: re.sub(r"evaluation:\n(  .*\n)+", "", t),
        "motion-evaluation-missing",
        "status: closed",
        "议案状态是 closed，但没有代表满意度测评 (no evaluation)",
    ),
    (
        "reported without report",
        MO1,
        lambda t: re.sub(r"report:\n(  .*\n)+", "", t),
        "motion-report-missing",
        "status: closed",
        "议案状态是 closed，但没有办理情况报告 (no handling report)",
    ),
    (
        "not filed without reason",
        MO3,
        lambda t: re.sub(r"not_filed_reason: .*\n", "", t),
        "motion-reason-missing",
        "status: not_filed",
        "议案不予立案，但没有写理由 (no not_filed_reason)",
    ),
    (
        "lead deputy co-signs",
        MO1,
        replace_once("  - D-0017\nsubject", "  - D-0016\nsubject"),
        "motion-lead-cosigner",
        "  - D-0016\nsubject",
        "领衔代表 D-0016 又出现在联名代表中 (lead deputy listed as co-signer)",
    ),
    (
        "number taken",
        MO2,
        replace_once("number: 2", "number: 1"),
        "motion-number-duplicate",
        "number: 1",
        "V-2024-district 的 1号议案已经是 MO-2024-01 (duplicate motion number)",
    ),
    (
        "assigned without deadline",
        MO2,
        replace_once("deadline: '2026-12-31'\n", ""),
        "deadline-missing",
        "    status: assigned\n    by: DEP-001\n    note: 重新交办",
        "第 7 条事件（2024-11-05 交办）没有办理时限 (no deadline)",
    ),
    (
        "deadline before the assignment in force",
        MO2,
        replace_once("deadline: '2026-12-31'", "deadline: '2024-11-05'"),
        "deadline-before-assign",
        "deadline: '2024-11-05'",
        "第 7 条事件（2024-11-05 交办）的办理时限 2024-11-05 不晚于交办日期 (deadline before assignment)",
    ),
    (
        "unknown session",
        MO1,
        replace_once("session: V-2024-district", "session: V-2024-nowhere"),
        "ref-missing",
        "session: V-2024-nowhere",
        None,
    ),
    (
        "filed straight to reported",
        MO1,
        replace_once("    status: assigned\n", "    status: reported\n"),
        "transition-illegal",
        "    status: reported\n    by: DEP-001",
        "不能从 filed（已立案）直接变为 reported（已报告） (illegal transition filed -> reported)",
    ),
    (
        "subject not a category",
        MO1,
        replace_once("subject: 城市建设", "subject: 交通"),
        "schema-enum",
        "subject: 交通",
        None,
    ),
]


def _line(text: str, where) -> int:
    if isinstance(where, int):
        return where
    if "\n" in where:  # a multi-line needle: the line it starts on
        return text[: text.index(where)].count("\n") + 1
    return line_of(text, where)


@pytest.mark.parametrize("name,rel,change,rule,where,message", CASES, ids=[c[0] for c in CASES])
def test_broken_motion_names_rule_line_and_words(records, name, rel, change, rule, where, message):
    path = records / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    _, found = validate(records, dt.date.fromisoformat(TODAY))
    hits = [dataclasses.asdict(p) for p in found if p.rule == rule and p.path == rel]
    assert hits, found
    text = path.read_text(encoding="utf-8")
    assert _line(text, where) in [h["line"] for h in hits], hits
    if message:
        assert message in [h["message"] for h in hits]
    assert path.read_bytes() == before, "validation never changes a file"


def _new_motion(root, *extra):
    args = ["new", "motion", "--title", "关于增设社区养老服务站的议案", "--number", "4", "--session", "V-2024-district"]
    args += ["--lead-deputy", "D-0005", "--cosigner", "D-0004", "--cosigner", "D-0014", "--subject", "社会事务"]
    args += ["--summary", "建议每个街道至少建设一个社区养老服务站。", "--date", "2024-01-10", "--today", TODAY, *extra]
    return minyi(*args, cwd=root, check=0).stdout.strip()


def _advance(root, rid, status, *args, check=0):
    return minyi("advance", rid, status, *args, "--today", TODAY, cwd=root, check=check)


def test_new_and_advance_a_motion_through_the_cli(ledger):
    rel = _new_motion(ledger)
    assert re.fullmatch(r"records/motions/2024/MO-2024-TMP-[0-9a-f]{6}\.yaml", rel)
    rid = rel.rsplit("/", 1)[1][: -len(".yaml")]
    _advance(ledger, rid, "filed", "--by", "DEP-001", "--note", "大会主席团决定立案", "--date", "2024-01-12")
    refused = _advance(ledger, rid, "reported", "--by", "DEP-012", "--note", "报告", "--date", "2024-02-01", check=1)
    assert (
        "错误[transition-illegal]：不能从 filed（已立案）直接变为 reported（已报告）" in refused.stderr + refused.stdout
    )
    assert "下一步只能是：assigned（已交办）" in refused.stderr + refused.stdout
    _advance(
        ledger,
        rid,
        "assigned",
        "--by",
        "DEP-001",
        "--lead",
        "DEP-012",
        "--deadline",
        "2024-10-31",
        "--note",
        "交办",
        "--date",
        "2024-02-20",
    )
    out = _advance(
        ledger,
        rid,
        "reported",
        "--by",
        "DEP-012",
        "--answer",
        "新建社区养老服务站5个",
        "--note",
        "报告办理情况",
        "--date",
        "2024-10-20",
    ).stdout
    assert out.startswith(f"{rid}: assigned → reported")
    unsaid = _advance(
        ledger,
        rid,
        "closed",
        "--by",
        "DEP-001",
        "--evaluation",
        "3,2,1,0",
        "--note",
        "测评",
        "--date",
        "2024-11-20",
        check=1,
    )
    assert "「evaluation」缺少必填字段 result（测评结果）" in unsaid.stderr, "the result is declared, never guessed"
    _advance(
        ledger,
        rid,
        "closed",
        "--by",
        "DEP-001",
        "--evaluation",
        "3,2,1,0",
        "--satisfaction",
        "基本满意",
        "--note",
        "代表测评基本满意",
        "--date",
        "2024-11-20",
    )
    text = (ledger / rel).read_text(encoding="utf-8")
    assert "report:\n  date: '2024-10-20'\n  by: DEP-012\n  summary: 新建社区养老服务站5个\n" in text
    assert "  present: 3\n  satisfied: 2\n  basically_satisfied: 1\n  unsatisfied: 0\n  result: 基本满意\n" in text
    assert "\nstatus: closed\n" in text
    assert minyi("validate", "--today", TODAY, cwd=ledger).returncode == 0
    shown = minyi("show", rid, "--today", TODAY, cwd=ledger, check=0).stdout
    assert "测评: 基本满意（参加 3 人：满意 2，基本满意 1，不满意 0）" in shown


def test_advance_refuses_votes_beyond_those_present(ledger):
    rel = _new_motion(ledger)
    rid = rel.rsplit("/", 1)[1][: -len(".yaml")]
    _advance(ledger, rid, "filed", "--by", "DEP-001", "--note", "立案", "--date", "2024-01-12")
    _advance(
        ledger,
        rid,
        "assigned",
        "--by",
        "DEP-001",
        "--lead",
        "DEP-012",
        "--deadline",
        "2024-10-31",
        "--note",
        "交办",
        "--date",
        "2024-02-20",
    )
    _advance(
        ledger,
        rid,
        "reported",
        "--by",
        "DEP-012",
        "--answer",
        "新建服务站3个",
        "--note",
        "报告",
        "--date",
        "2024-10-20",
    )
    before = (ledger / rel).read_bytes()
    proc = _advance(
        ledger,
        rid,
        "closed",
        "--by",
        "DEP-001",
        "--evaluation",
        "3,3,1,0",
        "--satisfaction",
        "满意",
        "--note",
        "测评",
        "--date",
        "2024-11-20",
        check=1,
    )
    assert "错误[motion-evaluation-tally]：满意、基本满意、不满意共 4 票，超过参加测评的 3 人" in proc.stderr
    assert (ledger / rel).read_bytes() == before


def test_gate_refuses_rewritten_motion_facts(pr):
    edit(pr, MO1, "  satisfied: 8", "  satisfied: 10")
    edit(pr, MO1, "  basically_satisfied: 2", "  basically_satisfied: 0")
    edit(pr, MO2, "  - D-0007\n", "")
    commit(pr, "Tidy motions")
    proc = gate(pr)
    assert proc.returncode == 1
    text1 = (pr / MO1).read_text(encoding="utf-8")
    assert f"{MO1}:{line_of(text1, '  satisfied: 10')}:" in proc.stdout
    assert "error[fact-rewritten]" in proc.stdout
    assert re.search(rf"{re.escape(MO2)}:\d+:\d+: error\[fact-rewritten\].*cosigners\.9", proc.stdout), proc.stdout


def test_gate_accepts_a_new_report_and_evaluation(pr):
    """A step that re-sets the report and the evaluation (reported, then closed) needs no correction."""
    _advance(
        pr,
        "MO-2024-02",
        "reported",
        "--by",
        "DEP-005",
        "--answer",
        "雨污分流改造全部完成，沿河异味消除",
        "--note",
        "再次报告办理情况",
        "--date",
        "2026-11-10",
    )
    _advance(
        pr,
        "MO-2024-02",
        "closed",
        "--by",
        "DEP-001",
        "--evaluation",
        "10,6,3,1",
        "--satisfaction",
        "基本满意",
        "--note",
        "代表再次测评基本满意，办结",
        "--date",
        "2026-11-20",
    )
    commit(pr, "MO-2024-02 reported again and closed")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "| MO-2024-02 | in_progress | closed |" in proc.stderr


def test_motion_pages_show_the_timeline_and_the_evaluation(tmp_path):
    out = tmp_path / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    page = (out / "motions/MO-2024-02/index.html").read_text(encoding="utf-8")
    assert "办理时间线（8 步）" in page
    for note in (
        "陈丽华等10名代表在区九届人大五次会议期间联名提出",
        "代表测评不满意（不满意5票）：沿岸异味反复，雨污分流未开工，要求重新办理",
    ):
        assert note in page
    assert '<span class="mi-badge mi-s-reopened">重新办理</span>' in page
    assert "这是重新办理前的测评" in page and "50.0%" in page
    listing = (out / "motions/index.html").read_text(encoding="utf-8")
    assert listing.count('href="MO-2024-0') >= 6 and "不满意，重新办理" in listing
    csv_text = (out / "data/motions.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,number,title,session,lead_deputy,cosigners,signers,")
    assert "MO-2024-03,3," in csv_text
