"""历年对比: suggestions rewound to a past day from their own timelines (minyi.rewind), the
figures at each year end, and the page and open data that publish them.

Expectations are counted from the record files by hand-written rules, not by the code
under test; the last row (the build date) must equal the dashboard's figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
import yaml
from conftest import REPO, TODAY, minyi

from minyi.rewind import rewound
from minyi.validate import validate

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def demo():
    ledger, problems = validate(REPO, D(TODAY))
    assert problems == []
    return {r.model.id: r.model for r in ledger.of("suggestion")}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("years") / "site"
    minyi("build", "--out", str(out), "--as-of", TODAY, cwd=REPO, check=0)
    return out


def test_a_record_before_it_was_received_does_not_exist(demo):
    assert rewound("suggestion", demo["S-2024-0008"], D("2024-05-11")) is None


def test_rewinding_keeps_the_past_steps_and_clears_what_had_not_happened(demo):
    s = rewound("suggestion", demo["S-2024-0008"], D("2024-05-20"))
    assert (s.status, [e.status for e in s.timeline]) == ("assigned", ["received", "registered", "assigned"])
    assert s.deadline == D("2024-06-17") and s.departments.lead == "DEP-011"  # assigned once, before the day
    assert (s.answer, s.outcome, s.satisfaction) == (None, None, None)


def test_a_value_a_later_step_replaced_is_unknown_not_guessed(demo):
    # answered on 06-09, reopened, answered again on 06-28: the answer held now is the second one
    s = rewound("suggestion", demo["S-2024-0008"], D("2024-06-10"))
    assert s.status == "answered" and s.answer is None
    assert rewound("suggestion", demo["S-2024-0008"], D("2024-06-20")).status == "reopened"


def test_a_record_whose_last_event_is_before_the_day_is_unchanged(demo):
    record = demo["S-2024-0008"]
    assert rewound("suggestion", record, D("2024-07-06")) is record


def _rows(csv_text: str) -> list[dict]:
    return list(csv.DictReader(csv_text.lstrip("\ufeff").splitlines()))


def test_each_year_end_counts_what_was_received_by_then(site):
    received = [
        D(str(yaml.safe_load(p.read_text(encoding="utf-8"))["received"]))
        for p in (REPO / "records/suggestions").rglob("*.yaml")
    ]
    rows = _rows((site / "data/year_ends.csv").read_text(encoding="utf-8"))
    first = min(received).year
    assert [r["day"] for r in rows] == [f"{y}-12-31" for y in range(first, D(TODAY).year)] + [TODAY]
    for row in rows:
        assert int(row["received_total"]) == sum(1 for d in received if d <= D(row["day"]))
    since = D(str(yaml.safe_load((REPO / "records/ledger.yaml").read_text(encoding="utf-8"))["recording_since"]))
    assert [r["basis"] for r in rows] == ["回推" if D(r["day"]) < since else "实时" for r in rows[:-1]] + ["当前"]


def test_the_build_date_row_is_the_dashboard(site):
    today = json.loads((site / "data/year_ends.json").read_text(encoding="utf-8"))[-1]
    home = (site / "index.html").read_text(encoding="utf-8")
    closure = f"{100 * today['closed'] / today['accepted']:.1f}%"
    assert f'data-figure="办结率">{closure}<' in home
    on_time = f"{100 * today['on_time'] / today['judged']:.1f}%"
    assert f'data-figure="按期答复率">{on_time}<' in home
    assert f'data-figure="当前逾期">{today["overdue"]}<' in home


def test_the_page_is_in_the_nav_and_explains_the_rewound_years(site):
    page = (site / "years/index.html").read_text(encoding="utf-8")
    assert "回推" in page and "minyi build --as-of" in page and "2024-12-31" in page
    assert 'href="../data/year_ends.csv"' in page
    assert 'href="years/"' in (site / "index.html").read_text(encoding="utf-8")
