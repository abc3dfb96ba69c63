"""履职档案 (duty records): each deputy's year counted from the ledger, on the deputy page and
in open data. The figures are checked against counts made here from the YAML files (by hand
for 蒋立新 D-0013, and by an independent count over every deputy), never with site_gen.duty."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter

import pytest
import yaml
from conftest import REPO, commit, edit, gate, problems_json
from published_site import published  # noqa: F401  (the session fixture)

D13 = "records/deputies/D-0013.yaml"

# 蒋立新 D-0013, counted by hand from the files that name D-0013:
#  2026: M-2026-02 (2026-11-06, present)
#  2025: IQ-2025-01 (2025-06-26, asks a question); 述职 2026-01-15 and 评议 基本满意 in D-0013.yaml
#  2024: receptions 2024-01-28 (12), 2024-05-07 (9), 2024-07-12 (23); S-2024-0019 (closed, solved);
#        M-2024-01 (present); P-2024-15, P-2024-19, P-2024-20 (supervisor); MO-2024-01 (lead D-0016)
#        and MO-2024-03 (lead D-0003) co-signed; 述职 2025-01-16 and 评议 满意
#  2021: M-2021-03 and M-2021-04 (present)
D13_ROWS = [
    "D-0013,2026,0,0,0,0,0,0,0,1,0,0,0,0,,,,",
    "D-0013,2025,0,0,0,0,0,0,0,0,0,0,0,1,2026-01-15,第9选区选民代表,2026-01-15,基本满意",
    "D-0013,2024,3,44,1,1,1,0,0,1,3,0,2,0,2025-01-16,第9选区选民代表,2025-01-16,满意",
    "D-0013,2021,0,0,0,0,0,0,0,2,0,0,0,0,,,,",
]
HEADER = (
    "deputy,year,receptions,residents,suggestions,closed,solved,open,overdue,meetings,projects,"
    "motions_led,motions_cosigned,inquiries,report_date,report_to,evaluation_date,evaluation_result"
)


def _csv(published):  # noqa: F811
    return (published.data / "duty_records.csv").read_text(encoding="utf-8-sig").splitlines()


def test_hand_counted_duty_record_of_one_deputy(published):  # noqa: F811
    lines = _csv(published)
    assert lines[0] == HEADER
    assert [line for line in lines if line.startswith("D-0013,")] == D13_ROWS


def _load(folder):
    for path in sorted((REPO / "records" / folder).rglob("*.yaml")):
        yield yaml.safe_load(path.read_text(encoding="utf-8"))


def _independent_counts() -> Counter:
    """(deputy, year, column) -> count, straight from the YAML files."""
    n: Counter = Counter()
    for s in _load("suggestions"):
        year = int(str(s["received"])[:4])
        for d in s.get("deputies") or ():
            n[d, year, "suggestions"] += 1
            n[d, year, "closed"] += s["status"] == "closed"
            n[d, year, "solved"] += s["status"] == "closed" and s.get("outcome") == "solved"
            n[d, year, "open"] += s["status"] not in ("closed", "not_accepted", "merged", "withdrawn")
    for m in _load("meetings"):
        for d in m["present"]:
            n[d, int(str(m["date"])[:4]), "meetings"] += 1
    for p in _load("projects"):
        for d in p.get("supervisors") or ():
            n[d, p["year"], "projects"] += 1
    for mo in _load("motions"):
        year = int(mo["id"][3:7])
        n[mo["lead_deputy"], year, "motions_led"] += 1
        for d in mo.get("cosigners") or ():
            n[d, year, "motions_cosigned"] += 1
    for q in _load("inquiries"):
        for d in {a["by"] for a in q.get("questions") or ()}:
            n[d, int(str(q["date"])[:4]), "inquiries"] += 1
    for dep in _load("deputies"):
        for r in dep.get("receptions") or ():
            n[dep["id"], int(str(r["date"])[:4]), "receptions"] += 1
            n[dep["id"], int(str(r["date"])[:4]), "residents"] += r["residents"]
    return +n


def test_every_deputy_year_matches_an_independent_count(published):  # noqa: F811
    rows = list(csv.DictReader(_csv(published)))
    counted = _independent_counts()
    published_counts = Counter(
        {
            (r["deputy"], int(r["year"]), col): int(r[col])
            for r in rows
            for col in ("suggestions", "closed", "solved", "open", "meetings", "projects")
            + ("motions_led", "motions_cosigned", "inquiries", "receptions", "residents")
            if int(r[col])
        }
    )
    assert published_counts == counted
    deputies = {d["id"] for d in _load("deputies")}
    assert {r["deputy"] for r in rows} <= deputies
    assert len(rows) == len({(r["deputy"], r["year"]) for r in rows})  # one row per deputy and year


def test_duty_records_in_sqlite_and_datapackage(published):  # noqa: F811
    lines = _csv(published)
    with sqlite3.connect(published.data / "minyi.sqlite") as db:
        got = db.execute(
            "select year, receptions, residents, meetings, projects, motions_cosigned, evaluation_result"
            " from duty_records where deputy = 'D-0013' order by year desc"
        ).fetchall()
        total = db.execute("select count(*) from duty_records").fetchone()[0]
    assert got == [(2026, 0, 0, 1, 0, 0, None), (2025, 0, 0, 0, 0, 0, "基本满意"), (2024, 3, 44, 1, 3, 2, "满意")] + [
        (2021, 0, 0, 2, 0, 0, None)
    ]
    assert total == len(lines) - 1
    package = json.loads((published.data / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "duty_records-csv"]
    assert resource["schema"]["primaryKey"] == ["deputy", "year"]


def test_deputy_page_shows_the_duty_table_by_year(published):  # noqa: F811
    page = (published.site / "deputies/D-0013/index.html").read_text(encoding="utf-8")
    assert "履职档案（4 个年度）" in page
    table = page[page.index('aria-label="履职档案：按年度统计') :]
    table = table[: table.index("</table>")]
    assert 'class="mi-table-wrap mi-stack"' in page[page.index("履职档案（4") :][:400]
    years = re.findall(r'data-label="年度">(\d{4}) 年<', table)
    assert years == ["2026", "2025", "2024", "2021"]
    assert '<td role="cell" data-label="进站接待">3 次，44 人次</td>' in table
    assert '<td role="cell" data-label="议案（领衔／联名）">0／2</td>' in table
    assert (
        '<td role="cell" data-label="评议">满意（第9选区选民代表，2025-01-16；到会选民代表 41 人，满意 35 票，基本满意 6 票。）</td>'
        in table
    )
    assert "2026-01-15 向第9选区选民代表述职：参加专题询问并就物业管理提问" in table


def test_gate_refuses_a_rewritten_evaluation(pr):
    """述职 and 评议 are recorded facts: rewriting one is refused, appending one is not."""
    edit(pr, D13, "    result: 基本满意", "    result: 满意")
    commit(pr, "Better result")
    proc = gate(pr)
    assert proc.returncode == 1
    text = (pr / D13).read_text(encoding="utf-8")
    line = len(text.splitlines()) - 1  # the second evaluation's result, above its note
    assert f"{D13}:{line}:" in proc.stdout, proc.stdout
    assert "error[fact-rewritten]" in proc.stdout


def test_gate_accepts_an_appended_evaluation(pr):
    path = pr / D13
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - date: '2026-11-20'\n    year: 2026\n    by: 第9选区选民代表\n    result: 满意\n",
        encoding="utf-8",
    )
    commit(pr, "Record the 2026 evaluation")
    proc = gate(pr)
    assert proc.returncode == 0, proc.stdout


# (old, new, line of the problem within `new` (0 = its first line), exact message)
@pytest.mark.parametrize(
    ("old", "new", "offset", "message"),
    [
        (
            "  - date: '2025-01-16'\n    year: 2024\n    by:",
            "  - date: '2025-01-16'\n    year: 2026\n    by:",
            1,
            "第 1 条评议的年度 2026 在评议日期 2025-01-16 之后 (duty entry for a year not begun)",
        ),
        (
            "  - date: '2026-01-15'\n    year: 2025\n    to:",
            "  - date: '2026-12-15'\n    year: 2025\n    to:",
            0,
            "第 2 条述职的日期 2026-12-15 在今天（2026-11-22）之后 (duty entry in the future)",
        ),
        (
            "  - date: '2026-01-15'\n    year: 2025\n    by:",
            "  - date: '2026-01-15'\n    year: 2024\n    by:",
            1,
            "第 2 条评议与第 1 条是同一年度 2024 (two duty entries for one year)",
        ),
    ],
)
def test_impossible_duty_entries_name_rule_line_and_words(ledger, old, new, offset, message):
    text = edit(ledger, D13, old, new).read_text(encoding="utf-8")
    code, problems = problems_json(ledger)
    assert code == 1
    (found,) = [p for p in problems if p["rule"] == "duty-entry"]
    assert found["message"] == message and found["path"].endswith("D-0013.yaml")
    assert found["line"] == text[: text.index(new)].count("\n") + 1 + offset
