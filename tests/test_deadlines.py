"""Deadlines per assignment: on time judges the first answer by the deadline then in force, overdue
uses the one in force now; a reassignment never moves an earlier one, through the real CLI and gate.

The facts cases are small timelines worked out on paper (dates in the comments).
"""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, commit, edit, gate, git, line_of, minyi

from minyi.facts import suggestion_facts
from minyi.kinds.suggestion import Suggestion
from minyi.model import from_data

D = dt.date.fromisoformat
LATE = "records/suggestions/2024/S-2024-0009.yaml"  # assigned 2024-06-02, deadline 2024-07-02, answered 2024-07-30
REOPENED = "records/suggestions/2026/S-2026-0001.yaml"  # assigned 03-29 (deadline 04-28), answered 04-10, reopened


def suggestion(*steps, deadline=None) -> Suggestion:
    """Steps are (date, status) or (date, "assigned", deadline); `deadline` is the record-level one."""
    events = [
        {"date": d, "status": s, "by": "DEP-001", "note": "n", **({"deadline": rest[0]} if rest else {})}
        for d, s, *rest in steps
    ]
    data = {
        "id": "S-2026-0001",
        "title": "路灯不亮",
        "summary": "后街路灯坏了很久",
        "category": "城市建设",
        "channel": "走访",
        "received": steps[0][0],
        "place": {"street": "梨园街道"},
        "deputies": ["D-0001"],
        "departments": {"lead": "DEP-002"},
        "status": steps[-1][1],
        "timeline": events,
        **({"deadline": deadline} if deadline else {}),
    }
    return from_data(Suggestion, data)


START = (("2026-03-01", "received"), ("2026-03-02", "registered"))


def facts(s, day):
    f = suggestion_facts(s, D(day), "DEP-001")
    return f.on_time, f.answer_deadline, f.deadline, f.overdue, f.days_to_deadline


def test_a_late_first_answer_stays_late_after_reopening_and_reassignment():
    s = suggestion(
        *START,
        ("2026-03-05", "assigned", "2026-04-04"),
        ("2026-04-10", "answered"),  # 6 days after 04-04: late
        ("2026-04-15", "closed"),
        ("2026-05-01", "reopened"),
        ("2026-05-03", "assigned", "2026-06-02"),
        deadline="2026-06-02",
    )
    # 05-20: the new deadline 06-02 is 13 days away; the first answer was judged by 04-04
    assert facts(s, "2026-05-20") == (False, D("2026-04-04"), D("2026-06-02"), False, 13)
    # 06-10: no new answer since the reopening, 8 days past 06-02
    assert facts(s, "2026-06-10") == (False, D("2026-04-04"), D("2026-06-02"), True, -8)


def test_the_same_record_written_the_old_way_is_judged_by_the_newest_deadline():
    """Records from before per-assignment deadlines kept only the newest: that is all they can be judged by."""
    s = suggestion(
        *START,
        ("2026-03-05", "assigned"),
        ("2026-04-10", "answered"),
        ("2026-04-15", "closed"),
        ("2026-05-01", "reopened"),
        ("2026-05-03", "assigned"),
        deadline="2026-06-02",
    )
    assert facts(s, "2026-06-10") == (True, D("2026-06-02"), D("2026-06-02"), True, -8)


def test_a_reassignment_before_any_answer_sets_the_deadline_in_force():
    steps = (*START, ("2026-03-05", "assigned", "2026-04-04"), ("2026-03-20", "assigned", "2026-04-19"))
    s = suggestion(*steps, deadline="2026-04-19")
    # 04-10: past the first deadline, which is no longer in force; 9 days to 04-19
    assert facts(s, "2026-04-10") == (None, None, D("2026-04-19"), False, 9)
    assert facts(s, "2026-04-20") == (None, None, D("2026-04-19"), True, -1)
    answered = suggestion(*steps, ("2026-04-18", "answered"), deadline="2026-04-19")
    assert facts(answered, "2026-04-20") == (True, D("2026-04-19"), D("2026-04-19"), False, None)


def test_an_answer_after_a_reassignment_is_judged_by_the_deadline_then_in_force_not_a_later_one():
    s = suggestion(
        *START,
        ("2026-03-05", "assigned", "2026-04-04"),
        ("2026-04-01", "answered"),  # 3 days early
        ("2026-04-20", "reopened"),
        ("2026-04-22", "assigned", "2026-05-22"),
        deadline="2026-05-22",
    )
    assert facts(s, "2026-05-30") == (True, D("2026-04-04"), D("2026-05-22"), True, -8)
    again = suggestion(*s_steps(s), ("2026-05-21", "answered"), deadline="2026-05-22")
    assert facts(again, "2026-05-30") == (True, D("2026-04-04"), D("2026-05-22"), False, None)


def s_steps(s):
    return [(e.date.isoformat(), e.status, *([e.deadline.isoformat()] if e.deadline else [])) for e in s.timeline]


def test_a_reopening_without_reassignment_is_overdue_by_the_last_deadline():
    s = suggestion(
        *START,
        ("2026-03-05", "assigned", "2026-04-04"),
        ("2026-04-01", "answered"),
        ("2026-04-03", "closed"),
        ("2026-05-01", "reopened"),
        deadline="2026-04-04",
    )
    assert facts(s, "2026-05-20") == (True, D("2026-04-04"), D("2026-04-04"), True, -46)


# Through the real CLI and the review gate.


def test_reassigning_keeps_the_first_deadline_and_show_site_facts_agree(pr):
    proc = minyi("advance", "S-2026-0001", "assigned", "--by", "DEP-001", "--lead", "DEP-007", "--deadline",
                 "2026-12-20", "--note", "群众不满意，重新交办", "--date", "2026-11-20", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    text = (pr / REOPENED).read_text(encoding="utf-8")
    assert "\ndeadline: '2026-12-20'\n" in text  # the record's copy of the deadline in force now
    assert text.count("deadline: '2026-04-28'") == 1  # the first assignment keeps its own
    assert text.endswith(
        "  - date: '2026-11-20'\n    status: assigned\n    by: DEP-001\n    deadline: '2026-12-20'\n"
        "    note: 群众不满意，重新交办\n"
    ), proc.stdout
    shown = minyi("show", "S-2026-0001", "--today", TODAY, cwd=pr, check=0).stdout
    assert "办理时限: 2026-12-20    未逾期，剩 28 天" in shown
    assert "按期答复: 是（按答复时有效的时限 2026-04-28 计）" in shown
    assert "   3. 2026-03-29  已交办   时限 2026-04-28  区人大办" in shown
    commit(pr, "Reassign S-2026-0001")
    assert gate(pr).returncode == 0


def test_gate_refuses_rewriting_an_earlier_assignments_deadline(pr):
    """The attack: move a late answer's deadline past the answer so the department counts as on time."""
    edit(pr, LATE, "    deadline: '2024-07-02'", "    deadline: '2024-08-01'")
    edit(pr, LATE, "deadline: '2024-07-02'", "deadline: '2024-08-01'")
    commit(pr, "Fix deadline")
    proc = gate(pr)
    text = (pr / LATE).read_text(encoding="utf-8")
    assert proc.returncode == 1
    line = line_of(text, "  - date: '2024-06-02'")
    assert (
        f"{LATE}:{line}:5: error[timeline-rewritten]: 改动了已有的第 3 条事件的 deadline，没有对应的更正记录"
        " (event edited or reordered) — 恢复原事件；确需更正，运行 minyi correct ID --event 3 --set 字段=新值 --note 原因"
    ) in proc.stdout
    assert "error[fact-rewritten]: 改写了已记录的「deadline」" in proc.stdout


def test_minyi_correct_corrects_an_assignments_deadline_and_the_gate_accepts_it(pr):
    proc = minyi("correct", "S-2024-0009", "--event", "3", "--set", "deadline=2024-08-01", "--note",
                 "交办单上的时限为 8 月 1 日，录入有误", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    assert proc.stdout == f"S-2024-0009: 已更正 2 处（{LATE}）\n"
    text = (pr / LATE).read_text(encoding="utf-8")
    assert "    deadline: '2024-08-01'\n    note: 交办区水利局主办" in text and "\ndeadline: '2024-08-01'\n" in text
    assert "target: timeline.3.deadline\n    previous: '2024-07-02'" in text
    assert "target: deadline\n    previous: '2024-07-02'" in text  # the record's copy follows the last assignment
    commit(pr, "Correct the deadline of S-2024-0009")
    assert gate(pr).returncode == 0
    shown = minyi("show", "S-2024-0009", "--today", TODAY, cwd=pr, check=0).stdout
    assert "按期答复: 是" in shown


def _legacy_main(ledger, rel, deadline):
    """Main as an older ledger wrote it: the deadline only on the record, not on the assigned event."""
    edit(ledger, rel, f"    deadline: '{deadline}'\n", "")
    commit(ledger, "A record written before deadlines were kept per assignment")
    git(ledger, "checkout", "-qb", "clerk/change")


def test_gate_accepts_writing_the_deadline_onto_an_old_assignment_only_when_it_is_the_same(ledger):
    _legacy_main(ledger, LATE, "2024-07-02")
    minyi("validate", "--today", TODAY, cwd=ledger, check=0)  # the old representation stays valid
    edit(ledger, LATE, "    by: DEP-001\n    note: 交办", "    by: DEP-001\n    deadline: '2024-07-02'\n    note: 交办")
    commit(ledger, "Write the deadline onto the assignment")
    assert gate(ledger).returncode == 0
    edit(ledger, LATE, "    deadline: '2024-07-02'", "    deadline: '2024-08-01'")
    commit(ledger, "Move it")
    proc = gate(ledger)
    line = line_of((ledger / LATE).read_text(encoding="utf-8"), "  - date: '2024-06-02'")
    assert (
        f"{LATE}:{line}:5: error[timeline-rewritten]: 第 3 条事件（交办）的办理时限由 2024-07-02 变成了 2024-08-01，"
        "没有对应的更正记录 (assignment deadline changed)"
    ) in proc.stdout
    assert (
        "error[deadline-mismatch]: deadline 2024-07-02 与最后一次交办（第 3 条事件）的办理时限 2024-08-01 不一致"
        in proc.stdout
    )


def test_gate_refuses_a_hand_written_reassignment_that_moves_an_old_assignments_deadline(ledger):
    """On an old record, appending a reassignment and replacing the record's deadline (as the old tool did)
    would judge the late first answer by the new deadline."""
    _legacy_main(ledger, LATE, "2024-07-02")
    edit(ledger, LATE, "\ndeadline: '2024-07-02'\n", "\ndeadline: '2024-09-30'\n")
    edit(ledger, LATE, "status: closed\ntimeline", "status: assigned\ntimeline")
    text = (ledger / LATE).read_text(encoding="utf-8")
    (ledger / LATE).write_text(
        text + "  - date: '2024-08-10'\n    status: reopened\n    by: DEP-001\n    note: 重新办理\n"
        "  - date: '2024-08-11'\n    status: assigned\n    by: DEP-001\n    deadline: '2024-09-30'\n    note: 重新交办\n",
        encoding="utf-8",
    )
    proc = minyi("validate", "--today", TODAY, LATE, cwd=ledger, check=1)
    line = line_of(text, "    status: assigned")
    assert proc.stdout.startswith(
        f"{LATE}:{line}:13: error[deadline-missing]: 第 3 条事件（2024-06-02 交办）没有自己的办理时限，而其他交办事件写了"
        " (no deadline of its own) — 每次交办各写各的时限：用 minyi correct ID --event 3 --set deadline=YYYY-MM-DD"
    )
    commit(ledger, "Reassign")
    out = gate(ledger).stdout
    assert "第 3 条事件（交办）的办理时限由 2024-07-02 变成了 2024-09-30，没有对应的更正记录" in out


def test_advance_on_an_old_record_writes_the_earlier_deadline_first_and_the_gate_accepts(ledger):
    _legacy_main(ledger, REOPENED, "2026-04-28")
    minyi(
        "advance",
        "S-2026-0001",
        "assigned",
        "--by",
        "DEP-001",
        "--note",
        "重新交办",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=ledger,
        check=0,
    )  # fmt: skip: the default deadline, 30 days on
    text = (ledger / REOPENED).read_text(encoding="utf-8")
    assert "    by: DEP-001\n    deadline: '2026-04-28'\n    note: 交办区城管局主办" in text
    assert "\ndeadline: '2026-12-20'\n" in text and text.endswith("    deadline: '2026-12-20'\n    note: 重新交办\n")
    commit(ledger, "Reassign")
    assert gate(ledger).returncode == 0
    assert (
        "按期答复: 是（按答复时有效的时限 2026-04-28 计）"
        in minyi("show", "S-2026-0001", "--today", TODAY, cwd=ledger).stdout
    )


def test_the_site_and_open_data_read_the_same_deadlines_as_show(pr, tmp_path):
    import csv
    import html

    minyi("advance", "S-2026-0001", "assigned", "--by", "DEP-001", "--lead", "DEP-007", "--deadline",
          "2026-12-20", "--note", "群众不满意，重新交办", "--date", "2026-11-20", "--today", TODAY, cwd=pr, check=0)  # fmt: skip
    commit(pr, "Reassign S-2026-0001")
    site = tmp_path / "site"
    minyi("build", "--out", str(site), "--as-of", TODAY, cwd=pr, check=0)
    page = html.unescape((site / "suggestions/S-2026-0001/index.html").read_text(encoding="utf-8"))
    assert "是，按答复时有效的时限 2026-04-28 计" in page and "距时限 28 天" in page
    assert page.count('class="mi-tl-deadline"') == 2
    assert '<span class="mi-tl-deadline">时限 2026-04-28</span>' in page
    with open(site / "data/suggestions.csv", encoding="utf-8-sig") as fh:
        row = next(r for r in csv.DictReader(fh) if r["id"] == "S-2026-0001")
    assert (row["deadline"], row["answered_on_time"], row["overdue"]) == ("2026-12-20", "true", "false")
    with open(site / "data/events.csv", encoding="utf-8-sig") as fh:
        due = [(r["n"], r["deadline"]) for r in csv.DictReader(fh) if r["record_id"] == "S-2026-0001" and r["deadline"]]
    assert due == [("3", "2026-04-28"), ("8", "2026-12-20")]
