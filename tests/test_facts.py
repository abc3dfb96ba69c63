"""The derived facts published on every suggestion and project page, against hand-computed values.

These are the formulas residents read ("已逾期 12 天", "按期答复"): each case below is a
small timeline worked out on paper, not a value copied from the code's own output.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minyi.facts import project_facts, suggestion_facts
from minyi.kinds.project import Project
from minyi.kinds.suggestion import Suggestion
from minyi.model import from_data

D = dt.date.fromisoformat
OFFICE = "DEP-001"


def suggestion(*steps, deadline=None, lead="DEP-002", **extra) -> Suggestion:
    """A suggestion whose timeline is (date, status) pairs, received on the first date."""
    data = {
        "id": "S-2026-0001",
        "title": "路灯不亮",
        "summary": "后街路灯坏了很久",
        "category": "城市建设",
        "channel": "走访",
        "received": steps[0][0],
        "place": {"street": "梨园街道"},
        "deputies": ["D-0001"],
        "status": steps[-1][1],
        "timeline": [{"date": d, "status": s, "by": "DEP-001", "note": "n"} for d, s in steps],
        **extra,
    }
    if deadline:
        data["deadline"] = deadline
        data["departments"] = {"lead": lead}
    return from_data(Suggestion, data)


RECEIVED, REGISTERED, ASSIGNED = ("2026-03-01", "received"), ("2026-03-02", "registered"), ("2026-03-05", "assigned")


def test_open_and_not_yet_due():
    s = suggestion(RECEIVED, REGISTERED, ASSIGNED, deadline="2026-04-04")
    f = suggestion_facts(s, D("2026-03-31"), OFFICE)
    assert (f.days_open, f.days_to_deadline, f.overdue, f.on_time) == (30, 4, False, None)
    assert f.holder == "DEP-002" and f.stage == "交办清单" and f.label == "已交办"


def test_overdue_counts_days_past_the_deadline():
    s = suggestion(RECEIVED, REGISTERED, ASSIGNED, ("2026-03-10", "in_progress"), deadline="2026-04-04")
    f = suggestion_facts(s, D("2026-04-16"), OFFICE)
    assert f.overdue is True and f.days_to_deadline == -12 and f.days_open == 46


def test_deadline_day_itself_is_not_overdue():
    s = suggestion(RECEIVED, REGISTERED, ASSIGNED, deadline="2026-04-04")
    assert suggestion_facts(s, D("2026-04-04"), OFFICE).overdue is False
    assert suggestion_facts(s, D("2026-04-05"), OFFICE).overdue is True


def test_answer_on_the_deadline_is_on_time_and_stops_the_clock():
    s = suggestion(RECEIVED, REGISTERED, ASSIGNED, ("2026-04-04", "answered"), deadline="2026-04-04")
    f = suggestion_facts(s, D("2026-06-01"), OFFICE)
    assert f.on_time is True and f.overdue is False and f.days_to_deadline is None
    assert f.holder == OFFICE  # answered: the office calls the resident back


def test_late_answer_is_not_on_time_even_after_a_later_reopening():
    s = suggestion(
        RECEIVED,
        REGISTERED,
        ASSIGNED,
        ("2026-04-10", "answered"),
        ("2026-04-20", "closed"),
        ("2026-05-01", "reopened"),
        deadline="2026-04-04",
    )
    f = suggestion_facts(s, D("2026-05-03"), OFFICE)
    assert f.on_time is False and f.answered_on == D("2026-04-10") and f.reopened == 1
    assert f.closed_on is None and f.finished_on is None and f.days_open == 63


ANSWERED_LATE, CLOSED, REOPENED = ("2026-04-10", "answered"), ("2026-04-20", "closed"), ("2026-05-01", "reopened")


def test_reopened_without_a_new_answer_is_overdue_past_its_deadline():
    s = suggestion(RECEIVED, REGISTERED, ASSIGNED, ANSWERED_LATE, CLOSED, REOPENED, deadline="2026-04-04")
    f = suggestion_facts(s, D("2026-11-22"), OFFICE)
    # deadline 04-04, today 11-22: 26 (rest of April) + 31 + 30 + 31 + 31 + 30 + 31 + 22 = 232 days past
    assert f.overdue is True and f.days_to_deadline == -232 and f.holder == "DEP-002"


def test_reassigned_after_reopening_runs_to_its_new_deadline():
    s = suggestion(
        RECEIVED,
        REGISTERED,
        ASSIGNED,
        ANSWERED_LATE,
        CLOSED,
        REOPENED,
        ("2026-05-02", "assigned"),
        deadline="2026-06-01",
    )
    assert suggestion_facts(s, D("2026-06-01"), OFFICE).overdue is False
    f = suggestion_facts(s, D("2026-06-03"), OFFICE)
    assert f.overdue is True and f.days_to_deadline == -2
    assert f.answered_on == D("2026-04-10")  # the first answer is still the one the on-time rate judges


def test_an_answer_after_reopening_stops_the_clock_again():
    s = suggestion(
        RECEIVED,
        REGISTERED,
        ASSIGNED,
        ANSWERED_LATE,
        CLOSED,
        REOPENED,
        ("2026-05-20", "in_progress"),
        ("2026-05-25", "answered"),
        ("2026-05-30", "in_progress"),
        deadline="2026-04-04",
    )
    f = suggestion_facts(s, D("2026-11-22"), OFFICE)
    assert f.overdue is False and f.days_to_deadline is None


def test_the_reopened_demo_suggestions_are_overdue_today():
    from conftest import REPO, TODAY

    from minyi.validate import validate

    ledger, _ = validate(REPO, D(TODAY))
    reopened = [r.model for r in ledger.of("suggestion") if r.model.status == "reopened"]
    assert len(reopened) == 3
    for s in reopened:
        f = suggestion_facts(s, D(TODAY), OFFICE)
        assert f.overdue and f.days_to_deadline == (s.deadline - D(TODAY)).days < 0, s.id


def test_closed_counts_days_to_the_closing_date():
    s = suggestion(
        RECEIVED, REGISTERED, ASSIGNED, ("2026-03-20", "answered"), ("2026-03-25", "closed"), deadline="2026-04-04"
    )
    f = suggestion_facts(s, D("2026-11-22"), OFFICE)
    assert (f.days_open, f.closed_on, f.holder, f.stage) == (24, D("2026-03-25"), None, "办结清单")


def test_received_is_held_by_the_deputy_who_carried_it():
    f = suggestion_facts(suggestion(RECEIVED), D("2026-03-03"), OFFICE)
    assert f.holder == "D-0001" and f.days_open == 2 and f.deadline is None and f.stage == "问题清单"


@pytest.mark.parametrize("status", ["not_accepted", "merged"])
def test_finished_without_handling_stops_the_clock(status):
    extra = {"not_accepted_reason": "不属于受理范围"} if status == "not_accepted" else {"merged_into": "S-2026-0002"}
    s = suggestion(RECEIVED, ("2026-03-04", status), **extra)
    f = suggestion_facts(s, D("2026-11-22"), OFFICE)
    assert f.finished_on == D("2026-03-04") and f.days_open == 3 and f.holder is None


def project(status, progress=None, *steps) -> Project:
    data = {
        "id": "P-2026-01",
        "title": "老旧小区加装电梯",
        "year": 2026,
        "theme": "便民舒心",
        "summary": "加装 8 部电梯",
        "status": status,
        "lead_department": "DEP-002",
        "timeline": [{"date": d, "status": s, "by": "DEP-001", "note": "n"} for d, s in steps],
    }
    if progress is not None:
        data["progress"] = progress
    return from_data(Project, data)


def test_project_days_since_vote_and_holder():
    p = project(
        "in_progress",
        40,
        ("2026-01-05", "proposed"),
        ("2026-01-10", "shortlisted"),
        ("2026-01-20", "selected"),
        ("2026-03-01", "in_progress"),
    )
    f = project_facts(p, D("2026-03-21"))
    assert (f.progress, f.days_since_vote, f.holder, f.selected_on) == (40, 60, "DEP-002", D("2026-01-20"))


def test_completed_project_without_progress_field_counts_as_done():
    p = project("completed", None, ("2026-01-05", "proposed"), ("2026-01-20", "selected"), ("2026-06-30", "completed"))
    f = project_facts(p, D("2026-07-01"))
    assert f.progress == 100 and f.completed_on == D("2026-06-30") and f.holder is None


def test_candidate_project_has_no_vote_facts():
    f = project_facts(project("proposed", None, ("2026-01-05", "proposed")), D("2026-02-01"))
    assert (f.progress, f.days_since_vote, f.holder, f.label) == (0, None, None, "征集")
