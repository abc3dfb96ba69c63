"""Aggregates the public reads: dashboard figures and the department ranking.

Pure functions over typed rows (a suggestion's model and its derived facts), so the
formulas published on the site are the ones in this file and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Protocol

from minyi import lifecycle
from minyi.facts import SuggestionFacts
from minyi.kinds.department import Department
from minyi.kinds.suggestion import Suggestion

SATISFIED = ("满意", "基本满意")
RANKING_FORMULA = (
    "综合得分 = 50 × 按期答复率 + 40 × 满意率 + 10 × (1 − 重新办理率)。"
    "按期答复率 = 在办理时限内首次答复的件数 ÷（已答复件数 + 尚未答复且已逾期的件数）；"
    "满意率 = （满意 + 基本满意）÷ 已测评件数；重新办理率 = 曾被重新办理的件数 ÷ 承办件数。"
    "承办件数少于 {min_cases} 件的部门只列出数字，不参加排名。人大机关负责登记交办，不参加评议。"
)


class Row(Protocol):
    """What the formulas read: a suggestion and its facts (site_gen.model.SuggestionRow)."""

    model: Suggestion
    facts: SuggestionFacts


@dataclass(frozen=True, slots=True)
class Figures:
    total: int
    this_year: int
    accepted: int  # not counting not accepted or merged
    closed: int
    solved: int
    answered: int  # answered with a deadline to judge by
    on_time: int
    late_or_overdue: int
    avg_days_to_close: float | None
    rated: int
    satisfied: int
    overdue: tuple  # rows past their deadline without an answer, nearest deadline first
    open: int


@dataclass(frozen=True, slots=True)
class DepartmentStats:
    id: str
    name: str
    assigned: int
    closed_on_time: int
    closed_late: int
    open: int
    overdue: int
    avg_days: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None
    reopened: int
    score: float | None
    rows: tuple  # the suggestions it leads, by id


def dashboard(rows: Sequence[Row], as_of: dt.date) -> Figures:
    """Headline figures. Closure and real solving are reported apart: closed is not solved."""
    accepted = [r for r in rows if r.model.status not in lifecycle.NOT_HANDLED]
    closed = [r for r in accepted if r.model.status == "closed"]
    answered = [r for r in rows if r.facts.answered_on and r.facts.deadline]
    overdue = [r for r in rows if r.facts.overdue]
    rated = [r for r in rows if r.model.satisfaction]
    return Figures(
        total=len(rows),
        this_year=sum(1 for r in rows if r.facts.received and r.facts.received.year == as_of.year),
        accepted=len(accepted),
        closed=len(closed),
        solved=sum(1 for r in closed if r.model.outcome == "solved"),
        answered=len(answered),
        on_time=sum(1 for r in answered if r.facts.on_time),
        late_or_overdue=sum(1 for r in answered if not r.facts.on_time) + len(overdue),
        avg_days_to_close=round(mean(r.facts.days_open for r in closed), 1) if closed else None,
        rated=len(rated),
        satisfied=sum(1 for r in rated if r.model.satisfaction in SATISFIED),
        overdue=tuple(sorted(overdue, key=lambda r: r.facts.deadline)),
        open=sum(1 for r in rows if r.model.status not in lifecycle.FINISHED),
    )


def count_by(rows: Iterable[Row], key: Callable[[Row], str]) -> list[tuple[str, int]]:
    """Counts per key, largest first, ties by key: the order every chart shows."""
    c = Counter(key(r) for r in rows)
    return sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))


def department_figures(dep: Department, mine: Sequence[Row]) -> DepartmentStats:
    """One department's handling figures and score from the suggestions it leads."""
    answered = [r for r in mine if r.facts.answered_on and r.facts.deadline]
    overdue = [r for r in mine if r.facts.overdue]
    closed = [r for r in mine if r.model.status == "closed"]
    rated = [r for r in mine if r.model.satisfaction]
    reopened = sum(1 for r in mine if r.facts.reopened)
    days = [
        (r.facts.answered_on - r.facts.assigned_on).days for r in mine if r.facts.answered_on and r.facts.assigned_on
    ]
    on_time = sum(1 for r in answered if r.facts.on_time)
    judged = len(answered) + len(overdue)
    on_time_rate = on_time / judged if judged else None
    sat_rate = sum(1 for r in rated if r.model.satisfaction in SATISFIED) / len(rated) if rated else None
    reopen_rate = reopened / len(mine) if mine else 0
    score = None
    if on_time_rate is not None:
        score = round(50 * on_time_rate + 40 * (sat_rate if sat_rate is not None else 0) + 10 * (1 - reopen_rate), 1)
    return DepartmentStats(
        id=dep.id,
        name=dep.short_name or dep.name,
        assigned=len(mine),
        closed_on_time=sum(1 for r in closed if r.facts.on_time),
        closed_late=sum(1 for r in closed if r.facts.on_time is False),
        open=sum(1 for r in mine if r.model.status not in lifecycle.FINISHED),
        overdue=len(overdue),
        avg_days=round(mean(days), 1) if days else None,
        on_time_rate=on_time_rate,
        satisfaction_rate=sat_rate,
        reopened=reopened,
        score=score,
        rows=tuple(mine),
    )


def department_stats(departments: Iterable[Department], by_lead: Mapping[str, Sequence[Row]]) -> list[DepartmentStats]:
    """Figures for every ranked department (the office registers and assigns; it is not judged), by id."""
    return [
        department_figures(dep, by_lead.get(dep.id, ()))
        for dep in sorted(departments, key=lambda d: d.id)
        if dep.ranked
    ]


def ranking(stats: Sequence[DepartmentStats], min_cases: int) -> tuple[list[DepartmentStats], list[DepartmentStats]]:
    """(ranked by score, the rest): departments with too few cases are listed, not ranked."""
    ranked = [s for s in stats if s.assigned >= min_cases and s.score is not None]
    ranked.sort(key=lambda s: (-s.score, s.id))
    chosen = {s.id for s in ranked}
    return ranked, [s for s in stats if s.id not in chosen]
