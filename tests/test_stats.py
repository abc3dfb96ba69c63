"""Every formula the site publishes, against values worked out by hand.

The dashboard's rates, the department ranking (its score, the satisfaction term left out
when nobody rated, the tie rule, one decimal rounded half up), projects that slip, and
when an event counts as recorded late. Each case is a handful of records small enough
to check on paper; the expected numbers are written here, not copied from the code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from minyi import stats
from minyi.facts import SuggestionFacts, suggestion_facts
from minyi.kinds.department import Department
from minyi.kinds.project import Project
from minyi.kinds.suggestion import Suggestion
from minyi.model import from_data
from minyi.recording import recording
from minyi.slippage import slippage

D = dt.date.fromisoformat
TODAY = D("2026-06-30")
OFFICE = "DEP-001"


@dataclass(frozen=True)
class Row:
    model: Suggestion
    facts: SuggestionFacts


def row(n: int, *steps, deadline=None, lead="DEP-002", **extra) -> Row:
    """Suggestion number n whose timeline is (date, status) pairs."""
    data = {
        "id": f"S-2026-{n:04d}",
        "title": "路灯不亮",
        "summary": "后街路灯坏了",
        "category": "城市建设",
        "channel": "走访",
        "received": steps[0][0],
        "place": {"street": "梨园街道"},
        "deputies": ["D-0001"],
        "status": steps[-1][1],
        "timeline": [{"date": d, "status": s, "by": OFFICE, "note": "n"} for d, s in steps],
        **extra,
    }
    if deadline:
        data.update(deadline=deadline, departments={"lead": lead})
    s = from_data(Suggestion, data)
    return Row(s, suggestion_facts(s, TODAY, OFFICE))


HANDLED = (("2026-03-01", "received"), ("2026-03-02", "registered"), ("2026-03-03", "assigned"))
ON_TIME = ("2026-03-20", "answered")  # deadline 2026-04-02 below
LATE = ("2026-04-10", "answered")
CLOSED = ("2026-04-20", "closed")


def closed_on_time(n, satisfaction, outcome="solved", lead="DEP-002"):
    return row(
        n, *HANDLED, ON_TIME, CLOSED, deadline="2026-04-02", lead=lead, outcome=outcome, satisfaction=satisfaction
    )


def sample() -> list[Row]:
    """Six suggestions: A closed on time (solved, 满意), B closed late (explained, 不满意), C answered
    on time, D overdue without an answer, E not accepted, F just received."""
    return [
        closed_on_time(1, "满意"),
        row(2, *HANDLED, LATE, CLOSED, deadline="2026-04-02", outcome="explained", satisfaction="不满意"),
        row(3, *HANDLED, ON_TIME, deadline="2026-04-02"),
        row(4, *HANDLED, deadline="2026-04-02"),
        row(5, ("2026-03-01", "received"), ("2026-03-02", "not_accepted"), not_accepted_reason="不属于受理范围"),
        row(6, ("2026-06-01", "received")),
    ]


def test_dashboard_rates_name_their_numerator_and_denominator():
    f = stats.dashboard(sample(), TODAY)
    rates = {r.name: (r.part, r.whole) for r in f.rates}
    # accepted: all but the one not accepted (5); closed: A, B; solved: A.
    # judged on time: answered with a deadline (A, B, C) plus overdue unanswered (D) = 4; on time: A, C.
    assert rates == {
        "办结率": (2, 5),
        "已办结中已解决的比例": (1, 2),
        "全部受理中已解决的比例": (1, 5),
        "按期答复率": (2, 4),
        "满意率": (1, 2),
    }
    assert len({r.name for r in f.rates}) == len(f.rates), "no rate shares a name with another"
    assert all(r.part_words and r.whole_words for r in f.rates)


def test_a_rate_without_a_denominator_has_no_value():
    f = stats.dashboard([row(6, ("2026-06-01", "received"))], TODAY)
    assert {r.name: r.value for r in f.rates}["已办结中已解决的比例"] is None


def test_one_decimal_is_rounded_half_up_as_by_hand():
    from site_gen.render import pct, rate

    assert stats.tenth(82.25) == 82.3  # round() would give 82.2 (half to even on the binary value)
    assert stats.tenth(81.666666) == 81.7 and stats.tenth(0.05) == 0.1
    assert pct(1, 8) == "12.5%" and pct(1, 3) == "33.3%" and pct(2, 3) == "66.7%" and pct(0, 0) == "—"
    assert rate(0.00125) == "0.1%"  # 0.125 % rounds up


def test_score_with_all_three_terms():
    # 50 × 0.8 + 40 × 0.5 + 10 × (1 − 0.1) = 40 + 20 + 9
    assert stats.score(0.8, 0.5, 0.1) == 69.0


def test_satisfaction_without_ratings_is_left_out_not_scored_zero():
    # (50 × 0.8 + 10 × 0.9) ÷ 60 × 100 = 49 ÷ 60 × 100 = 81.666… → 81.7
    assert stats.score(0.8, None, 0.1) == 81.7
    assert stats.score(0.8, 0.0, 0.1) == 49.0  # a rated 0 % is a real zero
    assert stats.score(None, 0.9, 0.0) is None  # nothing to judge on time by: no score


def test_department_figures_by_hand():
    dep = Department(id="DEP-002", name="区住房和城乡建设局", kind="区级部门", short_name="区住建局")
    rows = sample()[:4] + [row(7, *HANDLED, ON_TIME, CLOSED, ("2026-05-01", "reopened"), deadline="2026-04-02")]
    s = stats.department_figures(dep, rows)
    # answered with a deadline: A, B, C, #7 (4) + overdue D = 5 judged; on time: A, C, #7 = 3 → 60 %
    # rated: A (满意), B (不满意) → 50 %; reopened: #7 of 5 → 20 %
    assert (s.on_time, s.judged, s.satisfied, s.rated, s.reopened, s.assigned) == (3, 5, 1, 2, 1, 5)
    assert (s.on_time_rate, s.satisfaction_rate) == (0.6, 0.5)
    assert s.score == 58.0  # 50 × 0.6 + 40 × 0.5 + 10 × 0.8 = 30 + 20 + 8
    # overdue now: D, and #7 (reopened 05-01, no answer since, deadline 04-02 long past; judged once above)
    assert (s.closed_on_time, s.closed_late, s.open, s.overdue) == (1, 1, 3, 2)
    # days from assignment (03-03) to first answer: 17 (A), 38 (B), 17 (C), 17 (#7) → 89 ÷ 4 = 22.25 → 22.3
    assert s.avg_days == 22.3
    assert [(r.name, r.part, r.whole) for r in s.rates] == [
        ("按期答复率", 3, 5),
        ("满意率", 1, 2),
        ("重新办理率", 1, 5),
    ]


WITHDRAWN_LATE = ("2026-04-25", "withdrawn")  # answered after the 04-02 deadline, then found to be a duplicate


def test_withdrawn_suggestions_are_left_out_of_every_rate():
    withdrawn = [
        row(8, ("2026-03-01", "received"), ("2026-03-02", "withdrawn"), withdrawn_reason="重复录入"),
        # assigned with a deadline that has passed, then withdrawn: neither overdue nor judged
        row(9, *HANDLED, ("2026-05-01", "withdrawn"), deadline="2026-04-02", withdrawn_reason="登记有误"),
        # answered late and rated 不满意, then withdrawn: neither late nor rated
        row(10, *HANDLED, LATE, WITHDRAWN_LATE, deadline="2026-04-02", satisfaction="不满意", withdrawn_reason="重复"),
    ]
    f = stats.dashboard(sample() + withdrawn, TODAY)
    rates = {r.name: (r.part, r.whole) for r in f.rates}
    # the same as the six of sample() alone: accepted 5, closed 2, solved 1, on time 2 of 4, satisfied 1 of 2
    assert rates == {
        "办结率": (2, 5),
        "已办结中已解决的比例": (1, 2),
        "全部受理中已解决的比例": (1, 5),
        "按期答复率": (2, 4),
        "满意率": (1, 2),
    }
    assert (f.total, f.open, len(f.overdue)) == (9, 3, 1)  # open: C, D and F; overdue: D only
    dep = Department(id="DEP-002", name="区住房和城乡建设局", kind="区级部门", short_name="区住建局")
    s = stats.department_figures(dep, sample()[:4] + withdrawn[1:])
    # A, B, C, D only: judged A, B, C + overdue D = 4, on time A, C; rated A, B; 4 handled
    assert (s.on_time, s.judged, s.satisfied, s.rated, s.assigned, s.overdue, s.open) == (2, 4, 1, 2, 4, 1, 2)
    assert len(s.rows) == 6, "withdrawn suggestions stay listed on the department's page"


def test_a_reopened_overdue_suggestion_is_judged_once_by_its_first_answer():
    reopened = row(11, *HANDLED, ON_TIME, CLOSED, ("2026-05-01", "reopened"), deadline="2026-04-02")
    f = stats.dashboard(sample() + [reopened], TODAY)
    # on time: A, C, #11 of judged A, B, C, #11 + D (never answered, overdue) = 3 of 5; #11 is overdue again
    assert {r.name: (r.part, r.whole) for r in f.rates}["按期答复率"] == (3, 5)
    assert [r.model.id for r in f.overdue] == ["S-2026-0004", "S-2026-0011"]
    assert f.late_or_overdue == 2  # B answered late, D overdue unanswered


def test_department_nobody_rated_is_reweighted():
    dep = Department(id="DEP-003", name="区交通运输局", kind="区级部门")
    rows = [row(1, *HANDLED, ON_TIME, deadline="2026-04-02"), row(2, *HANDLED, LATE, deadline="2026-04-02")]
    s = stats.department_figures(dep, rows)
    # on time 1 ÷ 2; no ratings; reopened 0 ÷ 2 → (50 × 0.5 + 10 × 1) ÷ 60 × 100 = 35 ÷ 60 × 100 = 58.3
    assert s.satisfaction_rate is None and s.rated == 0 and s.score == 58.3


def placed(id_, score, assigned=5):
    return stats.DepartmentStats(id_, id_, assigned, 0, 0, 0, 0, None, 0.5, None, 0, score, ())


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    deps = [placed("DEP-009", 85.0), placed("DEP-004", 90.0), placed("DEP-003", 85.0), placed("DEP-007", 70.0)]
    ranked, rest = stats.ranking(deps, min_cases=3)
    assert [(s.id, s.rank) for s in ranked] == [("DEP-004", 1), ("DEP-003", 2), ("DEP-009", 2), ("DEP-007", 4)]
    assert rest == []


def test_too_few_cases_or_no_score_is_listed_not_ranked():
    deps = [placed("DEP-002", 95.0, assigned=2), placed("DEP-003", None), placed("DEP-004", 60.0)]
    ranked, rest = stats.ranking(deps, min_cases=3)
    assert [(s.id, s.rank) for s in ranked] == [("DEP-004", 1)]
    assert [s.id for s in rest] == ["DEP-002", "DEP-003"] and all(s.rank is None for s in rest)


def test_the_published_formula_states_weights_exclusion_and_ties():
    text = "".join(stats.RANKING_FORMULA)
    assert "综合得分 = 50 × 按期答复率 + 40 × 满意率 + 10 × （1 − 重新办理率）" in text
    assert "÷ 60 × 100" in text and "不是按 0 分计" in text and "并列" in text and "一位小数" in text


def test_ranking_columns_use_the_formulas_terms():
    from site_gen.render import template

    head = template("parts/ranking.html").module.HEAD
    terms = [r.name for r in placed("DEP-001", 1.0).rates]
    assert terms == ["按期答复率", "满意率", "重新办理率"]
    assert all(t in head and t in stats.RANKING_FORMULA[0] for t in terms)


def project(status="in_progress", milestones=(), timeline=(("2026-01-10", "proposed"),)) -> Project:
    return from_data(
        Project,
        {
            "id": "P-2026-01",
            "title": "加装电梯",
            "year": 2026,
            "theme": "便民舒心",
            "summary": "加装电梯",
            "status": status,
            "milestones": [dict(zip(("title", "planned", "done"), ms)) for ms in milestones],
            "timeline": [{"date": d, "status": s, "by": OFFICE, "note": "n"} for d, s in timeline],
        },
    )


STEPS = (("2026-01-10", "proposed"), ("2026-01-20", "shortlisted"), ("2026-02-01", "selected"))


@pytest.mark.parametrize(
    ("planned", "done", "behind", "days_behind"),
    [("2026-06-29", None, True, 1), ("2026-06-30", None, False, None), ("2026-05-01", "2026-06-01", False, None)],
)
def test_a_project_is_behind_the_day_after_a_planned_milestone(planned, done, behind, days_behind):
    ms = ("开工", planned, done) if done else ("开工", planned)
    s = slippage(project(milestones=[ms], timeline=(*STEPS, ("2026-06-20", "in_progress"))), TODAY, 90)
    assert (s.behind, s.days_behind, s.stale) == (behind, days_behind, False)
    assert s.labels == (("滞后",) if behind else ())


def test_a_project_is_stale_after_more_than_the_set_days_without_an_event():
    steps = (*STEPS, ("2026-04-01", "in_progress"))  # 90 days before 2026-06-30
    assert slippage(project(timeline=steps), TODAY, 90).stale is False
    assert slippage(project(timeline=steps), TODAY, 89).stale is True
    assert slippage(project(timeline=steps), TODAY, 89).labels == ("长期未更新",)


def test_only_projects_being_carried_out_can_slip():
    late = [("开工", "2026-03-01")]
    done = (*STEPS, ("2026-03-01", "in_progress"), ("2026-05-01", "completed"))
    assert slippage(project("completed", late, done), TODAY, 30).labels == ()
    assert slippage(project("proposed", late, STEPS[:1]), TODAY, 30).labels == ()
    assert slippage(project("suspended", late, (*STEPS, ("2026-03-01", "suspended"))), TODAY, 30).labels == (
        "滞后",
        "长期未更新",
    )


def rec(recorded_on: str, lag: int, imported=False) -> dict:
    return {"commit": "a" * 40, "date": recorded_on, "lag_days": lag, "imported": imported, "commit_url": ""}


def test_recording_lag_beyond_seven_days_is_late_unless_imported():
    assert recording(rec("2026-03-10", 7)).late is False
    assert recording(rec("2026-03-10", 8)).late is True
    assert recording(rec("2026-03-10", 400, imported=True)).late is False
    assert recording(rec("2026-03-10", 400, imported=True)).imported is True


def test_recording_since_marks_earlier_commits_and_earlier_events_as_imports():
    since = D("2026-01-01")
    before = recording(rec("2025-12-31", 300), since)  # recorded before the ledger started
    old_event = recording(rec("2026-01-05", 10), since)  # event of 2025-12-26, before the start
    live = recording(rec("2026-01-20", 10), since)  # event of 2026-01-10, recorded 10 days later
    assert (before.imported, old_event.imported, live.imported) == (True, True, False)
    assert old_event.event_date == D("2025-12-26") and live.late is True
