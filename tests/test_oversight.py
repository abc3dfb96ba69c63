"""Inquiries (专题询问) and review opinions (审议意见), like the other kinds: a broken record gets the
right rule, line and words; the review gate refuses a rewritten fact or a skipped step and lets a
legal step through; the pages show the questions, evaluations and timeline; the open data has
their columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3

import pytest
from conftest import REPO, TODAY, commit, edit, gate, line_of, minyi, snapshot
from test_validate_layers import problems_of, sub

IQ = "records/inquiries/2018/IQ-2018-01.yaml"
IQ25 = "records/inquiries/2025/IQ-2025-01.yaml"
IQ26 = "records/inquiries/2026/IQ-2026-01.yaml"
OP18 = "records/opinions/2018/OP-2018-01.yaml"
OP24 = "records/opinions/2024/OP-2024-01.yaml"
OP2 = "records/opinions/2024/OP-2024-02.yaml"
OP25 = "records/opinions/2025/OP-2025-01.yaml"
OPQ = "records/opinions/2025/OP-2025-02.yaml"
OP3 = "records/opinions/2025/OP-2025-03.yaml"
OP26 = "records/opinions/2026/OP-2026-01.yaml"

DISSATISFIED = "    satisfied: 5\n    basically_satisfied: 8\n    unsatisfied: 16\n    result: 不满意"

# (case id, file, edit, rule, text on the expected line, exact message)
CASES = [
    (
        "inquiry date differs from its first event",
        IQ,
        sub("date: '2018-06-28'\nmeeting", "date: '2018-06-27'\nmeeting"),
        "start-date-mismatch",
        "date: '2018-06-27'",
        "date 是 2018-06-27，时间线第一条事件的日期是 2018-06-28 (start date)",
    ),
    (
        "question to a department not questioned",
        IQ,
        sub("    to: DEP-010\n", "    to: DEP-009\n"),
        "question-target",
        "to: DEP-009",
        "第 5 个提问的对象 DEP-009 不在被询问部门 departments 中 (question to a department not questioned)",
    ),
    (
        "commitment deadline before the hearing",
        IQ,
        sub("deadline: '2018-09-30'", "deadline: '2018-06-01'"),
        "commitment-deadline",
        "deadline: '2018-06-01'",
        "第 2 项承诺的完成时限 2018-06-01 不晚于询问日期 2018-06-28 (commitment deadline)",
    ),
    (
        "follow-up before the hearing",
        IQ,
        sub("- date: '2018-10-15'", "- date: '2018-05-15'"),
        "oversight-date",
        "date: '2018-05-15'",
        "日期 2018-05-15 早于询问日期 2018-06-28 (date before what it follows)",
    ),
    (
        "follow-ups out of order",
        IQ,
        sub(
            "- date: '2019-03-20'\n        result: 已落实\n        note: 全部",
            "- date: '2018-10-01'\n        result: 已落实\n        note: 全部",
        ),
        "oversight-date",
        "date: '2018-10-01'",
        "日期 2018-10-01 早于上一条的 2018-10-15 (dates out of order)",
    ),
    (
        "followed up without a follow-up",
        IQ25,
        sub(
            "    follow_ups:\n      - date: '2025-12-19'\n        result: 未落实\n        note: 叠加政策细则尚未出台，3 个小区仍在等待。\n",
            "",
        ),
        "commitment-unfollowed",
        "- text: 为资金困难小区",
        "状态是 followed_up，但第 3 项承诺还没有跟踪记录 (commitment not followed up)",
    ),
    (
        "opinion issued but not named",
        IQ,
        sub("opinion: OP-2018-01\n", ""),
        "inquiry-opinion",
        "status: closed",
        "状态是 closed，但没有写审议意见编号 opinion (no opinion)",
    ),
    (
        "opinion that points at another inquiry",
        IQ25,
        sub("opinion: OP-2025-02", "opinion: OP-2018-01"),
        "inquiry-opinion",
        "opinion: OP-2018-01",
        "审议意见 OP-2018-01 的来源询问 inquiry 是 IQ-2018-01，不是这次询问 (opinion points elsewhere)",
    ),
    (
        "inquiry skips a step",
        IQ26,
        lambda t: (
            t.replace("status: held\ntimeline", "status: closed\ntimeline")
            + "  - date: '2026-11-20'\n    status: closed\n    by: DEP-001\n    note: 结束\n"
        ),
        "transition-illegal",
        "    status: closed",
        "不能从 held（已询问）直接变为 closed（已结束） (illegal transition held -> closed)",
    ),
    (
        "satisfaction counts do not add up to members present",
        OP2,
        sub("unsatisfied: 15", "unsatisfied: 14"),
        "evaluation-tally",
        "present: 28",
        "第 1 次测评：满意 6 + 基本满意 7 + 不满意 14 = 27，出席人数是 28 (tally)",
    ),
    (
        "result against the counts",
        OP2,
        sub("    unsatisfied: 15\n    result: 不满意", "    unsatisfied: 15\n    result: 满意"),
        "evaluation-result",
        "result: 满意",
        "第 1 次测评的结果写的是“满意”，按票数应为“不满意” (result vs votes)",
    ),
    (
        "rehandling after a satisfied evaluation",
        OPQ,
        sub(DISSATISFIED, "    satisfied: 16\n    basically_satisfied: 8\n    unsatisfied: 5\n    result: 满意"),
        "evaluation-status",
        "status: rehandling",
        "状态是 rehandling，但最后一次测评结果是“满意”（应为“不满意”）(status vs evaluation)",
    ),
    (
        "report due before the opinion was issued",
        OP26,
        sub("report_due: '2026-12-15'", "report_due: '2026-09-01'"),
        "report-due-order",
        "report_due: '2026-09-01'",
        "报告期限 2026-09-01 不晚于交办日期 2026-09-15 (report due before issue)",
    ),
    (
        "rehandling without a new deadline",
        OPQ,
        sub("report_due: '2026-12-31'", "report_due: '2025-12-01'"),
        "report-due-order",
        "report_due: '2025-12-01'",
        "重新办理，但报告期限 2025-12-01 不晚于测评不满意的日期 2025-12-26 (no new deadline)",
    ),
    (
        "inquiry opinion without its inquiry",
        OP18,
        sub("inquiry: IQ-2018-01\n", ""),
        "opinion-source-ref",
        "source: 专题询问",
        "来源是专题询问，但没有写 inquiry (source not linked)",
    ),
    (
        "report received but not recorded",
        OP3,
        lambda t: re.sub(r"reports:\n(  .*\n)+", "", t),
        "opinion-facts-missing",
        "status: report_received",
        "时间线有 1 次“已报告”，reports 里只有 0 条 (facts missing)",
    ),
    (
        "handling report before the opinion",
        OP24,
        sub("  - date: '2024-07-12'\n    by: DEP-018", "  - date: '2024-05-01'\n    by: DEP-018"),
        "oversight-date",
        "date: '2024-05-01'",
        "日期 2024-05-01 早于交办日期 2024-05-10 (date before what it follows)",
    ),
    (
        "evaluation in the future",
        OP25,
        sub("  - date: '2025-09-24'\n    present", "  - date: '2026-12-24'\n    present"),
        "oversight-date",
        "date: '2026-12-24'",
        "日期 2026-12-24 在今天（2026-11-22）之后 (date in the future)",
    ),
    (
        "project that does not exist",
        OP2,
        sub("  - P-2024-06\n", "  - P-2024-66\n"),
        "ref-missing",
        "P-2024-66",
        "引用的民生实事项目「P-2024-66」不存在 (dangling reference)",
    ),
    (
        "department questioned that does not exist",
        IQ,
        sub("  - DEP-021\n  - DEP-002", "  - DEP-099\n  - DEP-002"),
        "ref-missing",
        "DEP-099",
        "引用的承办部门「DEP-099」不存在 (dangling reference)",
    ),
]


@pytest.mark.parametrize("name,rel,change,rule,needle,message", CASES, ids=[c[0] for c in CASES])
def test_broken_record_gets_the_rule_line_and_words(records, name, rel, change, rule, needle, message):  # noqa: F811
    path = records / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(records)
    code, problems = problems_of(records)
    hits = [p for p in problems if p["rule"] == rule and p["path"] == rel]
    assert code == 1 and hits, problems
    text = path.read_text(encoding="utf-8")
    assert (line_of(text, needle), message) in [(p["line"], p["message"]) for p in hits], hits
    assert all(p["fix"] for p in hits)
    assert snapshot(records) == before, "validation must never change a file"


# --- the review gate ---------------------------------------------------------------------------


def refused(proc, rel: str, rule: str) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    hits = [line for line in proc.stdout.splitlines() if line.startswith(f"{rel}:") and f"error[{rule}]" in line]
    assert hits, proc.stdout
    return hits[0]


def test_gate_refuses_a_rewritten_answer(pr):
    edit(pr, IQ, "正在按工地分片明确监管责任人", "已经全部明确监管责任人")
    commit(pr, "Improve an answer")
    hit = refused(gate(pr), IQ, "fact-rewritten")
    assert "改写了已记录的「questions.1.answer.text」，没有对应的更正记录 (recorded fact rewritten)" in hit


def test_gate_refuses_changed_evaluation_counts(pr):
    edit(
        pr,
        OP2,
        "    satisfied: 6\n    basically_satisfied: 7\n    unsatisfied: 15",
        "    satisfied: 8\n    basically_satisfied: 7\n    unsatisfied: 13",
    )
    commit(pr, "Recount")
    hit = refused(gate(pr), OP2, "fact-rewritten")
    assert "改写了已记录的「evaluations.1.satisfied」" in hit


def test_gate_refuses_a_rewritten_follow_up_and_a_dropped_commitment(pr):
    edit(pr, IQ25, "        result: 部分落实\n", "        result: 已落实\n")
    text = (pr / IQ26).read_text(encoding="utf-8")
    (pr / IQ26).write_text(
        re.sub(r"  - text: 2027 年夏季.*?deadline: '2027-05-31'\n", "", text, flags=re.S), encoding="utf-8"
    )
    commit(pr, "Tidy commitments")
    proc = gate(pr)
    assert "改写了已记录的「commitments.2.follow_ups.1.result」" in refused(proc, IQ25, "fact-rewritten")
    assert "改写了已记录的「commitments.2」" in refused(proc, IQ26, "fact-rewritten")


def test_gate_refuses_a_status_that_skips_the_lifecycle(pr):
    edit(pr, OP26, "status: issued\ntimeline", "status: closed\ntimeline")
    path = pr / OP26
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - date: '2026-11-20'\n    status: closed\n    by: DEP-001\n    note: 办结\n",
        encoding="utf-8",
    )
    commit(pr, "Close the inspection opinion")
    hit = refused(gate(pr), OP26, "status-skip")
    assert "状态从 issued 变为 closed，没有按流程追加事件 (status skipped the lifecycle)" in hit
    assert "依次追加事件：report_received → evaluated → closed" in hit


def test_gate_accepts_report_evaluation_and_rehandling_recorded_through_the_cli(pr):
    """The legal path through the CLI: the report (--answer) and the evaluation (--evaluation) are appended
    with their steps; the new report_due needs no correction because the rehandling step sets it
    (Kind.set_by_step)."""
    args = ("--today", TODAY, "--date", "2026-11-20", "--note", "记录")
    steps = [
        ("report_received", "--answer", "扬尘在线监测已覆盖全部在建工地", "--by", "DEP-004"),
        ("evaluated", "--evaluation", "27,4,6,17", "--by", "DEP-001"),
        ("rehandling", "--deadline", "2027-03-31", "--by", "DEP-001"),
    ]
    for status, *options in steps:
        out = minyi("advance", "OP-2026-01", status, *options, *args, cwd=pr, check=0)
        assert out.stdout.startswith("OP-2026-01: ") and f"→ {status}" in out.stdout
    text = (pr / OP26).read_text(encoding="utf-8")
    assert "report_due: '2027-03-31'" in text and text.count("status: rehandling") == 2
    assert (
        "reports:\n  - date: '2026-11-20'\n    by: DEP-004\n    summary: 扬尘在线监测已覆盖全部在建工地\n"
        "evaluations:\n  - date: '2026-11-20'\n    present: 27\n    satisfied: 4\n    basically_satisfied: 6\n"
        "    unsatisfied: 17\n    result: 不满意\n" in text
    )
    assert text.index("report_due:") < text.index("reports:") < text.index("status: rehandling")  # schema order
    commit(pr, "OP-2026-01: report, unsatisfied evaluation, rehandling")
    ok = gate(pr)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_gate_refuses_a_new_deadline_without_rehandling(pr):
    edit(pr, OP26, "report_due: '2026-12-15'", "report_due: '2027-01-15'")
    commit(pr, "Give more time")
    assert "改写了已记录的「report_due」" in refused(gate(pr), OP26, "fact-rewritten")


def test_advance_an_inquiry_needs_its_opinion_and_follow_ups(ledger):
    args = ("--by", "DEP-001", "--date", "2026-11-20", "--today", TODAY)
    proc = minyi("advance", "IQ-2026-01", "opinion_issued", "--note", "发出审议意见", *args, cwd=ledger, check=1)
    assert "错误[inquiry-opinion]：" in proc.stderr and "加上 --opinion OP-年份-序号" in proc.stderr
    before = snapshot(ledger)
    assert minyi("advance", "IQ-2026-01", "closed", "--note", "结束", *args, cwd=ledger, check=1).stderr.count("错误[")
    assert snapshot(ledger) == before
    ok = minyi("advance", "IQ-2025-01", "followed_up", "--note", "第二次跟踪", *args, cwd=ledger, check=0)
    assert ok.stdout.startswith("IQ-2025-01: followed_up → followed_up")


def test_show_prints_commitments_deadlines_and_the_last_evaluation(ledger):
    inquiry = minyi("show", "IQ-2025-01", "--today", TODAY, cwd=ledger, check=0).stdout.splitlines()
    assert (
        "承诺 3: 东湖街道 — 为资金困难小区落实公积金提取和区级补助叠加政策（时限 2025-12-31；2025-12-19 未落实，已过时限）"
        in inquiry
    )
    opinion = minyi("show", "OP-2025-02", "--today", TODAY, cwd=ledger, check=0).stdout.splitlines()
    assert "测评: 不满意（2025-12-26，出席 29 人：满意 5，基本满意 8，不满意 16）" in opinion
    late = minyi("show", "OP-2026-01", "--today", "2026-12-20", cwd=ledger, check=0).stdout.splitlines()
    assert "报告期限: 2026-12-15（已超期，未收到报告）    问题和要求: 2 条    处理情况报告: 0 份" in late


# --- pages and open data ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("oversight") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    return out


def _text(path) -> str:
    body = re.search(r"<article.*?</article>", path.read_text(encoding="utf-8"), re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _timeline(page) -> list[tuple[str, str]]:
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<ol class="mi-timeline">.*?</ol>', html, re.S).group(0)
    return re.findall(r'<time datetime="([0-9-]+)">.*?<span class="mi-badge mi-s-[a-z_]+">([^<]+)</span>', block, re.S)


def test_inquiry_page_shows_questions_commitments_and_timeline(site):
    page = site / "inquiries/IQ-2018-01/index.html"
    assert _timeline(page) == [
        ("2018-06-28", "已询问"),
        ("2018-07-20", "已出审议意见"),
        ("2018-12-20", "承诺已跟踪"),
        ("2019-03-20", "承诺已跟踪"),
        ("2021-01-15", "已结束"),
    ]
    text = _text(page)
    assert "提问和答问（5 个）" in text and "答 （区应急管理局局长）" in text
    assert "2018-10-15 部分落实" in text and "2019-03-20 已落实" in text and "4 / 4 项已落实" in text
    assert 'href="../../opinions/OP-2018-01/"' in page.read_text(encoding="utf-8")
    assert (site / "inquiries/IQ-2018-01/feed.xml").is_file() and (site / "opinions/OP-2024-02/feed.xml").is_file()
    listing = _text(site / "inquiries/index.html")
    assert listing.index("IQ-2026-01") < listing.index("IQ-2025-01") < listing.index("IQ-2018-01")


def test_opinion_page_shows_evaluations_rehandling_and_projects(site):
    page = site / "opinions/OP-2024-02/index.html"
    statuses = [label for _, label in _timeline(page)]
    assert statuses == ["已交办", "已报告", "已测评", "重新办理", "已报告", "已测评", "已办结"]
    text = _text(page)
    assert "2024-10-29 28 6 7 15 不满意" in text and "2025-03-27 30 17 10 3 满意" in text
    assert "P-2024-05 老旧小区加装电梯（30部）" in text
    listing = _text(site / "opinions/index.html")
    assert "不满意（满意 5、基本满意 8、不满意 16 / 出席 29）" in listing


def test_pages_they_name_list_them_under_referenced_records(site):
    """Through the registry's refs (site_gen/backrefs.py): a project lists the opinions on its progress
    reports, a department the inquiries that questioned it, a deputy the inquiries they asked in; the
    inquiry and its opinion name each other once, as a fact, not again below."""

    def groups(rel) -> dict[str, list[str]]:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        found = re.findall(r'<h3 id="cited-\d+">([^<（]+)（\d+）</h3>\s*<ul class="mi-cited">(.*?)</ul>', html, re.S)
        return {label: re.findall(r">((?:IQ|OP|M)-\d{4}-\d{2}) ", items) for label, items in found}

    assert groups("projects/P-2024-05")["审议意见：涉及的民生实事"] == [
        "OP-2025-02", "OP-2025-01", "OP-2024-02", "OP-2024-01",
    ]  # fmt: skip
    department = list(groups("departments/DEP-021"))
    assert department == ["专题询问：被询问部门", "专题询问：承诺部门", "审议意见：承办部门", "审议意见：报送单位"]
    assert groups("deputies/D-0015")["专题询问：提问人"] == ["IQ-2018-01"]
    assert groups("inquiries/IQ-2018-01") == {} and groups("opinions/OP-2018-01") == {}


def test_pages_flag_commitments_past_their_deadline_and_opinions_without_a_report(site, ledger, tmp_path):
    page = (site / "inquiries/IQ-2025-01/index.html").read_text(encoding="utf-8")
    assert page.count('<span class="mi-badge mi-overdue">已过时限</span>') == 2  # 部分落实 and 未落实, due 2025-12-31
    edit(ledger, OP26, "report_due: '2026-12-15'", "report_due: '2026-11-01'")
    commit(ledger, "An inspection opinion whose report is late")
    minyi("build", "--out", str(tmp_path / "site"), "--as-of", TODAY, cwd=ledger, check=0)
    late = (tmp_path / "site/opinions/OP-2026-01/index.html").read_text(encoding="utf-8")
    assert (
        '<time datetime="2026-11-01">2026-11-01</time> <span class="mi-badge mi-overdue">已超期，未收到报告</span>'
        in late
    )
    listing = (tmp_path / "site/opinions/index.html").read_text(encoding="utf-8")
    assert listing.count('<span class="mi-badge mi-overdue">已超期</span>') == 1


INQUIRY_COLUMNS = [
    "id", "title", "date", "meeting", "status", "status_label", "departments", "questions", "commitments",
    "commitments_followed", "commitments_done", "opinion",
]  # fmt: skip
OPINION_COLUMNS = [
    "id", "title", "source", "meeting", "issued", "to", "departments", "projects", "inquiry", "items", "report_due",
    "reports", "evaluations", "present", "satisfied", "basically_satisfied", "unsatisfied", "result", "status",
    "status_label",
]  # fmt: skip


def test_open_data_columns_and_rows(site):
    data = site / "data"
    for stem, columns in (("inquiries", INQUIRY_COLUMNS), ("opinions", OPINION_COLUMNS)):
        rows = list(csv.DictReader(io.StringIO((data / f"{stem}.csv").read_text(encoding="utf-8-sig"))))
        assert list(rows[0]) == columns
        full = json.loads((data / f"{stem}.json").read_text(encoding="utf-8"))
        assert [r["id"] for r in full] == [r["id"] for r in rows]
    opinions = {
        r["id"]: r for r in csv.DictReader(io.StringIO((data / "opinions.csv").read_text(encoding="utf-8-sig")))
    }
    assert [opinions["OP-2025-02"][k] for k in ("present", "satisfied", "basically_satisfied", "unsatisfied")] == [
        "29", "5", "8", "16",
    ]  # fmt: skip
    assert (opinions["OP-2025-02"]["result"], opinions["OP-2025-02"]["status_label"]) == ("不满意", "重新办理")
    db = sqlite3.connect(data / "minyi.sqlite")
    try:
        assert db.execute("select commitments, commitments_done from inquiries where id = 'IQ-2018-01'").fetchone() == (
            4,
            4,
        )
        livelihood = db.execute("select count(*) from opinions where source = '民生实事进展报告'").fetchone()[0]
        steps = db.execute("select count(*) from events where kind = 'opinion'").fetchone()[0]
    finally:
        db.close()
    assert livelihood == 5 and steps == sum(
        len(r["timeline"]) for r in json.loads((data / "opinions.json").read_text())
    )
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["path"] for r in package["resources"]}
    assert {"inquiries.csv", "inquiries.json", "opinions.csv", "opinions.json"} <= names


def test_demo_ledger_holds_the_practice_from_the_articles():
    from minyi.validate import validate

    ledger, problems = validate(REPO, dt.date.fromisoformat(TODAY))
    assert problems == []
    inquiries = [r.model for r in ledger.of("inquiry")]
    followed = [q for q in inquiries if q.questions and any(c.follow_ups for c in q.commitments)]
    assert len(followed) >= 2 and all(q.questions[0].answer.text for q in followed)
    opinions = [r.model for r in ledger.of("opinion")]
    assert len(opinions) >= 6 and len({o.status for o in opinions}) == 5  # every stage of the lifecycle
    livelihood = [o for o in opinions if o.source == "民生实事进展报告"]
    assert len(livelihood) == 5 and all(o.projects and o.evaluations or o.reports for o in livelihood)
