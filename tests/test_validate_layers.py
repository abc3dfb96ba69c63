"""Each validator layer, fed a broken record: right rule id, right line, nothing modified.

The rule matrix runs the validator in-process on a plain copy of the demo records:
a git repository and a subprocess add nothing to what these cases check, and cost
most of their time. `test_all_problems_in_one_run` keeps one path through the real
CLI in a real git repository.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import TODAY, line_of, problems_json, snapshot

from minyi.validate import validate

SUG = "records/suggestions/2024/S-2024-0003.yaml"
PRJ = "records/projects/2024/P-2024-05.yaml"
SES = "records/sessions/V-2024-district.yaml"
DEPUTY = "records/deputies/D-0001.yaml"


def sub(old, new, count=1):
    def edit(text):
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def append(extra):
    return lambda text: text + extra


# (case id, file, edit, rule, text on the expected line — or an int line number)
CASES = [
    ("duplicate key", SUG, append("title: 重复的标题\n"), "yaml-duplicate-key", "title: 重复的标题"),
    (
        "unsafe tag",
        SUG,
        sub("title: 煤电二小区", "title: !!python/object/apply:os.system ['ls'] #"),
        "yaml-unsafe-tag",
        "!!python",
    ),
    ("not a mapping", DEPUTY, lambda t: "# yaml-language-server: $schema=x\n- 只有列表\n", "yaml-not-mapping", 2),
    ("syntax", SUG, sub("title: 煤电二小区停车费纠纷长期未解决", 'title: "未闭合的引号'), "yaml-syntax", None),
    ("no schema comment", DEPUTY, lambda t: t.split("\n", 1)[1], "schema-comment-missing", 1),
    ("YAML 1.1 boolean", SUG, sub("title: 煤电二小区停车费纠纷长期未解决", "title: no"), "schema-type", "title: no"),
    (
        "impossible date",
        SUG,
        sub("received: '2024-02-27'", "received: 2024-02-30"),
        "schema-format",
        "received: 2024-02-30",
    ),
    (
        "unknown key",
        SUG,
        sub("outcome: solved", "outcome: solved\nstauts: closed"),
        "schema-unknown-key",
        "stauts: closed",
    ),
    ("missing required", SUG, sub("category: 社会事务\n", ""), "schema-required", 3),
    ("bad enum", SUG, sub("satisfaction: 满意", "satisfaction: 非常满意"), "schema-enum", "satisfaction: 非常满意"),
    ("bad id pattern", DEPUTY, sub("id: D-0001", "id: D-1"), "schema-pattern", "id: D-1"),
    ("category not in settings", SUG, sub("category: 社会事务", "category: 交通"), "schema-enum", "category: 交通"),
    ("id differs from file", DEPUTY, sub("id: D-0001", "id: D-0002"), "id-mismatch", "id: D-0002"),
    ("dangling deputy", SUG, sub("  - D-0006", "  - D-0999"), "ref-missing", "D-0999"),
    (
        "dangling actor",
        SUG,
        sub("    by: DEP-015\n    note: 承办部门", "    by: DEP-099\n    note: 承办部门"),
        "ref-missing",
        "by: DEP-099",
    ),
    (
        "dates decrease",
        SUG,
        sub("- date: '2024-03-14'", "- date: '2024-02-01'"),
        "timeline-date-order",
        "- date: '2024-02-01'",
    ),
    (
        "date in the future",
        SUG,
        sub("- date: '2024-03-23'", "- date: '2027-03-23'"),
        "timeline-future",
        "- date: '2027-03-23'",
    ),
    ("illegal step", SUG, sub("status: registered", "status: closed"), "transition-illegal", None),
    (
        "status differs from last event",
        SUG,
        sub("status: closed\ntimeline", "status: answered\ntimeline"),
        "status-mismatch",
        "status: answered",
    ),
    (
        "received differs",
        SUG,
        sub("received: '2024-02-27'", "received: '2024-02-26'"),
        "received-mismatch",
        "received: '2024-02-26'",
    ),
    (
        "deadline before assignment",
        SUG,
        sub("deadline: '2024-03-15'", "deadline: '2024-02-20'", 2),
        "deadline-before-assign",
        "    deadline: '2024-02-20'",
    ),
    (
        "deadline missing",
        SUG,
        lambda t: t.replace("    deadline: '2024-03-15'\n", "").replace("deadline: '2024-03-15'\n", ""),
        "deadline-missing",
        "    status: assigned",
    ),
    (
        "deadline differs from the last assignment",
        SUG,
        sub("deadline: '2024-03-15'", "deadline: '2024-03-16'"),
        "deadline-mismatch",
        "deadline: '2024-03-16'",
    ),
    (
        "deadline on an answer",
        SUG,
        sub("    status: answered\n", "    status: answered\n    deadline: '2024-03-20'\n"),
        "deadline-misplaced",
        "    deadline: '2024-03-20'",
    ),
    (
        "answer missing",
        SUG,
        lambda t: t.replace(t[t.index("answer:") : t.index("outcome:")], ""),
        "answer-missing",
        "status: closed",
    ),
    ("outcome missing", SUG, sub("outcome: solved\n", ""), "outcome-missing", "status: closed"),
    ("progress decreases", PRJ, sub("progress: 45", "progress: 10"), "progress-decrease", "progress: 10"),
    (
        "progress mismatch",
        PRJ,
        sub("progress: 70\nstatus", "progress: 60\nstatus"),
        "progress-mismatch",
        "progress: 60",
    ),
    ("vote tally", PRJ, sub("for: 209", "for: 245"), "vote-tally", "for: 245"),
    ("session tally", SES, sub("present: 246", "present: 240"), "vote-tally", "cast: 246"),
    ("selected count", SES, sub("selected: 19", "selected: 18"), "vote-selected-count", "selected: 18"),
    (
        "mobile number",
        SUG,
        sub("note: 登记入台账", "note: 登记，联系人 139 1234 5678"),
        "privacy-phone",
        "139 1234 5678",
    ),
    ("landline", SUG, sub("note: 登记入台账", "note: 登记，电话 0571-86001234"), "privacy-phone", "0571-86001234"),
    (
        "id card",
        SUG,
        sub("note: 登记入台账", "note: 身份证11010519491231002X"),
        "privacy-id-card",
        "11010519491231002X",
    ),
    ("e-mail", SUG, sub("note: 登记入台账", "note: 回复到 zhang.san@example.com"), "privacy-email", "zhang.san@"),
    ("house number", SUG, sub("location: 煤电二小区", "location: 煤电二小区3栋2单元501室"), "privacy-address", "501室"),
]


def problems_of(root):
    """What `minyi validate --format json` would print, without starting a process."""
    _, found = validate(root, dt.date.fromisoformat(TODAY))
    return (1 if found else 0), [dataclasses.asdict(p) for p in found]


@pytest.mark.parametrize("name,rel,edit,rule,expect", CASES, ids=[c[0] for c in CASES])
def test_broken_record_is_reported(records, name, rel, edit, rule, expect):
    ledger = records
    path = ledger / rel
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(ledger)
    code, problems = problems_of(ledger)
    assert code == 1
    hits = [p for p in problems if p["rule"] == rule and p["path"] == rel]
    assert hits, problems
    text = path.read_text(encoding="utf-8")
    if expect is not None:
        want = expect if isinstance(expect, int) else line_of(text, expect)
        assert want in [p["line"] for p in hits], (want, hits)
    assert all(p["message"] and p["fix"] for p in hits)
    assert snapshot(ledger) == before, "validation must never change a file"


def test_gbk_file_gets_a_clear_message(records):
    ledger = records
    path = ledger / DEPUTY
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, problems = problems_of(ledger)
    assert code == 1
    hit = [p for p in problems if p["path"] == DEPUTY]
    assert [p["rule"] for p in hit] == ["file-encoding"]
    assert "GBK" in hit[0]["message"]


def test_alias_bomb_is_refused_at_once(records):
    ledger = records
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (ledger / DEPUTY).write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, problems = problems_of(ledger)
    assert code == 1
    assert [p["rule"] for p in problems if p["path"] == DEPUTY] == ["yaml-alias-bomb"]


def test_oversized_file_is_refused(records):
    ledger = records
    path = ledger / DEPUTY
    path.write_text(path.read_text(encoding="utf-8") + "# " + "很长" * 400_000 + "\n", encoding="utf-8")
    code, problems = problems_of(ledger)
    assert [p["rule"] for p in problems if p["path"] == DEPUTY] == ["file-too-large"]


def test_merge_cycle(records):
    ledger = records
    a = ledger / "records/suggestions/2026/S-2026-0002.yaml"
    b_id = "S-2026-0001"
    text = a.read_text(encoding="utf-8")
    assert "merged_into" in text
    target = text.split("merged_into: ")[1].split("\n")[0]
    # point the target back at this record, making a loop
    tpath = ledger / f"records/suggestions/{target[2:6]}/{target}.yaml"
    ttext = tpath.read_text(encoding="utf-8")
    tpath.write_text(ttext.replace("status: ", "merged_into: S-2026-0002\nstatus: ", 1), encoding="utf-8")
    code, problems = problems_of(ledger)
    assert any(p["rule"] == "merge-cycle" for p in problems), (b_id, problems)


def test_unknown_key_suggests_the_right_one(records):
    ledger = records
    path = ledger / SUG
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: closed\ntimeline", "stauts: closed\ntimeline"),
        encoding="utf-8",
    )
    _, problems = problems_of(ledger)
    hit = [p for p in problems if p["rule"] == "schema-unknown-key"]
    assert "status" in hit[0]["fix"]


def test_all_problems_in_one_run(ledger):
    """Problems in several files and layers come out together, not only the first."""
    for rel, edit in (
        (SUG, sub("category: 社会事务", "category: 交通")),
        (DEPUTY, sub("id: D-0001", "id: D-0002")),
        (PRJ, sub("progress: 45", "progress: 10")),
    ):
        (ledger / rel).write_text(edit((ledger / rel).read_text(encoding="utf-8")), encoding="utf-8")
    _, problems = problems_json(ledger)
    assert {p["rule"] for p in problems} >= {"schema-enum", "id-mismatch", "progress-decrease"}
