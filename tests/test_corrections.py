"""Recorded facts are append-only: edits are refused, `minyi correct` is the honest way, end to end.

Each test is what a clerk (or someone quietly rewriting the record) does on a pull-request
branch of a real git repository, checked by the real `minyi check-change`.
"""

from __future__ import annotations

import yaml
from conftest import TODAY, commit, edit, gate, line_of, minyi, problems_json
from test_audit import PRJ, SUG

SESSION = "records/sessions/V-2024-district.yaml"
REOPENED = "records/suggestions/2026/S-2026-0001.yaml"


def _refused(proc, rel, rule, needle_line=None):
    hits = [l for l in proc.stdout.splitlines() if l.startswith(f"{rel}:") and f"error[{rule}]" in l]
    assert proc.returncode == 1 and hits, proc.stdout + proc.stderr
    if needle_line is not None:
        assert any(l.startswith(f"{rel}:{needle_line}:") for l in hits), hits
    return hits


def test_editing_an_answer_in_a_closed_record_is_refused(pr):
    path = edit(pr, SUG, "text: 街道指导成立业主委员会", "text: 街道已解决")
    commit(pr)
    hits = _refused(gate(pr), SUG, "fact-rewritten", line_of(path.read_text(encoding="utf-8"), "text: 街道已解决"))
    assert "answer.text" in hits[0] and "minyi correct" in hits[0]


def test_minyi_correct_is_accepted_and_reported(pr):
    minyi(
        "correct",
        "S-2024-0003",
        "--set",
        "answer.text=街道指导成立业主委员会，纠纷已化解。",
        "--note",
        "答复摘要以答复函为准",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    minyi(
        "correct",
        "S-2024-0003",
        "--event",
        "3",
        "--set",
        "date=2024-02-28",
        "--note",
        "交办日期以交办单为准",
        "--date",
        "2026-11-21",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr, "Correct S-2024-0003")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (
        "| S-2024-0003 | answer.text |" in proc.stderr
        and "| S-2024-0003 | timeline.3.date | 2024-02-29 |" in proc.stderr
    )
    data = yaml.safe_load((pr / SUG).read_text(encoding="utf-8"))
    assert data["status"] == "closed" and data["timeline"][2]["date"] == "2024-02-28"
    assert [c["target"] for c in data["corrections"]] == ["answer.text", "timeline.3.date"]
    assert data["corrections"][1]["previous"] == "2024-02-29" and data["corrections"][1]["by"] == "DEP-001"


def test_a_correction_that_misstates_the_previous_value_is_refused(pr):
    minyi(
        "correct",
        "S-2024-0003",
        "--set",
        "satisfaction=基本满意",
        "--note",
        "回访记录更正",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    edit(pr, SUG, "previous: 满意", "previous: 不满意")  # now it claims the record said 不满意
    commit(pr)
    hits = _refused(gate(pr), SUG, "fact-rewritten")
    assert any("previous" in h for h in hits)


def test_existing_corrections_cannot_be_edited(pr):
    minyi(
        "correct",
        "S-2024-0003",
        "--set",
        "satisfaction=基本满意",
        "--note",
        "回访记录更正",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr, "Correct")
    from conftest import git

    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "--no-ff", "clerk/change", "-m", "Merge pull request #7 from clerk/change")
    git(pr, "checkout", "-qb", "clerk/second")
    edit(pr, SUG, "reason: 回访记录更正", "reason: 没有原因")
    commit(pr)
    _refused(gate(pr), SUG, "fact-rewritten")


def test_future_or_empty_correction_is_refused_by_the_validator(pr):
    minyi(
        "correct",
        "S-2024-0003",
        "--set",
        "satisfaction=基本满意",
        "--note",
        "回访记录更正",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    edit(pr, SUG, "date: '2026-11-20'\n    by: DEP-001", "date: '2027-01-01'\n    by: DEP-001")
    code, problems = problems_json(pr)
    assert code == 1 and "correction-date" in {p["rule"] for p in problems if p["path"] == SUG}, problems
    edit(pr, SUG, "date: '2027-01-01'\n    by: DEP-001", "date: '2026-11-20'\n    by: DEP-001")
    edit(pr, SUG, "reason: 回访记录更正", "reason: '    '")  # four spaces: long enough, but says nothing
    code, problems = problems_json(pr)
    assert code == 1 and "schema-pattern" in {p["rule"] for p in problems if p["path"] == SUG}, problems


def test_other_recorded_facts_are_protected_too(pr):
    """Not only the timeline: who carried it, when it arrived, the deadline, the vote session's counts."""
    edit(pr, SUG, "  - D-0006\n", "")
    edit(pr, SUG, "deadline: '2024-03-15'\n", "")
    edit(pr, SESSION, "eligible: 258", "eligible: 259")
    commit(pr)
    proc = gate(pr)
    hits = _refused(proc, SUG, "fact-rewritten")
    assert any("deputies.2" in h for h in hits) and any("deadline" in h for h in hits)
    _refused(proc, SESSION, "fact-rewritten")


def test_a_status_cannot_be_corrected(pr):
    proc = minyi(
        "correct",
        "S-2024-0003",
        "--event",
        "6",
        "--set",
        "status=reopened",
        "--note",
        "改状态试试",
        "--today",
        TODAY,
        cwd=pr,
        check=1,
    )
    assert "correction-target" in proc.stderr and "状态不能更正" in proc.stderr
    edit(pr, SUG, "    status: closed\n    by: DEP-001", "    status: reopened\n    by: DEP-001")
    edit(pr, SUG, "status: closed\ntimeline", "status: reopened\ntimeline")
    commit(pr)
    _refused(gate(pr), SUG, "timeline-rewritten")


def test_reassignment_sets_a_new_deadline_without_a_correction(pr):
    minyi(
        "advance",
        "S-2026-0001",
        "assigned",
        "--by",
        "DEP-001",
        "--deadline",
        "2026-12-20",
        "--note",
        "重新交办",
        "--date",
        "2026-11-21",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr)
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout
    assert "| S-2026-0001 | reopened | assigned |" in proc.stderr


def test_a_project_tally_edit_needs_a_correction_naming_it(pr):
    edit(pr, PRJ, "against: 8", "against: 6")
    minyi(
        "correct",
        "P-2024-05",
        "--set",
        "vote.for=210",
        "--note",
        "计票复核，更正赞成票",
        "--date",
        "2026-11-20",
        "--today",
        TODAY,
        cwd=pr,
        check=0,
    )
    commit(pr)
    hits = _refused(gate(pr), PRJ, "vote-changed")  # the correction names vote.for, not vote.against
    assert any("vote.against" in h for h in hits)
